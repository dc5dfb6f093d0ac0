"""The baseline: findings a person has already dealt with, so a re-audit stays quiet about them.

A JSON file of fingerprints, each with a reason (``deleted``, ``not-a-problem`` or
``reviewed``) and the date it was marked. It holds no text from the posts.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from safepost.audit.fingerprints import FINGERPRINT_CHARS
from safepost.errors import InputError, first_problem
from safepost.home import write_private_json

FORMAT = "safepost-audit-baseline"
Fingerprint = str


class Reason(StrEnum):
    deleted = "deleted"
    not_a_problem = "not-a-problem"
    reviewed = "reviewed"


class Mark(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason
    marked: dt.date


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str = Field(default=FORMAT, pattern=f"^{FORMAT}$")
    version: int = Field(default=1, ge=1, le=1)
    marks: dict[Fingerprint, Mark] = Field(default_factory=dict)

    def __contains__(self, fingerprint: object) -> bool:
        return fingerprint in self.marks

    def mark(self, fingerprint: str, reason: Reason, today: dt.date | None = None) -> bool:
        """Add or update one mark; False when ``fingerprint`` cannot be one of ours."""
        clean = fingerprint.strip().lower()
        if len(clean) != FINGERPRINT_CHARS or any(c not in "0123456789abcdef" for c in clean):
            return False
        self.marks[clean] = Mark(reason=reason, marked=today or dt.date.today())
        return True


def load_baseline(path: Path) -> Baseline:
    """The baseline in ``path``; an empty one when the file does not exist yet."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Baseline()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"The baseline file {path} could not be read ({exc}).") from None
    try:
        return Baseline.model_validate(raw)
    except ValidationError as exc:
        where, why = first_problem(exc, "the file")
        raise InputError(
            f"{path} is not a safepost baseline file ({where}: {why}). "
            "Give the file that `safepost audit --write-baseline` made."
        ) from None


def save_baseline(path: Path, baseline: Baseline) -> None:
    write_private_json(path, baseline.model_dump(mode="json"))
