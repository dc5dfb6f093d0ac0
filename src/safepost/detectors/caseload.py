"""Names from the user's caseload found in a post: ``caseload:match``, valued by the entry's ref.

Each word of the post is hashed like a caseload name part (cached, so an audit hashes each
distinct word once) and looked up; a hit needs a given name and a surname of the same entry
next to each other ("Kayleigh Smith", "Kayleigh J Smith", "Kayleigh Ann Smith", "Smith Kayleigh"),
with only spaces between. The hit names the entry by its ref; other caseload names never appear.
Common words are skipped unless the caseload itself holds that spelling.
"""

from __future__ import annotations

import re
from typing import Final

from safepost.caseload.matcher import Caseload, NameMatch
from safepost.caseload.normalise import Part, to_part, words
from safepost.detectors.names import STOP
from safepost.models import Hit
from safepost.text import PostText

_GAP: Final = re.compile(r"[ \t]{1,3}")
_INITIAL_GAP: Final = re.compile(r"\.?[ \t]{1,3}")
# (first word, second word) offsets tried from each word: name then surname, a middle name
# between, or surname first.
_PAIRS: Final = ((0, 1), (0, 2), (1, 0))


class CaseloadDetector:
    name = "caseload"

    def __init__(self, caseload: Caseload) -> None:
        self._caseload = caseload
        self._skip = frozenset(w for w in STOP if not caseload.knows_spelling(w))

    def detect(self, post: PostText) -> list[Hit]:
        found = words(post.text)
        seen: dict[str, tuple[Part | None, bool]] = {}
        for _, _, word in found:
            if word not in seen:
                seen[word] = self._classify(word)
        # parts: None where the word meets no caseload name, so no pair starts or ends there;
        # middles: whether the word could be a middle name or initial between first name and surname.
        parts = [seen[word][0] for _, _, word in found]
        middles = [seen[word][1] for _, _, word in found]
        hits: list[Hit] = []
        i = 0
        while i < len(found) - 1:
            if parts[i] is None:
                i += 1
                continue
            best = self._at(post.text, found, parts, middles, i)
            if best is None:
                i += 1
                continue
            last, match = best
            start, end = found[i][0], found[last][1]
            hits.append(
                Hit("caseload:match", start, end, post.text[start:end], 1.0, "your caseload", value=match.ref)
            )
            i = last + 1
        return hits

    def _classify(self, word: str) -> tuple[Part | None, bool]:
        part = to_part(word)
        if part is not None and part.joined in self._skip:
            part = None
        middle = len(word) == 1 or part is not None
        return (part if part is not None and any(self._caseload.part_hits(part)) else None), middle

    def _at(
        self,
        text: str,
        found: list[tuple[int, int, str]],
        parts: list[Part | None],
        middles: list[bool],
        i: int,
    ) -> tuple[int, NameMatch] | None:
        """The last word of a caseload name that starts at word ``i``, and the match."""
        best: tuple[int, NameMatch] | None = None
        for first, second in _PAIRS:
            given, surname = i + first, i + second
            last = max(given, surname)
            if last >= len(found):
                continue
            given_part, surname_part = parts[given], parts[surname]
            if given_part is None or surname_part is None:
                continue
            if not all(_joined(text, found, k) for k in range(i, last)):
                continue
            if last - i == 2 and not middles[i + 1]:
                continue  # the word between is a common word ("Kayleigh and Smith"), not a middle name
            match = self._caseload.match_parts([given_part, surname_part], [(0, 1)])
            if match is not None and (best is None or last > best[0]):
                best = (last, match)
        return best


def _joined(text: str, found: list[tuple[int, int, str]], k: int) -> bool:
    """Whether word ``k`` and the next are separated only by a few spaces (or an initial's dot)."""
    gap = _INITIAL_GAP if found[k][1] - found[k][0] == 1 else _GAP
    return gap.fullmatch(text, found[k][1], found[k + 1][0]) is not None
