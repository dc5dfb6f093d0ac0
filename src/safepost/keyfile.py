"""Per-installation secret keys, kept in the data folder readable only by the user.

The caseload's name hashes and the incident record's encryption both need a key that never
leaves this machine. Each key is its own file under ``SAFEPOST_HOME/keys`` (folder 0700,
file 0600), created once with the operating system's random source and never rewritten:
losing it makes the data it protects unreadable, so it is created atomically and
a damaged key file is reported, not silently replaced.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from safepost.errors import StoreError
from safepost.home import data_home, private_file

KEY_BYTES = 32
_NAME = re.compile(r"^[a-z][a-z0-9-]{1,40}$")


def key_path(name: str, home: Path | None = None) -> Path:
    if not _NAME.match(name):
        raise ValueError(f"invalid key name {name!r}")
    return (home or data_home()) / "keys" / f"{name}.key"


def load_or_create_key(name: str, home: Path | None = None) -> bytes:
    """The key called ``name``, created on first use."""
    path = key_path(name, home)
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        return _read(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StoreError(f"Cannot read the key file {path}: {exc.strerror}.") from None
    key = secrets.token_bytes(KEY_BYTES)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # fails if another process created the key first: use theirs
        except FileExistsError:
            return _read(path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the key file {path}: {exc.strerror}.") from None
    return key


def _read(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise StoreError(
            f"The key file {path} is damaged ({len(key)} bytes, expected {KEY_BYTES}). "
            "Restore it from a backup; without it the data it protects cannot be read."
        )
    return key


def install_key(name: str, key: bytes, home: Path | None = None) -> None:
    """Make ``key`` the key called ``name`` (bringing data and its key over from another computer)."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"a key is {KEY_BYTES} bytes, not {len(key)}")
    path = key_path(name, home)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot save the key {path}: {exc.strerror}.") from None
    with private_file(path) as handle:
        handle.write(key)
