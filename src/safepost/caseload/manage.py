"""Importing, merging, listing and clearing the caseload: the operations behind the CLI.

Every change holds the caseload lock, writes the store atomically and appends one line to the
import log. Names exist only in memory while a file is read and hashed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from safepost.caseload import store
from safepost.caseload.entries import hash_row
from safepost.caseload.keys import NameHasher
from safepost.caseload.normalise import fold
from safepost.caseload.sources import CaseloadRow
from safepost.caseload.store import StoredEntry
from safepost.errors import InputError, StoreError


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
    given = {row.ref for row in rows if row.ref}
    for row in rows:
        if row.ref:
            refs.append(row.ref)
            continue
        number += 1
        while f"entry-{number}" in taken or f"entry-{number}" in given:
            number += 1
        refs.append(f"entry-{number}")
    return refs


def _names_already_kept(rows: list[CaseloadRow], current: list[StoredEntry], names: NameHasher) -> None:
    """Refs and relations are stored as typed; the file's own names are refused when it is read,
    but a merge must also refuse a word that is a name already on the caseload ("kayleigh brother")."""
    kept = {h for e in current for form in e.forms for h in (*form.given, *form.surname)}
    if not kept:
        return
    for row in rows:
        for value in (row.ref, row.relation):
            for word in re.findall(r"[^\W\d_]+", value):
                folded = fold(word)
                if len(folded) >= 2 and names.digest("exact", folded).hex() in kept:
                    raise InputError(
                        "Nothing was imported: a ref or relation in the file contains a name that is "
                        "already on your caseload. Use words that do not identify anyone."
                    )


def _forms_key(entry: StoredEntry) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    return tuple((tuple(f.given), tuple(f.surname)) for f in entry.forms)


def _same_person_same_ref(
    rows: list[CaseloadRow], incoming: list[StoredEntry], current: list[StoredEntry]
) -> list[StoredEntry]:
    """A row without a ref whose names hash exactly like an entry already kept is that entry
    (an update), so merging the same ref-less file twice does not list everyone twice."""
    kept = {_forms_key(e): e.ref for e in current}
    return [
        entry.model_copy(update={"ref": kept[key]})
        if not row.ref and (key := _forms_key(entry)) in kept
        else entry
        for row, entry in zip(rows, incoming, strict=True)
    ]


def import_rows(rows: list[CaseloadRow], mode: Mode, home: Path | None = None) -> ImportSummary:
    with store.locked(home):
        names = store.hasher(home, create=True)
        current = _current(home, names)
        if mode is Mode.MERGE:
            _names_already_kept(rows, current, names)
        taken = {e.ref for e in current} if mode is Mode.MERGE else set()
        incoming = [hash_row(row, names, ref) for row, ref in zip(rows, _refs(rows, taken), strict=True)]
        if mode is Mode.MERGE:
            incoming = _same_person_same_ref(rows, incoming, current)
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
