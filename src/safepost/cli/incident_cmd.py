"""``safepost incident``: report a concern, keep a tamper-evident record, export it for a referral."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from safepost.errors import InputError, StoreError, UsageError
from safepost.incidents import actions
from safepost.incidents.bundle import export_bundle
from safepost.incidents.routes import ROLE_NAMES, ROLE_TITLES, Advice, advise, load_routes
from safepost.incidents.schema import IncidentType
from safepost.incidents.store import Entry, IncidentStore, default_author
from safepost.incidents.verify import verify
from safepost.profile import Contact, LocalContacts, load_profile, save_profile

HELP = """Report a concern: who to tell, how fast, what to keep and what not to do, with the policy
clauses behind each step; then a private, tamper-evident record of what happened and what you did,
and a bundle to send with a referral. Everything stays on this computer, encrypted."""

EMERGENCY_FIRST = "If a child, or anyone, is in immediate danger, call 999 now. Everything else can wait."

app = typer.Typer(help=HELP, no_args_is_help=True)

ByOption = Annotated[
    str | None, typer.Option("--by", help="Who is recording this (default: your profile name).")
]
IdArg = Annotated[int, typer.Argument(help="The incident number (`safepost incident list`).")]


class Format(StrEnum):
    text = "text"
    json = "json"


class Role(StrEnum):
    line_manager = "line-manager"
    dsl = "dsl"
    lado = "lado"
    hr = "hr"
    union = "union"


def _is_terminal() -> bool:
    """Questions only when a person is there to answer them; scripts must pass --type."""
    return sys.stdin.isatty()


def _out() -> Console:
    return Console(highlight=False)


def _say(text: str, style: str | None = None) -> None:
    _out().print(text, markup=False, style=style)


def _json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _entry_dict(entry: Entry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "kind": entry.kind,
        "at": entry.at,
        "by": entry.by,
        "data": entry.data,
        "prev": entry.prev,
        "sha256": entry.hash,
    }


def _print_advice(advice: Advice) -> None:
    kind = advice.type
    if kind.emergency:
        _say(kind.emergency, style="bold red")
    for _key, heading, steps in advice.groups:
        _say(f"\n{heading}", style="bold")
        for step in steps:
            _say(f"  • {step.text}")
            refs = [c.label for c in step.citations] + ([step.source] if step.source else [])
            _say(f"    ({'; '.join(refs)})", style="dim")
    if not kind.accepts_evidence:
        _say(f"\n{kind.no_evidence_reason}", style="bold")


@app.command("types")
def types(output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text) -> None:
    """The kinds of concern safepost has a route for."""
    routes = load_routes()
    if output_format is Format.json:
        _json(
            [
                {"type": t.id, "title": t.title, "accepts_evidence": t.accepts_evidence}
                for t in routes.types.values()
            ]
        )
        return
    for t in routes.types.values():
        _say(f"{t.id:<22} {t.title}")


def _ask(routes_question: list[tuple[str, str]]) -> str:
    for number, (_, question) in enumerate(routes_question, 1):
        _say(f"  {number}. {question}")
    answer = typer.prompt("Which is closest? (number)")
    try:
        return routes_question[int(answer) - 1][0]
    except (ValueError, IndexError):
        raise UsageError(f"Please answer with a number from 1 to {len(routes_question)}.") from None


@app.command("new")
def new(
    type_id: Annotated[
        str | None, typer.Option("--type", "-t", help="Kind of concern (`incident types`).")
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", "-s", help="What happened, in a few words.")
    ] = None,
    happened_at: Annotated[
        str | None, typer.Option("--happened-at", help="When: 2026-11-20 or 2026-11-20 14:30.")
    ] = None,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Where: the site, app or device.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="The web address, if there is one.")] = None,
    people: Annotated[
        list[str] | None, typer.Option("--people", help="Who was involved (repeatable).")
    ] = None,
    draft: Annotated[
        str | None, typer.Option("--draft", help="For 'unsure': the draft post, checked and kept.")
    ] = None,
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    by: ByOption = None,
) -> None:
    """Open a new incident and get the route: who to tell, how fast, what to keep, what not to do."""
    routes = load_routes()
    if type_id is None:
        if not _is_terminal():
            raise UsageError(
                "Say what kind of concern it is with --type (`safepost incident types` lists them)."
            )
        # Before any question: someone in a crisis may never get past the menu.
        _say(EMERGENCY_FIRST, style="bold red")
        _say("What happened? (Ctrl+C to stop; nothing is saved until the end.)")
        type_id = _ask([(t.id, t.question) for t in routes.types.values()])
        summary, happened_at, platform, url, people, draft = _interview(
            routes.get(type_id), summary, happened_at, platform, url, people, draft
        )
    details: dict[str, Any] = {
        "summary": summary,
        "happened_at": happened_at,
        "platform": platform,
        "url": url,
        "people": [p.strip() for p in people or [] if p.strip()],
        "draft": draft,
    }
    if draft and "draft" in routes.get(type_id).records:
        details["check"] = _check_draft(draft)
    try:
        with IncidentStore() as store:
            entry = actions.new_incident(store, type_id, details, by or default_author())
    except StoreError as exc:
        # The record cannot be written (damaged, in use, no space, or a damaged profile): who to
        # tell still matters more, so the route is shown, with the saved contacts if they load.
        advice = advise(type_id, _contacts())
        if output_format is Format.json:
            _json({"incident": None, "recorded": False, "error": str(exc), "advice": advice.as_dict()})
            raise typer.Exit(exc.exit_code) from None
        _say(f"{advice.type.title}: NOT recorded (the reason is below), but do this now:", style="bold")
        _print_advice(advice)
        raise
    advice = advise(type_id, load_profile().contacts)
    if output_format is Format.json:
        _json({"incident": entry.incident, "entry": _entry_dict(entry), "advice": advice.as_dict()})
        return
    _say(f"Incident {entry.incident} recorded: {advice.type.title}.", style="bold")
    _print_advice(advice)
    more = "`told`, `add-evidence` and `outcome`" if advice.type.accepts_evidence else "`told` and `outcome`"
    _say(f"\nAdd to the record with `safepost incident note {entry.incident} TEXT`, {more}.")


def _contacts() -> LocalContacts | None:
    """The saved local contacts; None (the route says how to add them) if the profile is damaged."""
    try:
        return load_profile().contacts
    except StoreError:
        return None


def _interview(
    kind: IncidentType,
    summary: str | None,
    happened_at: str | None,
    platform: str | None,
    url: str | None,
    people: list[str] | None,
    draft: str | None,
) -> tuple[str | None, str | None, str | None, str | None, list[str] | None, str | None]:
    """Plain questions, one at a time, asking only what this kind of concern keeps."""
    if kind.emergency:
        _say(kind.emergency, style="bold red")
    if not kind.accepts_evidence:
        _say(kind.no_evidence_reason or "", style="bold")
    summary = summary or typer.prompt("In a few words, what happened?")
    while happened_at is None:
        answer = typer.prompt(
            "When did it happen? (e.g. 2026-11-20 14:30; Enter to skip)", default="", show_default=False
        )
        if not answer:
            break
        try:
            happened_at = actions.parse_when(answer)
        except InputError as exc:
            _say(str(exc))
    platform = (
        platform or typer.prompt("Where? (site, app or device)", default="", show_default=False) or None
    )
    url = url or typer.prompt("Web address, if there is one", default="", show_default=False) or None
    if "people" in kind.records and not people:
        answer = typer.prompt("Who was involved? (separate with ;)", default="", show_default=False)
        people = [p.strip() for p in answer.split(";") if p.strip()]
    if "draft" in kind.records and not draft:
        draft = typer.prompt("Paste the draft you are unsure about", default="", show_default=False) or None
    return summary, happened_at, platform, url, people, draft


def _check_draft(draft: str) -> dict[str, Any]:
    """The checker's verdict on the draft, kept with it so the manager sees what safepost said."""
    from safepost.cli.common import make_checker
    from safepost.reporters.json import result_to_dict

    checker = make_checker(None, None)
    return result_to_dict(checker.check(draft), checker.rulebook)


@app.command("route")
def route(
    type_id: Annotated[str, typer.Argument(help="Kind of concern (`incident types`).")],
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """Show a route without opening an incident."""
    advice = advise(type_id, _contacts())
    if output_format is Format.json:
        _json(advice.as_dict())
        return
    _say(advice.type.title, style="bold")
    _print_advice(advice)


@app.command("list")
def list_incidents(output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text) -> None:
    """Your incidents, oldest first."""
    with IncidentStore() as store:
        rows = store.summaries()
    if output_format is Format.json:
        _json([vars(r) for r in rows])
        return
    if not rows:
        _say("No incidents recorded. `safepost incident new` opens one.")
    for r in rows:
        _say(f"{r.id:>4}  {r.created_at}  {r.type:<20} {r.entries:>3} entries  {r.summary}")


@app.command("show")
def show(
    incident: IdArg, output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text
) -> None:
    """The incident's chronology, with the route to follow."""
    with IncidentStore() as store:
        entries = store.entries(incident)
    type_id = str(entries[0].data["type"])
    if output_format is Format.json:
        advice = advise(type_id, load_profile().contacts).as_dict()
        _json({"incident": incident, "entries": [_entry_dict(e) for e in entries], "advice": advice})
        return
    _say(f"Incident {incident}: {entries[0].data.get('title')}", style="bold")
    for entry in entries:
        _say(f"{entry.seq:>3}. {entry.at}  {entry.by}: {actions.describe(entry)}")
    _say(f"\nRoute: `safepost incident route {type_id}`.", style="dim")


@app.command("note")
def note(
    incident: IdArg, text: Annotated[str, typer.Argument(help="What to add.")], by: ByOption = None
) -> None:
    """Add a note to the chronology."""
    with IncidentStore() as store:
        entry = actions.record_text(store, incident, "note", text, by or default_author())
    _say(f"Added entry {entry.seq} to incident {incident}.")


@app.command("told")
def told(
    incident: IdArg,
    who: Annotated[str, typer.Argument(help="Who you told, e.g. 'line manager Sam Patel' or LADO.")],
    how: Annotated[str | None, typer.Option("--how", help=f"One of: {', '.join(actions.HOW)}.")] = None,
    when: Annotated[str | None, typer.Option("--on", help="When (default: now): 2026-11-20 14:30.")] = None,
    by: ByOption = None,
) -> None:
    """Record that you told someone: who, how and when."""
    if how is None:
        # No default: the record is evidence, so it must not say "in person" when nobody said so.
        raise UsageError(f"Say how you told them with --how: one of {', '.join(actions.HOW)}.")
    with IncidentStore() as store:
        entry = actions.record_told(store, incident, who, how, when, by or default_author())
    _say(f"Added entry {entry.seq} to incident {incident}: {actions.describe(entry)}")


@app.command("outcome")
def outcome(
    incident: IdArg,
    text: Annotated[str, typer.Argument(help="What was decided or done.")],
    by: ByOption = None,
) -> None:
    """Record an outcome (what was decided or done)."""
    with IncidentStore() as store:
        entry = actions.record_text(store, incident, "outcome", text, by or default_author())
    _say(f"Added entry {entry.seq} to incident {incident}.")


@app.command("correct")
def correct(
    incident: IdArg,
    entry_number: Annotated[int, typer.Argument(help="The entry that is wrong.")],
    text: Annotated[str, typer.Argument(help="What it should say.")],
    by: ByOption = None,
) -> None:
    """Correct an entry. The old entry stays; the correction is a new entry that points at it."""
    with IncidentStore() as store:
        entry = actions.record_correction(store, incident, entry_number, text, by or default_author())
    _say(f"Added entry {entry.seq} to incident {incident}, correcting entry {entry_number}.")


@app.command("add-evidence")
def add_evidence(
    incident: IdArg,
    files: Annotated[list[Path], typer.Argument(help="Screenshots, PDFs, exported messages.")],
    by: ByOption = None,
) -> None:
    """Keep files with the incident, encrypted, with their name, time added, SHA-256 and who added them."""
    with IncidentStore() as store:
        entries = actions.add_evidence(store, incident, files, by or default_author())
    for entry in entries:
        _say(f"Added entry {entry.seq}: {entry.data['name']}, SHA-256 {entry.data['sha256']}")
    _say("Your original files were not changed; keep or delete them as your policy says.")


@app.command("verify")
def verify_record(output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text) -> None:
    """Recompute every fingerprint; name anything altered, removed or reordered (exit 6 if so)."""
    with IncidentStore() as store:
        report = verify(store)
    if output_format is Format.json:
        _json({"ok": report.ok, **vars(report), "bad_evidence": sorted(report.bad_evidence)})
    else:
        for problem in report.problems:
            _say(f"PROBLEM: {problem}", style="bold red")
        for item in report.notes:
            _say(f"Note: {item}", style="dim")
        summary = (
            f"{report.incidents} incidents, {report.entries} entries, {report.evidence_files} evidence files"
        )
        if report.ok:
            _say(f"All fingerprints check: {summary}.")
            _say(
                f"The whole record's fingerprint is {report.head}. Send it to your manager now and "
                "then: it lets anyone show later that nothing before it was changed."
            )
        else:
            _say(
                f"{len(report.problems)} problem(s) in the record ({summary}). "
                "Keep a copy of the folder as it is."
            )
    if not report.ok:
        raise typer.Exit(6)


@app.command("export")
def export(
    incident: IdArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The zip file to write.")],
    by: ByOption = None,
) -> None:
    """Write a referral bundle: PDF chronology, evidence, fingerprints and how to check them."""
    with IncidentStore() as store:
        result = export_bundle(store, incident, output, by or default_author())
    _say(f"Wrote {result.path}. README.txt inside says how to check it with sha256sum, shasum or certutil.")
    for problem in result.problems:
        _say(f"PROBLEM: {problem}", style="bold red")
    if result.problems:
        raise typer.Exit(6)


@app.command("contacts")
def contacts(
    role: Annotated[
        Role | None, typer.Argument(help="Whose details: line-manager, dsl, lado, hr or union.")
    ] = None,
    name: Annotated[str | None, typer.Argument(help="Their name.")] = None,
    phone: Annotated[str | None, typer.Option("--phone")] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
) -> None:
    """The local people the routes tell you to contact. With no arguments, show them."""
    profile = load_profile()
    if role is None:
        for key in ROLE_NAMES:
            contact = getattr(profile.contacts, key)
            shown = (
                ", ".join(v for v in (contact.name, contact.phone, contact.email) if v)
                if contact
                else "not set"
            )
            _say(f"{ROLE_TITLES[key]}: {shown}")
        return
    if not name:
        raise UsageError(
            "Give their name as well, e.g. "
            "`safepost incident contacts lado 'Ana Reyes' --phone 01632 960000`."
        )
    key = role.name
    # The route prints these to someone in a hurry: a number without digits or an address
    # without @ is a typo to catch now, not in the middle of a crisis.
    if any(not v.isprintable() for v in (name, phone or "", email or "")):
        raise UsageError("Give the name, phone and email on one line each, without control characters.")
    if phone is not None and not any(c.isdigit() for c in phone):
        raise UsageError(f"{phone!r} is not a phone number: it has no digits.")
    if email is not None and "@" not in email.strip(" @"):
        raise UsageError(f"{email!r} is not an email address.")
    try:
        contact = Contact(name=name, phone=phone, email=email)
    except ValueError as exc:
        raise UsageError(f"Those details are not valid: {exc}") from None
    updated = profile.model_copy(update={"contacts": profile.contacts.model_copy(update={key: contact})})
    save_profile(updated)
    _say(f"Saved {ROLE_NAMES[key]}: {contact.name}.")
