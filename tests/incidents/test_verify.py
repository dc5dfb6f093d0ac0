"""`verify` recomputes everything and names exactly what was altered, removed or reordered."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from safepost.errors import StoreError
from safepost.incidents.store import IncidentStore
from safepost.incidents.verify import Report, verify
from tests.incidents.conftest import Filled


def _verify(home: Path) -> Report:
    with IncidentStore(home) as store:
        return verify(store)


@contextmanager
def _db(home: Path) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(home / "incidents" / "record.sqlite3")
    try:
        yield db
        db.commit()
    finally:
        db.close()


def _evidence_file(home: Path, incident: int, seq: int) -> Path:
    with IncidentStore(home) as store:
        return store.evidence_dir / store.blob_name(store.entries(incident)[seq - 1].data["sha256"])


def test_an_untouched_record_verifies(filled: Filled) -> None:
    report = _verify(filled.home)
    assert report.ok, report.problems
    assert (report.incidents, report.entries, report.evidence_files) == (2, 6, 2)


def test_an_altered_entry_is_named(filled: Filled) -> None:
    with _db(filled.home) as db:
        (sealed,) = db.execute("SELECT sealed FROM entries WHERE incident = 1 AND seq = 3").fetchone()
        flipped = sealed[:20] + bytes([sealed[20] ^ 1]) + sealed[21:]
        db.execute("UPDATE entries SET sealed = ? WHERE incident = 1 AND seq = 3", (flipped,))
    problems = _verify(filled.home).problems
    assert problems == ["Incident 1, entry 3: altered (it no longer opens with this installation's key)."]


def test_reordered_entries_are_named(filled: Filled) -> None:
    with _db(filled.home) as db:
        rows = db.execute(
            "SELECT seq, hash, sealed FROM entries WHERE incident = 1 AND seq IN (2, 3)"
        ).fetchall()
        for seq, _, _ in rows:
            other = next(r for r in rows if r[0] != seq)
            db.execute(
                "UPDATE entries SET hash = ?, sealed = ? WHERE incident = 1 AND seq = ?",
                (other[1], other[2], seq),
            )
    problems = _verify(filled.home).problems
    assert any(p.startswith("Incident 1, entry 2: reordered") for p in problems), problems
    assert any(p.startswith("Incident 1, entry 3: reordered") for p in problems), problems


def test_a_deleted_entry_in_the_middle_is_named(filled: Filled) -> None:
    with _db(filled.home) as db:
        db.execute("DELETE FROM entries WHERE incident = 1 AND seq = 2")
    problems = _verify(filled.home).problems
    assert "Incident 1, entry 2 is missing: it was deleted." in problems


def test_a_deleted_last_entry_is_named_even_though_no_gap_is_left(filled: Filled) -> None:
    with _db(filled.home) as db:
        db.execute("DELETE FROM entries WHERE incident = 1 AND seq = 4")
    problems = _verify(filled.home).problems
    assert "Incident 1, entry 4 is missing: it was deleted." in problems


def test_a_deleted_incident_is_named(filled: Filled) -> None:
    with _db(filled.home) as db:
        db.execute("DELETE FROM entries WHERE incident = 2")
        db.execute("DELETE FROM incidents WHERE id = 2")
    problems = _verify(filled.home).problems
    assert "Incident 2 is missing: it was deleted from the record." in problems


def test_a_rolled_back_summary_is_caught_by_its_fingerprint(filled: Filled) -> None:
    with _db(filled.home) as db:
        db.execute("DELETE FROM entries WHERE incident = 1 AND seq = 4")
        db.execute("UPDATE incidents SET entries = 3 WHERE id = 1")
    problems = _verify(filled.home).problems
    assert any("Incident 1: its summary" in p for p in problems), problems


def test_an_altered_evidence_file_is_named(filled: Filled) -> None:
    path = _evidence_file(filled.home, 1, 2)
    data = bytearray(path.read_bytes())
    data[-40] ^= 0x01
    path.write_bytes(bytes(data))
    problems = _verify(filled.home).problems
    assert problems == [
        "Evidence file 'shot.png' (incident 1, entry 2) was altered "
        "(it no longer opens with this installation's key)."
    ]


def test_a_deleted_evidence_file_is_named(filled: Filled) -> None:
    _evidence_file(filled.home, 2, 2).unlink()
    problems = _verify(filled.home).problems
    assert problems == ["Evidence file 'chat export.txt' (incident 2, entry 2) is missing: it was deleted."]


def test_swapped_evidence_files_are_named(filled: Filled) -> None:
    one, two = _evidence_file(filled.home, 1, 2), _evidence_file(filled.home, 2, 2)
    first, second = one.read_bytes(), two.read_bytes()
    one.write_bytes(second)
    two.write_bytes(first)
    problems = _verify(filled.home).problems
    assert len(problems) == 2
    assert all("altered or swapped" in p for p in problems)


def test_a_half_added_file_is_only_a_note(filled: Filled) -> None:
    (filled.home / "incidents" / "evidence" / ".adding-abc123").write_bytes(b"partial")
    report = _verify(filled.home)
    assert report.ok
    assert any("interrupted add-evidence" in n for n in report.notes)


def test_entries_moved_in_the_order_of_the_whole_record_are_caught_by_the_chain_head(filled: Filled) -> None:
    with _db(filled.home) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM entries ORDER BY id")]
        db.execute("UPDATE entries SET id = -1 WHERE id = ?", (ids[3],))  # incident 1, entry 4
        db.execute("UPDATE entries SET id = ? WHERE id = ?", (ids[3], ids[4]))  # incident 2, entry 1
        db.execute("UPDATE entries SET id = ? WHERE id = -1", (ids[4],))
    problems = _verify(filled.home).problems
    assert len(problems) == 1
    assert problems[0].startswith("The order or number of entries in the record differs from its chain head")


def test_a_damaged_chain_head_is_named_and_blocks_new_entries_with_a_clear_error(filled: Filled) -> None:
    with _db(filled.home) as db:
        db.execute("UPDATE meta SET value = 'garbage' WHERE key = 'head'")
    problems = _verify(filled.home).problems
    assert "The record's overall fingerprint (its chain head) was altered or removed." in problems
    with IncidentStore(filled.home) as store, pytest.raises(StoreError, match="chain head cannot be read"):
        store.append(1, "note", {"text": "x"}, "Jo")


def _forge_without_key(db: sqlite3.Connection, drop_last_of: int) -> None:
    """What anyone can do without the key: drop an incident's last entry and rewrite the
    plain-text counts and hashes around it so that only the fingerprints (MACs) disagree."""
    import hashlib
    import json

    rows = db.execute("SELECT id, incident, seq, hash FROM entries ORDER BY id").fetchall()
    last = max((r for r in rows if r[1] == drop_last_of), key=lambda r: r[2])
    before = next(r for r in rows if r[1] == drop_last_of and r[2] == last[2] - 1)
    db.execute("DELETE FROM entries WHERE id = ?", (last[0],))
    db.execute(
        "UPDATE incidents SET entries = ?, head = ? WHERE id = ?", (before[2], before[3], drop_last_of)
    )
    chain = "0" * 64
    for row in rows:
        if row[0] != last[0]:
            chain = hashlib.sha256(f"{chain}\n{row[3]}".encode()).hexdigest()
    (value,) = db.execute("SELECT value FROM meta WHERE key = 'head'").fetchone()
    head = json.loads(value) | {"entries": len(rows) - 1, "chain": chain}
    db.execute("UPDATE meta SET value = ? WHERE key = 'head'", (json.dumps(head),))


def test_a_new_entry_cannot_launder_a_deleted_last_entry(filled: Filled) -> None:
    with _db(filled.home) as db:
        _forge_without_key(db, drop_last_of=1)
    assert not _verify(filled.home).ok
    with IncidentStore(filled.home) as store, pytest.raises(StoreError, match=r"Incident 1 .* was altered"):
        store.append(1, "note", {"text": "a later, innocent note"}, "Jo")
    with IncidentStore(filled.home) as store, pytest.raises(StoreError, match="chain head"):
        store.append(2, "note", {"text": "a note on the other incident"}, "Jo")
    with IncidentStore(filled.home) as store, pytest.raises(StoreError, match="chain head"):
        store.create({"type": "bullying", "summary": "another"}, "Jo")
    report = _verify(filled.home)
    assert any("Incident 1: its summary" in p for p in report.problems), report.problems
    assert report.entries == 5


def test_a_new_entry_cannot_launder_a_deleted_incident(filled: Filled) -> None:
    with _db(filled.home) as db:
        db.execute("DELETE FROM entries WHERE incident = 2")
        db.execute("DELETE FROM incidents WHERE id = 2")
    with IncidentStore(filled.home) as store:
        store.append(1, "note", {"text": "a later note"}, "Jo")
    problems = _verify(filled.home).problems
    assert "Incident 2 is missing: it was deleted from the record." in problems


def test_an_absurd_altered_count_does_not_make_verify_run_for_ever(filled: Filled) -> None:
    with _db(filled.home) as db:
        db.execute("UPDATE incidents SET entries = 1000000000000 WHERE id = 1")
    problems = _verify(filled.home).problems
    assert problems == ["Incident 1: its summary (number of entries, last fingerprint) was altered."]


def test_a_deleted_record_file_is_not_reported_as_a_clean_empty_record(filled: Filled) -> None:
    for suffix in ("", "-wal", "-shm"):
        (filled.home / "incidents" / f"record.sqlite3{suffix}").unlink(missing_ok=True)
    report = _verify(filled.home)
    assert not report.ok
    assert report.problems == [
        "The record is empty, yet the evidence folder holds 2 sealed file(s): the record was "
        "deleted or replaced. Restore the folder from a backup."
    ]


def test_an_empty_record_with_only_a_half_added_file_is_fine(private_home: Path) -> None:
    with IncidentStore(private_home) as store:
        (store.evidence_dir / ".adding-abc123").write_bytes(b"partial")
    assert _verify(private_home).ok


def test_a_new_incident_does_not_take_the_number_of_a_deleted_one(filled: Filled) -> None:
    with _db(filled.home) as db:
        db.execute("DELETE FROM entries WHERE incident = 2")
        db.execute("DELETE FROM incidents WHERE id = 2")
    with IncidentStore(filled.home) as store:
        assert store.create({"type": "bullying", "summary": "later"}, "Jo").incident == 3
    problems = _verify(filled.home).problems
    assert "Incident 2 is missing: it was deleted from the record." in problems
