"""Rules applied to detector hits: hits -> findings -> verdict.

A rule waits for hit labels (``trigger.any``), may need supporting hits in the same post or
sentence (``also``), and stays quiet when something lowers the risk (``unless``). Matching is
indexed by label so that the cost stays flat as the rulebook grows.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from safepost.models import Citation, Finding, Hit, Verdict
from safepost.rulebook.loader import Rulebook
from safepost.rulebook.schema import Rule, label_matches, split_label
from safepost.text import PostText


@dataclass(frozen=True, slots=True)
class _Pattern:
    label: str
    detector: str
    glob: bool
    minimum: float

    @classmethod
    def parse(cls, text: str) -> _Pattern:
        label, minimum = split_label(text)
        return cls(label, label.split(":", 1)[0], "*" in label, minimum)


class HitIndex:
    """Hits of one post grouped by label and by detector, for quick rule matching."""

    def __init__(self, post: PostText, hits: Sequence[Hit]) -> None:
        self.post = post
        self.by_label: dict[str, list[Hit]] = defaultdict(list)
        self.by_detector: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            if hit.waived is None:
                self.by_label[hit.label].append(hit)
                self.by_detector[hit.detector].append(hit)

    def matching(self, pattern: _Pattern) -> list[Hit]:
        if pattern.glob:
            candidates = [
                h for h in self.by_detector.get(pattern.detector, ()) if label_matches(pattern.label, h.label)
            ]
        else:
            candidates = self.by_label.get(pattern.label, [])
        if pattern.minimum:
            return [h for h in candidates if h.score >= pattern.minimum]
        return candidates

    def first_in_scope(self, patterns: Sequence[_Pattern], anchor: Hit | None) -> Hit | None:
        """A hit matching one of ``patterns``, in the anchor's sentence when an anchor is given."""
        sentence = None if anchor is None else self.post.sentence_index(anchor.start)
        for pattern in patterns:
            for hit in self.matching(pattern):
                if sentence is None or self.post.sentence_index(hit.start) == sentence:
                    return hit
        return None


class CompiledRule:
    """A rule with its label patterns parsed once."""

    def __init__(self, rule: Rule, citations: tuple[Citation, ...], model_in_use: bool) -> None:
        self.rule = rule
        self.confirm = (
            _Pattern.parse(f"model:{rule.category}>={rule.confirm}")
            if rule.confirm and model_in_use
            else None
        )
        self.citations = citations
        self.severity = Verdict.parse(rule.severity)
        self.primary = [_Pattern.parse(p) for p in rule.trigger.any]
        self.groups = [[_Pattern.parse(p) for p in group] for group in rule.trigger.also]
        self.unless = [_Pattern.parse(p) for p in rule.trigger.unless]
        self.per_sentence = rule.trigger.within == "sentence"
        self.detectors = frozenset(p.detector for p in self.primary)

    def apply(self, index: HitIndex) -> list[Finding]:
        if not any(d in index.by_detector for d in self.detectors):
            return []
        if self.confirm is not None and not index.matching(self.confirm):
            return []
        primaries: dict[tuple[int, int], Hit] = {}
        for pattern in self.primary:
            for hit in index.matching(pattern):
                known = primaries.get((hit.start, hit.end))
                if known is None or hit.score > known.score:  # e.g. your own number beats a guess
                    primaries[(hit.start, hit.end)] = hit
        findings: list[Finding] = []
        for hit in sorted(primaries.values(), key=lambda h: (h.start, -h.end)):
            anchor = hit if self.per_sentence else None
            if self.unless and index.first_in_scope(self.unless, anchor) is not None:
                continue
            support: list[Hit] = []
            for group in self.groups:
                found = index.first_in_scope(group, anchor)
                if found is None:
                    break
                support.append(found)
            else:
                if findings and hit.start < findings[-1].end:
                    findings[-1] = _widen(
                        findings[-1], hit, index.post
                    )  # overlapping: one finding covers both
                    continue
                findings.append(self._finding(hit, tuple(support)))
        return findings

    def _finding(self, hit: Hit, support: tuple[Hit, ...]) -> Finding:
        rule = self.rule
        return Finding(
            rule=rule.id,
            slug=rule.slug,
            title=rule.title,
            category=rule.category,
            severity=self.severity,
            start=hit.start,
            end=hit.end,
            text=hit.text,
            citations=self.citations,
            advice=rule.advice,
            explanation=_explain(rule.summary, hit, support),
            evidence=(hit, *support),
            fix=rule.placeholder if rule.fix == "redact" else None,
        )


def _widen(finding: Finding, hit: Hit, post: PostText) -> Finding:
    end = max(finding.end, hit.end)
    return dataclasses.replace(finding, end=end, text=post.text[finding.start : end])


def _explain(summary: str, hit: Hit, support: Sequence[Hit]) -> str:
    parts = [summary]
    source = hit.pattern or hit.label
    parts.append(f"found by {hit.label} ({source})")
    if hit.raised_by:
        parts.append("raised by: " + ", ".join(hit.raised_by))
    if hit.lowered_by:
        parts.append("lowered by: " + ", ".join(hit.lowered_by))
    if support:
        parts.append("with " + ", ".join(f"{s.label} “{s.text}”" for s in support))
    return "; ".join(parts)


class RuleEngine:
    """All selected rules, applied in id order; catch-all rules only where nothing specific fired.

    ``model_in_use`` says whether the learned layer runs; without it, rules' ``confirm`` gates are
    skipped so that word lists alone still decide.
    """

    def __init__(self, rulebook: Rulebook, model_in_use: bool = True) -> None:
        compiled = []
        for loaded in rulebook.rules:
            citations = tuple(Citation(c.document, c.clause) for c in loaded.rule.citations)
            compiled.append(CompiledRule(loaded.rule, citations, model_in_use))
        self.specific = [r for r in compiled if not r.rule.fallback]
        self.fallback = [r for r in compiled if r.rule.fallback]

    def apply(self, post: PostText, hits: Sequence[Hit]) -> list[Finding]:
        index = HitIndex(post, hits)
        findings: list[Finding] = []
        for rule in self.specific:
            findings.extend(rule.apply(index))
        fired = {f.category for f in findings}
        for rule in self.fallback:
            if rule.rule.category not in fired:
                findings.extend(rule.apply(index))
        findings.sort(key=lambda f: (-f.severity, f.start, f.rule))
        return findings
