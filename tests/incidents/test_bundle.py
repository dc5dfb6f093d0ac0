"""The referral bundle can be read by a person and checked with standard tools alone."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from safepost.incidents import actions
from safepost.incidents.bundle import export_bundle
from safepost.incidents.pdf import printable
from safepost.incidents.store import GENESIS, IncidentStore
from tests.incidents.conftest import SECRET_BYTES, SECRET_TEXT, Filled


def _export(home: Path, incident: int, out: Path) -> zipfile.ZipFile:
    with IncidentStore(home) as store:
        result = export_bundle(store, incident, out, "Jo Bloggs")
    assert result.path == out
    return zipfile.ZipFile(out)


def test_the_bundle_holds_chronology_evidence_fingerprints_and_instructions(
    filled: Filled, tmp_path: Path
) -> None:
    bundle = _export(filled.home, 1, tmp_path / "out" / "bundle.zip")
    names = set(bundle.namelist())
    assert {"chronology.pdf", "chronology.txt", "manifest.json", "SHA256SUMS", "README.txt"} <= names
    assert "evidence/0002-shot.png" in names
    assert bundle.read("evidence/0002-shot.png") == SECRET_BYTES
    assert bundle.read("chronology.pdf").startswith(b"%PDF")
    text = bundle.read("chronology.txt").decode("utf-8")
    assert SECRET_TEXT in text and "Told line manager Sam Patel on 2026-11-21 by phone." in text
    readme = bundle.read("README.txt").decode("utf-8")
    assert "sha256sum -c SHA256SUMS" in readme and "certutil" in readme and "shasum -a 256" in readme


def test_every_line_of_sha256sums_matches_its_file(filled: Filled, tmp_path: Path) -> None:
    bundle = _export(filled.home, 1, tmp_path / "bundle.zip")
    lines = bundle.read("SHA256SUMS").decode().splitlines()
    assert len(lines) == 4 + 1 + 2  # entries, evidence, chronology txt and pdf
    for line in lines:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(bundle.read(name)).hexdigest() == digest, name


def test_each_entry_file_names_the_hash_of_the_one_before(filled: Filled, tmp_path: Path) -> None:
    bundle = _export(filled.home, 1, tmp_path / "bundle.zip")
    previous = GENESIS
    for number in range(1, 5):
        raw = bundle.read(f"entries/{number:04d}.json")
        assert json.loads(raw)["prev"] == previous
        previous = hashlib.sha256(raw).hexdigest()
    manifest = json.loads(bundle.read("manifest.json"))
    assert manifest["entries"][-1]["sha256"] == previous
    assert manifest["problems_found_at_export"] == []


def test_non_ascii_text_survives_in_the_text_chronology_and_the_pdf_embeds_its_font(
    filled: Filled, tmp_path: Path
) -> None:
    with IncidentStore(filled.home) as store:
        actions.record_text(store, 2, "note", "Ŵyn from the café said “stop” — Łódź 名", "Jo")
    bundle = _export(filled.home, 2, tmp_path / "bundle.zip")
    assert "Ŵyn from the café said “stop” — Łódź 名" in bundle.read("chronology.txt").decode()
    assert "Ŵyn".encode() in bundle.read("evidence/0002-chat export.txt")
    pdf = bundle.read("chronology.pdf")
    assert b"/FontFile2" in pdf  # the font travels inside the PDF
    assert b"chronology.txt in this bundle has the exact text" in pdf or b"/Filter" in pdf


def test_characters_the_pdf_font_lacks_lose_only_their_accent() -> None:
    assert printable("café £5 — “quoted” Łukasz") == ("café £5 — “quoted” Łukasz", False)
    assert printable("Ŵyn ő") == ("Wyn o", True)
    assert printable("名") == ("?", True)


def test_a_damaged_record_is_still_exported_with_its_problems_stated(filled: Filled, tmp_path: Path) -> None:
    with IncidentStore(filled.home) as store:
        blob = store.evidence_dir / store.blob_name(store.entries(1)[1].data["sha256"])
    blob.unlink()
    bundle = _export(filled.home, 1, tmp_path / "bundle.zip")
    assert "evidence/0002-shot.png" not in bundle.namelist()
    readme = bundle.read("README.txt").decode()
    assert "found problems" in readme and "shot.png" in readme


def test_no_half_written_bundle_is_left_behind(filled: Filled, tmp_path: Path) -> None:
    _export(filled.home, 1, tmp_path / "bundle.zip")
    assert [p.name for p in tmp_path.iterdir() if "bundle" in p.name] == ["bundle.zip"]


def test_a_damaged_file_shared_by_two_incidents_is_stated_in_both_exports(
    filled: Filled, tmp_path: Path
) -> None:
    with IncidentStore(filled.home) as store:
        actions.add_evidence(store, 2, [filled.shot], "Jo")  # the same file: one blob, two entries
        blob = store.evidence_dir / store.blob_name(store.entries(1)[1].data["sha256"])
    blob.unlink()
    for incident in (1, 2):
        bundle = _export(filled.home, incident, tmp_path / f"bundle{incident}.zip")
        manifest = json.loads(bundle.read("manifest.json"))
        assert not next(e for e in manifest["evidence"] if e["original_name"] == "shot.png")["included"]
        assert any("shot.png" in p for p in manifest["problems_found_at_export"]), incident
        assert "found problems" in bundle.read("README.txt").decode(), incident


def test_an_entry_longer_than_a_page_does_not_block_the_export(filled: Filled, tmp_path: Path) -> None:
    pasted = "\n".join(f"message {n}: you will regret this" for n in range(400))
    with IncidentStore(filled.home) as store:
        actions.record_text(store, 1, "note", pasted, "Jo")
        actions.record_text(store, 1, "note", "x" * 20_000, "Jo")
    bundle = _export(filled.home, 1, tmp_path / "bundle.zip")
    assert bundle.read("chronology.pdf").startswith(b"%PDF")
    assert "message 399: you will regret this" in bundle.read("chronology.txt").decode()


def test_the_chronology_does_not_call_the_typed_local_time_utc(private_home: Path, tmp_path: Path) -> None:
    with IncidentStore(private_home) as store:
        actions.new_incident(
            store, "bullying", {"summary": "Threats", "happened_at": "2026-07-01 21:30"}, "Jo"
        )
    text = _export(private_home, 1, tmp_path / "bundle.zip").read("chronology.txt").decode()
    assert "When: 2026-07-01T21:30." in text
    assert "Times are UTC." not in text
    assert "in their local time" in text


def test_an_altered_entry_does_not_block_the_referral_and_is_named_in_it(
    filled: Filled, tmp_path: Path
) -> None:
    import sqlite3

    db = sqlite3.connect(filled.home / "incidents" / "record.sqlite3")
    (sealed,) = db.execute("SELECT sealed FROM entries WHERE incident = 1 AND seq = 3").fetchone()
    db.execute(
        "UPDATE entries SET sealed = ? WHERE incident = 1 AND seq = 3",
        (sealed[:20] + bytes([sealed[20] ^ 1]) + sealed[21:],),
    )
    db.commit()
    db.close()
    with IncidentStore(filled.home) as store:
        result = export_bundle(store, 1, tmp_path / "bundle.zip", "Jo Bloggs")
    assert any("entry 3: altered" in p for p in result.problems), result.problems
    bundle = zipfile.ZipFile(tmp_path / "bundle.zip")
    assert "entries/0003.json" not in bundle.namelist() and "entries/0004.json" in bundle.namelist()
    assert bundle.read("evidence/0002-shot.png") == SECRET_BYTES
    assert "entry 3: altered" in bundle.read("README.txt").decode()
