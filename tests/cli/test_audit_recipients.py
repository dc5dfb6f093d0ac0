"""`safepost audit`: a message sent to someone on the caseload is a boundaries risk, whatever it says."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke
from tests.importers.exports import OWNER, write_facebook_export

HARMLESS = "See you at the park at four then"


def _import_caseload(invoke: Invoke, tmp_path: Path, line: str) -> None:
    caseload = tmp_path / "caseload.csv"
    caseload.write_text(f"name,aliases,relation,ref\n{line}\n", encoding="utf-8")
    assert invoke("caseload", "import", str(caseload)).code == 0


def _audited_messages(invoke: Invoke, tmp_path: Path) -> tuple[int, list[dict[str, object]]]:
    export = write_facebook_export(
        tmp_path / "fb", messages=[(OWNER, HARMLESS)]
    )  # thread with Kayleigh Smith
    result = invoke("audit", *map(str, export), "--format", "jsonl", "--all", "--jobs", "1")
    rows = [json.loads(line) for line in result.out.splitlines()]
    return result.code, [r for r in rows if r["kind"] == "message"]


def test_a_message_to_someone_on_the_caseload_is_stop_under_the_boundaries_rule(
    invoke: Invoke, tmp_path: Path
) -> None:
    _import_caseload(invoke, tmp_path, "Kayleigh Smyth,,child,C-101")  # spelt differently: still her
    code, messages = _audited_messages(invoke, tmp_path)
    assert code == 2  # the fixture's other items are caution at most
    (message,) = messages
    assert message["verdict"] == "stop"
    finding = next(f for f in message["findings"] if f["rule"] == "BND108")
    assert finding["category"] == "boundaries"
    assert finding["text"] == "caseload entry C-101"  # the entry's ref, never a name
    assert {c["label"] for c in finding["citations"]} >= {"NSSCB 2.3.4", "Bury 3.5"}
    assert (finding["start"], finding["end"]) == (0, 0)  # not a span of the message's words


def test_the_same_message_to_someone_not_on_the_caseload_is_judged_on_its_words_alone(
    invoke: Invoke, tmp_path: Path
) -> None:
    _import_caseload(invoke, tmp_path, "Oluwaseun Adeyemi,,parent,C-102")
    _code, messages = _audited_messages(invoke, tmp_path)
    assert [m["verdict"] for m in messages] == ["ok"]


def test_without_a_caseload_messages_are_judged_on_their_words_alone(invoke: Invoke, tmp_path: Path) -> None:
    _code, messages = _audited_messages(invoke, tmp_path)
    assert [m["findings"] for m in messages] == [[]]
