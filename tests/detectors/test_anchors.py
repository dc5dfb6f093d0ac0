"""Pre-checks for lexicon patterns never skip a pattern that could match (they only save time)."""

from __future__ import annotations

import re

import pytest

from safepost.detectors.anchors import may_match, required_literals
from safepost.detectors.vocabulary import load_lexicon, packaged_lexicon_paths


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b(?:did|doing|snorted)\s+(?:a\s+)?lines?\b", {"line"}),  # the most selective required part
        (r"\bdoor\s+code\b", {"door"}),
        (r"\b(?:room|bay)\s?\d{1,3}\b", {"room", "bay"}),
        (r"\b(?:a|an)\s+\d+\b", None),  # nothing of three letters is required
        (r"(?:💊|🍄).{0,9}\bparty\b", {"party"}),
    ],
)
def test_required_literals(pattern: str, expected: set[str] | None) -> None:
    found = required_literals(pattern)
    assert (set(found) if found is not None else None) == expected


def test_no_pattern_is_skipped_on_an_example_it_matches() -> None:
    """Every shipped pattern, on every lexicon example: if the regex matches, the pre-check lets it run."""
    for path in packaged_lexicon_paths():
        lexicon = load_lexicon(path)
        examples = [
            e for label in lexicon.labels.values() for e in (*label.examples.match, *label.examples.no_match)
        ]
        for label in lexicon.labels.values():
            for pattern in label.patterns:
                anchors = required_literals(pattern)
                compiled = re.compile(pattern, re.IGNORECASE)
                for text in examples:
                    if compiled.search(text):
                        assert may_match(anchors, text.lower()), (pattern, text)
