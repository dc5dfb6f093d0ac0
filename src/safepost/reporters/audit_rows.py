"""Audit records as JSON Lines or CSV, one row per item, written as the audit goes.

JSONL rows are the records themselves (findings as ``safepost check --format json`` writes
them, plus a ``fingerprint`` each). CSV flattens the findings into a few readable columns for
a spreadsheet (a photo's findings say which photo, what in it and where; ``photos`` lists the
photo files checked and any notes). Cells that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) get a leading apostrophe, so
opening an export that holds a hostile post cannot run anything.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from safepost.audit.records import Record, where_in_photo

CSV_FIELDS = (
    "verdict",
    "when",
    "platform",
    "kind",
    "where",
    "permalink",
    "categories",
    "findings",
    "citations",
    "advice",
    "fingerprints",
    "text",
    "photos",
)


class JsonlWriter:
    """A record sink writing one JSON object per line."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle

    def __call__(self, record: Record) -> None:
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """The cell as text a spreadsheet shows rather than runs."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_row(record: Record) -> dict[str, str]:
    findings: list[dict[str, Any]] = record["findings"]
    citations = dict.fromkeys(c["label"] for f in findings for c in f["citations"])
    advice = dict.fromkeys(f["advice"] for f in findings)
    return {
        "verdict": record["verdict"],
        "when": record["when"] or "",
        "platform": record["platform"],
        "kind": record["kind"],
        "where": record["where"],
        "permalink": record["permalink"] or "",
        "categories": "; ".join(record["categories"]),
        "findings": "; ".join(_finding_cell(f) for f in findings),
        "citations": "; ".join(citations),
        "advice": " ".join(advice),
        "fingerprints": "; ".join(f["fingerprint"] for f in findings),
        "text": record["text"],
        "photos": "; ".join(_photo_cell(p) for p in record.get("photos") or []),
    }


def _finding_cell(finding: dict[str, Any]) -> str:
    cell = f"{finding['category']} ({finding['severity']}): “{finding['text']}”"
    photo = where_in_photo(finding)
    return f"{cell} [in the {photo}]" if photo else cell


def _photo_cell(photo: dict[str, Any]) -> str:
    """The photo's file, and what could not be checked in it."""
    notes = " ".join(photo.get("notes") or [])
    return f"{photo['file']} ({notes})" if notes else str(photo["file"])


class CsvWriter:
    """A record sink writing a header, then one CSV row per record."""

    def __init__(self, handle: TextIO) -> None:
        self.writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS, lineterminator="\r\n")
        self.writer.writeheader()

    def __call__(self, record: Record) -> None:
        self.writer.writerow({key: spreadsheet_safe(value) for key, value in csv_row(record).items()})
