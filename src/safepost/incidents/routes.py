"""Load the incident routes and fill in the person's own contacts.

The routes and national services are data (``routes.yaml``, ``national.yaml``); this module
checks that every citation names a real clause of a built-in policy and every step names a
known service, then turns a route into plain advice: "tell your line manager, Sam Patel
(01632 960123)", or "your LADO (add their details with ...)" when the profile lacks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from safepost.errors import RulebookError, UsageError
from safepost.incidents.schema import IncidentType, NationalFile, NationalRoute, RouteFile, Step
from safepost.profile import Contact, LocalContacts
from safepost.rulebook.loader import Rulebook, load_rulebook
from safepost.rulebook.strict_yaml import load_strict

GROUPS = (
    ("tell", "Who to tell"),
    ("how_fast", "How fast"),
    ("keep", "What to keep"),
    ("avoid", "What not to do"),
)
ROLE_NAMES = {
    "line_manager": "your line manager",
    "dsl": "your designated safeguarding lead",
    "lado": "your LADO",
    "hr": "your HR adviser",
    "union": "your union or professional body representative",
}
ROLE_TITLES = {
    "line_manager": "Line manager",
    "dsl": "Designated safeguarding lead (DSL)",
    "lado": "LADO",
    "hr": "HR",
    "union": "Union or professional body",
}
ROLE_OPTIONS = {"line_manager": "line-manager", "dsl": "dsl", "lado": "lado", "hr": "hr", "union": "union"}


@dataclass(frozen=True)
class Routes:
    types: dict[str, IncidentType]
    national: dict[str, NationalRoute]

    def get(self, type_id: str) -> IncidentType:
        found = self.types.get(type_id.strip().lower())
        if found is None:
            raise UsageError(
                f"There is no incident type called {type_id!r}. "
                f"The types are: {', '.join(self.types)}. `safepost incident types` describes them."
            )
        return found


@dataclass(frozen=True)
class Citation:
    document: str
    clause: str
    label: str  # how a person reads it: "NSSCB 2.8.3"


@dataclass(frozen=True)
class AdviceStep:
    text: str
    citations: tuple[Citation, ...]
    source: str | None = None  # a national service's own site, for facts no policy states
    contact_missing: bool = False


@dataclass(frozen=True)
class Advice:
    type: IncidentType
    groups: tuple[tuple[str, str, tuple[AdviceStep, ...]], ...]  # (key, heading, steps)

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type.id,
            "title": self.type.title,
            "emergency": self.type.emergency,
            "accepts_evidence": self.type.accepts_evidence,
            "no_evidence_reason": self.type.no_evidence_reason,
            **{
                key: [
                    {
                        "text": s.text,
                        "citations": [{"document": c.document, "clause": c.clause} for c in s.citations],
                        "source": s.source,
                        "contact_missing": s.contact_missing,
                    }
                    for s in steps
                ]
                for key, _, steps in self.groups
            },
        }


def _load(name: str, model: type[BaseModel]) -> Any:
    path = resources.files("safepost.incidents") / name
    try:
        return model.model_validate(load_strict(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RulebookError(f"{name}: {exc}") from None


@cache
def _rulebook() -> Rulebook:
    return load_rulebook([])


@cache
def load_routes() -> Routes:
    """The built-in routes, checked once per process: unknown clauses or services are errors."""
    route_file: RouteFile = _load("routes.yaml", RouteFile)
    national_file: NationalFile = _load("national.yaml", NationalFile)
    national = {r.id: r for r in national_file.routes}
    documents = _rulebook().documents
    problems: list[str] = []

    def check_citations(where: str, citations: Any) -> None:
        for c in citations:
            doc = documents.get(c.document)
            if doc is None or c.clause not in doc.clauses:
                problems.append(f"{where}: no clause {c.clause!r} in policy {c.document!r}")

    for route in national.values():
        check_citations(f"national.yaml {route.id}", route.cited_by)
    for kind in route_file.types:
        for key, _ in GROUPS:
            for step in getattr(kind.steps, key):
                check_citations(f"routes.yaml {kind.id} {key}", step.citations)
                if step.national and step.national not in national:
                    problems.append(f"routes.yaml {kind.id} {key}: unknown national route {step.national!r}")
    if problems:
        raise RulebookError("; ".join(problems))
    return Routes({t.id: t for t in route_file.types}, national)


def describe_contact(role: str, contact: Contact | None) -> tuple[str, bool]:
    """``("your line manager, Sam Patel (01632 960123)", False)``; True when details are missing."""
    label = ROLE_NAMES[role]
    if contact is None:
        how = f"safepost incident contacts {ROLE_OPTIONS[role]} NAME --phone NUMBER"
        return f"{label} (add their details with `{how}`)", True
    reach = ", ".join(v for v in (contact.phone, contact.email) if v)
    return f"{label}, {contact.name}" + (f" ({reach})" if reach else ""), False


def describe_national(route: NationalRoute) -> str:
    reach = [v for v in (route.phone, route.web) if v and v not in route.name]
    return f"{route.name}: {', '.join(reach)}" if reach else route.name


def _step(step: Step, routes: Routes, contacts: LocalContacts, cite: Any) -> AdviceStep:
    text = step.text
    missing = False
    if step.local:
        described, missing = describe_contact(step.local, getattr(contacts, step.local))
        text = text.replace("{local}", described)
    citations = tuple(Citation(c.document, c.clause, cite(c.document, c.clause)) for c in step.citations)
    source = None
    if step.national:
        route = routes.national[step.national]
        text = text.replace("{national}", describe_national(route))
        source = f"{route.source.name}, {route.source.url}"
    return AdviceStep(text[0].upper() + text[1:], citations, source, missing)


def advise(type_id: str, contacts: LocalContacts | None = None) -> Advice:
    """The route for ``type_id`` with the person's contacts filled in."""
    routes = load_routes()
    kind = routes.get(type_id)
    book = _rulebook()
    own = contacts or LocalContacts()
    groups = tuple(
        (key, heading, tuple(_step(s, routes, own, book.cite) for s in getattr(kind.steps, key)))
        for key, heading in GROUPS
    )
    return Advice(kind, groups)
