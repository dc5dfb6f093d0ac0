"""The safer version of a post: risky spans replaced by neutral placeholders."""

from __future__ import annotations

from collections.abc import Sequence

from safepost.models import Finding


def safer_text(text: str, findings: Sequence[Finding]) -> str | None:
    """Replace every redactable finding's span; None when nothing in the post can be fixed by editing."""
    spans = sorted(((f.start, f.end, f.fix) for f in findings if f.fix), key=lambda s: (s[0], -s[1]))
    if not spans:
        return None
    out: list[str] = []
    cursor = 0
    for start, end, placeholder in spans:
        if start < cursor:
            cursor = max(cursor, end)  # overlaps the span just replaced: one placeholder covers both
            continue
        out.append(text[cursor:start])
        out.append(str(placeholder))
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
