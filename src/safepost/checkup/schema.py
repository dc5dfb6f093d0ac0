"""The shape of a check-up file: strict, so a typo in a checklist is an error and not a silent gap."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from safepost.rulebook.schema import DOCUMENT_ID, SLUG, CitationSpec

NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class CheckupItemSpec(_Strict):
    """One thing to set or check, how to do it, and the policy clauses that ask for it."""

    id: Annotated[str, Field(pattern=SLUG, max_length=120, description="Unique across all checklists.")]
    title: NonEmpty = Field(description="What to do, as an instruction.")
    how: NonEmpty = Field(description="Where to find the setting, in plain steps.")
    why: NonEmpty = Field(description="Why it matters, in our own words.")
    citations: list[CitationSpec] = Field(min_length=1)


class Checklist(_Strict):
    """One platform (or the phone itself) and its items."""

    platform: Annotated[str, Field(pattern=DOCUMENT_ID)]
    name: NonEmpty
    order: int = Field(default=100, description="Where it appears in the list of platforms.")
    review_months: Annotated[int, Field(ge=1, le=24)] = Field(
        default=6, description="How long a finished checklist stays fresh before a review is due."
    )
    intro: NonEmpty
    items: list[CheckupItemSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _items_belong_to_platform(self) -> Checklist:
        for item in self.items:
            if not item.id.startswith(f"{self.platform}-"):
                raise ValueError(f"item {item.id!r} must start with '{self.platform}-'")
        return self
