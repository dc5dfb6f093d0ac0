"""`safepost init` saves a private profile whose details are then caught with certainty."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from tests.cli.conftest import Invoke


def test_profile_is_saved_privately_and_used_by_check(invoke: Invoke, private_home: Path) -> None:
    result = invoke(
        "init",
        "--employer",
        "Fernbrook Borough Council",
        "--phone",
        "07700 900777",
        "--colleague",
        "Priya Lalwani",
    )
    assert result.code == 0, result.err
    path = private_home / "profile.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["employers"] == ["Fernbrook Borough Council"]

    checked = json.loads(
        invoke("check", "--format", "json", "Proud to work for fernbrook borough council").out
    )
    assert checked["verdict"] in {"caution", "stop"}
    assert any(f["category"] == "workplace" for f in checked["findings"])

    phone = json.loads(invoke("check", "--format", "json", "new number: +44 7700 900777").out)
    assert phone["verdict"] == "stop"


def test_unknown_policy_in_profile_is_refused_before_saving(invoke: Invoke, private_home: Path) -> None:
    result = invoke("init", "--policy", "nope")
    assert result.code == 3
    assert not (private_home / "profile.json").exists()


def test_damaged_profile_is_a_clear_error(invoke: Invoke, private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "profile.json").write_text("{broken")
    result = invoke("check", "hello")
    assert result.code == 6
    assert "could not be read" in result.err
