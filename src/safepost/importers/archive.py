"""Read files of an export in place, from a zip or a folder, without trusting the archive.

Nothing is extracted: members are streamed straight out of the zip, so a hostile entry
name (``../``, an absolute path, a symlink) can never write anywhere; such entries are
skipped and reported. Zip-bomb limits are checked against the central directory before
anything is read; Python's zipfile never inflates a member past its declared size, so the
declared sizes are the real ceiling.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import IO

from safepost.errors import InputError
from safepost.importers.items import ArchiveLimits

# Below this size a high compression ratio is just repetitive text, not a bomb.
RATIO_FLOOR_BYTES = 1024 * 1024
RAISE_HINT = "If you trust this file, raise the limit with --max-size or --max-ratio on `safepost audit`."


def _safe_name(name: str) -> str | None:
    """The member name as a clean relative path, or None when it points outside the export."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = PurePosixPath(name).parts
    if any(part == ".." for part in parts):
        return None
    clean = "/".join(part for part in parts if part not in ("", "."))
    return clean or None


class Source:
    """The files of one export part (a zip or a folder), named by relative POSIX paths."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def names(self) -> list[str]:
        raise NotImplementedError

    def open(self, name: str) -> IO[bytes]:
        raise NotImplementedError

    def size(self, name: str) -> int:
        raise NotImplementedError

    def close(self) -> None:
        """Release the open zip handle, if any."""


class ZipSource(Source):
    """A zip read in place; unsafe entries are skipped, bombs and passwords refused up front."""

    def __init__(self, path: Path, limits: ArchiveLimits) -> None:
        super().__init__(path)
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
            raise InputError(
                f"{path.name} is not a readable zip file. It may be damaged or only partly "
                "downloaded: download the export again."
            ) from None
        except OSError as exc:
            raise InputError(f"Cannot open {path}: {exc.strerror}.") from None
        self._members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        skipped: list[str] = []
        for info in self._zip.infolist():
            if info.is_dir():
                continue
            name = _safe_name(info.filename)
            if name is None or stat.S_ISLNK(info.external_attr >> 16):
                skipped.append(info.filename)
                continue
            if info.flag_bits & 0x1:
                self._zip.close()
                raise InputError(
                    f"{path.name} is protected by a password. safepost cannot read it: download the "
                    "export again without a password, or unzip it yourself and give the folder instead."
                )
            self._check_limits(info, limits)
            total += info.file_size
            if total > limits.max_total_bytes:
                self._zip.close()
                raise InputError(
                    f"{path.name} would expand to more than {_mb(limits.max_total_bytes)}, which looks "
                    f"like a zip bomb, so it was not read. {RAISE_HINT}"
                )
            self._members[name] = info
        packed = max(path.stat().st_size, 1)
        if total > RATIO_FLOOR_BYTES and total / packed > limits.max_ratio:
            # Many small members, each under the per-member floor, can still add up to a bomb.
            self._zip.close()
            raise InputError(
                f"{path.name} expands {total / packed:,.0f} times its size (limit {limits.max_ratio:,.0f}), "
                f"which looks like a zip bomb, so it was not read. {RAISE_HINT}"
            )
        if skipped:
            shown = ", ".join(repr(s) for s in skipped[:3]) + (" …" if len(skipped) > 3 else "")
            self.problems.append(
                f"{path.name}: skipped {len(skipped)} entr{'y' if len(skipped) == 1 else 'ies'} that point "
                f"outside the export or are links ({shown}); nothing was written."
            )

    def _check_limits(self, info: zipfile.ZipInfo, limits: ArchiveLimits) -> None:
        if info.file_size > limits.max_entry_bytes:
            self._zip.close()
            raise InputError(
                f"{self.path.name}: {info.filename} would expand to {_mb(info.file_size)}, more than the "
                f"limit of {_mb(limits.max_entry_bytes)} for one file, so the zip was not read. {RAISE_HINT}"
            )
        if info.file_size > RATIO_FLOOR_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                self._zip.close()
                raise InputError(
                    f"{self.path.name}: {info.filename} expands {ratio:,.0f} times its packed size (limit "
                    f"{limits.max_ratio:,.0f}), which looks like a zip bomb, so the zip was not read. "
                    f"{RAISE_HINT}"
                )

    def names(self) -> list[str]:
        return list(self._members)

    def open(self, name: str) -> IO[bytes]:
        try:
            return self._zip.open(self._members[name])
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError):
            raise InputError(
                f"{self.path.name}: {name} is packed in a way safepost cannot unpack, or is damaged."
            ) from None

    def size(self, name: str) -> int:
        return self._members[name].file_size

    def close(self) -> None:
        self._zip.close()


class FolderSource(Source):
    """An extracted export; symlinks are not followed so nothing outside the folder is read."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._sizes: dict[str, int] = {}
        links = 0
        for folder, dirs, files in os.walk(path, followlinks=False):
            base = Path(folder)
            kept = [d for d in dirs if not (base / d).is_symlink()]
            links += len(dirs) - len(kept)
            dirs[:] = sorted(kept)
            for file in sorted(files):
                full = base / file
                info = full.lstat()
                if not stat.S_ISREG(info.st_mode):
                    links += 1
                    continue
                self._sizes[full.relative_to(path).as_posix()] = info.st_size
        if links:
            self.problems.append(
                f"{path.name}: skipped {links} link(s) or special file(s); they were not followed."
            )

    def names(self) -> list[str]:
        return list(self._sizes)

    def open(self, name: str) -> IO[bytes]:
        try:
            return (self.path / name).open("rb")
        except OSError as exc:
            raise InputError(f"Cannot read {self.path / name}: {exc.strerror}.") from None

    def size(self, name: str) -> int:
        return self._sizes[name]


class FileSource(Source):
    """A single file given on its own (a CSV, JSONL or CAR file)."""

    def names(self) -> list[str]:
        return [self.path.name]

    def open(self, name: str) -> IO[bytes]:
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise InputError(f"Cannot read {self.path}: {exc.strerror}.") from None

    def size(self, name: str) -> int:
        return self.path.stat().st_size


class Bundle:
    """Several sources read as one export (a Facebook export split over zips).

    Each source has a root: the folder inside it that holds the platform's files (an export
    re-zipped inside a folder of its own still reads). Names are relative to that root.
    """

    def __init__(self, parts: Iterable[tuple[Source, str]]) -> None:
        self.sources: list[Source] = []
        self._where: dict[str, tuple[Source, str]] = {}
        for source, root in parts:
            self.sources.append(source)
            for name in source.names():
                if name.startswith(root):
                    self._where.setdefault(name[len(root) :], (source, name))

    @property
    def problems(self) -> list[str]:
        return [problem for source in self.sources for problem in source.problems]

    def names(self) -> list[str]:
        return list(self._where)

    def has(self, name: str) -> bool:
        return name in self._where

    def open(self, name: str) -> IO[bytes]:
        source, full = self._where[name]
        return source.open(full)

    def size(self, name: str) -> int:
        source, full = self._where[name]
        return source.size(full)

    def close(self) -> None:
        for source in self.sources:
            source.close()


def open_source(path: Path, limits: ArchiveLimits) -> Source:
    """A zip, a folder or a single file, checked for the problems a person can fix."""
    if not path.exists():
        raise InputError(f"{path} does not exist.")
    if path.is_dir():
        return FolderSource(path)
    if zipfile.is_zipfile(path):
        return ZipSource(path, limits)
    if path.suffix.lower() == ".zip":
        raise InputError(
            f"{path.name} is not a readable zip file. It may be damaged or only partly downloaded: "
            "download the export again."
        )
    return FileSource(path)


def _mb(size: int) -> str:
    return f"{size / 1024**2:,.0f} MB"
