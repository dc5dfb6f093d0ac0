"""``safepost contact``'s answer: relationship x caseload result -> verdict, action, citations.

The table is data (``data/contact_routes.yaml``), validated here: every combination must be
covered, and every citation must name a clause that exists in the built-in policies, so advice
and its sources cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from safepost.caseload.matcher import Caseload, CheckStatus, NameCheck
from safepost.errors import RulebookError
from safepost.models import Verdict
from safepost.rulebook.loader import Rulebook, load_rulebook
from safepost.rulebook.schema import CitationSpec


class Relationship(StrEnum):
    colleague = "colleague"
    friend = "friend"
    family = "family"
    unknown = "unknown"


class Route(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    relationship: list[Relationship] = Field(min_length=1)
    caseload: list[CheckStatus] = Field(min_length=1)
    verdict: Literal["ok", "caution", "stop"]
    tell_manager: bool
    action: str = Field(min_length=1)
    why: str = Field(min_length=1)
    citations: list[CitationSpec] = Field(min_length=1)


class RouteTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    routes: list[Route] = Field(min_length=1)

    @model_validator(mode="after")
    def _covers_everything(self) -> RouteTable:
        missing = [
            f"{r.value}/{c.value}"
            for r in Relationship
            for c in CheckStatus
            if not any(r in route.relationship and c in route.caseload for route in self.routes)
        ]
        if missing:
            raise ValueError(f"no route for: {', '.join(missing)}")
        return self

    def route(self, relationship: Relationship, status: CheckStatus) -> Route:
        return next(r for r in self.routes if relationship in r.relationship and status in r.caseload)


def check_citations(table: RouteTable, book: Rulebook) -> None:
    for route in table.routes:
        for c in route.citations:
            doc = book.documents.get(c.document)
            if doc is None or c.clause not in doc.clauses:
                raise RulebookError(
                    f"contact_routes.yaml cites {c.document} {c.clause!r}, which does not exist."
                )


@cache
def built_in_routes() -> RouteTable:
    text = files("safepost.caseload.data").joinpath("contact_routes.yaml").read_text(encoding="utf-8")
    try:
        return RouteTable.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RulebookError(f"contact_routes.yaml: {first['loc']}: {first['msg']}") from None


@dataclass(frozen=True)
class ContactAdvice:
    verdict: Verdict
    tell_manager: bool
    action: str
    reasons: tuple[str, ...]
    citations: tuple[tuple[str, str, str], ...]  # (document, clause, label)
    check: NameCheck

    def to_dict(self) -> dict[str, object]:
        """The JSON shape; never holds a caseload name, only the matched entry's ref."""
        match = self.check.match
        return {
            "verdict": self.verdict.label,
            "tell_manager": self.tell_manager,
            "action": self.action,
            "reasons": list(self.reasons),
            "caseload": self.check.status.value,
            "match": None
            if match is None
            else {
                "ref": match.ref,
                "relation": match.relation,
                "given": match.given.label,
                "surname": match.surname.label,
            },
            "citations": [{"document": d, "clause": c, "label": label} for d, c, label in self.citations],
        }


NOT_LOADED = NameCheck(
    CheckStatus.UNCHECKED,
    None,
    "No caseload is loaded, so the name was not checked against it (`safepost caseload import FILE`).",
)


def advise(
    name: str, relationship: Relationship, caseload: Caseload | None, book: Rulebook | None = None
) -> ContactAdvice:
    """What to do about a contact request from ``name``."""
    book = book or load_rulebook()
    table = built_in_routes()
    check_citations(table, book)
    check = NOT_LOADED if caseload is None else caseload.check_name(name)
    route = table.route(relationship, check.status)
    return ContactAdvice(
        verdict=Verdict.parse(route.verdict),
        tell_manager=route.tell_manager,
        action=route.action,
        reasons=(check.reason, route.why),
        citations=tuple((c.document, c.clause, book.cite(c.document, c.clause)) for c in route.citations),
        check=check,
    )
