"""Reading a caseload list a person exported or typed: CSV with a header row, or JSON.

Columns: ``name`` (required), ``aliases`` (several separated by ``;``), ``relation`` and ``ref``.
Other columns (dates of birth, addresses...) are ignored and never stored. Every problem is
reported with its row number and without echoing names, and nothing is imported until the
whole file reads cleanly, so a half-imported caseload cannot happen.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from safepost.caseload.normalise import fold, split_name
from safepost.errors import InputError

COLUMNS: Final = ("name", "aliases", "relation", "ref")
_REF: Final = re.compile(r"^[\w./#:-][\w ./#:-]{0,59}$")
_RELATION: Final = re.compile(r"^[a-z][a-z' -]{0,39}$")
_MAX_SHOWN: Final = 5


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One person from the file, before hashing; lives only in memory during an import."""

    name: str
    aliases: tuple[str, ...]
    relation: str
    ref: str


def read_caseload(path: Path) -> list[CaseloadRow]:
    """Rows from a CSV or JSON file; an :class:`InputError` names every bad row (up to five)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot open {path}: {exc.strerror}.") from None
    return parse_caseload(data, path)


def parse_caseload(data: bytes, path: Path | str) -> list[CaseloadRow]:
    """Rows from the bytes of a CSV or JSON file (an upload, say); messages call it ``path``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not valid UTF-8 text (a stray byte at position {exc.start}). "
            "Save it as 'CSV UTF-8' and try again."
        ) from None
    if not text.strip():
        raise InputError(f"{path} is empty: there is no caseload in it.")
    records = _json_records(path, text) if text.lstrip()[:1] in "[{" else _csv_records(path, text)
    return _rows(path, records)


def _csv_records(path: Path | str, text: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
        if "name" not in header:
            raise InputError(
                f"{path} has no 'name' column. The first row must be a header such as: "
                "name,aliases,relation,ref"
            )
        records = []
        for line_no, values in enumerate(reader, 2):
            if not any(v.strip() for v in values):
                continue
            records.append((line_no, {h: v for h, v in zip(header, values, strict=False) if h in COLUMNS}))
    except csv.Error as exc:
        raise InputError(f"{path} is not a readable CSV file ({exc}).") from None
    return records


def _json_records(path: Path | str, text: str) -> list[tuple[int, dict[str, str]]]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not valid JSON ({exc.msg} at line {exc.lineno}).") from None
    if isinstance(data, dict):
        data = data.get("entries", data.get("caseload"))
    if not isinstance(data, list):
        raise InputError(f'{path}: expected a list of people, each like {{"name": "...", "ref": "..."}}.')
    records = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise InputError(f"{path}: item {number} is not an object with a name.")
        aliases = item.get("aliases", "")
        if isinstance(aliases, list):
            aliases = ";".join(str(a) for a in aliases)
        record = {k: str(v) for k, v in item.items() if k in COLUMNS and k != "aliases" and v is not None}
        records.append((number, {**record, "aliases": str(aliases)}))
    return records


def _rows(path: Path | str, records: list[tuple[int, dict[str, str]]]) -> list[CaseloadRow]:
    rows: list[CaseloadRow] = []
    problems: list[str] = []
    seen_refs: set[str] = set()
    parsed = [
        (
            number,
            CaseloadRow(
                name=record.get("name", "").strip(),
                aliases=tuple(a.strip() for a in record.get("aliases", "").split(";") if a.strip()),
                relation=" ".join(record.get("relation", "").lower().split()),
                ref=record.get("ref", "").strip(),
            ),
        )
        for number, record in records
    ]
    # Refs and relations are stored as typed, so none may hold a name from anywhere in the file.
    names = {p.joined for _, row in parsed for n in (row.name, *row.aliases) for p in split_name(n)}
    for number, row in parsed:
        problem = _problem(row, seen_refs, names)
        if problem:
            problems.append(f"row {number}: {problem}")
        else:
            rows.append(row)
            seen_refs.add(row.ref)
    if problems:
        shown = "; ".join(problems[:_MAX_SHOWN])
        more = f" (and {len(problems) - _MAX_SHOWN} more)" if len(problems) > _MAX_SHOWN else ""
        raise InputError(f"{path}: nothing was imported. Fix these rows and try again: {shown}{more}.")
    if not rows:
        raise InputError(f"{path} has a header but no people in it.")
    return rows


def _holds_name(value: str, names: set[str]) -> bool:
    """A whole word of ``value`` is a name, or (for run-together refs like "ksmith1") contains one."""
    words = {fold(w) for w in re.findall(r"[^\W\d_]+", value)}
    squashed = fold(value)
    return bool(words & names) or any(len(n) >= 4 and n in squashed for n in names)


def _problem(row: CaseloadRow, seen_refs: set[str], names: set[str]) -> str | None:
    """What is wrong with a row, in words that never repeat the name."""
    if not row.name:
        return "the name is empty"
    if len(split_name(row.name)) < 2:
        return "the name needs a first name and a surname (initials and titles do not count)"
    if any(not split_name(alias) for alias in row.aliases):
        return "an alias has no usable name in it"
    if row.ref and not _REF.match(row.ref):
        return "the ref may only use letters, digits, spaces and . / # : - (up to 60 characters)"
    if row.ref and row.ref in seen_refs:
        return "the same ref is used twice in this file"
    if row.relation and not _RELATION.match(row.relation):
        return "the relation should be a word or two, such as child, parent, carer or sibling"
    for field, value in (("ref", row.ref), ("relation", row.relation)):
        if value and _holds_name(value, names):
            return f"the {field} contains a name from the caseload; use words that do not identify anyone"
    return None
