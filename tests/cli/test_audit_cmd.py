"""`safepost audit`: reads real exports, writes reports, remembers baselines, exits by the worst verdict."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from safepost.audit.workers import Flag, InProcessJudge, PoolJudge
from safepost.cli import audit_cmd
from tests.audit.fakes import CAUTION, FINE, RISKY
from tests.cli.conftest import Invoke


def _jsonl_export(folder: Path, texts: Sequence[str], name: str = "posts.jsonl") -> Path:
    """A generic JSONL export, read by the real importers."""
    path = folder / name
    with path.open("w", encoding="utf-8") as handle:
        for number, text in enumerate(texts):
            row = {"id": f"p{number}", "text": text, "date": f"20{10 + number % 15}-05-01T09:30:00Z"}
            handle.write(json.dumps(row) + "\n")
    return path


def test_report_is_written_and_the_summary_line_names_it(invoke: Invoke, tmp_path: Path) -> None:
    export = _jsonl_export(tmp_path, [RISKY, CAUTION, FINE, FINE])
    report = tmp_path / "audit.html"
    result = invoke("audit", str(export), "--report", str(report))
    assert result.code == 2
    assert f"1 to delete (stop) · 1 to review (caution) · 2 fine → {report}" in result.err
    assert "Reading JSONL file posts.jsonl" in result.err
    page = report.read_text(encoding="utf-8")
    assert "Pritchard" in page and "Delete list" in page
    assert report.stat().st_mode & 0o777 == 0o600
    assert result.out == ""  # with a report, nothing is listed on screen unless asked
    assert "Traceback" not in result.err


@pytest.mark.parametrize(("texts", "code"), [([FINE], 0), ([FINE, CAUTION], 1), ([CAUTION, RISKY], 2)])
def test_the_exit_code_is_the_worst_verdict_found(
    invoke: Invoke, tmp_path: Path, texts: list[str], code: int
) -> None:
    assert invoke("audit", str(_jsonl_export(tmp_path, texts))).code == code


def test_exit_zero_exits_0_whatever_was_found(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("audit", str(_jsonl_export(tmp_path, [RISKY])), "--exit-zero").code == 0


def test_text_output_lists_flagged_items_most_serious_first(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("audit", str(_jsonl_export(tmp_path, [CAUTION, FINE, RISKY])))
    assert result.out.index("DELETE") < result.out.index("REVIEW")
    assert "Pritchard" in result.out and FINE not in result.out
    assert "posts.jsonl#3" in result.out  # where to find it


def test_text_output_shows_rich_markup_in_posts_as_typed(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("audit", str(_jsonl_export(tmp_path, ["[bold]ring me[/bold] on 07700 900123"])))
    assert "[bold]ring me[/bold]" in result.out


def test_jsonl_on_stdout_has_one_line_per_flagged_item_and_every_item_with_all(
    invoke: Invoke, tmp_path: Path
) -> None:
    export = _jsonl_export(tmp_path, [FINE, RISKY, CAUTION])
    rows = [json.loads(line) for line in invoke("audit", str(export), "-f", "jsonl").out.splitlines()]
    assert [(r["verdict"], r["text"]) for r in rows] == [("stop", RISKY), ("caution", CAUTION)]
    for row in rows:
        assert {"platform", "kind", "when", "where", "text", "verdict", "findings"} <= set(row)
        assert row["platform"] == "generic" and row["when"].endswith("Z")
        assert all(re.fullmatch(r"[0-9a-f]{24}", f["fingerprint"]) for f in row["findings"])
    every = invoke("audit", str(export), "-f", "jsonl", "--all").out.splitlines()
    assert [json.loads(line)["verdict"] for line in every] == ["ok", "stop", "caution"]


def test_csv_goes_to_a_private_output_file(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    result = invoke("audit", str(_jsonl_export(tmp_path, [RISKY, FINE])), "-f", "csv", "-o", str(out))
    assert result.code == 2 and result.out == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["text"] for r in rows] == [RISKY]
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_written_baseline_keeps_the_next_audit_quiet(invoke: Invoke, tmp_path: Path) -> None:
    export = _jsonl_export(tmp_path, [RISKY, CAUTION, FINE])
    baseline = tmp_path / "baseline.json"
    first = invoke("audit", str(export), "--write-baseline", str(baseline), "-f", "jsonl")
    assert first.code == 2
    assert "marked as reviewed" in first.err
    saved = baseline.read_text(encoding="utf-8")
    assert "Pritchard" not in saved and "07700" not in saved and "Cribbs" not in saved
    again = invoke("audit", str(export), "--baseline", str(baseline), "-f", "jsonl")
    assert again.code == 0
    assert again.out == ""
    assert "0 to delete (stop) · 0 to review (caution) · 3 fine · 2 already dealt with" in again.err


def test_marking_one_finding_as_deleted_quiets_only_that_finding(invoke: Invoke, tmp_path: Path) -> None:
    export = _jsonl_export(tmp_path, [CAUTION, RISKY])
    rows = [json.loads(line) for line in invoke("audit", str(export), "-f", "jsonl").out.splitlines()]
    location = next(r for r in rows if r["text"] == CAUTION)["findings"][0]["fingerprint"]
    baseline = tmp_path / "quiet.json"
    marked = invoke("audit", "--baseline", str(baseline), "--mark", location, "--reason", "not-a-problem")
    assert marked.code == 0 and "Marked 1 finding(s) as not-a-problem" in marked.err
    again = invoke("audit", str(export), "--baseline", str(baseline), "-f", "jsonl")
    assert [json.loads(line)["text"] for line in again.out.splitlines()] == [RISKY]
    assert again.code == 2


def test_marking_something_that_is_not_a_fingerprint_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("audit", "--baseline", str(tmp_path / "b.json"), "--mark", "07700 900123")
    assert result.code == 3
    assert "not a fingerprint" in result.err
    assert not (tmp_path / "b.json").exists()


def test_ctrl_c_writes_what_was_found_so_far_and_says_so(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = _jsonl_export(tmp_path, [RISKY] * 700)
    real_submit = InProcessJudge.submit
    calls = 0

    def interrupted_submit(self: InProcessJudge, texts: list[str]):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return real_submit(self, texts)

    monkeypatch.setattr(InProcessJudge, "submit", interrupted_submit)
    report = tmp_path / "audit.html"
    result = invoke("audit", str(export), "--jobs", "1", "--report", str(report))
    assert result.code == 130
    assert "Stopped early (stopped with Ctrl-C)" in result.err
    assert "to delete (stop)" in result.err
    page = report.read_text(encoding="utf-8")
    assert "This report is incomplete" in page and "Pritchard" in page


def test_a_pool_of_workers_gives_the_same_results_as_one_process(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Straight to the pool: a test-sized export would otherwise be done before the workers start.
    monkeypatch.setattr(audit_cmd, "AutoJudge", lambda _checker, spec, jobs, _after: PoolJudge(spec, jobs))
    export = _jsonl_export(tmp_path, [RISKY, FINE, CAUTION, "Had a few too many drinks last night lol"] * 550)
    one = invoke("audit", str(export), "-f", "jsonl", "--all", "--jobs", "1")
    two = invoke("audit", str(export), "-f", "jsonl", "--all", "--jobs", "2")
    assert one.code == two.code == 2
    assert one.out == two.out
    assert len(two.out.splitlines()) == 2200


def test_a_missing_export_is_a_clear_input_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("audit", str(tmp_path / "nowhere.zip"))
    assert result.code == 4
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give at least one export"),
        (("x.jsonl", "--output", "o.txt"), "--output is for --format jsonl or csv"),
        (("x.jsonl", "--all"), "--all lists every item"),
        (("x.jsonl", "--report", "audit.pdf"), "ending in .html"),
        (("x.jsonl", "--max-size", "lots"), "is not a size"),
        (("x.jsonl", "--policy", "no-such-policy"), "Unknown policy"),
        (("--mark", "ab" * 12), "--mark needs --baseline"),
        (("x.jsonl", "--baseline", "b.json", "--mark", "ab" * 12), "run it without exports"),
        (("x.jsonl", "--report", "no/such/folder/a.html"), "does not exist"),
    ],
)
def test_impossible_requests_are_usage_errors(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    _jsonl_export(tmp_path, [FINE], name="x.jsonl")
    monkeypatch.chdir(tmp_path)
    result = invoke("audit", *args)
    assert result.code == 3
    assert message in result.err
    assert "Traceback" not in result.err


def test_a_damaged_baseline_file_is_an_input_error(invoke: Invoke, tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    baseline.write_text("{broken", encoding="utf-8")
    result = invoke("audit", str(_jsonl_export(tmp_path, [FINE])), "--baseline", str(baseline))
    assert result.code == 4
    assert "could not be read" in result.err


def test_an_x_archive_and_a_facebook_export_make_one_audit_with_permalinks(
    invoke: Invoke, tmp_path: Path
) -> None:
    from tests.importers.exports import TWEET_ID_BASE, write_facebook_export, write_x_archive

    x = write_x_archive(tmp_path / "x", [FINE, "Court today <3 ring me on 07700 900123 & I'll explain"])
    facebook = write_facebook_export(tmp_path / "fb", [RISKY, FINE], check_ins=["Cribbs Causeway"])
    report = tmp_path / "audit.html"
    result = invoke("audit", *map(str, x + facebook), "--report", str(report), "-f", "jsonl")
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert result.code == 2
    tweet = next(r for r in rows if r["platform"] == "x")
    assert tweet["text"] == "Court today <3 ring me on 07700 900123 & I'll explain"  # entities unescaped
    assert tweet["permalink"].endswith(f"/status/{TWEET_ID_BASE + 1}")
    assert any(r["platform"] == "facebook" and "Pritchard" in r["text"] for r in rows)
    assert "Reading X archive" in result.err and "Reading Facebook" in result.err
    page = report.read_text(encoding="utf-8")
    assert f'href="{tweet["permalink"]}"' in page
    assert "Court today &lt;3 ring me" in page


AGREEMENT_POSTS = [
    RISKY,
    FINE,
    CAUTION,
    "Happy birthday Jayden Okafor!! Have the best day",
    "Had a few too many drinks last night lol",
    "Follow me on instagram @jobloggs",
    "Met a lovely family on a home visit today",
    "Off to the Royal Infirmary for my night shift again",
]


def test_audit_and_check_give_every_post_the_same_verdict_and_findings(
    invoke: Invoke, tmp_path: Path
) -> None:
    caseload = tmp_path / "caseload.csv"
    caseload.write_text("name,aliases,relation,ref\nJaydon Okafor,,child,C002\n", encoding="utf-8")
    # `safepost check` uses the saved caseload, so the audit must too.
    assert invoke("caseload", "import", str(caseload)).code == 0
    export = _jsonl_export(tmp_path, AGREEMENT_POSTS)
    audit_out = invoke("audit", str(export), "-f", "jsonl", "--all").out
    check_out = invoke("check", "--input", str(export), "-f", "jsonl").out
    audited = [json.loads(line) for line in audit_out.splitlines()]
    checked = [json.loads(line) for line in check_out.splitlines()]
    assert len(audited) == len(checked) == len(AGREEMENT_POSTS)
    assert any(f["rule"] == "SVC109" for f in audited[3]["findings"])  # found through the caseload
    for audit_row, check_row in zip(audited, checked, strict=True):
        assert audit_row["verdict"] == check_row["verdict"]
        findings = [{k: v for k, v in f.items() if k != "fingerprint"} for f in audit_row["findings"]]
        assert findings == check_row["findings"]


def test_a_checking_process_that_dies_still_writes_what_was_found_and_exits_3(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = _jsonl_export(tmp_path, [RISKY] * 600)
    real_submit = InProcessJudge.submit

    def dying_submit(self: InProcessJudge, texts: list[str]) -> Future[list[Flag]]:
        if dying_submit.calls:  # type: ignore[attr-defined]
            future: Future[list[Flag]] = Future()
            future.set_exception(BrokenProcessPool("killed"))
            return future
        dying_submit.calls += 1  # type: ignore[attr-defined]
        return real_submit(self, texts)

    dying_submit.calls = 0  # type: ignore[attr-defined]
    monkeypatch.setattr(InProcessJudge, "submit", dying_submit)
    report = tmp_path / "audit.html"
    result = invoke("audit", str(export), "--jobs", "1", "--report", str(report))
    assert result.code == 3
    assert "stopped unexpectedly" in result.err and "Traceback" not in result.err
    assert "This report is incomplete" in report.read_text(encoding="utf-8")


def test_escape_sequences_in_an_export_never_reach_the_terminal(invoke: Invoke, tmp_path: Path) -> None:
    """An ESC from a post or a file name could retitle or repaint the person's terminal."""
    result = invoke(
        "audit", str(_jsonl_export(tmp_path, ["ring me on 07700 900123 \x1b]0;owned\x07 \x1b[2J"]))
    )
    assert "\x1b" not in result.out
    assert "07700 900123 \ufffd]0;owned" in result.out


def test_an_output_file_that_is_the_export_itself_is_refused_not_overwritten(
    invoke: Invoke, tmp_path: Path
) -> None:
    export = _jsonl_export(tmp_path, [RISKY])
    before = export.read_bytes()
    result = invoke("audit", str(export), "--format", "jsonl", "--output", str(export))
    assert result.code == 3
    assert "one of the exports being audited" in result.err
    assert export.read_bytes() == before


def test_the_baseline_is_written_even_when_the_screen_output_fails(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`safepost audit x --write-baseline b.json | head` closes the pipe; the baseline must still be saved."""

    def closed_pipe(*_args: object) -> int:
        raise BrokenPipeError

    monkeypatch.setattr(audit_cmd, "print_records", closed_pipe)
    baseline = tmp_path / "baseline.json"
    invoke("audit", str(_jsonl_export(tmp_path, [RISKY])), "--write-baseline", str(baseline))
    assert baseline.exists()


def test_data_of_an_unexpected_shape_still_gives_a_report_and_a_note_not_a_crash(
    invoke: Invoke, tmp_path: Path
) -> None:
    """A number where Facebook writes a list used to end the audit with "something went wrong"."""
    posts = tmp_path / "fb" / "your_facebook_activity" / "posts"
    posts.mkdir(parents=True)
    odd = {"timestamp": 1_700_000_000, "data": [{"post": "ring me on 07700 900123"}], "tags": 5}
    (posts / "your_posts_1.json").write_text(json.dumps([odd]))
    report = tmp_path / "audit.html"
    result = invoke("audit", str(tmp_path / "fb"), "--report", str(report))
    assert result.code == 2
    assert "07700 900123" in report.read_text(encoding="utf-8")
    assert "something went wrong" not in result.err
