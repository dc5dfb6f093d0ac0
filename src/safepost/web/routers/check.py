"""Check a post: a plain form that works without JavaScript; app.js adds results as you type.

The form may carry a photo (multipart): its findings are shown beside the caption's, and a
cleaned copy (no hidden data, faces blurred on request) can be downloaded once, from memory.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from starlette.responses import Response

from safepost.reporters.json import result_to_dict
from safepost.web import csrf
from safepost.web.pages import form_token, render
from safepost.web.photos import (
    CLEAN_COPY_SECONDS,
    MAX_PHOTO,
    SUFFIXES,
    WHAT,
    check_with_photo,
    make_clean_copy,
    require_photo,
)
from safepost.web.results import VERDICTS, pieces
from safepost.web.state import get_state
from safepost.web.uploads import MULTIPART_OVERHEAD, check_suffix, read_limited, shown_name

router = APIRouter(include_in_schema=False)
MAX_POST = 20_000
BODY_LIMITS = {"/check": MAX_PHOTO + MAX_POST * 4 + MULTIPART_OVERHEAD}


@router.get("/check")
def check_page(request: Request) -> Response:
    return render(request, "check.html", {"text": "", "result": None})


@router.post("/check")
async def check_post(
    request: Request,
    text: Annotated[str, Form()] = "",
    photo: Annotated[UploadFile | None, File()] = None,
    blur_faces: Annotated[str, Form()] = "",
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    form_token(request, csrf_token)
    kept = {"text": text, "result": None, "blur_faces": blur_faces == "yes"}
    if len(text) > MAX_POST:
        problem = f"Your post is {len(text):,} characters long; safepost checks up to {MAX_POST:,} at a time."
        return render(request, "check.html", {**kept, "problem": problem}, 400)
    state = get_state(request)
    checker = state.checker()
    extra: dict[str, Any] = {}
    if photo is not None and photo.filename:
        try:
            check_suffix(photo, SUFFIXES, WHAT)
            data = await read_limited(photo, MAX_PHOTO, WHAT)
            kind = require_photo(data)
            result = check_with_photo(checker, text, data)
            copy = make_clean_copy(
                data,
                kind,
                blur_faces == "yes",
                shown_name(photo.filename),
                request.cookies.get(csrf.COOKIE, ""),
            )
        except HTTPException as exc:
            return render(request, "check.html", {**kept, "problem": exc.detail}, exc.status_code)
        del data
        extra = {
            "clean_token": state.clean_copies.put(copy),
            "clean": copy,
            "clean_minutes": CLEAN_COPY_SECONDS // 60,
        }
    else:
        result = checker.check(text)
    return render(
        request,
        "check.html",
        {
            **kept,
            "result": result_to_dict(result, checker.rulebook),
            "verdict_words": VERDICTS[result.verdict.label],
            "pieces": pieces(result),
            **extra,
        },
    )


@router.get("/check/photo/{token}")
def clean_copy_download(request: Request, token: str) -> Response:
    """The cleaned copy, once, to the browser that checked the photo; then it is gone from memory."""
    copy = get_state(request).clean_copies.take(token[:64], request.cookies.get(csrf.COOKIE))
    if copy is None:
        raise HTTPException(
            404,
            f"This cleaned copy is no longer here: each copy can be downloaded once, within "
            f"{CLEAN_COPY_SECONDS // 60} minutes. Check the photo again to make a new one.",
        )
    return Response(
        copy.data,
        media_type=copy.media_type,
        headers={"Content-Disposition": f'attachment; filename="{copy.filename}"'},
    )
