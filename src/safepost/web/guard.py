"""Request guard for every response: the Host check, a body size limit, and the security headers.

Written as plain ASGI middleware (not BaseHTTPMiddleware) so it adds almost nothing per request
and also covers error pages and static files. The app only ever answers to the names it was
started on, so a web page elsewhere cannot reach it by pointing its own domain at 127.0.0.1
(DNS rebinding); the headers forbid inline script, framing and referrers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cache-control", b"no-store"),
)
DEFAULT_MAX_BODY = 256 * 1024  # a post is a few hundred characters; later upload routes set their own


def host_name(host_header: str) -> str:
    """``"127.0.0.1:8000"`` → ``"127.0.0.1"``; ``"[::1]:8000"`` → ``"[::1]"``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class RequestGuard:
    """Refuse foreign Host headers and oversized bodies; add security headers to every answer."""

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: Iterable[str] = LOCAL_HOSTS,
        max_body: int = DEFAULT_MAX_BODY,
        body_limits: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.max_body = max_body
        self.body_limits = dict(body_limits or {})

    def limit_for(self, path: str) -> int:
        """The body limit for a path: the longest matching prefix in ``body_limits``, else the default.

        A prefix matches whole path segments only: ``/check`` covers ``/check`` and ``/check/photo``
        but not ``/checkup``.
        """
        matches = [p for p in self.body_limits if path == p or path.startswith(p.rstrip("/") + "/")]
        return self.body_limits[max(matches, key=len)] if matches else self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if host_name(headers.get("host", "")) not in self.allowed_hosts:
            await _plain(send, 400, "This address is not allowed. Open safepost at http://127.0.0.1 instead.")
            return
        limit = self.limit_for(scope["path"])
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _plain(send, 413, _too_much(limit))
            return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # a chunked body that never announced its length
                    raise HTTPException(413, _too_much(limit))
            return message

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, limited_receive, secured_send)


def _too_much(limit: int) -> str:
    from safepost.web.uploads import size_words

    return f"That is too much to send at once (the limit is {size_words(limit)})."


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    headers: list[Any] = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *SECURITY_HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
