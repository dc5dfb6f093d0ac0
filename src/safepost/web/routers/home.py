"""The start page: what safepost can do here, and any reviews that are due."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from starlette.responses import Response

from safepost.checkup.progress import load_progress
from safepost.errors import StoreError
from safepost.web.pages import render
from safepost.web.state import get_state

router = APIRouter(include_in_schema=False)


@router.get("/")
def start_page(request: Request) -> Response:
    state = get_state(request)
    due: list[str] = []
    problem = None
    try:
        overview = load_progress(state.database(), state.checklists())
        due = [p.checklist.name for p in overview.lists if p.review_overdue(date.today())]
    except StoreError as exc:  # the other pages still work; say why the check-up cannot
        problem = str(exc)
    return render(request, "home.html", {"due": due, "problem": problem})
