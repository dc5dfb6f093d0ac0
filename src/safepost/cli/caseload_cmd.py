"""``safepost caseload``: import, inspect, clear and move the caseload — which is never stored as names."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from safepost.caseload.manage import ImportSummary, Mode, clear, import_rows, status
from safepost.caseload.sources import read_caseload
from safepost.caseload.transfer import export_caseload, import_caseload
from safepost.errors import UsageError

PASSPHRASE_ENV = "SAFEPOST_CASELOAD_PASSPHRASE"
_REFS_SHOWN = 40

app = typer.Typer(
    help="Your caseload: the people you work with, so that friend requests and posts can be checked "
    "against it. Names are turned into keyed hashes on import and never stored as text.",
    no_args_is_help=True,
)


class Format(StrEnum):
    text = "text"
    json = "json"


ReplaceOption = Annotated[
    bool,
    typer.Option(
        "--replace/--merge",
        help="Replace the whole caseload with this file, or merge it in (same ref: updated). Default: merge.",
    ),
]


def _say(message: str) -> None:
    Console().print(message, markup=False, highlight=False)


def _summary(summary: ImportSummary) -> str:
    return (
        f"Caseload saved: {summary.added} added, {summary.updated} updated, {summary.total} in all. "
        "Names were turned into keyed hashes; no name was stored."
    )


@app.command("import")
def import_file(
    file: Annotated[
        Path, typer.Argument(help="CSV with a header row (name, aliases, relation, ref) or JSON.")
    ],
    replace: ReplaceOption = False,
) -> None:
    """Add people from a CSV or JSON file. Aliases are separated by ';'. Other columns are ignored."""
    rows = read_caseload(file)
    _say(_summary(import_rows(rows, Mode.REPLACE if replace else Mode.MERGE)))
    _say("You can now delete or lock away the file you imported from.")


@app.command("status")
def show_status(output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text) -> None:
    """How many people are on the caseload, their relations and refs, and the import history."""
    current = status()
    if output_format is Format.json:
        data = {
            "entries": current.entries,
            "updated": current.updated,
            "relations": current.relations,
            "refs": list(current.refs),
            "history": list(current.history),
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if not current.entries:
        _say("No caseload is loaded. Import one with: safepost caseload import FILE")
    else:
        relations = ", ".join(
            f"{n} with no relation given" if rel == "not given" else f"{n} {rel}"
            for rel, n in current.relations.items()
        )
        _say(f"{current.entries} people on your caseload ({relations}); last changed {current.updated}.")
        more = f" and {len(current.refs) - _REFS_SHOWN} more" if len(current.refs) > _REFS_SHOWN else ""
        _say("Refs: " + ", ".join(current.refs[:_REFS_SHOWN]) + more)
    for event in current.history[-10:]:
        counts = ", ".join(f"{k} {v}" for k, v in event.items() if k not in {"when", "action"})
        _say(f"  {event.get('when', '?')}  {event.get('action', '?')}: {counts}")


@app.command("clear")
def clear_caseload(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove every entry from the caseload (the import log keeps a line saying so)."""
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError("Clearing removes your whole caseload: add --yes to confirm.")
        typer.confirm("Remove your whole caseload?", abort=True)
    removed = clear()
    _say(f"Caseload cleared: {removed} entries removed.")


def _passphrase(confirm: bool) -> str:
    """From SAFEPOST_CASELOAD_PASSPHRASE (for scripts) or typed in, hidden."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise UsageError(f"Type the passphrase at the prompt, or set {PASSPHRASE_ENV} for scripts.")
    return str(typer.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm))


@app.command("export")
def export_file(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the encrypted file.")],
) -> None:
    """Write the caseload to one encrypted file for a new laptop (passphrase protected, no names)."""
    count = export_caseload(output, _passphrase(confirm=True))
    _say(
        f"Exported {count} entries to {output}, encrypted with your passphrase. "
        "On the new laptop run: safepost caseload import-encrypted FILE"
    )


@app.command("import-encrypted")
def import_encrypted(
    file: Annotated[Path, typer.Argument(help="A file made by `safepost caseload export`.")],
    replace: ReplaceOption = False,
) -> None:
    """Bring in a caseload exported from another computer with `safepost caseload export`."""
    _say(_summary(import_caseload(file, _passphrase(confirm=False), Mode.REPLACE if replace else Mode.MERGE)))
