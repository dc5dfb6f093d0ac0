"""How rules turn detector hits into findings: any / also / unless / within / fallback."""

from __future__ import annotations

from typing import Any

from safepost.engine import RuleEngine
from safepost.models import Hit, Verdict
from safepost.rulebook.loader import LoadedRule, Rulebook
from safepost.rulebook.schema import PolicyDocument, Rule
from safepost.text import PostText

DOC = PolicyDocument(
    id="org", short="ORG", title="Our policy", publisher="Us", clauses={"1": "one", "2": "two"}
)


def rule(rule_id: str, category: str, trigger: dict[str, Any], severity: str = "stop", **extra: Any) -> Rule:
    return Rule.model_validate(
        {
            "id": rule_id,
            "slug": rule_id.lower() + "-rule",
            "title": "t",
            "category": category,
            "severity": severity,
            "citations": [{"document": "org", "clause": "1"}],
            "summary": "s",
            "rationale": "r",
            "advice": "a",
            "trigger": trigger,
            "examples": {"fire": ["x"], "quiet": ["y"]},
            **extra,
        }
    )


def engine(*rules: Rule) -> RuleEngine:
    return RuleEngine(Rulebook({"org": DOC}, [LoadedRule(r, "test") for r in rules]))


TEXT = "Call me on 07700 900123. The Smith kids were in court today."
PHONE = Hit("contact:phone", 11, 23, "07700 900123", 0.9)
NAME = Hit("names:family", 25, 39, "The Smith kids", 0.8)
COURT = Hit("people:legal", 53, 58, "court", 0.7)
HELPLINE = Hit("contact:phone", 0, 4, "Call", 1.0, waived="a helpline")


def test_any_fires_once_per_primary_hit_with_its_span() -> None:
    findings = engine(rule("CON101", "contact-details", {"any": ["contact:phone"]})).apply(
        PostText(TEXT), [PHONE]
    )
    assert [(f.rule, f.start, f.end, f.text, f.severity) for f in findings] == [
        ("CON101", 11, 23, "07700 900123", Verdict.STOP)
    ]


def test_minimum_score_is_respected() -> None:
    eng = engine(rule("CON101", "contact-details", {"any": ["contact:phone>=0.95"]}))
    assert eng.apply(PostText(TEXT), [PHONE]) == []


def test_waived_hits_never_fire() -> None:
    eng = engine(rule("CON101", "contact-details", {"any": ["contact:*"]}))
    assert eng.apply(PostText(TEXT), [HELPLINE]) == []


def test_also_needs_every_group_in_scope() -> None:
    eng = engine(rule("SU101", "service-user", {"any": ["names:*"], "also": [["people:legal"]]}))
    assert len(eng.apply(PostText(TEXT), [NAME, COURT])) == 1
    assert eng.apply(PostText(TEXT), [NAME]) == []


def test_within_sentence_limits_supporting_hits() -> None:
    eng = engine(
        rule(
            "SU101",
            "service-user",
            {"any": ["contact:phone"], "also": [["people:legal"]], "within": "sentence"},
        )
    )
    assert eng.apply(PostText(TEXT), [PHONE, COURT]) == []
    eng_post = engine(rule("SU102", "service-user", {"any": ["contact:phone"], "also": [["people:legal"]]}))
    assert len(eng_post.apply(PostText(TEXT), [PHONE, COURT])) == 1


def test_unless_keeps_the_rule_quiet() -> None:
    eng = engine(rule("CON101", "contact-details", {"any": ["contact:phone"], "unless": ["people:*"]}))
    assert eng.apply(PostText(TEXT), [PHONE, COURT]) == []


def test_fallback_rule_stands_back_when_its_category_already_fired() -> None:
    specific = rule("SU101", "service-user", {"any": ["names:family"]})
    catch_all = rule("SU199", "service-user", {"any": ["people:legal"]}, fallback=True)
    findings = engine(specific, catch_all).apply(PostText(TEXT), [NAME, COURT])
    assert [f.rule for f in findings] == ["SU101"]
    findings = engine(specific, catch_all).apply(PostText(TEXT), [COURT])
    assert [f.rule for f in findings] == ["SU199"]


def test_findings_are_ordered_most_severe_first_then_by_position() -> None:
    eng = engine(
        rule("WP101", "workplace", {"any": ["people:legal"]}, severity="caution"),
        rule("CON101", "contact-details", {"any": ["contact:phone"]}),
    )
    findings = eng.apply(PostText(TEXT), [COURT, PHONE])
    assert [f.rule for f in findings] == ["CON101", "WP101"]


def test_explanation_names_detector_pattern_and_context() -> None:
    hit = Hit("contact:phone", 11, 23, "07700 900123", 0.9, "UK mobile", raised_by=("call",))
    (finding,) = engine(rule("CON101", "contact-details", {"any": ["contact:phone"]})).apply(
        PostText(TEXT), [hit]
    )
    assert "contact:phone" in finding.explanation
    assert "UK mobile" in finding.explanation
    assert "raised by: call" in finding.explanation


def test_overlapping_hits_of_one_rule_become_one_wider_finding() -> None:
    text = "Mrs Walker in room 12 again"
    first = Hit("names:person", 0, 10, "Mrs Walker", 0.9)
    second = Hit("names:person", 4, 21, "Walker in room 12", 0.9)
    (finding,) = engine(rule("SU101", "service-user", {"any": ["names:person"]})).apply(
        PostText(text), [first, second]
    )
    assert (finding.start, finding.end, finding.text) == (0, 21, "Mrs Walker in room 12")


def test_safer_text_never_leaks_the_tail_of_an_overlapping_span() -> None:
    from safepost.redact import safer_text

    text = "Mrs Walker in room 12 again"
    a = engine(rule("SU101", "service-user", {"any": ["names:person"]}, fix="redact", placeholder="[name]"))
    b = engine(rule("SU102", "service-user", {"any": ["people:room"]}, fix="redact", placeholder="[room]"))
    findings = [
        *a.apply(PostText(text), [Hit("names:person", 0, 14, "Mrs Walker in ", 0.9)]),
        *b.apply(PostText(text), [Hit("people:room", 11, 21, "in room 12", 0.9)]),
    ]
    assert safer_text(text, findings) == "[name] again"
