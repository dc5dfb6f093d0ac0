"""Killing safepost in the middle of add-evidence never damages what was already recorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safepost.incidents import actions
from safepost.incidents.store import IncidentStore
from safepost.incidents.verify import verify
from tests.incidents.conftest import Filled

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _start_add_evidence(home: Path, files: list[Path]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SAFEPOST_HOME": str(home)}
    command = [sys.executable, "-m", "safepost", "incident", "add-evidence", "1", *map(str, files)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(condition: object, process: subprocess.Popen[bytes], limit: float = 120.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.001)
    return False


def test_a_kill_while_a_file_is_being_sealed_leaves_a_record_that_verifies(
    filled: Filled, tmp_path: Path
) -> None:
    big = tmp_path / "screen-recording.mp4"
    with big.open("wb") as handle:
        for _ in range(96):
            handle.write(os.urandom(1 << 20))
    with IncidentStore(filled.home) as store:
        before = store.entries(1)
    evidence_dir = filled.home / "incidents" / "evidence"
    process = _start_add_evidence(filled.home, [big])
    try:
        started = _wait_for(
            lambda: any(p.name.startswith(".adding-") for p in evidence_dir.iterdir()), process
        )
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert started, "add-evidence finished before it could be killed; use a bigger file"
    assert process.returncode == -signal.SIGKILL
    with IncidentStore(filled.home) as store:
        report = verify(store)
        assert report.ok, report.problems
        assert store.entries(1) == before
        # and the record still takes new entries after the crash
        actions.record_text(store, 1, "note", "after the crash", "Jo")
        assert verify(store).ok


def test_kills_at_many_moments_during_several_files_never_break_the_record(
    filled: Filled, tmp_path: Path
) -> None:
    files = []
    for number in range(6):
        path = tmp_path / f"shot-{number}.png"
        path.write_bytes(os.urandom(4 << 20))
        files.append(path)
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5):
        process = _start_add_evidence(filled.home, files)
        time.sleep(delay)  # a different moment each time; correctness must not depend on which
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        with IncidentStore(filled.home) as store:
            report = verify(store)
        assert report.ok, (delay, report.problems)
