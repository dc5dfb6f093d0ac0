"""The web app needs no network: pages, rules, check-up and the API all answer with sockets refused."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.test_offline import GUARD


def test_the_web_app_works_with_networking_unavailable(tmp_path: Path) -> None:
    script = GUARD + textwrap.dedent(
        f"""
        from pathlib import Path
        from fastapi.testclient import TestClient
        from safepost.web import create_app

        client = TestClient(create_app(home=Path({str(tmp_path)!r})), base_url="http://127.0.0.1:8000")
        for path in ["/", "/check", "/rules", "/rules/CON101", "/checkup/facebook", "/api", "/static/app.js",
                     "/contacts", "/audit"]:
            assert client.get(path).status_code == 200, path
        answer = client.post("/api/check", json={{"text": "Text me on 07700 900123"}},
                             headers={{"X-Safepost-Client": "offline"}})
        assert answer.json()["verdict"] == "stop", answer.text
        print("served offline")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "served offline" in done.stdout
