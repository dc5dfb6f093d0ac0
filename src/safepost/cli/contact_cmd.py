"""``safepost contact``: should I accept this friend request? Checked against the caseload, privately."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from safepost.caseload import Caseload
from safepost.caseload.routing import Relationship, advise
from safepost.errors import InputError
from safepost.models import Verdict

HELP = """Check a friend, follow or message request: is NAME someone on your caseload, and what do
the policies say to do? Exit code: 0 ok, 1 caution, 2 stop."""

_HEADLINES = {
    Verdict.OK: "[green]OK[/]",
    Verdict.CAUTION: "[yellow]CAUTION — think first[/]",
    Verdict.STOP: "[bold red]STOP — decline[/]",
}


class Format(StrEnum):
    text = "text"
    json = "json"


def contact(
    name: Annotated[str, typer.Argument(help='The name on the request, e.g. "Kayleigh Smith".')],
    relationship: Annotated[
        Relationship, typer.Option("--relationship", "-r", help="Who they are to you, as far as you know.")
    ] = Relationship.unknown,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
) -> None:
    if not name.strip():
        raise InputError('Give the name shown on the request, e.g. safepost contact "Kayleigh Smith".')
    advice = advise(name, relationship, Caseload.saved())
    if output_format is Format.json:
        sys.stdout.write(json.dumps(advice.to_dict(), ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(int(advice.verdict))
    console = Console()
    console.print(_HEADLINES[advice.verdict], highlight=False)
    console.print(advice.action, markup=False, highlight=False)
    if advice.tell_manager:
        console.print("[bold]Tell your manager.[/]", highlight=False)
    for reason in advice.reasons:
        console.print(f"• {escape(reason)}", highlight=False)
    labels = " · ".join(label for _, _, label in advice.citations)
    console.print(f"Policy: {labels}", markup=False, highlight=False)
    raise typer.Exit(int(advice.verdict))
