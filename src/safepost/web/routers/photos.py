"""The photo API: check a caption with its photo, and get a cleaned copy of a photo.

Multipart uploads (a photo is binary), guarded like the other API writes: the
``X-Safepost-Client`` header, which a page on another site cannot add. Photos are read in
memory and dropped; nothing is kept.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from starlette.responses import Response

from safepost.reporters.json import result_to_dict
from safepost.web.csrf import API_HEADER
from safepost.web.photos import MAX_PHOTO, SUFFIXES, WHAT, check_with_photo, make_clean_copy, require_photo
from safepost.web.state import get_state
from safepost.web.uploads import (
    MULTIPART_OVERHEAD,
    check_suffix,
    read_limited,
    require_api_upload,
    shown_name,
)

router = APIRouter(prefix="/api/check/photo", dependencies=[Depends(require_api_upload)])
MAX_CAPTION = 20_000
BODY_LIMITS = {"/api/check/photo": MAX_PHOTO + MAX_CAPTION * 4 + MULTIPART_OVERHEAD}
NOTE = f" Multipart form; send an `{API_HEADER}` header (any value). The photo is not kept."


async def _photo(photo: UploadFile | None) -> tuple[bytes, str]:
    if photo is None:
        raise HTTPException(400, f"Add {WHAT} as the `photo` field.")
    check_suffix(photo, SUFFIXES, WHAT)
    data = await read_limited(photo, MAX_PHOTO, WHAT)
    return data, require_photo(data)


@router.post(
    "",
    summary="Check a post with its photo",
    description="Fields: `photo` (JPEG, PNG, WebP, GIF or HEIC, up to 25 MB) and `text` (the caption, "
    "optional) → the same JSON as `safepost check --image PHOTO TEXT --format json`, with an `images` "
    "list; photo findings carry `source`, `part` and `box`." + NOTE,
    response_model=None,
)
async def api_check_photo(
    request: Request,
    photo: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str, Form(max_length=MAX_CAPTION)] = "",
) -> Response:
    data, _kind = await _photo(photo)
    checker = get_state(request).checker()
    result = check_with_photo(checker, text, data)
    body = json.dumps(result_to_dict(result, checker.rulebook), ensure_ascii=False)
    return Response(body, media_type="application/json")


@router.post(
    "/clean",
    summary="A cleaned copy of a photo",
    description="Fields: `photo` and `blur_faces` (`true` to blur faces) → the copy itself (JPEG, PNG or "
    "WebP) with no hidden data. The header `X-Safepost-Removed` says how many hidden data fields were "
    "removed and `X-Safepost-Faces-Blurred` how many faces were blurred." + NOTE,
    response_model=None,
)
async def api_clean_photo(
    photo: Annotated[UploadFile | None, File()] = None,
    blur_faces: Annotated[bool, Form()] = False,
) -> Response:
    data, kind = await _photo(photo)
    assert photo is not None
    copy = make_clean_copy(data, kind, blur_faces, shown_name(photo.filename or ""), owner="api")
    return Response(
        copy.data,
        media_type=copy.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{copy.filename}"',
            "X-Safepost-Removed": str(len(copy.removed)),
            "X-Safepost-Faces-Blurred": str(copy.faces_blurred),
        },
    )
