"""What a person can do with an incident, with the route's rules applied (used by CLI and Python).

The store only appends; this layer decides what may be appended: the details a type keeps, the
refusal of any file for the indecent-images type, and corrections that point at a real entry.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from safepost.errors import InputError, UsageError
from safepost.incidents.routes import load_routes
from safepost.incidents.schema import IncidentType
from safepost.incidents.store import Entry, IncidentStore

HOW = ("in person", "phone", "email", "letter", "video call", "message", "online form")


def parse_when(text: str) -> str:
    """A date, or a date and time, as people type it: 2026-11-20, 2026-11-20 14:30."""
    cleaned = text.strip()
    try:
        moment = datetime.fromisoformat(cleaned.replace("/", "-"))
    except ValueError:
        raise InputError(
            f"{text!r} is not a date I can read. Write it like 2026-11-20 or 2026-11-20 14:30."
        ) from None
    return moment.isoformat(timespec="minutes") if len(cleaned) > 10 else moment.date().isoformat()


def new_incident(store: IncidentStore, type_id: str, details: dict[str, Any], by: str) -> Entry:
    """Open an incident of ``type_id`` keeping only the details that type records."""
    kind = load_routes().get(type_id)
    given = {k: v for k, v in details.items() if v not in (None, "", [])}
    refused = sorted(k for k in given if k not in kind.records and k != "check")
    if refused:
        named = ", ".join(r.replace("_", " ") for r in refused)
        why = (
            " For this kind of concern safepost records only what happened, where and when; "
            "the police or LADO will ask for anything else."
            if not kind.accepts_evidence
            else ""
        )
        raise UsageError(f"'{kind.title}' does not keep: {named}. Leave it out.{why}")
    if not given.get("summary"):
        raise UsageError("Say in a few words what happened (--summary).")
    if "happened_at" in given:
        given["happened_at"] = parse_when(str(given["happened_at"]))
    return store.create({"type": kind.id, "title": kind.title, **given}, by)


def incident_type(store: IncidentStore, incident: int) -> IncidentType:
    return load_routes().get(str(store.entry(incident, 1).data["type"]))


def add_evidence(store: IncidentStore, incident: int, paths: list[Path], by: str) -> list[Entry]:
    """Keep each file sealed in the record; refused outright for types that must not hold files."""
    kind = incident_type(store, incident)
    if not kind.accepts_evidence:
        raise UsageError(f"No file was added. {kind.no_evidence_reason}")
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise InputError(f"Cannot find the file {missing[0]}. Nothing was added.")
    return [store.add_evidence(incident, path, by) for path in paths]


def record_told(store: IncidentStore, incident: int, who: str, how: str, when: str | None, by: str) -> Entry:
    if how not in HOW:
        raise UsageError(f"How did you tell them? One of: {', '.join(HOW)}.")
    data = {"who": who.strip(), "how": how, "when": parse_when(when) if when else None}
    if not data["who"]:
        raise UsageError("Say who you told (for example: line manager Sam Patel).")
    return store.append(incident, "told", data, by)


def record_text(store: IncidentStore, incident: int, kind: str, text: str, by: str) -> Entry:
    if not text.strip():
        raise UsageError("The text is empty; nothing was recorded.")
    return store.append(incident, kind, {"text": text.strip()}, by)


def record_correction(store: IncidentStore, incident: int, corrects: int, text: str, by: str) -> Entry:
    """Entries are never changed: a correction is a new entry pointing at the one it corrects."""
    entries = store.entries(incident)
    if not 1 <= corrects <= len(entries):
        raise UsageError(
            f"Incident {incident} has entries 1 to {len(entries)}; there is no entry {corrects}."
        )
    if not text.strip():
        raise UsageError("Say what the correction is; nothing was recorded.")
    return store.append(
        incident,
        "correction",
        {"corrects": corrects, "corrects_hash": store.entry(incident, corrects).hash, "text": text.strip()},
        by,
    )


def describe(entry: Entry) -> str:
    """One line of the chronology in plain words."""
    d = entry.data
    if entry.kind == "created":
        summary = str(d.get("summary", "")).rstrip()
        if summary and summary[-1] not in ".!?":
            summary += "."
        parts = [f"Opened: {d.get('title', d.get('type'))}. {summary}"]
        for key, label in (
            ("happened_at", "When"),
            ("platform", "Where"),
            ("url", "Address"),
            ("people", "People"),
        ):
            if d.get(key):
                value = ", ".join(d[key]) if isinstance(d[key], list) else d[key]
                parts.append(f"{label}: {value}.")
        if d.get("draft"):
            parts.append(f"Draft: {d['draft']}")
        if d.get("check"):
            parts.append(f"safepost's check of the draft: {d['check'].get('verdict')}.")
        return " ".join(parts)
    if entry.kind == "evidence":
        return f"Evidence added: {d['name']} ({d['size']:,} bytes, SHA-256 {d['sha256']})."
    if entry.kind == "told":
        when = f" on {d['when']}" if d.get("when") else ""
        return f"Told {d['who']}{when} by {d['how']}."
    if entry.kind == "outcome":
        return f"Outcome: {d['text']}"
    if entry.kind == "correction":
        return f"Correction to entry {d['corrects']}: {d['text']}"
    return f"Note: {d.get('text', '')}"
