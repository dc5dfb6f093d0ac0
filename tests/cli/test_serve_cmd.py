"""``safepost serve``: local by default, a network address only when asked twice, browser optional."""

from __future__ import annotations

import socket
from typing import Any

import pytest
import uvicorn

from safepost.cli import serve_cmd
from tests.cli.conftest import Invoke


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Stand in for uvicorn and the browser: record what would have been started."""
    seen: dict[str, Any] = {"browser": []}

    def fake_run(app: Any, **options: Any) -> None:
        seen["app"], seen["options"] = app, options

    class NowTimer:
        def __init__(self, _delay: float, function: Any, args: tuple[Any, ...]) -> None:
            self.call = lambda: function(*args)

        def start(self) -> None:
            self.call()

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setattr(serve_cmd.webbrowser, "open", seen["browser"].append)
    monkeypatch.setattr(serve_cmd.threading, "Timer", NowTimer)
    return seen


def test_serve_listens_on_this_computer_and_opens_the_browser(
    invoke: Invoke, started: dict[str, Any]
) -> None:
    outcome = invoke("serve")
    assert outcome.code == 0, outcome.err
    assert started["options"]["host"] == "127.0.0.1" and started["options"]["port"] == 8000
    assert started["browser"] == ["http://127.0.0.1:8000/"]
    assert "http://127.0.0.1:8000/" in outcome.err


def test_no_browser_and_another_port(invoke: Invoke, started: dict[str, Any]) -> None:
    outcome = invoke("serve", "--no-browser", "--port", "8123")
    assert outcome.code == 0
    assert started["options"]["port"] == 8123 and started["browser"] == []


def test_a_network_address_is_refused_without_the_flag(invoke: Invoke, started: dict[str, Any]) -> None:
    outcome = invoke("serve", "--host", "0.0.0.0", "--no-browser")
    assert outcome.code == 3
    assert "--allow-network" in outcome.err
    assert "app" not in started


def test_a_network_address_with_the_flag_warns(
    invoke: Invoke, started: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_cmd, "_check_port_free", lambda host, port: None)  # not this machine's address
    outcome = invoke("serve", "--host", "192.168.1.20", "--allow-network", "--no-browser")
    assert outcome.code == 0
    assert "Warning" in outcome.err and "no log-in" in outcome.err
    assert started["options"]["host"] == "192.168.1.20"


def test_a_damaged_database_stops_serve_with_words(
    invoke: Invoke, started: dict[str, Any], private_home: Any
) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "safepost.db").write_bytes(b"garbage " * 500)
    outcome = invoke("serve", "--no-browser")
    assert outcome.code == 6
    assert "damaged" in outcome.err and "Traceback" not in outcome.err


def test_a_busy_port_is_reported_in_words(invoke: Invoke, started: dict[str, Any]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        outcome = invoke("serve", "--no-browser", "--port", str(port))
    assert outcome.code == 3
    assert "already in use" in outcome.err and "app" not in started


def test_an_address_this_computer_does_not_have_is_reported(invoke: Invoke, started: dict[str, Any]) -> None:
    outcome = invoke("serve", "--host", "192.0.2.1", "--allow-network", "--no-browser")
    assert outcome.code == 3
    assert "cannot listen on 192.0.2.1" in outcome.err


def test_the_audit_upload_limit_can_be_set(invoke: Invoke, started: dict[str, Any]) -> None:
    outcome = invoke("serve", "--no-browser", "--max-upload", "500MB")
    assert outcome.code == 0, outcome.err
    assert started["app"].state.safepost.max_upload == 500 * 1000**2


def test_an_upload_limit_that_is_not_a_size_is_refused(invoke: Invoke, started: dict[str, Any]) -> None:
    outcome = invoke("serve", "--no-browser", "--max-upload", "lots")
    assert outcome.code == 3 and "not a size" in outcome.err
    assert "app" not in started
