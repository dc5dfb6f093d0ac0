"""A check result shaped for the page: verdict words, the post cut into highlighted pieces.

The JavaScript builds the same view from the JSON API (``static/app.js``), so both follow the
same wording (``VERDICTS``) and numbering (findings in result order, counted from 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from safepost.models import CheckResult, Finding

# The banner says the verdict in words, never by colour alone.
VERDICTS: dict[str, tuple[str, str]] = {
    "ok": ("OK to post", "Nothing in this post goes against your policies."),
    "caution": ("Think again", "Something here could cause a problem. Read the advice below before posting."),
    "stop": ("Do not post this", "This post goes against your policies. Read why below."),
}


@dataclass(frozen=True)
class Piece:
    """A run of the post: plain, or highlighted for finding ``number``."""

    text: str
    number: int | None = None
    severity: str = ""


def pieces(result: CheckResult) -> list[Piece]:
    """The post split so each finding's words are one piece; overlapping findings share the first's mark."""
    text = result.text
    spans: list[tuple[int, int, int, Finding]] = []
    for number, finding in enumerate(result.findings, 1):
        if finding.source is None and 0 <= finding.start < finding.end <= len(text):
            spans.append((finding.start, finding.end, number, finding))
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[Piece] = []
    cursor = 0
    for start, end, number, finding in spans:
        if start < cursor:
            continue
        if start > cursor:
            out.append(Piece(text[cursor:start]))
        out.append(Piece(text[start:end], number, finding.severity.label))
        cursor = end
    if cursor < len(text):
        out.append(Piece(text[cursor:]))
    return out
