"""A post prepared once for every detector: lower-cased copy, sentence bounds, context windows.

Detectors share this so that normalisation happens once per post, not once per detector.
Offsets always refer to the original text.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

_SENTENCE_END = re.compile(r"[.!?…]+[\"')\]]*\s+|\n+|(?<=[\U0001F300-\U0001FAFF])\s+(?=[A-Z])")
_WORD = re.compile(r"[\w'’]+")


def same_length_lower(text: str) -> str:
    """Lower-case without changing length (``'İ'.lower()`` is two characters), so offsets line up."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower()[:1] or ch for ch in text)


class PostText:
    """The text of one post with derived views that detectors need."""

    __slots__ = ("__dict__", "lower", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = same_length_lower(text)

    @cached_property
    def sentence_starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in _SENTENCE_END.finditer(self.text) if m.end() < len(self.text))
        return starts

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence holding character ``pos``."""
        return bisect.bisect_right(self.sentence_starts, pos) - 1

    def sentence_span(self, pos: int) -> tuple[int, int]:
        starts = self.sentence_starts
        i = self.sentence_index(pos)
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return starts[i], end

    def window(self, start: int, end: int, chars: int = 40) -> tuple[str, str]:
        """Lower-cased text just before and just after a span, for context words."""
        return self.lower[max(0, start - chars) : start], self.lower[end : end + chars]

    def words_near(self, start: int, end: int, chars: int = 40) -> tuple[list[str], list[str]]:
        before, after = self.window(start, end, chars)
        return _WORD.findall(before), _WORD.findall(after)
