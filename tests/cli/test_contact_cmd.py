"""`safepost contact`: should I accept this request? Verdict, tell_manager, action, reasons, citations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke


@pytest.fixture
def with_caseload(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "caseload.csv"
    path.write_text("name,aliases,relation,ref\nKayleigh Smith,Kay,child,C001\n", encoding="utf-8")
    assert invoke("caseload", "import", str(path)).code == 0


@pytest.mark.usefixtures("with_caseload")
def test_a_caseload_match_is_stop_and_tell_your_manager(invoke: Invoke) -> None:
    result = invoke("contact", "Kayley Smyth", "--format", "json")
    assert result.code == 2
    data = json.loads(result.out)
    assert data["verdict"] == "stop" and data["tell_manager"] is True
    assert "Decline" in data["action"] and "manager" in data["action"]
    assert data["match"]["ref"] == "C001"
    assert {"document": "nsscb-2017", "clause": "2.3.5", "label": "NSSCB 2.3.5"} in data["citations"]
    assert data["reasons"]


@pytest.mark.usefixtures("with_caseload")
def test_text_output_says_what_to_do_in_plain_words(invoke: Invoke) -> None:
    result = invoke("contact", "Kayleigh Smith")
    assert result.code == 2
    assert result.out.startswith("STOP — decline")
    assert "Tell your manager." in result.out and "NSSCB 2.3.4" in result.out


@pytest.mark.usefixtures("with_caseload")
@pytest.mark.parametrize(
    ("relationship", "code", "verdict"),
    [("unknown", 1, "caution"), ("colleague", 1, "caution"), ("friend", 0, "ok"), ("family", 0, "ok")],
)
def test_people_not_on_the_caseload_are_routed_by_relationship(
    invoke: Invoke, relationship: str, code: int, verdict: str
) -> None:
    result = invoke("contact", "Karen Smith", "--relationship", relationship, "--format", "json")
    assert result.code == code
    data = json.loads(result.out)
    assert data["verdict"] == verdict and data["tell_manager"] is False and data["caseload"] == "no-match"


def test_without_a_caseload_the_reason_says_it_was_not_checked(invoke: Invoke) -> None:
    data = json.loads(invoke("contact", "Kayleigh Smith", "-f", "json").out)
    assert data["verdict"] == "caution" and data["caseload"] == "unchecked"
    assert "No caseload is loaded" in data["reasons"][0]


def test_an_unknown_relationship_or_empty_name_is_a_usage_or_input_error(invoke: Invoke) -> None:
    assert invoke("contact", "Kayleigh Smith", "--relationship", "neighbour").code == 3
    assert invoke("contact", "  ").code == 4


def test_rich_markup_in_a_name_is_printed_as_typed(invoke: Invoke) -> None:
    result = invoke("contact", "[bold]Kay[/bold] Smith")
    assert "Traceback" not in result.err and result.code in {0, 1, 2}
