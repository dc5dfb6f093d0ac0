"""The incident record: an append-only, encrypted, hash-chained chronology in SQLite.

Why this shape:
- Each entry's plaintext is a canonical JSON object that holds the SHA-256 of the entry before
  it (``prev``), so an incident is a hash chain a referral bundle can be checked with ``sha256sum``.
- Entries are sealed with AES-GCM bound to their incident, so nothing on disk is readable and an
  entry cannot be altered or moved to another incident without the key.
- Each incident's length and last hash, and the whole record's counts and running chain over
  every entry, carry a keyed fingerprint (MAC), so deleting the newest entries or a whole incident
  is detected too, not only gaps in the middle.
- One SQLite transaction per entry (WAL, synchronous=FULL): a crash loses at most the entry being
  written. Evidence is sealed into a temporary file, fsynced and renamed before its entry is
  committed, so an entry never points at a half-written file.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from safepost.errors import InputError, StoreError, UsageError
from safepost.home import data_home
from safepost.incidents.sealing import Sealer, SealError
from safepost.keyfile import key_path, load_or_create_key

SCHEMA_VERSION = 1
GENESIS = "0" * 64
_TOO_LARGE = (
    "That number is too large to be an incident or entry number. `safepost incident list` shows them."
)
KINDS = ("created", "note", "evidence", "told", "outcome", "correction")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS incidents (
    id INTEGER PRIMARY KEY, entries INTEGER NOT NULL, head TEXT NOT NULL, mac TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY, incident INTEGER NOT NULL, seq INTEGER NOT NULL,
    hash TEXT NOT NULL, sealed BLOB NOT NULL, UNIQUE (incident, seq));
"""


def canonical(payload: dict[str, Any]) -> bytes:
    """The exact bytes that are hashed and sealed; the bundle ships these same bytes."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_context(incident: int) -> bytes:
    return f"safepost-entry-v1:{incident}".encode()


# Sealed once, in one pass; the file's name is only known at the end (from its hash), and
# verify recomputes the hash of what it opens, so a renamed or swapped file is still caught.
EVIDENCE_CONTEXT = b"safepost-evidence-v1"


def incident_mac_message(incident: int, entries: int, head: str) -> bytes:
    return f"incident:{incident}:{entries}:{head}".encode()


def head_mac_message(incidents: int, entries: int, chain: str) -> bytes:
    return f"record:{incidents}:{entries}:{chain}".encode()


def chain_step(chain: str, entry_hash: str) -> str:
    """The running fingerprint over every entry in the order it was written."""
    return hashlib.sha256(f"{chain}\n{entry_hash}".encode()).hexdigest()


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_author() -> str:
    """Who is adding: the profile's first name, else the computer account's name."""
    from safepost.profile import load_profile

    names = load_profile().own_names
    if names:
        return names[0]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class Entry:
    incident: int
    seq: int
    kind: str
    at: str
    by: str
    data: dict[str, Any]
    prev: str
    hash: str
    raw: bytes  # the canonical plaintext, as hashed


@dataclass(frozen=True)
class Summary:
    id: int
    type: str
    title: str
    summary: str
    created_at: str
    entries: int


class IncidentStore:
    """Open (creating on first use) the record under ``SAFEPOST_HOME/incidents``."""

    def __init__(self, home: Path | None = None, timeout: float = 5.0) -> None:
        base = home or data_home()
        self.folder = base / "incidents"
        self.evidence_dir = self.folder / "evidence"
        self.db_path = self.folder / "record.sqlite3"
        if self.db_path.exists() and self.db_path.stat().st_size and not key_path("incidents", base).exists():
            raise StoreError(
                f"The key for the incident record is missing ({key_path('incidents', base)}). "
                "Restore it from a backup; without it the record cannot be read. Nothing was changed."
            )
        try:
            base.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.folder.mkdir(mode=0o700, exist_ok=True)
            self.evidence_dir.mkdir(mode=0o700, exist_ok=True)
            if not self.db_path.exists():
                os.close(os.open(self.db_path, os.O_WRONLY | os.O_CREAT, 0o600))
        except OSError as exc:
            raise StoreError(f"Cannot create the incident record in {self.folder}: {exc.strerror}.") from None
        self.sealer = Sealer(load_or_create_key("incidents", base))
        self._db = self._connect(timeout)

    def _connect(self, timeout: float) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.db_path, timeout=timeout, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            with _transaction(db, self.db_path):
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
                row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                if row is None:
                    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                    self._write_head(db, 0, 0, GENESIS)
                elif int(row[0]) > SCHEMA_VERSION:
                    raise StoreError(
                        f"The incident record {self.db_path} was written by a newer safepost "
                        f"(format {row[0]}). Update safepost to read it."
                    )
        except sqlite3.Error as exc:
            raise _store_error(exc, self.db_path) from None
        return db

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> IncidentStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    def _write_head(self, db: sqlite3.Connection, incidents: int, entries: int, chain: str) -> None:
        value = {
            "incidents": incidents,
            "entries": entries,
            "chain": chain,
            "mac": self.sealer.mac(head_mac_message(incidents, entries, chain)),
        }
        db.execute("INSERT OR REPLACE INTO meta VALUES ('head', ?)", (json.dumps(value),))

    def read_head(self) -> dict[str, Any]:
        """The record's chain head; empty when it is missing or unreadable (verify reports that)."""
        return _parse_head(self.query("SELECT value FROM meta WHERE key = 'head'"))

    def _append(
        self, db: sqlite3.Connection, incident: int, kind: str, data: dict[str, Any], by: str
    ) -> Entry:
        row = db.execute("SELECT entries, head, mac FROM incidents WHERE id = ?", (incident,)).fetchone()
        if row is None:
            raise UsageError(f"There is no incident {incident}. `safepost incident list` shows them.")
        # Only extend what this installation wrote: appending re-fingerprints the summaries, so
        # appending to a tampered record would launder the tampering (a deleted last entry, say).
        if not self.sealer.mac_ok(incident_mac_message(incident, row[0], row[1]), str(row[2])):
            raise StoreError(
                f"Incident {incident} in {self.db_path} was altered (its summary does not match its "
                "fingerprint), so nothing was added. Run `safepost incident verify` and keep a copy "
                "of the folder."
            )
        seq, prev = row[0] + 1, row[1]
        payload = {"incident": incident, "seq": seq, "prev": prev, "kind": kind, "at": now_utc(), "by": by}
        payload["data"] = data
        raw = canonical(payload)
        digest = hashlib.sha256(raw).hexdigest()
        db.execute(
            "INSERT INTO entries (incident, seq, hash, sealed) VALUES (?, ?, ?, ?)",
            (incident, seq, digest, self.sealer.seal(raw, entry_context(incident))),
        )
        db.execute(
            "UPDATE incidents SET entries = ?, head = ?, mac = ? WHERE id = ?",
            (seq, digest, self.sealer.mac(incident_mac_message(incident, seq, digest)), incident),
        )
        head = _parse_head(db.execute("SELECT value FROM meta WHERE key = 'head'").fetchall())
        if not head or not self.sealer.mac_ok(
            head_mac_message(head.get("incidents", -1), head["entries"], head["chain"]),
            str(head.get("mac", "")),
        ):
            raise StoreError(
                f"The incident record {self.db_path} is damaged (its chain head cannot be read or was "
                "altered), so nothing was added. Run `safepost incident verify` and keep a copy of "
                "the folder."
            )
        # Counted from the fingerprinted head, not the table, so rows deleted behind safepost's
        # back stay missing (and named by verify) rather than being written into a new head.
        count = int(head["incidents"]) + (1 if seq == 1 else 0)
        self._write_head(db, count, head["entries"] + 1, chain_step(head["chain"], digest))
        return Entry(incident, seq, kind, payload["at"], by, data, prev, digest, raw)

    def create(self, data: dict[str, Any], by: str) -> Entry:
        """A new incident whose first entry (``created``) holds the type and the details given."""
        with self._write() as db:
            (last,) = db.execute("SELECT COALESCE(MAX(id), 0) FROM incidents").fetchone()
            # Never reuse the number of an incident deleted behind safepost's back: the head
            # (checked in _append) says how many there were, so verify names the right one.
            counted = _parse_head(db.execute("SELECT value FROM meta WHERE key = 'head'").fetchall())
            recorded = counted.get("incidents")
            incident = max(last, recorded if isinstance(recorded, int) else 0) + 1
            db.execute(
                "INSERT INTO incidents VALUES (?, 0, ?, ?)",
                (incident, GENESIS, self.sealer.mac(incident_mac_message(incident, 0, GENESIS))),
            )
            return self._append(db, incident, "created", data, by)

    def append(self, incident: int, kind: str, data: dict[str, Any], by: str) -> Entry:
        if kind not in KINDS or kind == "created":
            raise ValueError(f"unknown entry kind {kind!r}")
        with self._write() as db:
            return self._append(db, incident, kind, data, by)

    def add_evidence(self, incident: int, path: Path, by: str) -> Entry:
        """Seal ``path`` into the evidence folder, then record it; the original is left as it is."""
        self.require(incident)
        sha, size = self._store_file(path)
        data = {"name": path.name, "sha256": sha, "size": size, "blob": self.blob_name(sha)}
        return self.append(incident, "evidence", data, by)

    def blob_name(self, sha256: str) -> str:
        """Content-addressed, but keyed: the name does not reveal which known file is held."""
        return self.sealer.mac(f"evidence:{sha256}".encode())

    def _store_file(self, path: Path) -> tuple[str, int]:
        try:
            source = path.open("rb")
        except OSError as exc:
            raise InputError(f"Cannot open {path}: {exc.strerror}.") from None
        with source:
            if not path.is_file():
                raise InputError(f"{path} is not a file.")
            fd, tmp_name = tempfile.mkstemp(prefix=".adding-", dir=self.evidence_dir)
            tmp = Path(tmp_name)
            try:
                with os.fdopen(fd, "wb") as target:
                    sha, size = self.sealer.seal_stream(source, target, EVIDENCE_CONTEXT)
                    target.flush()
                    os.fsync(target.fileno())
                final = self.evidence_dir / self.blob_name(sha)
                if final.exists():
                    tmp.unlink()  # the same content is already kept
                else:
                    os.replace(tmp, final)
                    _fsync_dir(self.evidence_dir)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise StoreError(f"Cannot save evidence in {self.evidence_dir}: {exc.strerror}.") from None
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        return sha, size

    # -- reading -------------------------------------------------------------------------------

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise _store_error(exc, self.db_path) from None
        except OverflowError:
            raise UsageError(_TOO_LARGE) from None

    def open_entry(self, incident: int, sealed: bytes) -> bytes:
        return self.sealer.open(sealed, entry_context(incident))

    def entries(self, incident: int) -> list[Entry]:
        """The incident's chronology, oldest first (raises a clear error if it cannot be read)."""
        rows = self.query(
            "SELECT seq, CAST(sealed AS BLOB) FROM entries WHERE incident = ? ORDER BY seq", (incident,)
        )
        if not rows:
            raise UsageError(f"There is no incident {incident}. `safepost incident list` shows them.")
        result = []
        for seq, sealed in rows:
            try:
                raw = self.open_entry(incident, sealed)
            except SealError:
                raise StoreError(
                    f"Entry {seq} of incident {incident} cannot be read: it was altered, or the key "
                    "file is not the one it was written with. Run `safepost incident verify`."
                ) from None
            result.append(entry_from_raw(raw))
        return result

    def entry(self, incident: int, seq: int) -> Entry:
        """One entry, without opening the rest (the first one says the incident's type)."""
        rows = self.query(
            "SELECT CAST(sealed AS BLOB) FROM entries WHERE incident = ? AND seq = ?", (incident, seq)
        )
        if not rows:
            self.require(incident)
            raise UsageError(f"Incident {incident} has no entry {seq}.")
        try:
            return entry_from_raw(self.open_entry(incident, rows[0][0]))
        except SealError:
            raise StoreError(
                f"Entry {seq} of incident {incident} cannot be read: it was altered, or the key "
                "file is not the one it was written with. Run `safepost incident verify`."
            ) from None

    def count(self, incident: int) -> int:
        rows = self.query("SELECT entries FROM incidents WHERE id = ?", (incident,))
        if not rows:
            raise UsageError(f"There is no incident {incident}. `safepost incident list` shows them.")
        return int(rows[0][0])

    def require(self, incident: int) -> None:
        """A clear error for an unknown incident, before any work is done."""
        if not self.query("SELECT 1 FROM incidents WHERE id = ?", (incident,)):
            raise UsageError(f"There is no incident {incident}. `safepost incident list` shows them.")

    def incident_ids(self) -> list[int]:
        return [row[0] for row in self.query("SELECT id FROM incidents ORDER BY id")]

    def summaries(self) -> list[Summary]:
        out = []
        for incident in self.incident_ids():
            entries = self.entries(incident)
            first = entries[0].data
            out.append(
                Summary(
                    incident,
                    str(first.get("type", "")),
                    str(first.get("title", "")),
                    str(first.get("summary", "")),
                    entries[0].at,
                    len(entries),
                )
            )
        return out

    def read_blob(self, sha256: str) -> Iterator[bytes]:
        path = self.evidence_dir / self.blob_name(sha256)
        with path.open("rb") as handle:
            yield from self.sealer.open_stream(handle, EVIDENCE_CONTEXT)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            with _transaction(self._db, self.db_path):
                yield self._db
        except sqlite3.Error as exc:
            raise _store_error(exc, self.db_path) from None
        except OverflowError:
            raise UsageError(_TOO_LARGE) from None


def _parse_head(rows: list[Any]) -> dict[str, Any]:
    try:
        head = json.loads(rows[0][0]) if rows else {}
        if (
            isinstance(head, dict)
            and isinstance(head.get("entries"), int)
            and isinstance(head.get("chain"), str)
        ):
            return head
    except (TypeError, ValueError):
        pass
    return {}


def entry_from_raw(raw: bytes) -> Entry:
    payload = json.loads(raw)
    return Entry(
        payload["incident"],
        payload["seq"],
        payload["kind"],
        payload["at"],
        payload["by"],
        payload["data"],
        payload["prev"],
        hashlib.sha256(raw).hexdigest(),
        raw,
    )


@contextmanager
def _transaction(db: sqlite3.Connection, path: Path) -> Iterator[None]:
    """BEGIN IMMEDIATE takes the write lock up front, so a busy record fails before any work."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _store_error(exc: sqlite3.Error, path: Path) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The incident record {path} is in use by another safepost window or program. "
            "Close it, wait a moment and try again. Nothing was lost."
        )
    shown = text if len(text) < 160 and text.isprintable() else type(exc).__name__
    return StoreError(
        f"The incident record {path} cannot be used ({shown}). Nothing was changed; "
        "`safepost incident verify` says what is wrong."
    )


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
