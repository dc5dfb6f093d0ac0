"""Cutting a post into highlighted pieces: every character kept, overlaps never doubled."""

from __future__ import annotations

from safepost.checker import Checker
from safepost.models import CheckResult, Finding, Verdict
from safepost.web.results import Piece, pieces


def _finding(start: int, end: int, text: str, severity: Verdict = Verdict.CAUTION) -> Finding:
    return Finding("CON101", "x", "t", "contact-details", severity, start, end, text[start:end], (), "a", "e")


def test_pieces_keep_every_character_in_order(checker: Checker) -> None:
    text = "Text me on 07700 900123, I'm the Smiths' social worker"
    result = checker.check(text)
    assert "".join(p.text for p in pieces(result)) == text
    assert [p.number for p in pieces(result) if p.number] == sorted(
        p.number for p in pieces(result) if p.number
    )


def test_an_overlapping_finding_is_not_highlighted_twice() -> None:
    text = "call 07700 900123 now"
    result = CheckResult(
        text, Verdict.STOP, (_finding(5, 17, text, Verdict.STOP), _finding(11, 17, text)), None
    )
    assert pieces(result) == [Piece("call "), Piece("07700 900123", 1, "stop"), Piece(" now")]


def test_a_photo_finding_is_not_placed_in_the_caption() -> None:
    text = "At the park"
    photo = Finding(
        "IMG101", "x", "t", "location", Verdict.CAUTION, 0, 3, "GPS", (), "a", "e", source="p.jpg", part="GPS"
    )
    assert pieces(CheckResult(text, Verdict.CAUTION, (photo,), None)) == [Piece(text)]
