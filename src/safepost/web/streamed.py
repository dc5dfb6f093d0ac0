"""Large uploads (export zips) streamed straight to disk, in chunks, under random names.

The request body is parsed as it arrives (python-multipart's streaming parser), so memory stays
small whatever the size. Files go to ``SAFEPOST_HOME/uploads/`` (folder 0700, files 0600) under
random names; the name the person's computer gave the file is kept only in memory, for display.
The CSRF token must arrive before the first file (forms put it first), so a forged form is
refused before a single byte is written. On any problem every file written so far is deleted.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from fastapi import HTTPException, Request
from python_multipart import MultipartParser
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import parse_options_header

from safepost.web.uploads import shown_name, size_words

UPLOADS = "uploads"
MAX_FIELD = 4096
MAX_FILES = 20
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Saved:
    """One uploaded file on disk: its random path, the name it had, and its size."""

    path: Path
    shown_name: str
    size: int


@dataclass
class Received:
    files: list[Saved] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    def discard(self) -> None:
        for saved in self.files:
            saved.path.unlink(missing_ok=True)
        self.files.clear()


def uploads_dir(home: Path) -> Path:
    folder = home / UPLOADS
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


class _Stream:
    """Callbacks for the streaming parser: fields kept in memory, files written to disk."""

    def __init__(
        self,
        folder: Path,
        limit: int,
        suffixes: tuple[str, ...],
        before_file: Callable[[dict[str, str]], None],
    ) -> None:
        self.folder = folder
        self.limit = limit
        self.suffixes = suffixes
        self.before_file = before_file
        self.received = Received()
        self.total = 0
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._filename: str | None = None
        self._value = bytearray()
        self._fd: int | None = None
        self._path: Path | None = None
        self._size = 0
        self._head = b""

    # header callbacks
    def on_part_begin(self) -> None:
        self._headers = {}
        self._name, self._filename, self._value = "", None, bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        self._filename = None if filename is None else filename.decode("utf-8", "replace")
        if self._filename:  # an empty filename is a file input left empty: skip it
            self._open_file()

    def _open_file(self) -> None:
        assert self._filename is not None
        self.before_file(self.received.fields)
        if len(self.received.files) >= MAX_FILES:
            raise HTTPException(400, f"Upload at most {MAX_FILES} files at a time.")
        suffix = PurePath(self._filename).suffix.lower()
        if suffix not in self.suffixes:
            kinds = ", ".join(s.lstrip(".").upper() for s in self.suffixes)
            raise HTTPException(
                400, f"{shown_name(self._filename)} is not an export file. Choose files ending in {kinds}."
            )
        self._path = self.folder / f"{secrets.token_hex(16)}{suffix}"
        self._fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._size, self._head = 0, b""

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._fd is None:
            if self._filename is None:
                self._value += chunk
                if len(self._value) > MAX_FIELD:
                    raise HTTPException(400, "A form field was too long.")
            return
        self.total += len(chunk)
        if self.total > self.limit:
            raise HTTPException(
                413, f"That is more than safepost accepts at once (the limit is {size_words(self.limit)})."
            )
        if len(self._head) < 4:
            self._head += chunk[: 4 - len(self._head)]
        self._size += len(chunk)
        view = memoryview(chunk)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    def on_part_end(self) -> None:
        if self._fd is None:
            if self._filename is None and self._name:
                self.received.fields[self._name] = self._value.decode("utf-8", "replace")
            return
        os.close(self._fd)
        self._fd = None
        assert self._path is not None and self._filename is not None
        saved = Saved(self._path, shown_name(self._filename), self._size)
        self.received.files.append(saved)
        if not self._size:
            raise HTTPException(400, f"{saved.shown_name} is empty.")
        if self._path.suffix == ".zip" and self._head not in ZIP_MAGIC:
            raise HTTPException(
                400,
                f"{saved.shown_name} is not a zip file. It may be damaged or only partly downloaded: "
                "download the export again.",
            )

    def abort(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            if self._path is not None:
                self._path.unlink(missing_ok=True)
        self.received.discard()


async def receive_files(
    request: Request,
    home: Path,
    limit: int,
    suffixes: Iterable[str],
    before_file: Callable[[dict[str, str]], None] = lambda fields: None,
) -> Received:
    """Stream a multipart body's files to ``home/uploads``; ``before_file`` may refuse (e.g. a bad token)."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise HTTPException(
            415, "Send the files as a multipart form (for example curl -F files=@export.zip)."
        )
    stream = _Stream(uploads_dir(home), limit, tuple(suffixes), before_file)
    callbacks = {
        name: getattr(stream, name)
        for name in (
            "on_part_begin",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_headers_finished",
            "on_part_data",
            "on_part_end",
        )
    }
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError:
        stream.abort()
        raise HTTPException(400, "The upload could not be read. Try again.") from None
    except BaseException:
        stream.abort()
        raise
    if stream._fd is not None:  # the body ended part-way through a file
        stream.abort()
        raise HTTPException(400, "The upload was cut off before it finished. Try again.")
    return stream.received
