"""Load the built-in rulebook and any organisation folders, and check it hangs together.

Every problem is reported as ``file: rule ID: field: what is wrong`` so that someone editing a
YAML file can fix it without reading Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from safepost.errors import RulebookError, UsageError
from safepost.rulebook.schema import PolicyDocument, Rule, RuleFile, split_label
from safepost.rulebook.strict_yaml import load_strict

DEFAULT_POLICIES: tuple[str, ...] = ("nsscb-2017", "gcc-2015", "chscb-2017", "cwmtaf-2014", "bury")


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    source: str


@dataclass
class Rulebook:
    """Policy documents and the rules that cite them."""

    documents: dict[str, PolicyDocument] = field(default_factory=dict)
    rules: list[LoadedRule] = field(default_factory=list)
    lexicon_files: list[Path] = field(default_factory=list)

    def rule(self, rule_id_or_slug: str) -> LoadedRule:
        key = rule_id_or_slug.strip()
        for loaded in self.rules:
            if key.upper() == loaded.rule.id or key.lower() == loaded.rule.slug:
                return loaded
        raise UsageError(
            f"There is no rule called {rule_id_or_slug!r}. `safepost rules list` shows them all."
        )

    def select(self, policies: Sequence[str] | None) -> Rulebook:
        """Only the rules that cite at least one of ``policies`` (all documents when None)."""
        if not policies:
            return self
        unknown = [p for p in policies if p not in self.documents]
        if unknown:
            known = ", ".join(sorted(self.documents))
            raise UsageError(f"Unknown policy {', '.join(unknown)!s}. Known policies: {known}.")
        wanted = set(policies)
        rules = [r for r in self.rules if any(c.document in wanted for c in r.rule.citations)]
        return Rulebook(dict(self.documents), rules, list(self.lexicon_files))

    def cite(self, document: str, clause: str) -> str:
        doc = self.documents.get(document)
        return f"{doc.short if doc else document} {clause}"


def _read_yaml(path: Path) -> Any:
    try:
        return load_strict(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise RulebookError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise RulebookError(f"{path}: not valid YAML: {exc}") from None
    except OSError as exc:
        raise RulebookError(f"{path}: cannot read: {exc.strerror}") from None


def _validate(model: type[BaseModel], raw: object, path: Path) -> BaseModel:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = list(first["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(raw, dict):
            index = loc[1]
            rules = raw.get("rules")
            if isinstance(index, int) and isinstance(rules, list) and index < len(rules):
                rule_id = rules[index].get("id", f"#{index + 1}") if isinstance(rules[index], dict) else index
                where = f"rule {rule_id}: "
                loc = loc[2:]
        elif isinstance(raw, dict) and "id" in raw:
            where = f"{'policy' if model is PolicyDocument else 'rule'} {raw['id']}: "
        field_path = ".".join(str(p) for p in loc) or "(file)"
        extra = f" (got {first['input']!r})" if first["type"] == "extra_forbidden" else ""
        raise RulebookError(f"{path}: {where}{field_path}: {first['msg']}{extra}") from None


def _classify(raw: object, path: Path) -> str:
    if not isinstance(raw, dict):
        raise RulebookError(
            f"{path}: expected a mapping (a rule, a list under 'rules', or a policy document)"
        )
    if "clauses" in raw:
        return "policy"
    if "rules" in raw:
        return "rules"
    if "family" in raw and "labels" in raw:
        return "lexicon"
    if "trigger" in raw or "id" in raw:
        return "rule"
    raise RulebookError(
        f"{path}: cannot tell what this file is: a rule needs 'id' and 'trigger', "
        "a rule list needs 'rules', a policy document needs 'clauses'"
    )


def _packaged_dir(name: str) -> Path:
    return Path(str(resources.files("safepost.rulebook") / name))


def _yaml_files(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file())


def load_rulebook(extra_dirs: Sequence[Path] = ()) -> Rulebook:
    """The five built-in policies and their rules, plus the organisation folders given."""
    book = Rulebook()
    sources: list[tuple[Path, str, Any]] = [
        (p, "policy", _read_yaml(p)) for p in _yaml_files(_packaged_dir("policies"))
    ]
    sources += [(p, "rules", _read_yaml(p)) for p in _yaml_files(_packaged_dir("rules"))]
    for folder in extra_dirs:
        if not folder.is_dir():
            raise UsageError(f"The rules folder {folder} does not exist or is not a folder.")
        for path in _yaml_files(folder):
            raw = _read_yaml(path)
            kind = _classify(raw, path)
            if kind == "lexicon":
                book.lexicon_files.append(path)
            else:
                sources.append((path, kind, raw))
    for path, kind, raw in sources:
        if kind == "policy":
            doc = _validate(PolicyDocument, raw, path)
            assert isinstance(doc, PolicyDocument)
            book.documents[doc.id] = doc
        elif kind == "rules":
            rule_file = _validate(RuleFile, raw, path)
            assert isinstance(rule_file, RuleFile)
            book.rules.extend(LoadedRule(rule, str(path)) for rule in rule_file.rules)
        else:
            rule = _validate(Rule, raw, path)
            assert isinstance(rule, Rule)
            book.rules.append(LoadedRule(rule, str(path)))
    _check_consistency(book)
    book.rules.sort(key=lambda r: r.rule.id)
    return book


def _check_consistency(book: Rulebook) -> None:
    seen_ids: dict[str, str] = {}
    seen_slugs: dict[str, str] = {}
    for loaded in book.rules:
        rule, src = loaded.rule, loaded.source
        if rule.id in seen_ids:
            raise RulebookError(f"{src}: rule {rule.id}: id already used in {seen_ids[rule.id]}")
        if rule.slug in seen_slugs:
            raise RulebookError(
                f"{src}: rule {rule.id}: slug {rule.slug!r} already used in {seen_slugs[rule.slug]}"
            )
        seen_ids[rule.id] = src
        seen_slugs[rule.slug] = src
        for i, citation in enumerate(rule.citations):
            doc = book.documents.get(citation.document)
            if doc is None:
                raise RulebookError(
                    f"{src}: rule {rule.id}: citations.{i}.document: unknown policy {citation.document!r}"
                )
            if citation.clause not in doc.clauses:
                raise RulebookError(
                    f"{src}: rule {rule.id}: citations.{i}.clause: "
                    f"{doc.short} has no clause {citation.clause!r}"
                )


def check_trigger_labels(book: Rulebook, detector_names: Iterable[str]) -> None:
    """Every label a rule waits for must come from a detector that exists, or the rule could never fire."""
    known = set(detector_names)
    for loaded in book.rules:
        trigger = loaded.rule.trigger
        patterns = [*trigger.any, *trigger.unless, *(p for group in trigger.also for p in group)]
        for pattern in patterns:
            detector = split_label(pattern)[0].split(":", 1)[0]
            if detector not in known:
                raise RulebookError(
                    f"{loaded.source}: rule {loaded.rule.id}: trigger: no detector called {detector!r} "
                    f"(known: {', '.join(sorted(known))})"
                )
