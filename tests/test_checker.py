"""The Python API: one reusable Checker, a verdict, findings that point at text, a safer version."""

from __future__ import annotations

from safepost import Checker, Verdict
from safepost.models import CATEGORIES
from safepost.profile import Profile

RISKY = "Rough day in court with the Pritchard kids. Text me on 07700 900123 if you need me x"


def test_stop_with_findings_pointing_at_the_text(checker: Checker) -> None:
    result = checker.check(RISKY)
    assert result.verdict is Verdict.STOP
    assert {"service-user", "contact-details"} <= set(result.categories)
    for finding in result.findings:
        assert RISKY[finding.start : finding.end] == finding.text
        assert finding.citations and finding.advice and finding.rule
        assert finding.category in CATEGORIES
    assert result.safer_text is not None
    assert "07700 900123" not in result.safer_text


def test_verdict_is_the_most_severe_finding(checker: Checker) -> None:
    result = checker.check("Absolutely shattered after the parents' evening at school, what a bloody day")
    assert result.verdict == max(f.severity for f in result.findings)


def test_harmless_post_is_ok(checker: Checker) -> None:
    result = checker.check("Sunday roast done, yorkshires rose for once 🙌")
    assert result.verdict is Verdict.OK
    assert result.findings == ()
    assert result.safer_text is None


def test_public_helpline_is_not_flagged_but_explained(checker: Checker) -> None:
    result = checker.check("If you're a kid and you're scared, Childline is free on 0800 1111, any time")
    assert "contact-details" not in result.categories
    assert any("Childline" in (hit.waived or "") for hit in result.waived)


def test_same_post_same_answer(checker: Checker) -> None:
    assert checker.check(RISKY) == checker.check(RISKY)


def test_profile_details_are_certain_findings() -> None:
    checker = Checker(profile=Profile(employers=["Wrenfield Academy"], phones=["07700 900555"]))
    result = checker.check("Interviews at wrenfield academy today! call 0770 090 0555 with questions")
    assert result.verdict is Verdict.STOP
    labels = {hit.label for finding in result.findings for hit in finding.evidence}
    assert "profile:phone" in labels


def test_rules_only_checker_still_catches_the_obvious(rules_only_checker: Checker) -> None:
    result = rules_only_checker.check(RISKY)
    assert result.verdict is Verdict.STOP
    assert "contact-details" in result.categories
    assert not any(h.label.startswith("model:") for h in rules_only_checker.hits(RISKY))


def test_mocking_oneself_is_no_cover_for_insulting_others(checker: Checker) -> None:
    assert checker.check("Reversed into my own bin this morning, what a muppet I am").verdict is Verdict.OK
    laundered = checker.check("Call me an idiot but people on benefits are scroungers, the lot of them")
    assert laundered.verdict is Verdict.STOP
    assert "offensive" in laundered.categories
