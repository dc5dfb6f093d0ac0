"""Baselines: findings marked as dealt with stay quiet next time; the file holds no post text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safepost.audit.baseline import Baseline, Reason, load_baseline, save_baseline
from safepost.audit.fingerprints import FINGERPRINT_CHARS, Fingerprinter
from safepost.audit.runner import run_audit
from safepost.audit.workers import InProcessJudge
from safepost.checker import Checker
from safepost.errors import InputError
from tests.audit.fakes import CAUTION, RISKY, FakeExport


def _fingerprints(checker: Checker, texts: list[str]) -> list[str]:
    outcome = run_audit([FakeExport(texts)], InProcessJudge(checker), Fingerprinter())
    return [f["fingerprint"] for r in outcome.flagged.sorted() for f in r["findings"]]


def test_items_whose_findings_are_all_marked_stay_quiet_and_are_counted_as_dealt_with(
    checker: Checker,
) -> None:
    baseline = Baseline()
    for fingerprint in _fingerprints(checker, [RISKY]):
        assert baseline.mark(fingerprint, Reason.deleted)
    outcome = run_audit(
        [FakeExport([RISKY, CAUTION])], InProcessJudge(checker), Fingerprinter(), baseline=baseline
    )
    assert [r["text"] for r in outcome.flagged.sorted()] == [CAUTION]
    assert outcome.tally.quiet == 1
    assert outcome.tally.verdicts == {"ok": 1, "caution": 1}


def test_a_partly_marked_item_keeps_its_other_findings_and_its_verdict_follows_them(
    checker: Checker,
) -> None:
    findings = checker.check(RISKY).findings
    stops = [f for f in findings if f.severity.label == "stop"]
    assert len(stops) >= 2
    outcome = run_audit([FakeExport([RISKY])], InProcessJudge(checker), Fingerprinter())
    record = next(outcome.flagged.sorted())
    baseline = Baseline()
    baseline.mark(record["findings"][0]["fingerprint"], Reason.not_a_problem)
    again = run_audit([FakeExport([RISKY])], InProcessJudge(checker), Fingerprinter(), baseline=baseline)
    kept = next(again.flagged.sorted())
    assert len(kept["findings"]) == len(record["findings"]) - 1
    assert kept["verdict"] == max(f["severity"] for f in kept["findings"]) or kept["verdict"] == "stop"
    assert again.tally.quiet == 0


def test_fingerprints_are_the_same_on_a_second_audit_and_differ_between_findings(checker: Checker) -> None:
    first = _fingerprints(checker, [RISKY])
    assert first == _fingerprints(checker, [RISKY])
    assert len(set(first)) == len(first)
    assert all(len(fp) == FINGERPRINT_CHARS for fp in first)


def test_the_baseline_file_holds_no_text_from_the_posts(checker: Checker, tmp_path: Path) -> None:
    baseline = Baseline()
    for fingerprint in _fingerprints(checker, [RISKY]):
        baseline.mark(fingerprint, Reason.deleted)
    path = tmp_path / "baseline.json"
    save_baseline(path, baseline)
    saved = path.read_text(encoding="utf-8")
    for secret in ("07700", "900123", "Pritchard", "court", "COL", "CON", "x.com", "id-0"):
        assert secret not in saved
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_baseline(path) == baseline


def test_a_fingerprint_depends_on_the_installation_key() -> None:
    args = ("CON101", "x", "1234", "07700 900123")
    assert Fingerprinter(b"a" * 32)(*args) != Fingerprinter(b"b" * 32)(*args)
    assert Fingerprinter(b"a" * 32)(*args) != Fingerprinter(b"a" * 32)("CON101", "x", "1235", "07700 900123")


def test_a_missing_baseline_file_is_an_empty_baseline(tmp_path: Path) -> None:
    assert load_baseline(tmp_path / "none.json").marks == {}


@pytest.mark.parametrize(
    "content",
    ["not json at all", json.dumps({"format": "something-else"}), json.dumps({"marks": {"ab": "x"}})],
)
def test_a_file_that_is_not_a_baseline_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="baseline"):
        load_baseline(path)


def test_only_real_fingerprints_can_be_marked() -> None:
    baseline = Baseline()
    assert not baseline.mark("07700 900123", Reason.deleted)
    assert not baseline.mark("abc", Reason.deleted)
    assert baseline.mark("AB" * 12, Reason.deleted)
    assert "ab" * 12 in baseline
