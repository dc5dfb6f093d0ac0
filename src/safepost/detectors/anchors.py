"""Cheap pre-checks for hand-written patterns: the literal words a regex cannot match without.

A lexicon pattern such as ``\\b(?:did|doing|had)\\s+(?:a\\s+)?lines?\\b`` can only match a post that
contains "did", "doing" or "had". Testing those substrings (a C-speed ``in``) first skips most
patterns on most posts, which keeps word-list matching fast as the lists grow.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

MIN_ANCHOR = 2


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-cased strings of which every match contains at least one, or None if none can be told."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    found = _sequence(list(parsed))
    return frozenset(s.lower() for s in found) if found else None


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    candidates: list[set[str]] = []
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            candidates.append({"".join(run)})
            run = []
        if op is sre.SUBPATTERN:
            inner = _sequence(list(arg[3]))
            if inner:
                candidates.append(inner)
        elif op is sre.BRANCH:
            alternatives = [_sequence(list(alt)) for alt in arg[1]]
            if all(alternatives):
                candidates.append(set().union(*alternatives))  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1:
            inner = _sequence(list(arg[2]))
            if inner:
                candidates.append(inner)
    usable = [c for c in candidates if min(len(s) for s in c) >= MIN_ANCHOR]
    if not usable:
        return None
    return max(usable, key=lambda c: (min(len(s) for s in c), -len(c)))


def may_match(anchors: frozenset[str] | None, lower_text: str) -> bool:
    return anchors is None or any(anchor in lower_text for anchor in anchors)


class PatternAnchors:
    """Which of many patterns may match a text, testing each distinct anchor once.

    Patterns share anchors ("had", "school"), so indexing patterns by anchor turns one
    test per pattern per anchor into one test per distinct anchor.
    """

    def __init__(self, anchor_sets: list[frozenset[str] | None]) -> None:
        by_anchor: dict[str, list[int]] = {}
        always: list[int] = []
        for index, anchors in enumerate(anchor_sets):
            if anchors is None:
                always.append(index)
            else:
                for anchor in anchors:
                    by_anchor.setdefault(anchor, []).append(index)
        self._always = tuple(always)
        self._by_anchor = {anchor: tuple(indices) for anchor, indices in by_anchor.items()}

    def candidates(self, lower_text: str) -> list[int]:
        """Indices, in order, of the patterns that may match ``lower_text``."""
        found = set(self._always)
        for anchor, indices in self._by_anchor.items():
            if anchor in lower_text:
                found.update(indices)
        return sorted(found)
