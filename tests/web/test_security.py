"""Security: CSRF on every write, foreign hosts and origins refused, strict headers, size limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from safepost.web import create_app
from tests.web.conftest import API_HEADERS, BASE, form_token

POST = "Lovely walk on the beach today"


@pytest.mark.parametrize(
    "path",
    ["/", "/check", "/rules", "/checkup", "/contacts", "/audit", "/api/rules", "/static/app.css", "/nope"],
)
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_a_form_post_without_a_token_is_refused(client: TestClient) -> None:
    answer = client.post("/check", data={"text": POST})
    assert answer.status_code == 403
    assert "Reload the page" in answer.text


def test_a_form_post_with_a_made_up_token_is_refused(client: TestClient) -> None:
    form_token(client)
    assert client.post("/check", data={"text": POST, "csrf_token": "0" * 64}).status_code == 403


def test_a_token_from_another_browser_does_not_work(app: FastAPI, client: TestClient) -> None:
    stolen = form_token(TestClient(app, base_url=BASE))
    form_token(client)  # this browser has its own cookie
    assert client.post("/check", data={"text": POST, "csrf_token": stolen}).status_code == 403


def test_a_form_post_with_its_token_works(client: TestClient) -> None:
    token = form_token(client)
    answer = client.post("/check", data={"text": POST, "csrf_token": token})
    assert answer.status_code == 200
    assert "OK to post" in answer.text


def test_the_checkup_form_needs_a_token_too(client: TestClient) -> None:
    answer = client.post("/checkup/phone", data={"item_id": "phone-pin", "done": "true"})
    assert answer.status_code == 403
    assert client.get("/api/checkup").json()["done"] == 0


def test_the_csrf_cookie_is_strict_and_hidden_from_scripts(client: TestClient) -> None:
    cookie = client.get("/check").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_an_api_write_without_the_header_is_refused(client: TestClient) -> None:
    answer = client.post("/api/check", json={"text": POST})
    assert answer.status_code == 403
    assert "X-Safepost-Client" in answer.json()["error"]


def test_an_api_write_must_be_json(client: TestClient) -> None:
    answer = client.post("/api/check", data={"text": POST}, headers=API_HEADERS)
    assert answer.status_code == 415


@pytest.mark.parametrize(
    "extra",
    [{"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}],
    ids=["origin", "fetch-site"],
)
def test_writes_from_another_site_are_refused(client: TestClient, extra: dict[str, str]) -> None:
    assert client.post("/api/check", json={"text": POST}, headers={**API_HEADERS, **extra}).status_code == 403
    token = form_token(client)
    assert client.post("/check", data={"text": POST, "csrf_token": token}, headers=extra).status_code == 403


def test_a_same_origin_write_is_allowed(client: TestClient) -> None:
    headers = {**API_HEADERS, "Origin": BASE, "Sec-Fetch-Site": "same-origin"}
    assert client.post("/api/check", json={"text": POST}, headers=headers).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io", ""])
def test_a_foreign_host_header_is_refused(app: FastAPI, host: str) -> None:
    answer = TestClient(app, base_url=BASE).get("/check", headers={"Host": host})
    assert answer.status_code == 400
    assert "not allowed" in answer.text


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000"])
def test_local_host_names_are_accepted(app: FastAPI, host: str) -> None:
    assert TestClient(app, base_url=BASE).get("/check", headers={"Host": host}).status_code == 200


def test_a_named_host_is_accepted_only_when_the_app_was_told(private_home: Path) -> None:
    app = create_app(home=private_home, allowed_hosts={"127.0.0.1", "safepost.lan"})
    answer = TestClient(app, base_url=BASE).get("/api", headers={"Host": "safepost.lan:8000"})
    assert answer.status_code == 200


def test_an_oversized_body_is_refused_before_it_is_read(client: TestClient) -> None:
    answer = client.post("/api/check", content=b"x" * (300 * 1024), headers=API_HEADERS)
    assert answer.status_code == 413
    assert "too much" in answer.text


def test_an_oversized_body_without_a_length_is_refused(client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"x" * 10_000

    answer = client.post(
        "/api/check", content=chunks(), headers={**API_HEADERS, "Content-Type": "application/json"}
    )
    assert answer.status_code == 413


def test_post_text_is_escaped_in_the_page(client: TestClient) -> None:
    token = form_token(client)
    answer = client.post(
        "/check", data={"text": "<script>alert(1)</script> 07700 900123", "csrf_token": token}
    )
    assert "<script>alert(1)" not in answer.text
    assert "&lt;script&gt;alert(1)" in answer.text


def test_no_page_loads_anything_from_elsewhere(client: TestClient) -> None:
    for path in [
        "/",
        "/check",
        "/rules",
        "/rules/CON101",
        "/checkup",
        "/checkup/facebook",
        "/contacts",
        "/audit",
        "/api",
    ]:
        html = client.get(path).text
        for attribute in re.findall(r'(?:src|href|action)="([^"]*)"', html):
            assert attribute.startswith(("/", "#")) or attribute == "data:,", (
                f"{path} links outside: {attribute}"
            )
    static = Path(__file__).resolve().parents[2] / "src" / "safepost" / "web" / "static"
    for asset in static.iterdir():
        assert not re.search(r"https?://", asset.read_text(encoding="utf-8")), asset.name


def test_no_cross_origin_permission_is_ever_granted(client: TestClient) -> None:
    preflight = client.options(
        "/api/check",
        headers={
            "Origin": "http://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-safepost-client",
        },
    )
    assert preflight.status_code >= 400
    assert "access-control-allow-origin" not in preflight.headers
