"""Audit records as JSON Lines or CSV, one row per item, written as the audit goes.

JSONL rows are the records themselves (findings as ``safepost check --format json`` writes
them, plus a ``fingerprint`` each). CSV flattens the findings into a few readable columns for
a spreadsheet. Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) get a leading apostrophe, so opening an export that holds a
hostile post cannot run anything.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from safepost.audit.records import Record

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
        "findings": "; ".join(f"{f['category']} ({f['severity']}): “{f['text']}”" for f in findings),
        "citations": "; ".join(citations),
        "advice": " ".join(advice),
        "fingerprints": "; ".join(f["fingerprint"] for f in findings),
        "text": record["text"],
    }


class CsvWriter:
    """A record sink writing a header, then one CSV row per record."""

    def __init__(self, handle: TextIO) -> None:
        self.writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS, lineterminator="\r\n")
        self.writer.writeheader()

    def __call__(self, record: Record) -> None:
        self.writer.writerow({key: spreadsheet_safe(value) for key, value in csv_row(record).items()})
