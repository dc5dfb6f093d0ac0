"""docs/policy-coverage.md goes through every clause of every built-in policy, and names real rules."""

from __future__ import annotations

import re
from pathlib import Path

from safepost.rulebook.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
COVERAGE = (ROOT / "docs" / "policy-coverage.md").read_text(encoding="utf-8")
BOOK = load_rulebook()


def sections() -> dict[str, str]:
    """Each document's part of the page, keyed by its short name."""
    parts = re.split(r"(?m)^## ", COVERAGE)[1:]
    return {part.split(":", 1)[0].strip(): part for part in parts}


def test_every_clause_has_a_row() -> None:
    by_short = sections()
    for doc in BOOK.documents.values():
        section = by_short.get(doc.short)
        assert section is not None, f"no section for {doc.short}"
        rows = {line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")}
        missing = [clause for clause in doc.clauses if clause not in rows]
        assert not missing, f"{doc.short}: clauses without a row: {missing}"


def test_rule_ids_named_on_the_page_exist_and_cite_that_document() -> None:
    for doc in BOOK.documents.values():
        section = sections()[doc.short]
        for rule_id in set(re.findall(r"\b[A-Z]{3}[0-9]{3}\b", section)):
            rule = BOOK.rule(rule_id).rule
            assert any(c.document == doc.id for c in rule.citations), f"{rule_id} does not cite {doc.short}"
