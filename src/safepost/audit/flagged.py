"""Flagged items kept on disk, not in memory, so a large archive with many findings stays small.

Each record is appended to an unnamed private temporary file as one JSON line; memory holds
only its sort key and position. Reports read them back sorted by severity, then date.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from typing import IO

from safepost.audit.records import Record
from safepost.models import Verdict

# (most severe first, dated before undated, oldest first, arrival order), offset, length
_Entry = tuple[tuple[int, bool, str, int], int, int]


class FlaggedStore:
    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="safepost-audit-")  # noqa: SIM115 (see close)
        self._entries: list[_Entry] = []
        self._end = 0

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, record: Record) -> None:
        data = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")
        self._file.seek(self._end)
        self._file.write(data)
        when = record.get("when") or ""
        key = (-int(Verdict.parse(record["verdict"])), not when, when, len(self._entries))
        self._entries.append((key, self._end, len(data)))
        self._end += len(data)

    def sorted(self) -> Iterator[Record]:
        """Every record, most severe first, then by date (oldest first); undated last."""
        for _key, offset, length in sorted(self._entries):
            self._file.seek(offset)
            record: Record = json.loads(self._file.read(length).decode("utf-8", "surrogatepass"))
            yield record

    def close(self) -> None:
        self._file.close()
