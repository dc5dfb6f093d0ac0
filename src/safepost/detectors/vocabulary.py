"""Curated vocabularies (``lexicons/*.yaml``) as detectors: one compiled matcher per family.

A lexicon family such as ``work`` holds labels (``profession``, ``employer`` …), each a list of
phrases and, where phrases cannot say it, a few regular expressions. Every hit records the
label and the phrase that matched, so a finding can say exactly which word list it came from.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from safepost.detectors.anchors import PatternAnchors, required_literals
from safepost.detectors.triematch import compile_terms, normalise_term
from safepost.errors import RulebookError, first_problem
from safepost.models import Hit
from safepost.rulebook.strict_yaml import load_strict
from safepost.text import PostText


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LexiconExamples(_Strict):
    match: list[str] = Field(default_factory=list)
    no_match: list[str] = Field(default_factory=list)


class LexiconLabel(_Strict):
    description: str
    score: Annotated[float, Field(ge=0.0, le=1.0)] = 0.8
    terms: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    patterns: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    # Labels of the same family whose hits silence this one where they cover it: "idiot" inside
    # "what an idiot I am" is not an insult, while the rest of the sentence is still read.
    quiet_inside: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]] = Field(default_factory=list)
    examples: LexiconExamples = Field(default_factory=LexiconExamples)


class Lexicon(_Strict):
    family: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    description: str
    labels: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")], LexiconLabel]


def load_lexicon(path: Path) -> Lexicon:
    """Read and validate one lexicon file; errors name the file and the field."""
    try:
        raw = load_strict(path.read_text(encoding="utf-8"))
        lexicon = Lexicon.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise RulebookError(f"{path.name}: cannot read lexicon: {exc}") from None
    except ValidationError as exc:
        where, why = first_problem(exc)
        raise RulebookError(f"{path.name}: {where}: {why}") from None
    if lexicon.family != path.stem:
        raise RulebookError(f"{path.name}: family is {lexicon.family!r} but the file is named {path.stem!r}")
    for name, label in lexicon.labels.items():
        for other in label.quiet_inside:
            if other not in lexicon.labels:
                raise RulebookError(f"{path.name}: labels.{name}.quiet_inside: no label {other!r} here")
        for pattern in label.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise RulebookError(f"{path.name}: labels.{name}.patterns: {pattern!r}: {exc}") from None
    return lexicon


def packaged_lexicon_paths() -> list[Path]:
    folder = resources.files("safepost.detectors") / "lexicons"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))


@dataclass(frozen=True, slots=True)
class _Entry:
    label: str
    score: float
    term: str


class VocabularyDetector:
    """All labels of one lexicon family, matched in a single pass (two for case-sensitive terms)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.name = lexicon.family
        self._exact: dict[str, list[_Entry]] = {}
        self._cased: dict[str, list[_Entry]] = {}
        self._wild: list[tuple[re.Pattern[str], _Entry]] = []
        self._cased_wild: list[tuple[re.Pattern[str], _Entry]] = []
        folded_terms: list[str] = []
        cased_terms: list[str] = []
        self._patterns: list[tuple[re.Pattern[str], bool, frozenset[str] | None, _Entry]] = []
        for name, label in lexicon.labels.items():
            full = f"{lexicon.family}:{name}"
            for term in label.terms:
                if term.startswith("="):
                    cased = term[1:]
                    cased_terms.append(cased)
                    entry = _Entry(full, label.score, term)
                    self._cased.setdefault(" ".join(cased.split()), []).append(entry)
                    cased_wild = compile_terms([cased], ignore_case=False) if "*" in cased else None
                    if cased_wild is not None:
                        self._cased_wild.append((cased_wild, entry))
                    continue
                folded_terms.append(term)
                entry = _Entry(full, label.score, term)
                wild = compile_terms([term]) if "*" in term else None
                if wild is not None:
                    self._wild.append((wild, entry))
                self._exact.setdefault(normalise_term(term), []).append(entry)
            for i, pattern in enumerate(label.patterns):
                entry = _Entry(full, label.score, f"{name} pattern {i + 1}")
                # Patterns written in lower case run on the lower-cased text (faster than IGNORECASE).
                on_lower = not re.search(r"[A-Z]", re.sub(r"\\.", "", pattern))
                compiled = re.compile(pattern) if on_lower else re.compile(pattern, re.IGNORECASE)
                self._patterns.append((compiled, on_lower, required_literals(pattern), entry))
        self._quiet_inside = {
            f"{lexicon.family}:{name}": frozenset(f"{lexicon.family}:{o}" for o in label.quiet_inside)
            for name, label in lexicon.labels.items()
            if label.quiet_inside
        }
        self._folded = compile_terms(folded_terms)
        self._cased_re = compile_terms(cased_terms, ignore_case=False)
        self._anchors = PatternAnchors([anchors for _, _, anchors, _ in self._patterns])

    def detect(self, post: PostText) -> list[Hit]:
        hits = list(self._matches(post))
        if not self._quiet_inside:
            return hits
        covers = {
            silenced: _Covers([h for h in hits if h.label in silencers])
            for silenced, silencers in self._quiet_inside.items()
        }
        return [hit for hit in hits if hit.label not in covers or not covers[hit.label].cover(hit)]

    def _matches(self, post: PostText) -> Iterator[Hit]:
        text = post.text
        if self._folded is not None:
            for m in self._folded.finditer(post.lower):
                for entry in self._lookup(m.group()):
                    yield Hit(
                        entry.label, m.start(), m.end(), text[m.start() : m.end()], entry.score, entry.term
                    )
        if self._cased_re is not None:
            for m in self._cased_re.finditer(text):
                for entry in self._lookup_cased(m.group()):
                    yield Hit(entry.label, m.start(), m.end(), m.group(), entry.score, entry.term)
        lower = post.lower
        for index in self._anchors.candidates(lower):
            compiled, on_lower, _, entry = self._patterns[index]
            for m in compiled.finditer(lower if on_lower else text):
                if m.start() < m.end():
                    yield Hit(
                        entry.label, m.start(), m.end(), text[m.start() : m.end()], entry.score, entry.term
                    )

    def _lookup_cased(self, matched: str) -> list[_Entry]:
        found = self._cased.get(" ".join(matched.split()))
        if found:
            return found
        return [entry for regex, entry in self._cased_wild if regex.fullmatch(matched)]

    def _lookup(self, matched: str) -> list[_Entry]:
        found = self._exact.get(normalise_term(matched))
        if found:
            return found
        return [entry for regex, entry in self._wild if regex.fullmatch(matched)]


class _Covers:
    """Spans of silencing hits, asked in O(log n) whether one of them covers a given hit."""

    def __init__(self, silencers: list[Hit]) -> None:
        spans = sorted((h.start, h.end) for h in silencers)
        self._starts = [start for start, _ in spans]
        self._furthest: list[int] = []  # the furthest end among spans starting at or before each
        for _, end in spans:
            self._furthest.append(max(end, self._furthest[-1]) if self._furthest else end)

    def cover(self, hit: Hit) -> bool:
        i = bisect.bisect_right(self._starts, hit.start) - 1
        return i >= 0 and self._furthest[i] >= hit.end


def vocabulary_detectors(extra_files: tuple[Path, ...] = ()) -> list[VocabularyDetector]:
    """The packaged families plus any organisation lexicons (same family name replaces ours)."""
    by_family: dict[str, Lexicon] = {}
    for path in (*packaged_lexicon_paths(), *extra_files):
        lexicon = load_lexicon(path)
        by_family[lexicon.family] = lexicon
    return [VocabularyDetector(lexicon) for lexicon in by_family.values()]
