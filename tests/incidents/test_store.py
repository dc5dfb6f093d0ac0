"""The record is append-only, hash-chained, encrypted at rest and private."""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import stat
from pathlib import Path

import pytest

from safepost.errors import InputError, StoreError, UsageError
from safepost.incidents import actions
from safepost.incidents.store import GENESIS, IncidentStore
from tests.incidents.conftest import SECRET_BYTES, SECRET_TEXT, Filled


def test_each_entry_holds_the_hash_of_the_one_before(filled: Filled) -> None:
    with IncidentStore(filled.home) as store:
        entries = store.entries(1)
    assert [e.kind for e in entries] == ["created", "evidence", "told", "note"]
    assert entries[0].prev == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev == before.hash
    for entry in entries:
        assert hashlib.sha256(entry.raw).hexdigest() == entry.hash


def test_evidence_records_name_time_hash_size_and_who_added_it(filled: Filled) -> None:
    with IncidentStore(filled.home) as store:
        evidence = store.entries(1)[1]
        stored = b"".join(store.read_blob(evidence.data["sha256"]))
    assert evidence.data["name"] == "shot.png"
    assert evidence.data["sha256"] == hashlib.sha256(SECRET_BYTES).hexdigest()
    assert evidence.data["size"] == len(SECRET_BYTES)
    assert evidence.by == "Jo" and evidence.at.endswith("Z")
    assert stored == SECRET_BYTES


def test_no_incident_text_or_evidence_bytes_are_readable_anywhere_in_the_data_folder(filled: Filled) -> None:
    needles = [
        SECRET_TEXT.encode(),
        b"Marchbank",
        b"Sam Patel",
        b"More messages came overnight",
        b"EVIDENCE-MARKER",
        SECRET_BYTES[100:400],
        "Ŵyn".encode(),
        b"bullying",
        b"shot.png",
        hashlib.sha256(SECRET_BYTES).hexdigest().encode(),  # not even which known file is held
    ]
    files = [p for p in filled.home.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") or p.suffix == ".sqlite3" for p in files)
    for path in files:
        content = path.read_bytes()
        for needle in needles:
            assert needle not in content, f"{needle[:30]!r} readable in {path}"


def test_the_record_and_evidence_are_private_to_the_user(filled: Filled) -> None:
    folder = filled.home / "incidents"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "evidence").stat().st_mode) == 0o700
    for path in folder.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_correction_is_a_new_entry_pointing_at_the_one_it_corrects(filled: Filled) -> None:
    with IncidentStore(filled.home) as store:
        wrong = store.entries(1)[2]
        actions.record_correction(store, 1, 3, "It was 20 November, not 21", "Jo")
        entries = store.entries(1)
    assert entries[2] == wrong  # the original stays as it was
    correction = entries[-1]
    assert correction.kind == "correction"
    assert correction.data["corrects"] == 3 and correction.data["corrects_hash"] == wrong.hash


def test_a_correction_must_point_at_an_existing_entry(filled: Filled) -> None:
    with IncidentStore(filled.home) as store, pytest.raises(UsageError, match="no entry 9"):
        actions.record_correction(store, 1, 9, "x", "Jo")


def test_the_same_file_added_twice_is_kept_once(store: IncidentStore, tmp_path: Path) -> None:
    shot = tmp_path / "a.png"
    shot.write_bytes(b"same bytes")
    actions.new_incident(store, "bullying", {"summary": "x"}, "Jo")
    actions.add_evidence(store, 1, [shot, shot], "Jo")
    assert len([p for p in store.evidence_dir.iterdir()]) == 1
    assert [e.kind for e in store.entries(1)] == ["created", "evidence", "evidence"]


def test_a_file_offered_for_indecent_images_is_refused_and_nothing_is_stored(
    store: IncidentStore, tmp_path: Path
) -> None:
    image = tmp_path / "found.jpg"
    image.write_bytes(b"\xff\xd8 not to be copied")
    actions.new_incident(store, "indecent-images", {"summary": "Found on the shared laptop"}, "Jo")
    with pytest.raises(UsageError, match="never takes a copy"):
        actions.add_evidence(store, 1, [image], "Jo")
    assert list(store.evidence_dir.iterdir()) == []
    assert [e.kind for e in store.entries(1)] == ["created"]


def test_indecent_images_keep_only_what_where_and_when(store: IncidentStore) -> None:
    with pytest.raises(UsageError, match="records only what happened, where and when"):
        actions.new_incident(store, "indecent-images", {"summary": "x", "people": ["A Colleague"]}, "Jo")


def test_a_date_that_cannot_be_read_is_an_input_error(store: IncidentStore) -> None:
    with pytest.raises(InputError, match="2026-11-20"):
        actions.new_incident(store, "bullying", {"summary": "x", "happened_at": "last tuesday"}, "Jo")


def test_unknown_incident_is_a_usage_error(store: IncidentStore) -> None:
    with pytest.raises(UsageError, match="no incident 5"):
        store.entries(5)


def test_a_locked_record_is_a_clear_error_and_nothing_is_lost(filled: Filled) -> None:
    blocker = sqlite3.connect(filled.home / "incidents" / "record.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with (
            pytest.raises(StoreError, match="in use by another"),
            IncidentStore(filled.home, timeout=0.1) as store,
        ):
            actions.record_text(store, 1, "note", "while locked", "Jo")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with IncidentStore(filled.home) as store:
        assert len(store.entries(1)) == 4


def test_a_record_from_a_newer_safepost_is_refused(filled: Filled) -> None:
    db = sqlite3.connect(filled.home / "incidents" / "record.sqlite3")
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer safepost"):
        IncidentStore(filled.home)


def test_a_missing_key_is_reported_instead_of_replaced(filled: Filled) -> None:
    (filled.home / "keys" / "incidents.key").unlink()
    with pytest.raises(StoreError, match="key for the incident record is missing"):
        IncidentStore(filled.home)
    assert not (filled.home / "keys" / "incidents.key").exists()
