"""An app per test with its own data folder, sharing the session's Checker so tests stay quick."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from safepost.checker import Checker
from safepost.web import create_app

API_HEADERS = {"X-Safepost-Client": "tests"}
BASE = "http://127.0.0.1:8000"


@pytest.fixture
def app(private_home: Path, checker: Checker) -> FastAPI:
    return create_app(home=private_home, checker=checker)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=BASE)


def form_token(client: TestClient, page: str = "/check") -> str:
    """The CSRF token a page hands this client (and the cookie it sets alongside)."""
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', client.get(page).text)
    assert match, "the page has no CSRF token field"
    return match.group(1)
