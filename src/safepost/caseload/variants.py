"""Spelling variants of names (Jayden/Jaden/Jaydon), read from ``data/name_variants.yaml``.

The list is data so that it can grow without code changes; it is applied when a name is
checked, never when it is stored, so a longer list helps caseloads imported before it.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from safepost.errors import RulebookError

PlainName = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,30}$")]
Group = Annotated[list[PlainName], Field(min_length=2)]


class VariantFile(BaseModel):
    """Groups of interchangeable spellings, for given names and for surnames."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    given: list[Group]
    surname: list[Group]


class Variants:
    """For a plain-letter name, the other spellings in any group that holds it."""

    def __init__(self, data: VariantFile) -> None:
        self._others: dict[str, set[str]] = {}
        for group in (*data.given, *data.surname):
            for name in group:
                self._others.setdefault(name, set()).update(n for n in group if n != name)

    def of(self, name: str) -> frozenset[str]:
        return frozenset(self._others.get(name, ()))

    def __len__(self) -> int:
        return len(self._others)


@cache
def built_in_variants() -> Variants:
    text = files("safepost.caseload.data").joinpath("name_variants.yaml").read_text(encoding="utf-8")
    try:
        return Variants(VariantFile.model_validate(yaml.safe_load(text)))
    except ValidationError as exc:
        raise RulebookError(f"name_variants.yaml is not valid: {exc.errors()[0]['msg']}") from None
