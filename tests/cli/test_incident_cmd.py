"""`safepost incident`: open a concern, get the route, keep the record, verify and export it."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke


def _new(invoke: Invoke, *extra: str) -> dict[str, object]:
    result = invoke(
        "incident",
        "new",
        "--type",
        "bullying",
        "--summary",
        "Threats from an account called zed_99",
        "--happened-at",
        "2026-11-20 14:30",
        "--platform",
        "Facebook",
        "--people",
        "zed_99",
        "--format",
        "json",
        *extra,
    )
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def test_new_answers_who_to_tell_how_fast_what_to_keep_and_what_not_to_do(invoke: Invoke) -> None:
    data = _new(invoke)
    assert data["incident"] == 1
    advice = data["advice"]
    assert isinstance(advice, dict)
    for group in ("tell", "how_fast", "keep", "avoid"):
        assert advice[group], group
    cited = {(c["document"], c["clause"]) for s in advice["keep"] for c in s["citations"]}
    assert ("nsscb-2017", "2.8.3") in cited
    entry = data["entry"]
    assert isinstance(entry, dict)
    assert entry["data"]["happened_at"] == "2026-11-20T14:30"


def test_new_in_text_shows_the_four_headings_with_citations(invoke: Invoke) -> None:
    result = invoke("incident", "new", "--type", "child-at-risk", "--summary", "A worrying chat with a pupil")
    assert result.code == 0, result.err
    out = result.out
    assert out.index("999") < out.index("Who to tell")
    for heading in ("Who to tell", "How fast", "What to keep", "What not to do"):
        assert heading in out
    assert "(GCC Concerns" in out


def test_new_asks_plain_questions_when_run_in_a_terminal(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = "1\nThey keep messaging me\nlast week\n2026-11-20\nInstagram\n\nA parent\n"
    monkeypatch.setattr("safepost.cli.incident_cmd._is_terminal", lambda: True)
    result = invoke("incident", "new", stdin=answers.encode())
    assert result.code == 0, result.err
    assert "Which is closest?" in result.out
    # 999 comes before the menu: someone in a crisis may never get past it.
    assert result.out.index("call 999 now") < result.out.index("Which is closest?")
    assert "not a date I can read" in result.out  # asked again, nothing lost
    shown = json.loads(invoke("incident", "show", "1", "--format", "json").out)
    created = shown["entries"][0]["data"]
    assert created["type"] == "bullying"
    assert created["platform"] == "Instagram" and created["people"] == ["A parent"]
    assert created["happened_at"] == "2026-11-20"


def test_new_without_a_type_and_no_terminal_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("incident", "new", "--summary", "x")
    assert result.code == 3
    assert "--type" in result.err


def test_a_file_offered_for_indecent_images_is_refused_with_the_reason(
    invoke: Invoke, tmp_path: Path
) -> None:
    image = tmp_path / "found.jpg"
    image.write_bytes(b"\xff\xd8 must never be copied")
    opened = invoke("incident", "new", "--type", "indecent-images", "--summary", "On the shared laptop")
    assert opened.code == 0, opened.err
    assert "never takes a copy" in opened.out
    refused = invoke("incident", "add-evidence", "1", str(image))
    assert refused.code == 3
    assert "No file was added" in refused.err and "crime" in refused.err
    evidence = [p for p in (tmp_path / "safepost-home" / "incidents" / "evidence").iterdir()]
    assert evidence == []


def test_the_chronology_grows_with_told_notes_evidence_outcome_and_corrections(
    invoke: Invoke, tmp_path: Path
) -> None:
    _new(invoke)
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG screenshot bytes")
    steps = [
        ("told", "1", "line manager Sam Patel", "--how", "phone", "--on", "2026-11-21"),
        ("note", "1", "Two more messages overnight"),
        ("add-evidence", "1", str(shot), "--by", "Jo Bloggs"),
        ("correct", "1", "2", "It was 22 November"),
        ("outcome", "1", "Account reported and removed"),
    ]
    for step in steps:
        result = invoke("incident", *step)
        assert result.code == 0, (step, result.err)
    shown = json.loads(invoke("incident", "show", "1", "--format", "json").out)
    kinds = [e["kind"] for e in shown["entries"]]
    assert kinds == ["created", "told", "note", "evidence", "correction", "outcome"]
    evidence = shown["entries"][3]
    assert evidence["by"] == "Jo Bloggs" and evidence["data"]["name"] == "shot.png"
    assert shown["entries"][4]["data"]["corrects"] == 2
    listed = invoke("incident", "list")
    assert "Threats from an account called zed_99" in listed.out and "6 entries" in listed.out


def test_verify_passes_then_names_a_tampered_entry_and_exits_6(invoke: Invoke, private_home: Path) -> None:
    _new(invoke)
    invoke("incident", "note", "1", "first note")
    invoke("incident", "note", "1", "second note")
    ok = invoke("incident", "verify")
    assert ok.code == 0 and "All fingerprints check" in ok.out
    db = sqlite3.connect(private_home / "incidents" / "record.sqlite3")
    db.execute("UPDATE entries SET sealed = sealed || x'00' WHERE incident = 1 AND seq = 2")
    db.commit()
    db.close()
    bad = invoke("incident", "verify")
    assert bad.code == 6
    assert "Incident 1, entry 2: altered" in bad.out
    as_json = invoke("incident", "verify", "--format", "json")
    assert as_json.code == 6
    report = json.loads(as_json.out)
    assert report["ok"] is False and report["entries"] == 3
    assert report["problems"] == [
        "Incident 1, entry 2: altered (it no longer opens with this installation's key)."
    ]


def test_export_writes_a_checkable_zip(invoke: Invoke, tmp_path: Path) -> None:
    _new(invoke)
    out = tmp_path / "referral.zip"
    result = invoke("incident", "export", "1", "-o", str(out))
    assert result.code == 0, result.err
    with zipfile.ZipFile(out) as bundle:
        assert "chronology.pdf" in bundle.namelist()


def test_contacts_are_saved_in_the_profile_and_filled_into_routes(invoke: Invoke, private_home: Path) -> None:
    saved = invoke("incident", "contacts", "lado", "Ana Reyes", "--phone", "01632 960000")
    assert saved.code == 0, saved.err
    profile = json.loads((private_home / "profile.json").read_text())
    assert profile["contacts"]["lado"] == {"name": "Ana Reyes", "phone": "01632 960000", "email": None}
    route = invoke("incident", "route", "indecent-images")
    assert "your LADO, Ana Reyes (01632 960000)" in route.out
    shown = invoke("incident", "contacts")
    assert "LADO: Ana Reyes, 01632 960000" in shown.out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("incident", "new", "--type", "nonsense", "--summary", "x"), 3, "no incident type"),
        (
            ("incident", "new", "--type", "bullying", "--summary", "x", "--happened-at", "soon"),
            4,
            "2026-11-20",
        ),
        (("incident", "show", "7"), 3, "no incident 7"),
        (("incident", "note", "7", "text"), 3, "no incident 7"),
        (("incident", "told", "7", "LADO", "--how", "pigeon"), 3, "How did you tell them"),
    ],
)
def test_bad_input_is_a_clear_error_not_a_traceback(
    invoke: Invoke, args: tuple[str, ...], code: int, message: str
) -> None:
    result = invoke(*args)
    assert result.code == code, result.err
    assert message in result.err
    assert "Traceback" not in result.err


def test_a_missing_evidence_file_is_an_input_error(invoke: Invoke, tmp_path: Path) -> None:
    _new(invoke)
    result = invoke("incident", "add-evidence", "1", str(tmp_path / "nope.png"))
    assert result.code == 4
    assert "Cannot find the file" in result.err


def test_a_doubtful_draft_is_kept_with_safeposts_check_of_it(invoke: Invoke) -> None:
    draft = "Call me on 07700 900123 if you need anything, love Miss B"
    result = invoke(
        "incident",
        "new",
        "--type",
        "unsure",
        "--summary",
        "Reply to a parent",
        "--draft",
        draft,
        "-f",
        "json",
    )
    assert result.code == 0, result.err
    created = json.loads(result.out)["entry"]["data"]
    assert created["draft"] == draft
    assert created["check"]["verdict"] == "stop"


def test_a_draft_is_refused_for_other_kinds_of_concern(invoke: Invoke) -> None:
    result = invoke("incident", "new", "--type", "bullying", "--summary", "x", "--draft", "hello")
    assert result.code == 3
    assert "does not keep: draft" in result.err


def test_a_record_locked_by_another_program_exits_6_with_a_plain_message(
    invoke: Invoke, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functools import partial

    from safepost.incidents.store import IncidentStore

    _new(invoke)
    monkeypatch.setattr("safepost.cli.incident_cmd.IncidentStore", partial(IncidentStore, timeout=0.1))
    blocker = sqlite3.connect(private_home / "incidents" / "record.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        result = invoke("incident", "note", "1", "while someone else writes")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert result.code == 6
    assert "in use by another safepost window or program" in result.err
    assert "Nothing was lost" in result.err


@pytest.mark.parametrize(
    "args",
    [
        ("show", "99999999999999999999999"),
        ("note", "99999999999999999999999", "hello"),
        ("told", "99999999999999999999999", "LADO", "--how", "phone"),
    ],
)
def test_an_incident_number_too_large_for_the_record_is_a_plain_usage_error(
    invoke: Invoke, args: tuple[str, ...]
) -> None:
    _new(invoke)
    result = invoke("incident", *args)
    assert result.code == 3, result.err
    assert "too large" in result.err
    assert "OverflowError" not in result.err


def test_told_without_how_is_refused_rather_than_recorded_as_in_person(invoke: Invoke) -> None:
    _new(invoke)
    result = invoke("incident", "told", "1", "line manager Sam Patel")
    assert result.code == 3, result.err
    assert "--how" in result.err
    shown = invoke("incident", "show", "1", "--format", "json")
    assert [e["kind"] for e in json.loads(shown.out)["entries"]] == ["created"]


@pytest.mark.parametrize(
    "extra",
    [("--phone", "abc"), ("--email", "not an address"), ("--phone", "01632\n960000")],
)
def test_a_contact_with_an_unusable_phone_or_email_is_refused(invoke: Invoke, extra: tuple[str, str]) -> None:
    result = invoke("incident", "contacts", "lado", "Ana Reyes", *extra)
    assert result.code == 3, result.err
    shown = invoke("incident", "contacts")
    assert "LADO: not set" in shown.out


def test_the_route_is_still_shown_when_the_record_cannot_be_written(
    invoke: Invoke, private_home: Path
) -> None:
    _new(invoke)
    db = sqlite3.connect(private_home / "incidents" / "record.sqlite3")
    db.execute("UPDATE meta SET value = 'garbage' WHERE key = 'head'")
    db.commit()
    db.close()
    result = invoke("incident", "new", "--type", "child-at-risk", "--summary", "Worrying messages to a pupil")
    assert result.code == 6
    assert "NOT recorded" in result.out and "999" in result.out and "CEOP" in result.out
    assert "chain head" in result.err
    as_json = invoke("incident", "new", "-t", "child-at-risk", "-s", "Again", "--format", "json")
    assert as_json.code == 6
    data = json.loads(as_json.out)
    assert data["recorded"] is False and data["advice"]["emergency"]


def test_a_damaged_profile_does_not_hide_the_route(invoke: Invoke, private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "profile.json").write_text("{not json", encoding="utf-8")
    result = invoke("incident", "new", "--type", "indecent-images", "--summary", "On the shared laptop")
    assert result.code == 6
    assert "NOT recorded" in result.out and "LADO" in result.out and "999" in result.out


def test_a_damaged_profile_does_not_hide_a_route_either(invoke: Invoke, private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "profile.json").write_text("{not json", encoding="utf-8")
    result = invoke("incident", "route", "child-at-risk")
    assert result.code == 0, result.err
    assert "999" in result.out and "CEOP" in result.out
