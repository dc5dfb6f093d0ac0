"""JSON Lines and CSV audit rows: the agreed fields, findings as `safepost check` writes them."""

from __future__ import annotations

import csv
import io
import json

from safepost.audit.fingerprints import Fingerprinter
from safepost.audit.runner import run_audit
from safepost.audit.workers import InProcessJudge
from safepost.checker import Checker
from safepost.reporters.audit_rows import CSV_FIELDS, CsvWriter, JsonlWriter
from safepost.reporters.json import finding_to_dict
from tests.audit.fakes import FINE, RISKY, FakeExport


def test_jsonl_has_one_line_per_flagged_item_with_the_agreed_fields(checker: Checker) -> None:
    out = io.StringIO()
    run_audit([FakeExport([FINE, RISKY])], InProcessJudge(checker), Fingerprinter(), sink=JsonlWriter(out))
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert {"platform", "kind", "when", "where", "text", "verdict", "findings"} <= set(row)
    assert (row["platform"], row["kind"], row["verdict"], row["text"]) == ("x", "post", "stop", RISKY)
    expected = [finding_to_dict(f, checker.rulebook) for f in checker.check(RISKY).findings]
    assert [{k: v for k, v in f.items() if k != "fingerprint"} for f in row["findings"]] == expected
    assert all(len(f["fingerprint"]) == 24 for f in row["findings"])


def test_jsonl_with_every_item_includes_fine_ones(checker: Checker) -> None:
    out = io.StringIO()
    run_audit(
        [FakeExport([FINE, RISKY])],
        InProcessJudge(checker),
        Fingerprinter(),
        sink=JsonlWriter(out),
        include_fine=True,
    )
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert next((r["text"], r["verdict"], r["findings"]) for r in rows) == (FINE, "ok", [])
    assert len(rows) == 2


def test_csv_has_a_header_and_readable_columns_that_survive_commas_quotes_and_line_breaks(
    checker: Checker,
) -> None:
    post = 'Court today, "tough" one\nText me on 07700 900123'
    out = io.StringIO()
    run_audit([FakeExport([post])], InProcessJudge(checker), Fingerprinter(), sink=CsvWriter(out))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_FIELDS
    row = rows[0]
    assert row["text"] == post
    assert row["verdict"] == "stop"
    assert "contact-details" in row["categories"]
    assert "“07700 900123”" in row["findings"]
    assert row["permalink"] == "https://x.com/jobloggs/status/1000"
    assert len(row["fingerprints"].split("; ")) == len(checker.check(post).findings)


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_kept_as_text(checker: Checker) -> None:
    post = '=HYPERLINK("http://example.invalid","click") text me on 07700 900123'
    out = io.StringIO()
    run_audit([FakeExport([post])], InProcessJudge(checker), Fingerprinter(), sink=CsvWriter(out))
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["text"] == "'" + post
    assert row["verdict"] == "stop"
