"""The JSON API under /api. ``POST /api/check`` answers exactly what ``safepost check --format json`` prints.

Writes need ``Content-Type: application/json`` and the ``X-Safepost-Client`` header (see csrf.py);
reads are plain GETs. The OpenAPI description is at /api/openapi.json and readable at /api.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from safepost.checkup.progress import ChecklistProgress, Overview, load_progress, mark_reviewed, set_done
from safepost.cli.rules_cmd import rule_to_dict
from safepost.errors import UsageError
from safepost.reporters.json import result_to_dict
from safepost.rulebook.browse import find_rules
from safepost.rulebook.loader import Rulebook
from safepost.web.csrf import API_HEADER, require_api_write
from safepost.web.pages import render
from safepost.web.state import get_state

router = APIRouter(prefix="/api")
WRITE = [Depends(require_api_write)]
WRITE_NOTE = f" Send `Content-Type: application/json` and an `{API_HEADER}` header (any value)."
Filter = Annotated[str | None, Query(max_length=200)]


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=20_000, description="The post to check.")


class TickRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    done: bool = Field(description="True when the item has been done.")


def _json(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), media_type="application/json")


@router.get("", include_in_schema=False)
def api_page(request: Request) -> Response:
    """The API described from its own OpenAPI document (Swagger UI would need a CDN)."""
    return render(request, "api.html", {"spec": request.app.openapi(), "header": API_HEADER})


@router.get("/health", summary="Is safepost running?", response_model=None)
def api_health() -> Response:
    """Cheap answer for scripts waiting for the server (and the benchmark's framework floor)."""
    return _json({"ok": True})


@router.post(
    "/check",
    dependencies=WRITE,
    summary="Check a post",
    description="Verdict, findings and safer version: the same JSON as `safepost check --format json`."
    + WRITE_NOTE,
    response_model=None,
)
def api_check(request: Request, body: CheckRequest) -> Response:
    checker = get_state(request).checker()
    return _json(result_to_dict(checker.check(body.text), checker.rulebook))


@router.get("/rules", summary="List or search rules", response_model=None)
def api_rules(
    request: Request, q: Filter = None, policy: Filter = None, category: Filter = None, clause: Filter = None
) -> Response:
    book = get_state(request).checker().rulebook
    found = find_rules(book, q or "", policy or None, category or None, clause or None)
    return _json([rule_to_dict(book, r) for r in found])


@router.get("/rules/{rule_id}", summary="One rule", response_model=None)
def api_rule(request: Request, rule_id: str) -> Response:
    book = get_state(request).checker().rulebook
    try:
        return _json(rule_to_dict(book, book.rule(rule_id)))
    except UsageError:
        raise HTTPException(404, f"There is no rule called {rule_id[:40]!r}.") from None


@router.get("/checkup", summary="Privacy check-up progress", response_model=None)
def api_checkup(request: Request) -> Response:
    state = get_state(request)
    overview = load_progress(state.database(), state.checklists())
    return _json(overview_to_dict(overview, state.checker().rulebook))


@router.put(
    "/checkup/items/{item_id}",
    dependencies=WRITE,
    summary="Tick or untick a check-up item",
    description="Returns the item's checklist and the overall score." + WRITE_NOTE,
    response_model=None,
)
def api_tick(request: Request, item_id: str, body: TickRequest) -> Response:
    state = get_state(request)
    try:
        progress = set_done(state.database(), state.checklists(), item_id, body.done, datetime.now())
    except UsageError:
        raise HTTPException(404, "There is no such check-up item.") from None
    overview = load_progress(state.database(), state.checklists())
    book = state.checker().rulebook
    return _json(
        {
            "score": overview.score,
            "done": overview.done,
            "total": overview.total,
            "checklist": progress_to_dict(progress, book),
        }
    )


@router.post(
    "/checkup/{platform}/reviewed",
    dependencies=WRITE,
    summary="Say a finished checklist has been reviewed again",
    description="Moves its next review date on by the checklist's review period." + WRITE_NOTE,
    response_model=None,
)
def api_reviewed(request: Request, platform: str) -> Response:
    state = get_state(request)
    lists = [c for c in state.checklists() if c.platform == platform]
    if not lists:
        raise HTTPException(404, "There is no check-up for that platform.")
    progress = mark_reviewed(state.database(), lists[0], datetime.now())
    return _json(progress_to_dict(progress, state.checker().rulebook))


def progress_to_dict(progress: ChecklistProgress, book: Rulebook) -> dict[str, Any]:
    checklist = progress.checklist
    return {
        "platform": checklist.platform,
        "name": checklist.name,
        "review_months": checklist.review_months,
        "review_due": progress.review_due.isoformat() if progress.review_due else None,
        "done": progress.done,
        "total": progress.total,
        "items": [
            {
                "id": item.spec.id,
                "title": item.spec.title,
                "how": item.spec.how,
                "why": item.spec.why,
                "citations": [
                    {"document": c.document, "clause": c.clause, "label": book.cite(c.document, c.clause)}
                    for c in item.spec.citations
                ],
                "done": item.done,
                "changed_at": item.changed_at.isoformat(timespec="seconds") if item.changed_at else None,
            }
            for item in progress.items
        ],
    }


def overview_to_dict(overview: Overview, book: Rulebook) -> dict[str, Any]:
    return {
        "score": overview.score,
        "done": overview.done,
        "total": overview.total,
        "checklists": [progress_to_dict(p, book) for p in overview.lists],
    }
