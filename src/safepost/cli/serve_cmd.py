"""``safepost serve``: the web app on this computer, opened in the browser.

It listens on 127.0.0.1 only, unless ``--host`` names another address *and* ``--allow-network``
says so: the app has no log-in, so anyone who can reach the port could use it.
"""

from __future__ import annotations

import errno
import socket
import threading
import webbrowser
from typing import Annotated

import typer
from rich.console import Console

from safepost.errors import UsageError

HELP = """Open safepost in your web browser. It runs on this computer only (http://127.0.0.1:8000);
press Ctrl+C to stop it."""
LOCAL = ("127.0.0.1", "localhost", "::1")


def serve(
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this computer only).")
    ] = ("127.0.0.1"),
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open the web browser.")] = False,
    allow_network: Annotated[
        bool,
        typer.Option(
            "--allow-network",
            help="Let other computers reach safepost when --host is not a local address. "
            "There is no log-in: anyone on the network could see and change your data.",
        ),
    ] = False,
    max_upload: Annotated[
        str,
        typer.Option("--max-upload", help="The most an audit upload may send at once, e.g. 4GB or 500MB."),
    ] = "4GB",
) -> None:
    err = Console(stderr=True)
    upload_limit = _size(max_upload)
    local = host in LOCAL
    if not local and not allow_network:
        raise UsageError(
            f"safepost only listens on this computer by default. To listen on {host}, add --allow-network "
            "(anyone who can reach it could use your data: there is no log-in)."
        )
    try:
        import uvicorn

        from safepost.web import create_app
        from safepost.web.guard import LOCAL_HOSTS
    except ImportError:
        raise UsageError(
            "The web app is not installed. Install it with: pip install 'safepost[web]'"
        ) from None
    _check_port_free(host, port)
    allowed = set(LOCAL_HOSTS) if local else {*LOCAL_HOSTS, host.lower()}
    app = create_app(allowed_hosts=allowed, max_upload=upload_limit)
    state = app.state.safepost
    state.database()  # a locked or damaged database is reported now, in words, not on first click
    state.checker()
    if not local:
        err.print(
            f"[bold yellow]Warning:[/] safepost is reachable from the network at {host}:{port}. "
            "It has no log-in; stop it with Ctrl+C when you are done.",
            highlight=False,
        )
    address = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    err.print(f"safepost is running at {address} — press Ctrl+C to stop.", highlight=False)
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _check_port_free(host: str, port: int) -> None:
    """Say plainly when the port is taken (often: safepost is already running) instead of a bind error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(
                    f"Port {port} is already in use on {host}: safepost may already be running "
                    f"(open http://127.0.0.1:{port}/), or choose another port with --port."
                ) from None
            raise UsageError(f"safepost cannot listen on {host} port {port}: {exc.strerror}.") from None


def _size(text: str) -> int:
    """``"4GB"`` → bytes; a clear message for anything that is not a size."""
    from pydantic import ByteSize, TypeAdapter, ValidationError

    try:
        size = int(TypeAdapter(ByteSize).validate_python(text))
    except ValidationError:
        raise UsageError(f"--max-upload {text!r} is not a size: write it like 4GB or 500MB.") from None
    if size < 1024 * 1024:
        raise UsageError("--max-upload must be at least 1MB.")
    return size
