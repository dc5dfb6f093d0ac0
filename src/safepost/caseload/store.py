"""The caseload on disk: keyed hashes, references and relations — never a name.

Layout under ``SAFEPOST_HOME/caseload/`` (folder 0700, files 0600):

- ``caseload.json``: the entries, written atomically; it records the fingerprint of the key
  its hashes were made with, so a store and a key that do not belong together are reported
  instead of silently matching nothing;
- ``import-log.jsonl``: one line per change (when, what, how many), appended, never rewritten;
- ``.lock``: held while a command changes the caseload, so two commands cannot interleave.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from safepost.caseload.keys import SCHEME, NameHasher
from safepost.errors import StoreError
from safepost.home import data_home, read_json, write_private_json
from safepost.keyfile import key_path, load_or_create_key

KEY_NAME = "caseload"
STORE_FILE = "caseload.json"
LOG_FILE = "import-log.jsonl"
Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
Ref = Annotated[str, Field(min_length=1, max_length=60)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoredForm(_Strict):
    """One way of writing the person's name: hashes of its given-name and surname parts."""

    given: list[Hex] = Field(min_length=1)
    surname: list[Hex] = Field(min_length=1)


class StoredEntry(_Strict):
    ref: Ref
    relation: str = Field(max_length=40)
    forms: list[StoredForm] = Field(min_length=1)


class CaseloadFile(_Strict):
    scheme: str
    key_fingerprint: str
    updated: str
    entries: list[StoredEntry]


def caseload_dir(home: Path | None = None) -> Path:
    return (home or data_home()) / "caseload"


def store_path(home: Path | None = None) -> Path:
    return caseload_dir(home) / STORE_FILE


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _folder(home: Path | None) -> Path:
    folder = caseload_dir(home)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the caseload folder {folder}: {exc.strerror}.") from None
    return folder


@contextmanager
def locked(home: Path | None = None) -> Iterator[None]:
    """Hold the caseload lock; a second command gets a clear message instead of waiting forever."""
    path = _folder(home) / ".lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"Cannot open the caseload lock {path}: {exc.strerror}.") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                "Another safepost command is changing your caseload right now. "
                "Wait for it to finish, then try again."
            ) from None
        yield
    finally:
        os.close(fd)


def hasher(home: Path | None = None, create: bool = False) -> NameHasher:
    """The hasher with this installation's caseload key; without ``create``, a missing key is an error."""
    if not create and not key_path(KEY_NAME, home).exists():
        raise StoreError(
            f"The caseload's key file {key_path(KEY_NAME, home)} is missing, so the saved caseload "
            "cannot be read. Restore the key from a backup, or run `safepost caseload clear` "
            "and import again."
        )
    return NameHasher(load_or_create_key(KEY_NAME, home))


def load(home: Path | None = None) -> CaseloadFile | None:
    """The saved caseload, or None when none was imported. Damage is a clear error."""
    path = store_path(home)
    try:
        raw: Any = read_json(path)
    except StoreError:
        raise StoreError(
            f"The caseload file {path} is damaged and cannot be read. "
            "Run `safepost caseload clear` and import your caseload again."
        ) from None
    if raw is None:
        return None
    try:
        data = CaseloadFile.model_validate(raw)
    except ValidationError as exc:
        raise StoreError(
            f"The caseload file {path} is damaged ({exc.errors()[0]['msg']}). "
            "Run `safepost caseload clear` and import your caseload again."
        ) from None
    if data.scheme != SCHEME:
        raise StoreError(
            f"The caseload in {path} was saved by a different version of safepost. "
            "Run `safepost caseload clear` and import your caseload again."
        )
    return data


def check_key(data: CaseloadFile, names: NameHasher, home: Path | None = None) -> None:
    if data.key_fingerprint != names.fingerprint():
        raise StoreError(
            f"The caseload in {store_path(home)} was made with a different key from the one in "
            f"{key_path(KEY_NAME, home)}, so no name would ever match. Restore the matching key, "
            "or run `safepost caseload clear` and import your caseload again."
        )


def save(entries: list[StoredEntry], names: NameHasher, home: Path | None = None) -> CaseloadFile:
    _folder(home)
    data = CaseloadFile(scheme=SCHEME, key_fingerprint=names.fingerprint(), updated=now(), entries=entries)
    write_private_json(store_path(home), data.model_dump())
    return data


def remove(home: Path | None = None) -> bool:
    try:
        store_path(home).unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"Cannot remove {store_path(home)}: {exc.strerror}.") from None
    return True


def log_event(action: str, entries: int, home: Path | None = None, **counts: int) -> None:
    """Append one line to the import log: when, what, how many. Never names or file names."""
    path = _folder(home) / LOG_FILE
    line = json.dumps({"when": now(), "action": action, "entries": entries, **counts}, sort_keys=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise StoreError(f"Cannot write the caseload log {path}: {exc.strerror}.") from None


def read_log(home: Path | None = None) -> list[dict[str, Any]]:
    """The import log, oldest first; a damaged line is shown as such rather than hidden."""
    path = caseload_dir(home) / LOG_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"Cannot read the caseload log {path}: {exc}.") from None
    events: list[dict[str, Any]] = []
    for line in lines:
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            event = {"action": "unreadable line"}
        events.append(event if isinstance(event, dict) else {"action": "unreadable line"})
    return events
