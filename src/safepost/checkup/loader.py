"""Load the packaged check-up checklists and check every citation names a real clause.

Checklists are data (``checkup/data/*.yaml``) so that the advice can be reviewed and extended
without touching code; errors name the file and field, like the rulebook's.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from safepost.checkup.schema import Checklist, CheckupItemSpec
from safepost.errors import RulebookError, first_problem
from safepost.rulebook.loader import Rulebook, load_rulebook
from safepost.rulebook.strict_yaml import load_strict

__all__ = ["Checklist", "CheckupItemSpec", "load_checklists"]


def _data_dir() -> Path:
    return Path(str(resources.files("safepost.checkup") / "data"))


def _load_file(path: Path) -> Checklist:
    try:
        raw = load_strict(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RulebookError(f"{path}: cannot be read as YAML: {exc}") from None
    try:
        return Checklist.model_validate(raw)
    except ValidationError as exc:
        where, why = first_problem(exc, "(file)")
        raise RulebookError(f"{path}: {where}: {why}") from None


def check_citations(checklists: list[Checklist], book: Rulebook) -> None:
    """Every item must cite a clause the rulebook knows, or its advice has no source."""
    seen: set[str] = set()
    for checklist in checklists:
        for item in checklist.items:
            if item.id in seen:
                raise RulebookError(f"check-up item {item.id}: the id is used twice")
            seen.add(item.id)
            for citation in item.citations:
                doc = book.documents.get(citation.document)
                if doc is None or citation.clause not in doc.clauses:
                    raise RulebookError(
                        f"check-up item {item.id}: cites {citation.document} {citation.clause!r}, "
                        "which is not a clause of a known policy"
                    )


@cache
def load_checklists(folder: Path | None = None) -> tuple[Checklist, ...]:
    """All checklists in display order, validated against the built-in rulebook."""
    checklists = [_load_file(p) for p in sorted((folder or _data_dir()).glob("*.yaml"))]
    check_citations(checklists, load_rulebook())
    return tuple(sorted(checklists, key=lambda c: (c.order, c.name)))
