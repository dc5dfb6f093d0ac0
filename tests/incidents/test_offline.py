"""The whole incident flow, PDF included, works with networking unavailable."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.test_offline import GUARD


def test_record_verify_and_export_run_with_networking_unavailable(tmp_path: Path) -> None:
    script = GUARD + textwrap.dedent(
        f"""
        import zipfile
        from pathlib import Path
        from safepost.incidents import actions
        from safepost.incidents.bundle import export_bundle
        from safepost.incidents.store import IncidentStore
        from safepost.incidents.verify import verify

        shot = Path({str(tmp_path)!r}) / "shot.png"
        shot.write_bytes(b"screenshot")
        with IncidentStore() as store:
            actions.new_incident(store, "impersonation", {{"summary": "A copy of my profile"}}, "Jo")
            actions.add_evidence(store, 1, [shot], "Jo")
            assert verify(store).ok
            export_bundle(store, 1, Path({str(tmp_path)!r}) / "b.zip", "Jo")
        assert "chronology.pdf" in zipfile.ZipFile(Path({str(tmp_path)!r}) / "b.zip").namelist()
        print("incident flow offline: ok")
        """
    )
    env = {**os.environ, "SAFEPOST_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "incident flow offline: ok" in done.stdout
