"""Browse and search the rulebook, and one page per rule with its clauses and examples."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.responses import Response

from safepost.errors import UsageError
from safepost.models import CATEGORIES
from safepost.rulebook.browse import find_rules
from safepost.web.pages import render
from safepost.web.state import get_state

router = APIRouter(include_in_schema=False)
Filter = Annotated[str | None, Query(max_length=200)]


@router.get("/rules")
def rules_page(
    request: Request, q: Filter = None, policy: Filter = None, category: Filter = None, clause: Filter = None
) -> Response:
    book = get_state(request).checker().rulebook
    found = find_rules(book, q or "", policy or None, category or None, clause or None)
    return render(
        request,
        "rules.html",
        {
            "book": book,
            "found": found,
            "categories": CATEGORIES,
            "query": {
                "q": q or "",
                "policy": policy or "",
                "category": category or "",
                "clause": clause or "",
            },
        },
    )


@router.get("/rules/{rule_id}")
def rule_page(request: Request, rule_id: str) -> Response:
    book = get_state(request).checker().rulebook
    try:
        loaded = book.rule(rule_id)
    except UsageError:
        raise HTTPException(404, f"There is no rule called {rule_id[:40]!r}.") from None
    return render(request, "rule.html", {"book": book, "rule": loaded.rule})
