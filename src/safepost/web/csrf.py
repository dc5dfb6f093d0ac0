"""CSRF protection for forms and the JSON API.

Forms: a random value lives in a SameSite=Strict, HttpOnly cookie; the form carries an HMAC of it
made with this installation's secret key. Another site can neither read the cookie nor forge the
HMAC, so a POST without the matching pair is refused.

JSON API: writes must send ``Content-Type: application/json`` and the ``X-Safepost-Client``
header. A browser will not send either cross-site without a CORS preflight, which this app
never grants; an ``Origin`` from elsewhere is refused outright.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request

COOKIE = "safepost_csrf"
FIELD = "csrf_token"
API_HEADER = "X-Safepost-Client"
KEY_NAME = "web-csrf"


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def token_for(key: bytes, nonce: str) -> str:
    return hmac.new(key, nonce.encode(), hashlib.sha256).hexdigest()


def valid(key: bytes, nonce: str | None, token: str | None) -> bool:
    if not nonce or not token:
        return False
    return hmac.compare_digest(token_for(key, nonce), token)


def check_origin(request: Request) -> None:
    """Refuse a write whose browser says it came from another site."""
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    # "null" is what browsers send under Referrer-Policy: no-referrer; the token or header still decides.
    if origin not in (None, "null", f"http://{host}", f"https://{host}"):
        raise HTTPException(403, "This request came from another website, so it was refused.")
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        raise HTTPException(403, "This request came from another website, so it was refused.")


def require_form_token(request: Request, token: str | None, key: bytes) -> None:
    check_origin(request)
    if not valid(key, request.cookies.get(COOKIE), token):
        raise HTTPException(
            403, "This form has expired or came from somewhere else. Reload the page and try again."
        )


def require_api_write(request: Request) -> None:
    """FastAPI dependency for API writes: JSON body, our header, and no foreign Origin."""
    require_api_request(
        request, "application/json", "Send the request as JSON (Content-Type: application/json)."
    )


def require_api_request(request: Request, content_type: str, wrong_type: str) -> None:
    """An API request that changes or checks things: no foreign Origin, the expected content type
    (``wrong_type`` says what to send instead), and our header, which a page on another site
    cannot add without a CORS preflight this app never grants."""
    check_origin(request)
    sent = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if sent != content_type:
        raise HTTPException(415, wrong_type)
    if not request.headers.get(API_HEADER):
        raise HTTPException(403, f"Add the {API_HEADER} header to API requests that change or check things.")
