"""Keyed hashes of name parts: what the caseload stores instead of names.

Each name part yields several comparison keys, each hashed with HMAC-SHA256 under the
installation's secret caseload key, so the stored file says nothing to someone without that key:

- ``exact``: the plain-letter spelling (and each half of a hyphenated surname);
- ``near``: keys that meet exactly when two spellings are one edit apart — a letter dropped,
  added, changed, or two neighbours swapped (optimal string alignment distance 1) — built from
  the spelling with each letter in turn left out; only for stored parts of 4+ letters, where
  one letter is not most of the name;
- ``sound``: the Metaphone code (jellyfish), for spellings that sound alike.

Spelling variants (``variants.py``) are added only on the checking side, as extra ``exact``
keys, so the stored keys do not depend on the variant list.
"""

from __future__ import annotations

import hmac
from enum import IntEnum
from typing import Final

import jellyfish

from safepost.caseload.normalise import Part
from safepost.caseload.variants import Variants

SCHEME: Final = "safepost-caseload-v1"  # changes when stored keys would be computed differently
DIGEST_BYTES: Final = 16
NEAR_MIN: Final = 4
SOUND_MIN: Final = 3


class Strength(IntEnum):
    """How two name parts agree, weakest first; a match reports its weakest part."""

    SOUND = 1
    NEAR = 2
    VARIANT = 3
    EXACT = 4

    @property
    def label(self) -> str:
        return self.name.lower()


def spellings(part: Part, surname: bool) -> tuple[str, ...]:
    """The spellings a part is compared by: the whole, and the halves of a hyphenated surname."""
    if len(part.pieces) == 1:
        return (part.joined,)
    halves = part.pieces if surname else part.pieces[:1]
    return (part.joined, *(p for p in halves if len(p) >= 3))


def _without(word: str) -> list[tuple[int, str]]:
    return [(i, word[:i] + word[i + 1 :]) for i in range(len(word))]


def _swapped(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}


def sounds(word: str, minimum: int) -> list[tuple[str, str]]:
    """(kind, code) sound keys: Metaphone and NYSIIS catch different respellings."""
    codes = [("sound", str(jellyfish.metaphone(word))), ("nysiis", str(jellyfish.nysiis(word)))]
    return [(kind, code) for kind, code in codes if len(code) >= minimum]


class NameHasher:
    """Computes the keyed hashes of name parts with one installation's secret key."""

    def __init__(self, key: bytes, sound_min: int = SOUND_MIN) -> None:
        self._key = key
        self.sound_min = sound_min

    def digest(self, kind: str, value: str) -> bytes:
        return hmac.digest(self._key, f"{kind}:{value}".encode(), "sha256")[:DIGEST_BYTES]

    def fingerprint(self) -> str:
        """Identifies the key (not secret): a store made with another key is detected, not misread."""
        return self.digest("fingerprint", SCHEME).hex()[:16]

    def stored(self, part: Part, surname: bool) -> set[bytes]:
        """The hashes kept for one part of a caseload name."""
        keys: set[bytes] = set()
        for spelling in spellings(part, surname):
            keys.add(self.digest("exact", spelling))
            if len(spelling) >= NEAR_MIN:
                for i, shorter in _without(spelling):
                    keys.add(self.digest("drop", shorter))
                    keys.add(self.digest(f"change{i}", shorter))
            for kind, code in sounds(spelling, self.sound_min):
                keys.add(self.digest(kind, code))
        return keys

    def query(self, part: Part, variants: Variants | None) -> dict[bytes, Strength]:
        """Hash -> how strong a meeting on it is, for one part of a name being checked.

        Against the stored keys: ``exact`` of the word itself (or a listed variant) meets the same
        spelling; ``drop`` of the word meets a stored word with one more letter; ``exact`` of the
        word less a letter meets a stored word with one letter fewer; ``change{i}`` meets one
        changed letter at the same place; ``exact`` of a swapped spelling meets swapped letters.
        """
        keys: dict[bytes, Strength] = {}

        def add(kind: str, value: str, strength: Strength) -> None:
            digest = self.digest(kind, value)
            if keys.get(digest, Strength.SOUND) <= strength:
                keys[digest] = strength

        for spelling in spellings(part, surname=True):
            for kind, code in sounds(spelling, self.sound_min):
                add(kind, code, Strength.SOUND)
            if len(spelling) >= NEAR_MIN - 1:
                add("drop", spelling, Strength.NEAR)
            if len(spelling) >= NEAR_MIN:
                for i, shorter in _without(spelling):
                    add(f"change{i}", shorter, Strength.NEAR)
                    if len(shorter) >= NEAR_MIN:
                        add("exact", shorter, Strength.NEAR)
                for swapped in _swapped(spelling):
                    add("exact", swapped, Strength.NEAR)
            if variants is not None:
                for other in variants.of(spelling):
                    add("exact", other, Strength.VARIANT)
            add("exact", spelling, Strength.EXACT)
        return keys
