"""The trie-compiled alternation matches whole words, longest first, with the documented syntax."""

import pytest

from safepost.detectors.triematch import compile_terms

TERMS = ["social worker", "social", "foster*", "health visitor", "f***", "c**t", "year 11s", "f*ck*"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a social worker today", ["social worker"]),
        ("my socials are private", []),
        ("we are fostering again", ["fostering"]),
        ("the health\n visitor came", ["health\n visitor"]),
        ("what the f*** and c**t", ["f***", "c**t"]),
        ("f*cking hell", ["f*cking"]),
        ("my year 11s left", ["year 11s"]),
        ("year 11 exams", []),
        ("antisocial behaviour", []),
    ],
)
def test_matches_whole_words_longest_first(text: str, expected: list[str]) -> None:
    pattern = compile_terms(TERMS)
    assert pattern is not None
    assert [m.group() for m in pattern.finditer(text.lower())] == expected


def test_case_sensitive_terms_keep_their_case() -> None:
    pattern = compile_terms(["LAC", "CP plan"], ignore_case=False)
    assert pattern is not None
    assert [m.group() for m in pattern.finditer("LAC review, lac, CP plan")] == ["LAC", "CP plan"]


def test_no_terms_compile_to_nothing() -> None:
    assert compile_terms([]) is None
    assert compile_terms(["   "]) is None
