"""Errors a person can act on. The CLI prints their message and exits with a documented code."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotation: importing pydantic here would slow every start-up
    from pydantic import ValidationError


class SafepostError(Exception):
    """Base class: the message is written for the person using safepost, not for a programmer."""

    exit_code = 3


class UsageError(SafepostError):
    """The command was asked for something it cannot do (bad option, unknown policy id)."""

    exit_code = 3


class InputError(SafepostError):
    """The input could not be read (missing file, invalid UTF-8, malformed JSON line)."""

    exit_code = 4


class RulebookError(SafepostError):
    """A rule, policy or lexicon file is invalid; the message names the file, rule and field."""

    exit_code = 5


class StoreError(SafepostError):
    """The data directory or profile could not be read or written."""

    exit_code = 6


def first_problem(exc: ValidationError, whole: str = "") -> tuple[str, str]:
    """Where the first problem in a validated file is (a dotted field path, or ``whole`` when it is
    the file itself) and pydantic's words for it: every data file reports its errors this way."""
    first = exc.errors()[0]
    return ".".join(str(p) for p in first["loc"]) or whole, first["msg"]
