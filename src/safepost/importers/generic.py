"""Any CSV, JSONL or JSON-array file with a text column, for platforms without a reader.

Column rules (case and spaces ignored), first match wins:
text: text, full_text, content, body, message, post, comment, caption, sharecommentary,
description — or the only column; date: date, created_at, createdat, timestamp, time,
published, datetime, when; id: id, url, link, permalink (a http(s) value is also the
permalink); kind: kind or type when its value is one of the report's kinds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from safepost.errors import InputError
from safepost.importers.archive import Bundle
from safepost.importers.base import BaseExport
from safepost.importers.csvtext import iter_rows, open_text, read_header
from safepost.importers.items import KINDS, Item
from safepost.importers.jsonstream import iter_items, reading
from safepost.importers.timestamps import from_text

TEXT_COLUMNS = (
    "text", "full_text", "content", "body", "message", "post",
    "comment", "caption", "sharecommentary", "description",
)  # fmt: skip
DATE_COLUMNS = ("date", "created_at", "createdat", "timestamp", "time", "published", "datetime", "when")
ID_COLUMNS = ("id", "url", "link", "permalink")
KIND_COLUMNS = ("kind", "type")


def _pick(keys: list[str], wanted: tuple[str, ...]) -> str | None:
    normal = {key.strip().lower().replace(" ", "_"): key for key in keys}
    return next((normal[w] for w in wanted if w in normal), None)


class GenericFile(BaseExport):
    """One CSV, JSONL or JSON file; the format comes from the file name's ending."""

    platform = "generic"

    def __init__(self, bundle: Bundle, name: str) -> None:
        self.file = name
        self.format = (
            "csv"
            if name.lower().endswith(".csv")
            else ("json" if name.lower().endswith(".json") else "jsonl")
        )
        super().__init__(bundle, self.format, f"{self.format.upper()} file {name}")
        self._no_text = 0  # records without a text field, for the note at the end
        if self.format == "csv":
            with bundle.open(name) as raw, open_text(raw) as text:
                header = read_header(text)
            if header is None:
                raise InputError(f"{name} is empty: there is nothing to check.")
            if _pick(header, TEXT_COLUMNS) is None and len(header) != 1:
                raise InputError(
                    f"{name} has no text column. Name the column that holds the posts 'text' (found: "
                    f"{', '.join(header[:10])})."
                )

    def items(self) -> Iterator[Item]:
        self._no_text = 0
        yield from self._items()
        if self._no_text:
            self.problems.append(
                f"{self.file}: {self._no_text:,} record(s) had no text field and were skipped (safepost "
                f"looks for one named {', '.join(TEXT_COLUMNS[:4])} or {TEXT_COLUMNS[4]}). If this is a "
                "platform's own export, give safepost the whole zip or folder instead."
            )

    def _items(self) -> Iterator[Item]:
        if self.format == "csv":
            with (
                reading(self.file, self.problems),
                self.bundle.open(self.file) as raw,
                open_text(raw) as text,
            ):
                for index, row in enumerate(iter_rows(text), 1):
                    yield from self._record(row, f"{self.file}#{index}")
        elif self.format == "json":
            index = 0
            for index, record in enumerate(iter_items(self.bundle, self.file, "item", self.problems), 1):
                yield from self._record(record, f"{self.file}#{index}")
            if index == 0 and not self.problems:
                self.problems.append(
                    f'{self.file} holds no list of posts (safepost expects [{{"text": …}}, …]).'
                )
        else:
            yield from self._jsonl()

    def _jsonl(self) -> Iterator[Item]:
        bad = 0
        with reading(self.file, self.problems), self.bundle.open(self.file) as raw, open_text(raw) as text:
            for number, line in enumerate(text, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    bad += 1
                    if bad <= 3:
                        self.problems.append(
                            f"{self.file} line {number:,} is not valid JSON and was skipped."
                        )
                    continue
                yield from self._record(record, f"{self.file}#{number}")
        if bad > 3:
            self.problems.append(f"{self.file}: {bad:,} lines in all were not valid JSON and were skipped.")

    def _record(self, record: Any, where: str) -> Iterator[Item]:
        if isinstance(record, str):
            record = {"text": record}
        if not isinstance(record, dict):
            return
        keys = list(record)
        text_key = _pick(keys, TEXT_COLUMNS) or (keys[0] if len(keys) == 1 else None)
        if text_key is None:
            self._no_text += 1
            return
        text = str(record.get(text_key) or "").strip()
        if not text:
            return
        date_key, id_key, kind_key = (
            _pick(keys, DATE_COLUMNS),
            _pick(keys, ID_COLUMNS),
            _pick(keys, KIND_COLUMNS),
        )
        identity = str(record.get(id_key) or "").strip() if id_key else ""
        kind = str(record.get(kind_key) or "").strip().lower() if kind_key else ""
        yield self.item(
            kind if kind in KINDS else "post",
            text,
            from_text(record.get(date_key)) if date_key else None,
            where,
            item_id=f"generic:{identity}" if identity else None,
            permalink=identity if identity.startswith(("https://", "http://")) else None,
        )
