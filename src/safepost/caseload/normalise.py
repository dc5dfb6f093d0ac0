"""Turning a name as people write it into comparable parts: plain letters, no titles or initials.

"Siân O'Brien-Jones", "SIAN OBRIEN JONES" and "Sian O Brien Jones" must reach the same parts,
or a caseload check fails on typing habits rather than on names. Accents become plain letters
(anyascii), apostrophes vanish, hyphenated parts are kept both joined and split, and titles and
lone initials are dropped because they say nothing about who someone is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from anyascii import anyascii

TITLES: Final = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "rev", "revd", "sir", "dame", "lady"}
    | {"lord", "master", "cllr", "sister", "brother"}
)
# Particles that belong to the next word of a surname: "O Brien" is "obrien", "Mc Donald" "mcdonald".
_PARTICLES: Final = frozenset(["o", "mc", "mac"])
_WORD: Final = re.compile(r"[^\W\d_]+(?:['\u2019`\u00b4-]+[^\W\d_]+)*")
_APOSTROPHES: Final = re.compile(r"['\u2019`\u00b4]")
_POSSESSIVE: Final = re.compile(r"['\u2019]s$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Part:
    """One name word: ``joined`` is how it is compared, ``pieces`` its hyphenated halves."""

    joined: str
    pieces: tuple[str, ...]


def fold(word: str) -> str:
    """Lower-case plain letters only: accents, apostrophes and hyphens go ("Siân" -> "sian")."""
    return re.sub(r"[^a-z]", "", anyascii(_APOSTROPHES.sub("", word)).lower())


@lru_cache(maxsize=65_536)
def to_part(word: str) -> Part | None:
    """A name word as a :class:`Part`, or None when nothing usable is left (an initial, a title)."""
    word = _POSSESSIVE.sub("", word)
    pieces = tuple(p for p in (fold(piece) for piece in word.split("-")) if p)
    joined = "".join(pieces)
    if len(joined) < 2 or joined in TITLES:
        return None
    return Part(joined, pieces if len(pieces) > 1 else (joined,))


def words(text: str) -> list[tuple[int, int, str]]:
    """Name-like words in ``text`` with their offsets (letters, inner apostrophes and hyphens)."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def split_name(text: str) -> list[Part]:
    """The usable parts of a written name, in order; "Smith, Kayleigh" becomes Kayleigh Smith."""
    if text.count(",") == 1:
        surname, given = text.split(",")
        text = f"{given} {surname}"
    raw = [w for _, _, w in words(text)]
    merged: list[str] = []
    for word in raw:
        if merged and fold(merged[-1]) in _PARTICLES and merged[-1][:1].isupper():
            merged[-1] = merged[-1] + word
        else:
            merged.append(word)
    return [part for word in merged if (part := to_part(word)) is not None]
