"""`safepost check`: verdicts as words and exit codes, JSON shapes, batch files, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke

RISKY = "Rough day in court with the Pritchard kids. Text me on 07700 900123 if you need me x"


def test_stop_post_says_stop_and_exits_2(invoke: Invoke) -> None:
    result = invoke("check", RISKY)
    assert result.code == 2
    assert "STOP — don't post this" in result.out
    assert "07700 900123" in result.out
    assert "Safer version" in result.out


def test_harmless_post_is_ok_and_exits_0(invoke: Invoke) -> None:
    result = invoke("check", "Made banana bread with my daughter this afternoon, house smells amazing")
    assert result.code == 0
    assert result.out.startswith("OK")


def test_exit_zero_keeps_the_verdict_but_exits_0(invoke: Invoke) -> None:
    result = invoke("check", "--exit-zero", RISKY)
    assert result.code == 0
    assert "STOP" in result.out


def test_json_output_carries_findings_with_citations(invoke: Invoke) -> None:
    result = invoke("check", "--format", "json", RISKY)
    data = json.loads(result.out)
    assert data["verdict"] == "stop"
    phone = next(f for f in data["findings"] if f["category"] == "contact-details")
    assert RISKY[phone["start"] : phone["end"]] == phone["text"] == "07700 900123"
    assert {c["document"] for c in phone["citations"]} >= {"nsscb-2017"}
    assert phone["advice"] and phone["rule"] and phone["severity"] == "stop"


def test_reads_the_post_from_stdin(invoke: Invoke) -> None:
    result = invoke("check", "-", "--format", "json", stdin=RISKY.encode())
    assert json.loads(result.out)["verdict"] == "stop"


def test_invalid_utf8_on_stdin_is_a_clear_error(invoke: Invoke) -> None:
    result = invoke("check", "-", stdin=b"caf\xe9 with the team \xff")
    assert result.code == 4
    assert "not valid UTF-8" in result.err
    assert "Traceback" not in result.err


def test_empty_and_whitespace_posts_are_ok(invoke: Invoke) -> None:
    for text in ("", "   \n\t "):
        result = invoke("check", "-", "--format", "json", stdin=text.encode())
        assert result.code == 0
        assert json.loads(result.out)["verdict"] == "ok"


def test_a_post_of_nearly_a_million_characters_is_checked(invoke: Invoke) -> None:
    big = ("Lovely day at the beach with my family. " * 52000)[:999_000] + " ring me on 07700 900456"
    result = invoke("check", "-", "--format", "json", stdin=big.encode())
    assert result.code == 2
    assert any(f["text"] == "07700 900456" for f in json.loads(result.out)["findings"])


def test_a_50_megabyte_post_is_refused_at_once_with_a_clear_reason(invoke: Invoke) -> None:
    huge = b"Mr A and Mrs B came too. " * (50 * 1024 * 1024 // 25)
    result = invoke("check", "-", stdin=huge)
    assert result.code == 4
    assert "far longer than any social-media post" in result.err
    assert "Traceback" not in result.err


def test_an_overlong_batch_line_is_skipped_and_the_others_checked(invoke: Invoke, tmp_path: Path) -> None:
    batch = tmp_path / "posts.jsonl"
    lines = [{"id": 1, "text": "x " * 600_000}, {"id": 2, "text": "Text me on 07700 900123"}]
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = invoke("check", "--input", str(batch))
    assert result.code == 4
    assert "line 1" in result.err and "far longer" in result.err
    assert [json.loads(row)["id"] for row in result.out.splitlines()] == [2]


def test_batch_jsonl_names_bad_lines_and_checks_the_rest(invoke: Invoke, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_bytes(
        b'{"id": "a", "text": "Text me on 07700 900123"}\n'
        b"{not json}\n"
        b'{"id": "c", "text": "Lovely sunset tonight"}\n'
        b'{"id": "d"}\n'
        b'{"id": "e", "text": "caf\xc3\xa9 time"}\n'
        b'{"id": "f", "text": "bad \xff byte"}\n'
    )
    result = invoke("check", "--input", str(posts), "--format", "jsonl")
    assert result.code == 4
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "c", "e"]
    assert rows[0]["verdict"] == "stop" and rows[1]["verdict"] == "ok"
    for finding in rows[0]["findings"]:
        assert {
            "category",
            "rule",
            "severity",
            "start",
            "end",
            "text",
            "citations",
            "advice",
        } <= finding.keys()
    assert "line 2" in result.err and "line 4" in result.err and "line 6" in result.err


def test_batch_exit_code_is_the_worst_verdict(invoke: Invoke, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text('{"id": 1, "text": "Sunny walk"}\n{"id": 2, "text": "Text me on 07700 900123"}\n')
    assert invoke("check", "--input", str(posts), "--format", "jsonl").code == 2


def test_missing_batch_file_is_a_clear_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("check", "--input", str(tmp_path / "nope.jsonl"))
    assert result.code == 4
    assert "Cannot open" in result.err


def test_unknown_policy_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("check", "--policy", "made-up-policy", "hello")
    assert result.code == 3
    assert "Unknown policy made-up-policy" in result.err
    assert "Traceback" not in result.err


def test_broken_rule_file_is_a_clear_error(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text("rules:\n  - id: BAD1\n    slug: x\n")
    result = invoke("check", "--rules", str(tmp_path), "hello")
    assert result.code == 5
    assert "rules.yaml" in result.err and "BAD1" in result.err


def test_text_and_input_together_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("check", "hello", "--input", str(tmp_path / "x.jsonl"))
    assert result.code == 3


def test_policy_selection_limits_citations(invoke: Invoke) -> None:
    result = invoke("check", "--policy", "bury", "--format", "json", "Text me on 07700 900123")
    data = json.loads(result.out)
    assert data["findings"]
    for finding in data["findings"]:
        assert any(c["document"] == "bury" for c in finding["citations"])


def test_an_unknown_option_is_a_usage_error_without_traceback(invoke: Invoke) -> None:
    result = invoke("check", "--no-such-option", "hello")
    assert result.code == 3
    assert "Traceback" not in result.err


def test_a_broken_surrogate_in_a_batch_line_is_reported_and_the_rest_checked(
    invoke: Invoke, tmp_path: Path
) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        '{"id": 1, "text": "\\ud83d call 07700 900123"}\n{"id": 2, "text": "Lovely sunny day"}\n'
    )
    result = invoke("check", "--input", str(posts), "--format", "jsonl")
    assert result.code == 4
    assert [json.loads(line)["id"] for line in result.out.splitlines()] == [2]
    assert "line 1" in result.err


def test_rich_markup_in_input_is_printed_literally(invoke: Invoke) -> None:
    result = invoke("check", "--policy", "[/x]", "hello")
    assert result.code == 3
    assert "[/x]" in result.err


def test_a_line_break_before_a_capital_is_fine(invoke: Invoke) -> None:
    assert invoke("check", "\n A big thank you to everyone").code in (0, 1)


def test_plus_inside_a_spelled_number_is_fine(invoke: Invoke) -> None:
    result = invoke("check", "call oh seven seven oh oh plus nine oh oh one two three")
    assert result.code in (0, 1, 2)
    assert "Traceback" not in result.err and "went wrong" not in result.err


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    batch = tmp_path / "posts.jsonl"
    batch.write_text(
        "".join(json.dumps({"id": i, "text": "Text me on 07700 900123"}) + "\n" for i in range(3000))
    )
    env = {**os.environ, "SAFEPOST_HOME": str(tmp_path / "home")}
    writer = subprocess.Popen(
        [sys.executable, "-m", "safepost.cli.main", "check", "--input", str(batch), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert writer.stdout is not None and writer.stderr is not None
    writer.stdout.readline()  # the reader takes one line, then goes away (like `| head -1`)
    writer.stdout.close()
    error = writer.stderr.read().decode()
    writer.wait(timeout=120)  # click ends it with exit 1 once the pipe is closed
    assert error == ""  # no traceback, no "something went wrong"
