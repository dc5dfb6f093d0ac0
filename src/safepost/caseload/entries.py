"""Turning a caseload row into what is stored: hashed name forms, the ref and the relation.

Each way of writing the person's name is a *form*: the name itself and each alias. An alias
of one word ("Seun") is another first name used with the person's surname; an alias of two or
more words ("Kayleigh Jones") is a whole other name, such as a birth or married name.
"""

from __future__ import annotations

from safepost.caseload.keys import NameHasher
from safepost.caseload.normalise import Part, split_name
from safepost.caseload.sources import CaseloadRow
from safepost.caseload.store import StoredEntry, StoredForm


def name_forms(row: CaseloadRow) -> list[tuple[list[Part], Part]]:
    """(given-name parts, surname) for the name and each alias."""
    parts = split_name(row.name)
    surname = parts[-1]
    forms = [(parts[:-1], surname)]
    for alias in row.aliases:
        alias_parts = split_name(alias)
        if len(alias_parts) == 1:
            forms.append((alias_parts, surname))
        else:
            forms.append((alias_parts[:-1], alias_parts[-1]))
    return forms


def hash_row(row: CaseloadRow, names: NameHasher, ref: str) -> StoredEntry:
    forms = []
    for given, surname in name_forms(row):
        given_keys: set[bytes] = set()
        for part in given:
            given_keys |= names.stored(part, surname=False)
        forms.append(
            StoredForm(
                given=sorted(k.hex() for k in given_keys),
                surname=sorted(k.hex() for k in names.stored(surname, surname=True)),
            )
        )
    return StoredEntry(ref=ref, relation=row.relation, forms=forms)
