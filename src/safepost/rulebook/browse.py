"""Finding rules by words, policy, category and clause: shared by the web pages and the JSON API.

Word search follows ``safepost rules search``: every word must appear somewhere in the rule or
the wording of the clauses it cites.
"""

from __future__ import annotations

from safepost.rulebook.loader import LoadedRule, Rulebook


def searchable_text(book: Rulebook, loaded: LoadedRule) -> str:
    rule = loaded.rule
    clauses = " ".join(
        f"{book.cite(c.document, c.clause)} {book.documents[c.document].clauses[c.clause]}"
        for c in rule.citations
        if c.document in book.documents
    )
    return " ".join(
        [rule.id, rule.slug, rule.title, rule.category, rule.summary, rule.rationale, rule.advice, clauses]
    ).lower()


def find_rules(
    book: Rulebook,
    words: str = "",
    policy: str | None = None,
    category: str | None = None,
    clause: str | None = None,
) -> list[LoadedRule]:
    """Rules matching all the given filters; empty filters match everything."""
    needles = words.lower().split()
    found = []
    for loaded in book.rules:
        rule = loaded.rule
        if policy and not any(c.document == policy for c in rule.citations):
            continue
        if category and rule.category != category:
            continue
        if clause and not any(
            c.clause.lower() == clause.strip().lower() and (not policy or c.document == policy)
            for c in rule.citations
        ):
            continue
        if needles and not all(n in searchable_text(book, loaded) for n in needles):
            continue
        found.append(loaded)
    return found
