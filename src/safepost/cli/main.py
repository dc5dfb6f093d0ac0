"""The ``safepost`` command. Each sub-command lives in its own module; this one wires them up.

Exit codes (also in ``safepost --help`` and README): 0 ok, 1 caution, 2 stop, 3 usage error,
4 unreadable input, 5 invalid rule or policy file, 6 data folder problem, 130 interrupted.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from safepost.cli import (
    audit_cmd,
    caseload_cmd,
    check_cmd,
    clean_cmd,
    contact_cmd,
    eval_cmd,
    incident_cmd,
    init_cmd,
    rules_cmd,
    serve_cmd,
)
from safepost.errors import SafepostError

EXIT_CODES = """Exit codes: 0 ok · 1 caution · 2 stop · 3 usage error · 4 unreadable input ·
5 invalid rule or policy file · 6 data folder problem · 130 interrupted."""

app = typer.Typer(
    name="safepost",
    help="Check social-media posts against your safeguarding policies before they go out. "
    "Everything stays on this computer.\n\n" + EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("check", help=check_cmd.HELP)(check_cmd.check)
app.command("clean", help=clean_cmd.HELP)(clean_cmd.clean)
app.command("audit", help=audit_cmd.HELP)(audit_cmd.audit)
app.command("eval", help=eval_cmd.HELP)(eval_cmd.evaluate_file)
app.command("init", help=init_cmd.HELP)(init_cmd.init)
app.add_typer(rules_cmd.app, name="rules")
app.command("contact", help=contact_cmd.HELP)(contact_cmd.contact)
app.add_typer(caseload_cmd.app, name="caseload")
app.add_typer(incident_cmd.app, name="incident")
app.command("serve", help=serve_cmd.HELP)(serve_cmd.serve)


def run() -> None:
    """Console entry point: friendly messages instead of tracebacks, documented exit codes."""
    err = Console(stderr=True)
    try:
        code = app(standalone_mode=False)  # click returns typer.Exit's code instead of raising it here
    except SafepostError as exc:
        err.print(f"[bold red]safepost:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("Stopped.")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("Stopped.")
        sys.exit(130)
    except typer.TyperException as exc:  # a bad option or a missing argument
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err.print(f"[bold red]safepost:[/] {escape(str(exc))}", highlight=False)
        sys.exit(3)
    except Exception as exc:  # anything unforeseen: a clear line, never a traceback
        err.print(
            f"[bold red]safepost: something went wrong:[/] {type(exc).__name__}: {escape(str(exc))}",
            highlight=False,
        )
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    run()
