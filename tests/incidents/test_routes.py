"""Each route answers who to tell, how fast, what to keep and what not to do, citing real clauses."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from safepost.incidents.routes import GROUPS, Advice, advise, load_routes
from safepost.incidents.schema import IncidentType, Step
from safepost.profile import Contact, LocalContacts
from safepost.rulebook.loader import load_rulebook

ISSUE_TYPES = {
    "bullying",
    "service-user-contact",
    "impersonation",
    "press-contact",
    "child-at-risk",
    "indecent-images",
    "colleague-conduct",
    "worrying-material",
    "posted-by-mistake",
    "unsure",
}


def _cited(advice: Advice) -> set[tuple[str, str]]:
    return {(c.document, c.clause) for _, _, steps in advice.groups for s in steps for c in s.citations}


def _text(advice: Advice, group: str) -> str:
    return " ".join(s.text for key, _, steps in advice.groups if key == group for s in steps)


def test_every_kind_of_concern_in_the_issue_has_a_route() -> None:
    assert set(load_routes().types) == ISSUE_TYPES


@pytest.mark.parametrize("type_id", sorted(ISSUE_TYPES))
def test_each_route_answers_the_four_questions_and_every_citation_is_a_real_clause(type_id: str) -> None:
    documents = load_rulebook([]).documents
    advice = advise(type_id)
    assert [key for key, _, _ in advice.groups] == [key for key, _ in GROUPS]
    for _, _, steps in advice.groups:
        assert steps
        for step in steps:
            assert step.citations or step.source, step.text
            for c in step.citations:
                assert c.clause in documents[c.document].clauses


def test_bullying_says_keep_records_tell_your_manager_and_police_is_your_choice() -> None:
    advice = advise("bullying")
    assert {("nsscb-2017", "2.8.3"), ("nsscb-2017", "2.8.5"), ("nsscb-2017", "2.8.4")} <= _cited(advice)
    assert "line manager" in _text(advice, "tell")
    assert "your choice" in _text(advice, "tell")
    assert "Professionals Online Safety Helpline" in _text(advice, "tell")
    assert "Report Harmful Content" in _text(advice, "tell")
    assert "screenshots" in _text(advice, "keep")
    assert "Do not delete" in _text(advice, "avoid")


def test_contact_from_a_service_user_is_declined_and_told_to_the_manager() -> None:
    advice = advise("service-user-contact")
    assert ("cwmtaf-2014", "Notify manager 6") in _cited(advice)
    assert "Do not accept" in _text(advice, "avoid")
    assert "line manager" in _text(advice, "tell")


def test_cloned_profile_and_press_contact_go_to_the_manager() -> None:
    assert ("cwmtaf-2014", "Notify manager 5") in _cited(advice := advise("impersonation"))
    assert "Report Harmful Content" in _text(advice, "tell")
    assert ("cwmtaf-2014", "Notify manager 1") in _cited(press := advise("press-contact"))
    assert "Do not comment" in _text(press, "avoid")


def test_a_child_in_immediate_danger_means_999_first() -> None:
    advice = advise("child-at-risk")
    assert advice.type.emergency is not None and "999" in advice.type.emergency
    first = advice.groups[0][2][0]
    assert "999" in first.text
    assert "CEOP" in _text(advice, "tell")
    assert "designated safeguarding lead" in _text(advice, "tell")
    assert ("gcc-2015", "Concerns") in _cited(advice)
    # GCC "What to do if you have concerns": report online concerns *immediately*, not "today".
    assert _text(advice, "how_fast").startswith("Immediately")
    # This type accepts files, so where it says what to keep it must also say what never to keep.
    assert "never save, screenshot or add here a sexual image of a child" in _text(advice, "keep")


def test_indecent_images_go_to_police_and_lado_and_no_file_is_ever_accepted() -> None:
    advice = advise("indecent-images")
    kind = advice.type
    assert not kind.accepts_evidence
    assert kind.no_evidence_reason is not None and "crime" in kind.no_evidence_reason
    assert "people" not in kind.records
    assert ("nsscb-2017", "2.7.4") in _cited(advice)
    tell = _text(advice, "tell")
    assert "police" in tell and "LADO" in tell
    assert "Internet Watch Foundation" in tell
    assert "Do not copy" in _text(advice, "avoid")
    assert "Immediately" in _text(advice, "how_fast")


def test_a_colleagues_offensive_posts_can_go_to_the_lado() -> None:
    advice = advise("colleague-conduct")
    assert ("nsscb-2017", "2.3.9") in _cited(advice)
    assert "LADO" in _text(advice, "tell")
    # NSSCB 2.3.9 says such remarks "may be referred to the LADO"; the LADO does not decide
    # whether something is a crime, so the advice must not say so.
    assert "decides whether it is a crime" not in _text(advice, "tell")


def test_other_worrying_material_means_asking_hr_or_the_lado() -> None:
    advice = advise("worrying-material")
    assert ("nsscb-2017", "2.7.5") in _cited(advice)
    tell = _text(advice, "tell")
    assert "HR" in tell and "LADO" in tell


def test_a_mistaken_post_is_taken_down_and_told_and_a_doubtful_one_is_asked_about() -> None:
    mistake = advise("posted-by-mistake")
    assert "Take it down" in _text(mistake, "how_fast")
    assert "line manager" in _text(mistake, "tell")
    unsure = advise("unsure")
    assert ("cwmtaf-2014", "Notify manager 4") in _cited(unsure)
    assert "draft" in unsure.type.records


def test_local_contacts_from_the_profile_are_filled_in() -> None:
    contacts = LocalContacts(lado=Contact(name="Ana Reyes", phone="01632 960000"))
    advice = advise("indecent-images", contacts)
    tell = next(s for s in advice.groups[0][2] if "LADO" in s.text)
    assert "your LADO, Ana Reyes (01632 960000)" in tell.text
    assert not tell.contact_missing


def test_a_missing_local_contact_says_how_to_add_it() -> None:
    advice = advise("indecent-images")
    tell = next(s for s in advice.groups[0][2] if "LADO" in s.text)
    assert tell.contact_missing
    assert "your LADO (add their details with `safepost incident contacts lado NAME" in tell.text


def test_national_services_have_a_source_and_the_emergency_numbers_are_right() -> None:
    national = load_routes().national
    assert {"police-999", "police-101", "ceop", "iwf", "posh", "report-harmful-content"} <= set(national)
    assert national["police-999"].phone == "999"
    assert national["police-101"].phone == "101"
    for route in national.values():
        assert route.source.url.startswith("https://")


def test_a_step_without_citation_or_service_is_rejected() -> None:
    with pytest.raises(ValidationError, match="citation"):
        Step(text="Tell someone.")


def test_a_type_that_refuses_files_must_say_why() -> None:
    step = {"text": "x", "national": "iwf"}
    steps = {"tell": [step], "how_fast": [step], "keep": [step], "avoid": [step]}
    with pytest.raises(ValidationError, match="no_evidence_reason"):
        IncidentType.model_validate(
            {"id": "x-type", "title": "x", "question": "x", "accepts_evidence": False, "steps": steps}
        )


def test_an_unknown_type_is_a_clear_usage_error() -> None:
    from safepost.errors import UsageError

    with pytest.raises(UsageError, match="incident types"):
        advise("nonsense")
