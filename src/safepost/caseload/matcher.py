"""Checking a name against the hashed caseload.

A name matches an entry when one of its words meets a given name of the entry and another word
meets the entry's surname, both in the same form of the name (the name itself or one alias).
A word "meets" a part through any of its keys: the same spelling, a listed spelling variant,
one letter different, or the same sound. A surname on its own never matches, and neither does a
name where *both* parts only sound alike ("Kelly Smith" for "Kayleigh Smyth"): sound alone is too
loose to call a stranger a service user. Which word is the first name does not matter, so
"Smith Kayleigh" and "Smith, Kayleigh" match too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from safepost.caseload import store
from safepost.caseload.keys import NameHasher, Strength
from safepost.caseload.normalise import Part, split_name
from safepost.caseload.store import CaseloadFile
from safepost.caseload.variants import Variants, built_in_variants

GIVEN: Final = 0
SURNAME: Final = 1
_CACHE_LIMIT: Final = 50_000
# Per part and role (given name, surname): (entry, form) -> (best strength, how many keys met).
# The count breaks ties: "Boateng-Ansah" meets the entry Boateng-Ansah on more keys than Boateng.
RoleHits = dict[tuple[int, int], tuple[Strength, int]]
PartHits = tuple[RoleHits, RoleHits]


def accepted(given: Strength, surname: Strength) -> bool:
    """Both parts met; at least one of them by more than sound."""
    return max(given, surname) > Strength.SOUND


@dataclass(frozen=True, slots=True)
class NameMatch:
    """Which entry a name matched (by its ref, never a name) and how closely each part agreed."""

    ref: str
    relation: str
    given: Strength
    surname: Strength

    @property
    def exact(self) -> bool:
        return min(self.given, self.surname) >= Strength.VARIANT

    def describe(self) -> str:
        how = "matches" if self.exact else "is very close to"
        who = f" ({self.relation})" if self.relation else ""
        return f"The name {how} caseload entry {self.ref}{who}."


class CheckStatus(StrEnum):
    MATCH = "match"
    NO_MATCH = "no-match"
    UNCHECKED = "unchecked"


@dataclass(frozen=True, slots=True)
class NameCheck:
    status: CheckStatus
    match: NameMatch | None
    reason: str


class Caseload:
    """A loaded caseload: an in-memory index from hash to the entries and parts holding it."""

    def __init__(self, data: CaseloadFile, names: NameHasher, variants: Variants | None = None) -> None:
        self._names = names
        self._variants = variants or built_in_variants()
        self._entries = data.entries
        self._index: dict[bytes, list[tuple[int, int, int]]] = {}
        for e, entry in enumerate(data.entries):
            for f, form in enumerate(entry.forms):
                for role, hashes in ((GIVEN, form.given), (SURNAME, form.surname)):
                    for h in hashes:
                        self._index.setdefault(bytes.fromhex(h), []).append((e, f, role))
        self._cache: dict[tuple[str, ...], PartHits] = {}

    @classmethod
    def saved(cls, home: Path | None = None) -> Caseload | None:
        """The caseload saved in the data folder, or None when none has been imported."""
        data = store.load(home)
        if data is None:
            return None
        names = store.hasher(home)
        store.check_key(data, names, home)
        return cls(data, names)

    def __len__(self) -> int:
        return len(self._entries)

    def knows_spelling(self, word: str) -> bool:
        """Whether some entry has this exact plain-letter spelling as a name part."""
        return self._names.digest("exact", word) in self._index

    def part_hits(self, part: Part) -> PartHits:
        cache_key = (part.joined, *part.pieces)
        found = self._cache.get(cache_key)
        if found is not None:
            return found
        hits: PartHits = ({}, {})
        for digest, strength in self._names.query(part, self._variants).items():
            for e, f, role in self._index.get(digest, ()):
                best, count = hits[role].get((e, f), (strength, 0))
                hits[role][(e, f)] = (max(best, strength), count + 1)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[cache_key] = hits
        return hits

    def best(self, given_part: PartHits, surname_part: PartHits) -> tuple[tuple[int, ...], NameMatch] | None:
        """The strongest accepted match with one part as given name and the other as surname."""
        best: tuple[tuple[int, ...], NameMatch] | None = None
        surname_hits = surname_part[SURNAME]
        for key, (given, given_count) in given_part[GIVEN].items():
            found = surname_hits.get(key)
            if found is None or not accepted(given, found[0]):
                continue
            surname, surname_count = found
            score = (min(given, surname), max(given, surname), given_count + surname_count)
            if best is None or score > best[0]:
                entry = self._entries[key[0]]
                best = (score, NameMatch(entry.ref, entry.relation, given, surname))
        return best

    def match_parts(self, parts: list[Part], pairs: Iterable[tuple[int, int]]) -> NameMatch | None:
        hits = [self.part_hits(p) for p in parts]
        found = [m for i, j in pairs if (m := self.best(hits[i], hits[j])) is not None]
        return max(found, key=lambda m: m[0])[1] if found else None

    def check_name(self, text: str) -> NameCheck:
        """Check a name as typed (any order, accents or not, with or without titles and initials)."""
        parts = split_name(text)
        if not parts:
            return NameCheck(
                CheckStatus.UNCHECKED,
                None,
                "No name could be read in what was given (titles, initials and symbols do not count), "
                "so it was not checked against your caseload. Type the name as the request shows it.",
            )
        if len(parts) < 2:
            return NameCheck(
                CheckStatus.UNCHECKED,
                None,
                "Only one name was given, so it could not be checked against your caseload: "
                "a first name or a surname alone matches too many people. Check the full name.",
            )
        # Every ordered pair is tried, so only words that meet some caseload name take part, each
        # at most twice ("Ali Ali"): a pasted paragraph costs its length, not its length squared.
        useful: list[Part] = []
        for part in parts:
            if useful.count(part) < 2 and any(self.part_hits(part)):
                useful.append(part)
        pairs = [(i, j) for i in range(len(useful)) for j in range(len(useful)) if i != j]
        match = self.match_parts(useful, pairs)
        if match is None:
            return NameCheck(CheckStatus.NO_MATCH, None, "The name is not on your caseload.")
        return NameCheck(CheckStatus.MATCH, match, match.describe())
