"""Open CSV files whatever their encoding: UTF-8 (with or without BOM), UTF-16, or Windows-1252.

Spreadsheets save CSV in all of these; a person should not have to know which one they have.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import IO

SAMPLE_BYTES = 1024 * 1024
# The csv module refuses cells over 128 KB by default; one long post can be far bigger.
csv.field_size_limit(2**31 - 1)


def sniff_encoding(head: bytes) -> str:
    """BOMs decide; otherwise UTF-8 if the sample is valid UTF-8, else Windows-1252 (latin-1's superset)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] != 0:
        return "utf-16-le"
    if len(head) >= 4 and head[0] == 0 and head[2] == 0 and head[1] != 0:
        return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


class _HeadThenRest(io.RawIOBase):
    """The sampled head followed by the rest of the stream, so sniffing costs no second read."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer)
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def open_text(raw: IO[bytes]) -> IO[str]:
    """A text stream over ``raw``; undecodable bytes later in the file become U+FFFD, never an error."""
    head = raw.read(SAMPLE_BYTES)
    encoding = sniff_encoding(head)
    stream = io.BufferedReader(_HeadThenRest(head, raw), buffer_size=256 * 1024)
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")


def iter_rows(text: IO[str], *, escapechar: str | None = None) -> Iterator[dict[str, str]]:
    """Rows keyed by header names stripped of spaces; cells may span lines."""
    reader = csv.reader(text, escapechar=escapechar)
    header: list[str] | None = None
    for row in reader:
        if header is None:
            if not any(cell.strip() for cell in row):
                continue
            header = [cell.strip().lstrip("\ufeff") for cell in row]
            continue
        yield {key: (row[i] if i < len(row) else "") for i, key in enumerate(header)}


def read_header(text: IO[str]) -> list[str] | None:
    """The first non-blank row, stripped: what the columns are called."""
    for row in csv.reader(text):
        if any(cell.strip() for cell in row):
            return [cell.strip().lstrip("\ufeff") for cell in row]
    return None
