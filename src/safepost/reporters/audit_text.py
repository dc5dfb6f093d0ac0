"""Audit results for the terminal: each flagged item with its date, place, highlighted text,
findings and fingerprint, most serious first."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.text import Text

from safepost.audit.records import Record, platform_name, where_in_photo
from safepost.models import Verdict
from safepost.reporters.audit_html import segments
from safepost.reporters.text import SPAN_STYLES, STYLES

_VERDICT = {v.label: v for v in Verdict}
# Control characters from an export (an escape sequence can retitle or repaint the terminal) are
# shown as U+FFFD; line breaks and tabs stay, and carriage returns go, as Rich drops them anyway.
_CONTROLS = {c: "\ufffd" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in "\n\t"}
_CONTROLS[ord("\r")] = ""


def shown(text: str) -> str:
    """``text`` safe to write to a terminal."""
    return text.translate(_CONTROLS)


_ACTION = {"stop": "DELETE", "caution": "REVIEW", "ok": "FINE"}


def print_records(console: Console, records: Iterable[Record]) -> int:
    """Print every record; returns how many were printed."""
    count = 0
    for record in records:
        count += 1
        verdict = _VERDICT[record["verdict"]]
        head = Text(f"{_ACTION[record['verdict']]:<7}", style=STYLES[verdict])
        head.append(f"{record['when'] or 'undated'}  {platform_name(record['platform'])} {record['kind']}  ")
        head.append(shown(record["permalink"] or record["where"]), style="dim")
        console.print(head, soft_wrap=True)
        body = Text("  ")
        for piece, severity in segments(record["text"], record["findings"]):
            body.append(shown(piece), style=SPAN_STYLES[_VERDICT[severity]] if severity else "")
        if not record["text"]:
            body.append("(a photo posted without words)", style="dim")
        console.print(body, soft_wrap=True)
        for photo in record.get("photos") or []:
            for note in photo.get("notes") or []:
                console.print(Text(f"    note: {shown(note)}", style="yellow"), soft_wrap=True)
        for finding in record["findings"]:
            line = Text("    ")
            line.append(f"{finding['category']:<16}", style=STYLES[_VERDICT[finding["severity"]]])
            line.append(f"“{shown(finding['text'])}”  ")
            if photo := where_in_photo(finding):
                line.append(f"(in the {photo})  ", style="bold")
            line.append(f"{finding['advice']}  ")
            line.append(" · ".join(c["label"] for c in finding["citations"]), style="dim")
            line.append(f"  fingerprint {finding['fingerprint']}", style="dim")
            console.print(line, soft_wrap=True)
    return count
