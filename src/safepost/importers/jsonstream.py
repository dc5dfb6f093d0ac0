"""Read big JSON arrays one element at a time, and survive files that break half-way.

Exports hold arrays of hundreds of thousands of posts; ``ijson`` (the C yajl backend when
installed) hands them over one by one so memory stays flat. A truncated or garbled file
gives the elements before the break plus a problem naming the file and the byte where it
stopped, never an exception.
"""

from __future__ import annotations

import codecs
import csv
import json
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, Protocol

import ijson

from safepost.errors import InputError
from safepost.importers.archive import Bundle

CHUNK = 64 * 1024
_FLATTEN = bytes.maketrans(b"\n\r\t", b"   ")
SMALL_FILE_BYTES = 64 * 1024 * 1024  # profile and settings files are read whole up to this size


class _Reads(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class CountingReader:
    """A byte stream that remembers how far it got, and can skip X's ``window.YTD… =`` prefix.

    The prefix (or a byte-order mark, left by editors that re-save a file) is skipped on the
    first read, so a damaged member fails inside the caller's error handling.
    """

    def __init__(self, raw: IO[bytes], *, skip_to: bytes | None = None) -> None:
        self._raw: _Reads = raw
        self._skip_to = skip_to
        self._started = False
        self.position = 0
        self.last_chunk = b""  # kept to find where a parse error is
        self._pending = b""

    def _start(self) -> None:
        self._started = True
        if self._skip_to is None:
            head = self._raw.read(len(codecs.BOM_UTF8))
            if head == codecs.BOM_UTF8:
                self.position = len(head)
            elif head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                # Saved as UTF-16 (Windows' PowerShell does by default): read on as UTF-8.
                self._raw = _Utf16AsUtf8(head, self._raw)
            else:
                self._pending = head
            return
        while chunk := self._raw.read(CHUNK):
            found = chunk.find(self._skip_to)
            if found >= 0:
                self.position += found
                self._pending = chunk[found:]
                return
            self.position += len(chunk)

    def read(self, size: int = -1) -> bytes:
        if not self._started:
            self._start()
        if self._pending:
            data, self._pending = self._pending, b""
            if 0 <= size < len(data):
                data, self._pending = data[:size], data[size:]
        else:
            data = self._raw.read(size)
        self.position += len(data)
        self.last_chunk = data
        return data

    def error_offset(self, message: str) -> int:
        """Where yajl stopped: it quotes the text around the error with a caret under it."""
        lines = message.splitlines()
        if len(lines) >= 3 and "^" in lines[2]:
            context = lines[1].lstrip()
            column = lines[2].index("^") - (len(lines[1]) - len(context))
            flat = self.last_chunk.translate(_FLATTEN)
            found = flat.find(context.encode("utf-8", "replace"))
            if found >= 0 and column >= 0:
                return self.position - len(self.last_chunk) + found + column
        return self.position


class _Utf16AsUtf8:
    """A UTF-16 byte stream (``head`` holds its first bytes, the BOM among them) as UTF-8 bytes."""

    def __init__(self, head: bytes, raw: _Reads) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
        self._raw = raw
        self._head = head
        self._done = False

    def read(self, size: int = -1) -> bytes:
        out = b""
        while size != 0 and not out and not self._done:
            chunk, self._head = self._head + self._raw.read(CHUNK if size < 0 else max(size, 2)), b""
            self._done = not chunk
            out = self._decoder.decode(chunk, final=self._done).encode("utf-8", "surrogatepass")
        return out


@contextmanager
def reading(name: str, problems: list[str]) -> Iterator[None]:
    """Turn a member that cannot be read (damaged, unsupported packing, bad CSV) into a problem."""
    try:
        yield
    except InputError as exc:
        problems.append(f"{exc} It was skipped.")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        problems.append(f"{name} is damaged inside the zip and could not be read to the end.")
    except csv.Error:
        problems.append(f"{name} is not a well-formed CSV file; the rows before that were read.")


def peek(bundle: Bundle, name: str, size: int, problems: list[str]) -> bytes:
    """The first bytes of a member, to tell which variant of a file it is; b"" when unreadable."""
    with reading(name, problems), bundle.open(name) as stream:
        return stream.read(size)
    return b""


def iter_items(
    bundle: Bundle, name: str, prefix: str, problems: list[str], *, script: bool = False
) -> Iterator[Any]:
    """The elements under ``prefix`` (ijson syntax, e.g. ``item`` or ``comments_v2.item``)."""
    with reading(name, problems), bundle.open(name) as raw:
        reader = CountingReader(raw, skip_to=b"[" if script else None)
        try:
            yield from ijson.items(reader, prefix, use_float=True)
        except (ijson.JSONError, ValueError) as exc:
            problems.append(_broke(name, reader, exc))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            problems.append(
                f"{name} is damaged inside the zip and was read only up to byte {reader.position:,}; "
                "download the export again to get the rest."
            )


def load_small(bundle: Bundle, name: str, problems: list[str], *, script: bool = False) -> Any:
    """A small file (a profile, a manifest) parsed whole; None, with a problem, when unreadable."""
    size = bundle.size(name)
    if size > SMALL_FILE_BYTES:
        problems.append(f"{name} is unexpectedly large ({size:,} bytes) and was skipped.")
        return None
    data = b""
    with reading(name, problems), bundle.open(name) as raw:
        data = raw.read()
    if not data:
        return None
    if script:
        start = data.find(b"=")
        data = data[start + 1 :] if start >= 0 else data
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        offset = exc.pos + (start + 1 if script and start >= 0 else 0)
        problems.append(f"{name} is not valid JSON: it breaks at byte {offset:,}; it was skipped.")
    except UnicodeDecodeError as exc:
        problems.append(f"{name} is not valid UTF-8 text (byte {exc.start:,}); it was skipped.")
    except RecursionError:
        problems.append(f"{name} is nested too deeply to be an export's file; it was skipped.")
    return None


def _broke(name: str, reader: CountingReader, exc: Exception) -> str:
    message = str(exc)
    if "premature EOF" in message or not message:
        return (
            f"{name} ends too early (cut off at byte {reader.position:,}): the items before the break "
            "were read, the rest is missing. Download the export again to get everything."
        )
    return (
        f"{name} is not valid JSON near byte {reader.error_offset(message):,}; the items "
        "before that point were read, the rest was skipped."
    )
