"""Importing, merging, listing and clearing the caseload: the operations behind the CLI.

Every change holds the caseload lock, writes the store atomically and appends one line to the
import log. Names exist only in memory while a file is read and hashed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from safepost.caseload import store
from safepost.caseload.entries import hash_row
from safepost.caseload.keys import NameHasher
from safepost.caseload.sources import CaseloadRow
from safepost.caseload.store import StoredEntry
from safepost.errors import StoreError


class Mode(StrEnum):
    """``replace``: the file becomes the whole caseload. ``merge``: add to it, updating same refs."""

    REPLACE = "replace"
    MERGE = "merge"


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    total: int


@dataclass(frozen=True)
class Status:
    entries: int
    updated: str | None
    relations: dict[str, int] = field(default_factory=dict)
    refs: tuple[str, ...] = ()
    history: tuple[dict[str, Any], ...] = ()


def _current(home: Path | None, names: NameHasher) -> list[StoredEntry]:
    data = store.load(home)
    if data is None:
        return []
    store.check_key(data, names, home)
    return list(data.entries)


def combine(
    current: list[StoredEntry], incoming: list[StoredEntry], mode: Mode
) -> tuple[list[StoredEntry], int, int]:
    """The new list of entries, how many were added and how many updated (same ref)."""
    if mode is Mode.REPLACE:
        return incoming, len(incoming), 0
    by_ref = {e.ref: e for e in current}
    updated = sum(1 for e in incoming if e.ref in by_ref)
    by_ref.update({e.ref: e for e in incoming})
    return list(by_ref.values()), len(incoming) - updated, updated


def _refs(rows: list[CaseloadRow], taken: set[str]) -> list[str]:
    """The row's own ref, or the next free ``entry-N`` for rows without one."""
    refs: list[str] = []
    number = 0
    for row in rows:
        if row.ref:
            refs.append(row.ref)
            continue
        number += 1
        while f"entry-{number}" in taken or any(r.ref == f"entry-{number}" for r in rows):
            number += 1
        refs.append(f"entry-{number}")
    return refs


def import_rows(rows: list[CaseloadRow], mode: Mode, home: Path | None = None) -> ImportSummary:
    with store.locked(home):
        names = store.hasher(home, create=True)
        current = _current(home, names)
        taken = {e.ref for e in current} if mode is Mode.MERGE else set()
        incoming = [hash_row(row, names, ref) for row, ref in zip(rows, _refs(rows, taken), strict=True)]
        entries, added, updated = combine(current, incoming, mode)
        store.save(entries, names, home)
        store.log_event(f"import ({mode})", len(entries), home, added=added, updated=updated)
    return ImportSummary(added, updated, len(entries))


def status(home: Path | None = None) -> Status:
    data = store.load(home)
    history = tuple(store.read_log(home))
    if data is None:
        return Status(0, None, history=history)
    relations = Counter(e.relation or "not given" for e in data.entries)
    return Status(
        len(data.entries),
        data.updated,
        dict(sorted(relations.items())),
        tuple(e.ref for e in data.entries),
        history,
    )


def clear(home: Path | None = None) -> int:
    """Remove every entry; the key and the log stay (the log says it was cleared)."""
    with store.locked(home):
        data = store.load(home) if store.store_path(home).exists() and _readable(home) else None
        removed = len(data.entries) if data else 0
        store.remove(home)
        store.log_event("clear", 0, home, removed=removed)
    return removed


def _readable(home: Path | None) -> bool:
    """Clearing must work on a damaged store too: that is the advice for a damaged one."""
    try:
        store.load(home)
    except StoreError:
        return False
    return True
