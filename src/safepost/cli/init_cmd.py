"""``safepost init``: tell safepost about your work and your own contact details, once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from safepost.errors import UsageError
from safepost.profile import Profile, load_profile, save_profile
from safepost.rulebook.loader import load_rulebook

HELP = """Save your profile: your employer, job title, workplaces, colleagues and your own phone numbers,
emails and address. safepost then flags them with certainty when they appear in a post. The profile
stays in your safepost data folder (SAFEPOST_HOME), readable only by you."""

_QUESTIONS = [
    ("own_names", "Your name, as people write it (e.g. Jo Bloggs, Miss Bloggs)"),
    ("job_title", "Your job title(s)"),
    ("employers", "Who you work for (council, trust, school, agency)"),
    ("workplaces", "Where you work (buildings, teams, sites)"),
    ("colleagues", "Colleagues' names you might mention"),
    ("phones", "Your own phone number(s)"),
    ("emails", "Your own email address(es)"),
    ("addresses", "Your home address and postcode (each part separately)"),
]

Many = Annotated[list[str] | None, typer.Option()]


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(";") if v.strip()]


def init(
    name: Annotated[list[str] | None, typer.Option("--name", help="Your name (repeatable).")] = None,
    job_title: Annotated[list[str] | None, typer.Option("--job-title")] = None,
    employer: Annotated[list[str] | None, typer.Option("--employer")] = None,
    workplace: Annotated[list[str] | None, typer.Option("--workplace")] = None,
    colleague: Annotated[list[str] | None, typer.Option("--colleague")] = None,
    phone: Annotated[list[str] | None, typer.Option("--phone")] = None,
    email: Annotated[list[str] | None, typer.Option("--email")] = None,
    address: Annotated[list[str] | None, typer.Option("--address")] = None,
    policy: Annotated[
        list[str] | None, typer.Option("--policy", help="Policy ids that apply to you.")
    ] = None,
    rules_dir: Annotated[
        list[str] | None, typer.Option("--rules-dir", help="Your organisation's rules folder.")
    ] = None,
    show: Annotated[bool, typer.Option("--show", help="Print the saved profile and change nothing.")] = False,
) -> None:
    console = Console()
    current = load_profile()
    if show:
        console.print_json(current.model_dump_json())
        return
    given = {
        "own_names": _split(name),
        "job_title": _split(job_title),
        "employers": _split(employer),
        "workplaces": _split(workplace),
        "colleagues": _split(colleague),
        "phones": _split(phone),
        "emails": _split(email),
        "addresses": _split(address),
        "policies": _split(policy),
        "rules_dirs": [str(Path(d).expanduser().resolve()) for d in _split(rules_dir)],
    }
    if not any(given.values()) and sys.stdin.isatty():
        console.print("Answer what you like; leave a line empty to skip. Separate several answers with ;")
        for field, question in _QUESTIONS:
            existing = "; ".join(getattr(current, field))
            answer = typer.prompt(question, default=existing, show_default=bool(existing))
            given[field] = _split([answer])
    data = current.model_dump()
    data.update({k: v for k, v in given.items() if v})
    try:
        profile = Profile.model_validate(data)
    except ValueError as exc:
        raise UsageError(f"That profile is not valid: {exc}") from None
    if profile.policies:
        # Unknown policy ids fail here, before saving; the organisation's own folders count too.
        load_rulebook([Path(d) for d in profile.rules_dirs]).select(profile.policies)
    path = save_profile(profile)
    console.print(f"Saved your profile to {path} (readable only by you).", markup=False)
