"""The privacy check-up: an overview with a score, and one checklist page per platform.

Each item is a small form (works without JavaScript); app.js sends the same change through the
JSON API and updates the page in place.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from safepost.checkup.progress import load_progress, mark_reviewed, set_done
from safepost.errors import UsageError
from safepost.web.pages import form_token, render
from safepost.web.state import get_state

router = APIRouter(include_in_schema=False)


@router.get("/checkup")
def checkup_overview(request: Request) -> Response:
    state = get_state(request)
    overview = load_progress(state.database(), state.checklists())
    return render(request, "checkup.html", {"overview": overview, "today": date.today()})


@router.get("/checkup/{platform}")
def checkup_platform(request: Request, platform: str) -> Response:
    state = get_state(request)
    overview = load_progress(state.database(), state.checklists())
    try:
        progress = overview.find(platform)
    except UsageError:
        raise HTTPException(404, "There is no check-up for that platform.") from None
    book = state.checker().rulebook
    return render(
        request,
        "checkup_platform.html",
        {"overview": overview, "progress": progress, "book": book, "today": date.today()},
    )


@router.post("/checkup/{platform}")
def checkup_tick(
    request: Request,
    platform: str,
    item_id: Annotated[str, Form(max_length=120)],
    done: Annotated[bool, Form()],
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    form_token(request, csrf_token)
    state = get_state(request)
    lists = [c for c in state.checklists() if c.platform == platform]
    if not lists or not any(item.id == item_id for item in lists[0].items):
        raise HTTPException(404, "There is no such check-up item.")
    set_done(state.database(), lists, item_id, done, datetime.now())
    return RedirectResponse(f"/checkup/{platform}#{item_id}", status_code=303)


@router.post("/checkup/{platform}/reviewed")
def checkup_reviewed(
    request: Request, platform: str, csrf_token: Annotated[str | None, Form()] = None
) -> Response:
    """After a review is due: "I have checked these settings again" moves the next review on."""
    form_token(request, csrf_token)
    state = get_state(request)
    lists = [c for c in state.checklists() if c.platform == platform]
    if not lists:
        raise HTTPException(404, "There is no check-up for that platform.")
    mark_reviewed(state.database(), lists[0], datetime.now())
    return RedirectResponse(f"/checkup/{platform}", status_code=303)
