"""Contacts: import the caseload, see what is loaded, clear it, and "should I accept this friend request?".

The same library calls as ``safepost caseload`` and ``safepost contact``. An uploaded caseload file
is read in memory and hashed; it is never saved. Pages and answers never show a caseload name,
only the name the person typed into the check and each entry's ref.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from safepost.caseload import Caseload
from safepost.caseload.manage import ImportSummary, Mode, Status, clear, import_rows, status
from safepost.caseload.routing import ContactAdvice, Relationship, advise
from safepost.caseload.sources import parse_caseload
from safepost.errors import InputError, StoreError
from safepost.web.csrf import API_HEADER, require_api_write
from safepost.web.pages import form_token, render
from safepost.web.state import WebState, get_state
from safepost.web.uploads import (
    MULTIPART_OVERHEAD,
    check_suffix,
    read_limited,
    require_api_upload,
    size_words,
)

router = APIRouter()
MAX_CASELOAD = 1024 * 1024  # a caseload of 1,000 people is about 50 KB
MAX_NAME = 200
SUFFIXES = (".csv", ".json", ".txt")
WHAT = "a caseload file (CSV or JSON)"
LABEL = "The file you chose"  # messages never repeat the file's name: it might be someone's
BODY_LIMITS = {p: MAX_CASELOAD + MULTIPART_OVERHEAD for p in ("/contacts/import", "/api/contacts/import")}
RELATIONSHIPS = (
    ("unknown", "I do not know them, or I am not sure"),
    ("friend", "A friend"),
    ("family", "Family"),
    ("colleague", "Someone I work with"),
)
# The banner says the verdict in words, never by colour alone.
CONTACT_VERDICTS: dict[str, tuple[str, str]] = {
    "ok": ("Fine to accept", "Nothing on your caseload or in your policies stops this."),
    "caution": ("Think first", "Read the advice below before you accept."),
    "stop": ("Decline this request", "Your policies say not to accept it. Read what to do below."),
}
WRITE_NOTE = f" Send `Content-Type: application/json` and an `{API_HEADER}` header (any value)."


class ContactCheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        min_length=1, max_length=MAX_NAME, description='The name on the request, e.g. "Kayleigh Smith".'
    )
    relationship: Relationship = Field(
        Relationship.unknown, description="Who they are to you, as far as you know."
    )


class ClearRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirm: bool = Field(description="Must be true: the whole caseload is removed.")


def _json(data: Any, status_code: int = 200) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False), media_type="application/json", status_code=status_code
    )


def status_to_dict(current: Status) -> dict[str, Any]:
    """The same shape as ``safepost caseload status --format json``: counts, refs and the log, no names."""
    return {
        "entries": current.entries,
        "updated": current.updated,
        "relations": current.relations,
        "refs": list(current.refs),
        "history": list(current.history),
    }


def summary_to_dict(summary: ImportSummary) -> dict[str, int]:
    return {"added": summary.added, "updated": summary.updated, "total": summary.total}


def _advice(state: WebState, name: str, relationship: Relationship) -> ContactAdvice:
    return advise(name, relationship, Caseload.saved(state.home), state.checker().rulebook)


async def _import(state: WebState, upload: UploadFile | None, mode: Mode) -> ImportSummary:
    if upload is None:
        raise HTTPException(400, f"Choose {WHAT} to upload.")
    check_suffix(upload, SUFFIXES, WHAT)
    data = await read_limited(upload, MAX_CASELOAD, WHAT)
    if b"\0" in data[:4096]:
        raise HTTPException(400, f"{LABEL} is not a text file. Save your list as CSV (UTF-8) or JSON.")
    rows = parse_caseload(data, LABEL)
    del data
    summary = import_rows(rows, mode, state.home)
    state.caseload_changed()
    return summary


def _page(request: Request, extra: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    state = get_state(request)
    try:
        current, status_problem = status(state.home), None
    except StoreError as exc:  # a damaged caseload: say so, and keep the clear button working
        current, status_problem = Status(0, None), str(exc)
    context: dict[str, Any] = {
        "status": current,
        "status_problem": status_problem,
        "relationships": RELATIONSHIPS,
        "name": "",
        "relationship": "unknown",
        "mode": "merge",
        "max_size": size_words(MAX_CASELOAD),
        "cleared": None,
        "imported": None,
        **(extra or {}),
    }
    return render(request, "contacts.html", context, status_code)


@router.get("/contacts", include_in_schema=False)
def contacts_page(request: Request) -> Response:
    return _page(request)


@router.post("/contacts/check", include_in_schema=False)
def contacts_check(
    request: Request,
    name: Annotated[str, Form()] = "",
    relationship: Annotated[str, Form()] = "unknown",
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    form_token(request, csrf_token)
    kept = {"name": name[:MAX_NAME], "relationship": relationship}
    if not name.strip():
        return _page(request, {**kept, "check_problem": "Type the name shown on the request."}, 400)
    if len(name) > MAX_NAME:
        problem = f"That name is {len(name):,} characters long; type up to {MAX_NAME}."
        return _page(request, {**kept, "check_problem": problem}, 400)
    if relationship not in Relationship.__members__:
        return _page(request, {**kept, "check_problem": "Choose who they are to you from the list."}, 400)
    advice = _advice(get_state(request), name, Relationship(relationship))
    return _page(
        request,
        {**kept, "advice": advice.to_dict(), "advice_words": CONTACT_VERDICTS[advice.verdict.label]},
    )


@router.post("/contacts/import", include_in_schema=False)
async def contacts_import(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    mode: Annotated[str, Form()] = "merge",
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    form_token(request, csrf_token)
    chosen = Mode.REPLACE if mode == "replace" else Mode.MERGE
    try:
        summary = await _import(get_state(request), file, chosen)
    except HTTPException as exc:
        return _page(request, {"mode": chosen.value, "import_problem": exc.detail}, exc.status_code)
    except InputError as exc:  # the file's problems, by row number, never by name
        return _page(request, {"mode": chosen.value, "import_problem": str(exc)}, 400)
    return _page(request, {"imported": summary})


@router.post("/contacts/clear", include_in_schema=False)
def contacts_clear(
    request: Request,
    confirm: Annotated[str, Form()] = "",
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    form_token(request, csrf_token)
    if confirm != "yes":
        problem = "Nothing was removed. Tick the box to confirm you want to remove your whole caseload."
        return _page(request, {"clear_problem": problem}, 400)
    removed = clear(get_state(request).home)
    get_state(request).caseload_changed()
    return _page(request, {"cleared": removed})


@router.get(
    "/api/contacts/status",
    summary="What caseload is loaded (counts, refs, import log; never names)",
    response_model=None,
)
def api_contacts_status(request: Request) -> Response:
    """The same JSON as `safepost caseload status --format json`."""
    return _json(status_to_dict(status(get_state(request).home)))


@router.post(
    "/api/contacts/check",
    dependencies=[Depends(require_api_write)],
    summary="Should I accept this friend request?",
    description='`{"name": ..., "relationship": "unknown|friend|family|colleague"}` → the same JSON as '
    "`safepost contact NAME --format json`: verdict, tell_manager, action, reasons, citations." + WRITE_NOTE,
    response_model=None,
)
def api_contacts_check(request: Request, body: ContactCheckRequest) -> Response:
    if not body.name.strip():
        raise HTTPException(400, "Give the name shown on the request.")
    return _json(_advice(get_state(request), body.name, body.relationship).to_dict())


@router.post(
    "/api/contacts/import",
    dependencies=[Depends(require_api_upload)],
    summary="Import a caseload file",
    description="Multipart form: `file` (CSV or JSON, up to 1 MB) and `mode` (`merge` or `replace`). "
    f"Send an `{API_HEADER}` header. The file is read in memory and never saved; names become keyed hashes.",
    response_model=None,
)
async def api_contacts_import(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    mode: Annotated[str, Form()] = "merge",
) -> Response:
    if mode not in ("merge", "replace"):
        raise HTTPException(400, "mode must be merge or replace.")
    summary = await _import(get_state(request), file, Mode(mode))
    return _json(summary_to_dict(summary))


@router.post(
    "/api/contacts/clear",
    dependencies=[Depends(require_api_write)],
    summary="Remove the whole caseload",
    description='`{"confirm": true}` → how many entries were removed.' + WRITE_NOTE,
    response_model=None,
)
def api_contacts_clear(request: Request, body: ClearRequest) -> Response:
    if not body.confirm:
        raise HTTPException(400, 'Nothing was removed. Send {"confirm": true} to remove the whole caseload.')
    state = get_state(request)
    removed = clear(state.home)
    state.caseload_changed()
    return _json({"removed": removed})
