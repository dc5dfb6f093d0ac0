"""Options and helpers shared by sub-commands: building a Checker from flags and the profile."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from safepost.caseload import Caseload
from safepost.checker import Checker
from safepost.errors import InputError
from safepost.profile import load_profile

PolicyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--policy",
        "-p",
        help="Policy id to apply (repeat for several; default: all). `safepost rules policies` lists them.",
    ),
]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="A folder of your organisation's policy and rule files (repeatable)."),
]
NoModelOption = Annotated[
    bool, typer.Option("--no-model", help="Rules and word lists only; leave out the learned layer.")
]


def make_checker(
    policy: list[str] | None,
    rules: list[Path] | None,
    no_model: bool = False,
    caseload: Caseload | None = None,
) -> Checker:
    """A Checker from the command's flags, falling back to the user's saved profile and settings."""
    profile = load_profile()
    policies = [p.strip() for item in (policy or profile.policies) for p in item.split(",") if p.strip()]
    rules_dirs = [*(rules or []), *(Path(d) for d in profile.rules_dirs)]
    return Checker(
        policies=policies or None,
        rules_dirs=rules_dirs,
        profile=profile,
        use_model=not no_model,
        caseload=caseload,
    )


def read_stdin_text() -> str:
    """All of standard input as text; invalid UTF-8 is a clear error, not a traceback."""
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The text on standard input is not valid UTF-8 "
            f"(byte {data[exc.start]:#04x} at position {exc.start}). "
            "Save it as UTF-8 and try again."
        ) from None
