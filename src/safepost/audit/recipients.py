"""Messages the user sent to someone on their caseload: a boundaries risk whatever they say.

A message's words are judged like any post, but who it went to matters as much: every policy
forbids private contact with the people you support from a personal account. Exports name the
other side of a conversation (Facebook and Instagram: the thread's title; LinkedIn: ``TO``); each
name is checked against the caseload's keyed hashes, and a match becomes a ``caseload:recipient``
signal that the rulebook judges (BND108), like a photo's hidden data. Findings name the caseload
entry by its ref, never by a name.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from safepost.caseload.matcher import Caseload, CheckStatus
from safepost.checker import Checker
from safepost.importers.items import Item
from safepost.models import Hit
from safepost.reporters.json import finding_to_dict
from safepost.text import PostText

RECIPIENT_DETAILS = ("conversation", "to")
RECIPIENT_PART = "who the message was sent to"
_SEPARATORS = re.compile(r"\s*(?:[,;]|\band\b|&)\s*", re.IGNORECASE)


def recipient_names(item: Item) -> list[str]:
    """The people a message went to, as the export names them ("Kayleigh Smith, Jo Bloggs")."""
    details = dict(item.details)
    names: list[str] = []
    for key in RECIPIENT_DETAILS:
        names.extend(n for n in _SEPARATORS.split(details.get(key, "")) if n.strip())
    return names


class RecipientCheck:
    """Judges whom each sent message went to, with the audit's own checker and caseload."""

    def __init__(self, checker: Checker, caseload: Caseload) -> None:
        self.checker = checker
        self.caseload = caseload

    def findings(self, item: Item) -> list[dict[str, Any]]:
        if item.kind != "message":
            return []
        lines: list[str] = []
        hits: list[Hit] = []
        cursor = 0
        for name in recipient_names(item):
            check = self.caseload.check_name(name)
            if check.status is not CheckStatus.MATCH or check.match is None:
                continue
            value = f"caseload entry {check.match.ref}"
            start = cursor + len(RECIPIENT_PART) + 2
            hits.append(Hit("caseload:recipient", start, start + len(value), value, value=check.match.ref))
            line = f"{RECIPIENT_PART}: {value}"
            lines.append(line)
            cursor += len(line) + 1
        if not hits:
            return []
        found = self.checker.engine.apply(PostText("\n".join(lines)), hits)
        # The read-out is internal: like a photo's findings, these do not point into the message text.
        return [finding_to_dict(dataclasses.replace(f, start=0, end=0), self.checker.rulebook) for f in found]
