"""The per-installation key: created once, private, stable, and never silently replaced."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from safepost.errors import StoreError
from safepost.keyfile import KEY_BYTES, install_key, key_path, load_or_create_key


def test_a_key_is_created_once_and_then_reused(tmp_path: Path) -> None:
    first = load_or_create_key("caseload", tmp_path)
    assert len(first) == KEY_BYTES
    assert load_or_create_key("caseload", tmp_path) == first
    assert load_or_create_key("incidents", tmp_path) != first


def test_the_key_file_is_readable_only_by_its_owner(tmp_path: Path) -> None:
    load_or_create_key("caseload", tmp_path)
    path = key_path("caseload", tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["caseload.key"]


def test_a_damaged_key_is_reported_not_replaced(tmp_path: Path) -> None:
    load_or_create_key("caseload", tmp_path)
    key_path("caseload", tmp_path).write_bytes(b"short")
    with pytest.raises(StoreError, match="damaged"):
        load_or_create_key("caseload", tmp_path)
    assert key_path("caseload", tmp_path).read_bytes() == b"short"


def test_key_names_cannot_escape_the_keys_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        key_path("../profile", tmp_path)


def test_an_installed_key_replaces_the_old_one_privately(tmp_path: Path) -> None:
    load_or_create_key("caseload", tmp_path)
    new = bytes(range(KEY_BYTES))
    install_key("caseload", new, tmp_path)
    assert load_or_create_key("caseload", tmp_path) == new
    assert stat.S_IMODE(key_path("caseload", tmp_path).stat().st_mode) == 0o600
    assert [p.name for p in key_path("caseload", tmp_path).parent.iterdir()] == ["caseload.key"]
