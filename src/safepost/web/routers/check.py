"""Check a post: a plain form that works without JavaScript; app.js adds results as you type."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from safepost.reporters.json import result_to_dict
from safepost.web.pages import form_token, render
from safepost.web.results import VERDICTS, pieces
from safepost.web.state import get_state

router = APIRouter(include_in_schema=False)
MAX_POST = 20_000


@router.get("/check")
def check_page(request: Request) -> Response:
    return render(request, "check.html", {"text": "", "result": None})


@router.post("/check")
def check_post(
    request: Request,
    text: Annotated[str, Form()] = "",
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    form_token(request, csrf_token)
    if len(text) > MAX_POST:
        problem = f"Your post is {len(text):,} characters long; safepost checks up to {MAX_POST:,} at a time."
        return render(request, "check.html", {"text": text, "result": None, "problem": problem}, 400)
    checker = get_state(request).checker()
    result = checker.check(text)
    return render(
        request,
        "check.html",
        {
            "text": text,
            "result": result_to_dict(result, checker.rulebook),
            "verdict_words": VERDICTS[result.verdict.label],
            "pieces": pieces(result),
        },
    )
