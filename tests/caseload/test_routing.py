"""Contact routes: every relationship and caseload result has advice, and every citation exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepost.caseload import CheckStatus
from safepost.caseload.routing import Relationship, RouteTable, advise, built_in_routes, check_citations
from safepost.models import Verdict
from safepost.rulebook.loader import load_rulebook
from tests.caseload.sample import sample_caseload


def test_every_citation_names_a_clause_in_the_built_in_policies() -> None:
    check_citations(built_in_routes(), load_rulebook())


def test_the_contact_policies_named_in_the_issue_are_all_cited() -> None:
    cited = {(c.document, c.clause) for r in built_in_routes().routes for c in r.citations}
    assert {
        ("nsscb-2017", "2.3.4"),
        ("nsscb-2017", "2.3.5"),
        ("chscb-2017", "3.6 (8)"),
        ("bury", "3.5"),
    } <= cited
    assert {d for d, _ in cited} >= {"nsscb-2017", "gcc-2015", "chscb-2017", "cwmtaf-2014", "bury"}


def test_a_table_missing_a_combination_is_rejected() -> None:
    data = built_in_routes().model_dump()
    data["routes"] = data["routes"][:1]
    with pytest.raises(ValueError, match="no route for"):
        RouteTable.model_validate(data)


@pytest.mark.parametrize("relationship", list(Relationship))
def test_a_caseload_match_is_stop_and_tell_your_manager_whoever_they_are(
    tmp_path: Path, relationship: Relationship
) -> None:
    advice = advise("Kayleigh Smyth", relationship, sample_caseload(tmp_path / "home"))
    assert advice.verdict is Verdict.STOP and advice.tell_manager
    assert advice.check.status is CheckStatus.MATCH
    assert "C001" in advice.reasons[0]


@pytest.mark.parametrize(
    ("relationship", "verdict"),
    [
        (Relationship.unknown, Verdict.CAUTION),
        (Relationship.colleague, Verdict.CAUTION),
        (Relationship.friend, Verdict.OK),
        (Relationship.family, Verdict.OK),
    ],
)
def test_people_not_on_the_caseload_get_advice_by_relationship(
    tmp_path: Path, relationship: Relationship, verdict: Verdict
) -> None:
    advice = advise("Karen Smith", relationship, sample_caseload(tmp_path / "home"))
    assert advice.verdict is verdict and not advice.tell_manager
    assert advice.check.status is CheckStatus.NO_MATCH


def test_without_a_caseload_an_unknown_person_is_caution_and_the_reason_says_why() -> None:
    advice = advise("Kayleigh Smith", Relationship.unknown, None)
    assert advice.verdict is Verdict.CAUTION
    assert "No caseload is loaded" in advice.reasons[0]
