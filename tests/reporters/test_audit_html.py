"""The HTML audit report: one self-contained, private file; post text is shown, never run."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from safepost.audit.fingerprints import Fingerprinter
from safepost.audit.records import Record
from safepost.audit.runner import AuditOutcome, run_audit
from safepost.audit.workers import InProcessJudge
from safepost.checker import Checker
from safepost.reporters.audit_html import segments, write_html_report
from tests.audit.fakes import CAUTION, FINE, RISKY, FakeExport

SCRIPT_POST = 'Court again today <script>alert("x")</script> ring me on 07700 900123 <img src="http://evil.example/a.png">'


def _audit(checker: Checker, texts: list[str], **kwargs: object) -> AuditOutcome:
    return run_audit([FakeExport(texts, **kwargs)], InProcessJudge(checker), Fingerprinter(b"k" * 32))  # type: ignore[arg-type]


def _report(tmp_path: Path, outcome: AuditOutcome, stopped: str | None = None) -> str:
    path = tmp_path / "audit.html"
    write_html_report(
        path,
        outcome.tally,
        outcome.flagged.sorted,
        sources=["X archive"],
        problems=outcome.problems,
        stopped=stopped,
    )
    assert path.stat().st_mode & 0o777 == 0o600
    return path.read_text(encoding="utf-8")


def test_the_report_loads_nothing_from_outside_and_runs_no_script(checker: Checker, tmp_path: Path) -> None:
    page = _report(tmp_path, _audit(checker, [SCRIPT_POST, RISKY, CAUTION]))
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page.replace("https://x.com", ""))
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "<script" not in page
    assert "default-src 'none'" in page  # the browser refuses anything external, too


def test_post_text_with_markup_is_shown_as_text(checker: Checker, tmp_path: Path) -> None:
    page = _report(tmp_path, _audit(checker, [SCRIPT_POST]))
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=&#34;http://evil.example/a.png&#34;&gt;" in page


def test_each_flagged_item_shows_date_place_highlight_citations_advice_and_fingerprint(
    checker: Checker, tmp_path: Path
) -> None:
    outcome = _audit(checker, [FINE, RISKY])
    record = next(outcome.flagged.sorted())
    page = _report(tmp_path, outcome)
    phone = next(f for f in record["findings"] if f["text"] == "07700 900123")
    assert '<mark class="stop">07700 900123</mark>' in page
    assert record["when"][:10] in page
    assert 'href="https://x.com/jobloggs/status/1001"' in page
    assert "data/tweets.js#1" in page
    assert phone["citations"][0]["label"] in page
    assert phone["fingerprint"] in page
    assert FINE not in page  # fine items are counted, not listed


def test_items_are_listed_most_serious_first_and_stop_items_make_the_delete_list(
    checker: Checker, tmp_path: Path
) -> None:
    page = _report(tmp_path, _audit(checker, [CAUTION, RISKY]))
    items = page.split('id="delete-list"')
    listed, delete_list = items[0], items[1]
    assert listed.index("Pritchard") < listed.index("Cribbs Causeway")
    assert "Pritchard" in delete_list and "Cribbs Causeway" not in delete_list
    assert "@media print" in page


def test_the_summary_counts_verdicts_categories_platforms_and_years(checker: Checker, tmp_path: Path) -> None:
    page = _report(tmp_path, _audit(checker, [RISKY, CAUTION, FINE]))
    assert "1 to delete (stop) · 1 to review (caution) · 1 fine" in page
    for heading in ("Items by verdict", "Flagged items by category", "By platform", "By year"):
        assert heading in page
    assert "contact-details" in page and "2012" in page


def test_a_partial_report_says_it_is_incomplete_and_lists_reading_problems(
    checker: Checker, tmp_path: Path
) -> None:
    outcome = _audit(checker, [RISKY], problems=["tweets.js broke at byte 80"])
    page = _report(tmp_path, outcome, stopped="stopped with Ctrl-C")
    assert "This report is incomplete" in page and "stopped with Ctrl-C" in page
    assert "Test export: tweets.js broke at byte 80" in page


def test_a_permalink_that_is_not_a_web_address_is_never_a_link(tmp_path: Path) -> None:
    from safepost.audit.tally import Tally

    record: Record = {
        "platform": "generic",
        "kind": "post",
        "when": None,
        "where": "posts.csv#3",
        "item_id": "3",
        "permalink": "javascript:alert(1)",
        "details": {},
        "text": "x",
        "verdict": "stop",
        "categories": [],
        "findings": [],
    }

    def records() -> Iterator[Record]:
        yield record

    path = tmp_path / "r.html"
    write_html_report(path, Tally(), records, sources=["CSV"])
    page = path.read_text(encoding="utf-8")
    assert 'href="javascript' not in page
    assert "posts.csv#3" in page


def test_overlapping_findings_are_highlighted_at_the_worst_severity() -> None:
    findings = [
        {"start": 0, "end": 8, "severity": "caution"},
        {"start": 4, "end": 12, "severity": "stop"},
    ]
    assert segments("abcdefghijklmn", findings) == [
        ("abcd", "caution"),
        ("efgh", "stop"),
        ("ijkl", "stop"),
        ("mn", None),
    ]
