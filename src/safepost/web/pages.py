"""Rendering a page: templates get the CSRF token, and a first visit gets the CSRF cookie."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.responses import Response

from safepost.web import csrf
from safepost.web.state import get_state

NAV = (
    ("/check", "Check a post"),
    ("/audit", "Audit your history"),
    ("/contacts", "Contacts"),
    ("/rules", "Rules"),
    ("/checkup", "Privacy check-up"),
    ("/api", "API"),
)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    state = get_state(request)
    nonce = request.cookies.get(csrf.COOKIE)
    fresh = not nonce or len(nonce) > 100
    if fresh:
        nonce = csrf.new_nonce()
    assert nonce is not None
    page = {
        "csrf_field": csrf.FIELD,
        "csrf_token": csrf.token_for(state.csrf_key, nonce),
        "nav": NAV,
        "path": request.url.path,
        **(context or {}),
    }
    response = state.templates.TemplateResponse(request, name, page, status_code=status_code)
    if fresh:
        response.set_cookie(csrf.COOKIE, nonce, httponly=True, samesite="strict", path="/")
    return response


def form_token(request: Request, token: str | None) -> None:
    """Refuse a form POST whose token does not match this browser's cookie."""
    csrf.require_form_token(request, token, get_state(request).csrf_key)
