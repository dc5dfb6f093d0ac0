"""The strict shape of policy documents and rules, as pydantic models.

Unknown fields are rejected so that a typo in an organisation's rule file is an error, not a
silently ignored setting. :func:`json_schema` exports the same shape for editors.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from safepost.models import Category

RULE_ID = r"^[A-Z]{2,4}[0-9]{3}$"
SLUG = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
DOCUMENT_ID = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
# "detector:kind", a glob star allowed in the kind, optionally ">=0.6" for a minimum score.
LABEL_PATTERN = r"^[a-z][a-z0-9-]*:(\*|[a-z0-9*][a-z0-9*-]*)(>=(0(\.[0-9]+)?|1(\.0+)?))?$"

Label = Annotated[str, Field(pattern=LABEL_PATTERN)]
NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PolicyDocument(_Strict):
    """A policy a rule can cite; its clause list lets citations be checked."""

    id: Annotated[str, Field(pattern=DOCUMENT_ID)]
    short: NonEmpty = Field(description="How a citation names it, e.g. 'NSSCB'.")
    title: NonEmpty
    publisher: NonEmpty
    year: int | None = None
    source: str | None = Field(default=None, description="Where the text came from (file or address).")
    review_due: str | None = None
    clauses: dict[str, NonEmpty] = Field(
        min_length=1, description="Clause id -> what it covers, in our own words."
    )


class CitationSpec(_Strict):
    document: Annotated[str, Field(pattern=DOCUMENT_ID)]
    clause: NonEmpty


class Trigger(_Strict):
    """When a rule fires, in terms of detector hit labels.

    ``any``: at least one hit with one of these labels; each such hit becomes a finding.
    ``also``: groups of labels; every group must have a hit somewhere in scope.
    ``unless``: if any of these is in scope, the rule stays quiet.
    ``within``: the scope for ``also`` and ``unless``: the whole post or the same sentence.
    """

    any: list[Label] = Field(min_length=1)
    also: list[list[Label]] = Field(default_factory=list)
    unless: list[Label] = Field(default_factory=list)
    within: Literal["post", "sentence"] = "post"

    @field_validator("also")
    @classmethod
    def _groups_not_empty(cls, groups: list[list[str]]) -> list[list[str]]:
        if any(not group for group in groups):
            raise ValueError("each 'also' group needs at least one label")
        return groups


class Examples(_Strict):
    """Posts the rule must fire on and must stay quiet on; all run as tests."""

    fire: list[NonEmpty] = Field(min_length=1)
    quiet: list[NonEmpty] = Field(min_length=1)


class Rule(_Strict):
    id: Annotated[str, Field(pattern=RULE_ID, description="Stable short code, e.g. CON101.")]
    slug: Annotated[
        str, Field(pattern=SLUG, description="Names the risky thing, e.g. personal-phone-number.")
    ]
    title: NonEmpty
    category: Category
    severity: Literal["caution", "stop"]
    citations: list[CitationSpec] = Field(min_length=1)
    summary: NonEmpty = Field(description="Short phrase shown beside the finding.")
    rationale: NonEmpty = Field(description="Why it matters, in our own words.")
    advice: NonEmpty = Field(description="What to do instead, in plain words.")
    fix: Literal["redact", "none"] = "none"
    placeholder: str | None = Field(default=None, description="Replacement text when fix is redact.")
    trigger: Trigger
    confirm: Annotated[float, Field(gt=0.0, le=1.0)] | None = Field(
        default=None,
        description="When the learned layer is in use, fire only if it gives this rule's category "
        "at least this probability (word lists find candidates; the model confirms them).",
    )
    fallback: bool = Field(
        default=False,
        description="Fire only when no other rule of the same category fired (a catch-all).",
    )
    examples: Examples

    @model_validator(mode="after")
    def _placeholder_with_redact(self) -> Rule:
        if self.fix == "redact" and not self.placeholder:
            raise ValueError("a rule with fix: redact needs a placeholder")
        return self


class RuleFile(_Strict):
    """A YAML file holds one rule or a list of rules under ``rules``."""

    rules: list[Rule] = Field(min_length=1)


def label_matches(pattern: str, label: str) -> bool:
    """Glob match of a label pattern without its score part (``contact:*`` matches ``contact:phone``)."""
    if "*" not in pattern:
        return pattern == label
    return re.fullmatch(re.escape(pattern).replace(r"\*", "[a-z0-9-]*"), label) is not None


def split_label(pattern: str) -> tuple[str, float]:
    """``"model:workplace>=0.6"`` -> ``("model:workplace", 0.6)``; no threshold means any score."""
    label, _, minimum = pattern.partition(">=")
    return label, float(minimum) if minimum else 0.0


# Signals that come from outside a post's words: a photo's hidden data and people, and the person a
# message was sent to (audits only). Rules over them describe their examples in words instead.
OUTSIDE_TEXT = ("image:", "caseload:recipient")


def from_outside_text(rule: Rule) -> bool:
    """A rule over signals from outside the post's words: its examples are not run as text, but by
    tests that build the photo (tests/images) or the export (tests/cli/test_audit_recipients.py)."""
    return all(split_label(p)[0].startswith(OUTSIDE_TEXT) for p in rule.trigger.any)


def reads_photos(rule: Rule) -> bool:
    """A rule over photo signals (``image:*``): its examples describe photos in words, so they are
    tested with generated photos (tests/images), not run as text."""
    return all(split_label(p)[0].startswith("image:") for p in rule.trigger.any)


def json_schema() -> dict[str, object]:
    """JSON Schema for rule files and policy documents, for editors and outside tools."""
    defs: dict[str, object] = {}
    for model in (RuleFile, Rule, PolicyDocument):
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "safepost rulebook file: one rule, a list of rules, or a policy document",
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in ("Rule", "RuleFile", "PolicyDocument")],
        "$defs": defs,
    }
