"""The FastAPI application factory: one router per area, the request guard, friendly errors.

``create_app(home, checker)`` builds a self-contained app; the data folder defaults to
``SAFEPOST_HOME``. Areas still to come (audit, contacts, photos) add a router module under
``safepost.web.routers`` and one line in ``ROUTERS`` below.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.responses import Response

from safepost.checker import Checker
from safepost.errors import InputError, SafepostError, StoreError, UsageError
from safepost.home import data_home
from safepost.web.guard import DEFAULT_MAX_BODY, LOCAL_HOSTS, RequestGuard
from safepost.web.pages import render
from safepost.web.routers import api, audit, check, checkup, contacts, home, photos, rules
from safepost.web.state import DEFAULT_MAX_UPLOAD, WebState
from safepost.web.uploads import MULTIPART_OVERHEAD

PACKAGE = Path(__file__).parent
ROUTERS = (
    home.router,
    check.router,
    rules.router,
    checkup.router,
    contacts.router,
    photos.router,
    audit.router,
    api.router,
)
# Upload routes allow bigger bodies than the default, by path prefix.
BODY_LIMITS: dict[str, int] = {**check.BODY_LIMITS, **photos.BODY_LIMITS, **contacts.BODY_LIMITS}
log = logging.getLogger("safepost.web")


def create_app(
    home: Path | None = None,
    checker: Checker | None = None,
    *,
    allowed_hosts: Iterable[str] = LOCAL_HOSTS,
    max_body: int = DEFAULT_MAX_BODY,
    max_upload: int = DEFAULT_MAX_UPLOAD,
) -> FastAPI:
    """A ready-to-serve app for the data folder ``home`` (default: ``SAFEPOST_HOME``).

    ``max_upload``: the most an audit upload may send at once (all its export files together).
    """
    app = FastAPI(
        title="safepost",
        summary="Check social-media posts against safeguarding policies, on this computer.",
        version="1",
        docs_url=None,  # Swagger UI loads scripts from a CDN; /api shows the API instead
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    templates = Jinja2Templates(directory=str(PACKAGE / "templates"))
    app.state.safepost = WebState(home or data_home(), templates, checker, max_upload)
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    for router in ROUTERS:
        app.include_router(router)
    uploads = dict.fromkeys(audit.UPLOAD_PATHS, max_upload + MULTIPART_OVERHEAD)
    app.add_middleware(
        RequestGuard, allowed_hosts=allowed_hosts, max_body=max_body, body_limits={**BODY_LIMITS, **uploads}
    )
    _add_error_handlers(app)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _problem(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))
    return render(request, "error.html", {"status": status, "message": message}, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
        if exc.status_code == 404:
            message = exc.detail if exc.detail != "Not Found" else "There is no page at this address."
        if exc.status_code == 405:
            message = "This address does not accept that kind of request."
        return _problem(request, exc.status_code, message or "That did not work.", exc.headers)

    async def invalid_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or "(body)", "message": e["msg"]}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems[:3])
        message = f"The request was not understood ({summary})."
        if _wants_json(request):
            return JSONResponse({"error": message, "problems": problems}, status_code=422)
        return _problem(request, 400, message)

    async def safepost_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SafepostError)
        status = (
            503 if isinstance(exc, StoreError) else 400 if isinstance(exc, (UsageError, InputError)) else 500
        )
        return _problem(request, status, str(exc))

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _problem(
            request, 500, "Something went wrong on our side. Nothing you saved was lost; please try again."
        )

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(SafepostError, safepost_error)
    app.add_exception_handler(Exception, unexpected)
