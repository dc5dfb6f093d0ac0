"""What every detector is: a name and a pure function from a prepared post to hits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from safepost.models import Hit
from safepost.text import PostText


class Detector(Protocol):
    """A detector finds things in a post; it never decides verdicts (rules do)."""

    name: str

    def detect(self, post: PostText) -> Iterable[Hit]:
        """Yield hits whose offsets refer to ``post.text``."""
        ...


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string, for readability: ``word_set("call ring text")``."""
    return frozenset(text.split())


def context_hits(
    words_before: list[str], words_after: list[str], vocabulary: frozenset[str]
) -> tuple[str, ...]:
    """The context words (from either side) that appear in ``vocabulary``, in order, once each."""
    seen: dict[str, None] = {}
    for word in (*words_before, *words_after):
        if word in vocabulary:
            seen.setdefault(word, None)
    return tuple(seen)
