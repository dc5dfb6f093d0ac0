"""Compile thousands of phrases into one fast regular expression by sharing their prefixes.

Python's ``re`` tries every branch of a flat alternation at every position, so a 2,000-term
list gets slow. Merging the terms into a trie first makes each position cost one branch per
character, which keeps matching time almost flat as vocabularies grow.

Term syntax (shared by lexicons and the user's profile): a space matches any run of
whitespace, a trailing ``*`` on a word matches any word-character suffix, and an apostrophe
matches a straight or a curly one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPACE = "\x00"
_STAR = "\x01"
_APOSTROPHE = "\x02"
_END = ""


def _units(term: str) -> list[str]:
    units: list[str] = []
    text = " ".join(term.split())
    for i, ch in enumerate(text):
        if ch == " ":
            units.append(_SPACE)
        elif ch == "*" and _is_wildcard(text, i):
            units.append(_STAR)
        elif ch in "'’":
            units.append(_APOSTROPHE)
        else:
            units.append(ch)
    return units


def _is_wildcard(text: str, i: int) -> bool:
    """A ``*`` ending a word after a letter is a wildcard; inside ``f***`` it is a literal star."""
    at_word_end = i + 1 == len(text) or text[i + 1] == " "
    return at_word_end and i > 0 and text[i - 1].isalnum()


def _to_regex(node: dict[str, dict[str, object]]) -> str:
    branches = []
    optional = False
    for unit in sorted(node, key=lambda u: (u == _END, u)):
        child = node[unit]
        if unit == _END:
            optional = True
            continue
        if unit == _SPACE:
            head = r"\s+"
        elif unit == _STAR:
            head = r"\w*"
        elif unit == _APOSTROPHE:
            head = "['’]"
        else:
            head = re.escape(unit)
        branches.append(head + _to_regex(child))  # type: ignore[arg-type]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        # Prefer the longer match: the branch first, then the empty alternative.
        return f"(?:{body})?" if len(branches) == 1 else body[:-1] + "|)"
    return body


def compile_terms(terms: Iterable[str], *, ignore_case: bool = True) -> re.Pattern[str] | None:
    """One pattern matching any of ``terms`` as whole words (longest match wins at a position).

    With ``ignore_case`` the terms are lower-cased and the pattern is meant to run on
    lower-cased text (cheaper than ``re.IGNORECASE``).
    """
    root: dict[str, dict[str, object]] = {}
    count = 0
    for term in terms:
        text = term.lower() if ignore_case else term
        units = _units(text)
        if not units:
            continue
        node: dict[str, object] = root  # type: ignore[assignment]
        for unit in units:
            node = node.setdefault(unit, {})  # type: ignore[assignment]
        node[_END] = {}
        count += 1
    if not count:
        return None
    return re.compile(r"(?<!\w)" + _to_regex(root) + r"(?!\w)")


def normalise_term(text: str) -> str:
    """The key under which a matched phrase is looked up: lower-case, single spaces."""
    return " ".join(text.lower().replace("’", "'").split())
