"""The strict shape of the incident routes and the national contacts, as pydantic models.

Routes are policy, so they live in YAML beside this module; unknown fields are errors so a typo
in a route file cannot silently drop a step. Citations are checked against the rulebook's
policy documents by :mod:`safepost.incidents.routes`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from safepost.rulebook.schema import SLUG, CitationSpec

NonEmpty = Annotated[str, Field(min_length=1)]
LocalRole = Literal["line_manager", "dsl", "lado", "hr", "union"]
Field_ = Literal["summary", "happened_at", "platform", "url", "people", "draft"]
DEFAULT_RECORDS: tuple[Field_, ...] = ("summary", "happened_at", "platform", "url", "people")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Website(_Strict):
    """An organisation's own site, the source for facts no policy document states."""

    name: NonEmpty
    url: Annotated[str, Field(pattern=r"^https://[^\s]+$")]


class NationalRoute(_Strict):
    """A national service: how to reach it, what it is for, and where we learned that."""

    id: Annotated[str, Field(pattern=SLUG)]
    name: NonEmpty
    for_: NonEmpty = Field(alias="for", description="What to use it for, in plain words.")
    phone: str | None = None
    web: str | None = None
    cited_by: list[CitationSpec] = Field(default_factory=list, description="Policy clauses that name it.")
    source: Website = Field(description="The organisation's own site, where its details are published.")

    @model_validator(mode="after")
    def _reachable(self) -> NationalRoute:
        if not self.phone and not self.web:
            raise ValueError("a national route needs a phone number or a web address")
        return self


class NationalFile(_Strict):
    routes: list[NationalRoute] = Field(min_length=1)


class Step(_Strict):
    """One thing to do. ``{local}`` / ``{national}`` in ``text`` are filled with the contact's details."""

    text: NonEmpty
    local: LocalRole | None = None
    national: Annotated[str, Field(pattern=SLUG)] | None = None
    citations: list[CitationSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _grounded(self) -> Step:
        if not self.citations and not self.national:
            raise ValueError("a step needs at least one citation (or a national route with its source)")
        if "{local}" in self.text and not self.local:
            raise ValueError("the text uses {local} but the step names no local contact")
        if "{national}" in self.text and not self.national:
            raise ValueError("the text uses {national} but the step names no national route")
        return self


class Steps(_Strict):
    """The four questions every route answers."""

    tell: list[Step] = Field(min_length=1, description="Who to tell.")
    how_fast: list[Step] = Field(min_length=1, description="How fast.")
    keep: list[Step] = Field(min_length=1, description="What to keep.")
    avoid: list[Step] = Field(min_length=1, description="What not to do.")


class IncidentType(_Strict):
    id: Annotated[str, Field(pattern=SLUG)]
    title: NonEmpty
    question: NonEmpty = Field(description="How the menu asks about it, in the person's words.")
    emergency: NonEmpty | None = Field(default=None, description="Shown first, before anything else.")
    accepts_evidence: bool = True
    no_evidence_reason: NonEmpty | None = Field(
        default=None, description="Why files are refused, shown whenever someone offers one."
    )
    records: list[Field_] = Field(
        default_factory=lambda: list(DEFAULT_RECORDS),
        description="Which details the record keeps for this type.",
    )
    steps: Steps

    @model_validator(mode="after")
    def _refusal_explained(self) -> IncidentType:
        if not self.accepts_evidence and not self.no_evidence_reason:
            raise ValueError("a type that refuses files must say why (no_evidence_reason)")
        return self


class RouteFile(_Strict):
    types: list[IncidentType] = Field(min_length=1)
