"""Undo Meta's double encoding: its JSON writes every UTF-8 byte as its own ``\\u00XX`` escape."""

from __future__ import annotations


def fix_mojibake(text: str) -> str:
    """The text as the person typed it; unchanged unless it really is UTF-8 read as latin-1.

    A string qualifies only when every character fits in one byte, at least one is not ASCII,
    and the bytes decode as UTF-8 — so a genuine "café" (é as one character) is left alone.
    """
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
