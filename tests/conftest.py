"""Shared fixtures: every test gets its own private SAFEPOST_HOME; one Checker is built per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from safepost.checker import Checker


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "safepost-home"
    monkeypatch.setenv("SAFEPOST_HOME", str(home))
    yield home


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker()


@pytest.fixture(scope="session")
def rules_only_checker() -> Checker:
    return Checker(use_model=False)
