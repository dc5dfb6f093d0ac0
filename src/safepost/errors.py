"""Errors a person can act on. The CLI prints their message and exits with a documented code."""


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
