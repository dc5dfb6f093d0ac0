"""Checks work with networking unavailable: any attempt to open a socket fails the run."""

from __future__ import annotations

import subprocess
import sys
import textwrap

GUARD = textwrap.dedent(
    """
    import socket

    def refuse(*args, **kwargs):
        raise RuntimeError("safepost tried to use the network")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.socket.sendto = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    """
)


def test_checks_run_with_networking_unavailable() -> None:
    script = GUARD + textwrap.dedent(
        """
        from safepost import Checker
        result = Checker().check("Text me on 07700 900123, I'm the Smiths' social worker")
        assert result.verdict.label == "stop", result
        print("checked offline:", result.verdict.label)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "checked offline: stop" in done.stdout
