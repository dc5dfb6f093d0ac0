"""Reading a finished web audit back: its summary, and its flagged items filtered and paged.

Items are streamed from ``records.jsonl`` on every request (never all held in memory), so a
report of a hundred thousand flagged posts filters in the time it takes to read the file once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safepost.audit.baseline import Reason
from safepost.audit.records import Record
from safepost.errors import StoreError
from safepost.web.audit_jobs import RECORDS, SUMMARY

PAGE_SIZE = 50
SHOW = ("open", "marked", "all")


@dataclass(frozen=True)
class Filters:
    """What the report shows; every field is checked against the values the audit really has."""

    verdict: str = ""
    category: str = ""
    platform: str = ""
    year: str = ""
    show: str = "open"
    page: int = 1

    def query(self, **change: Any) -> str:
        values = {**self.__dict__, **change}
        defaults = Filters().__dict__
        return "&".join(f"{k}={values[k]}" for k in defaults if values[k] != defaults[k])


@dataclass
class Page:
    items: list[tuple[int, Record]] = field(default_factory=list)  # (position in the report, record)
    matched: int = 0

    def pages(self) -> int:
        return max(1, -(-self.matched // PAGE_SIZE))


def read_summary(folder: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"The results of this audit cannot be read ({exc}). Delete it and run it again."
        ) from None
    return data


def records(folder: Path) -> Iterator[Record]:
    try:
        with (folder / RECORDS).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"The results of this audit cannot be read ({exc}). Delete it and run it again."
        ) from None


def clean_filters(summary: dict[str, Any], raw: dict[str, str | None]) -> Filters:
    """Keep only filter values this audit has; anything else is dropped, never echoed."""

    def pick(name: str, allowed: set[str]) -> str:
        value = raw.get(name) or ""
        return value if value in allowed else ""

    page = raw.get("page") or "1"
    return Filters(
        verdict=pick("verdict", {"stop", "caution"}),
        category=pick("category", set(summary.get("categories", {}))),
        platform=pick("platform", set(summary.get("platforms", {}))),
        year=pick("year", set(summary.get("years", {}))),
        show=(raw.get("show") or "open") if raw.get("show") in SHOW else "open",
        page=int(page) if page.isdigit() and 0 < int(page) < 1_000_000 else 1,
    )


def year_of(record: Record) -> str:
    when = record.get("when") or ""
    return when[:4] if when[:4].isdigit() else "undated"


def is_marked(record: Record, marks: dict[str, tuple[Reason, dt.datetime]]) -> bool:
    return all(f.get("fingerprint") in marks for f in record["findings"])


def matches(record: Record, filters: Filters, marks: dict[str, tuple[Reason, dt.datetime]]) -> bool:
    if filters.verdict and record["verdict"] != filters.verdict:
        return False
    if filters.category and filters.category not in record["categories"]:
        return False
    if filters.platform and record["platform"] != filters.platform:
        return False
    if filters.year and year_of(record) != filters.year:
        return False
    if filters.show == "all":
        return True
    return is_marked(record, marks) == (filters.show == "marked")


def select(
    folder: Path, filters: Filters, marks: dict[str, tuple[Reason, dt.datetime]], page_size: int = PAGE_SIZE
) -> Page:
    """The page of items the filters ask for, and how many matched in all."""
    page = Page()
    first = (filters.page - 1) * page_size
    for position, record in enumerate(records(folder), 1):
        if not matches(record, filters, marks):
            continue
        if first <= page.matched < first + page_size:
            page.items.append((position, record))
        page.matched += 1
    return page


def matching(
    folder: Path, filters: Filters, marks: dict[str, tuple[Reason, dt.datetime]]
) -> Iterator[Record]:
    """Every item the filters ask for, all pages (for the CSV download)."""
    return (r for r in records(folder) if matches(r, filters, marks))
