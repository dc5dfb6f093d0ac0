"""The audit as one self-contained HTML page: summary, flagged items with highlighted spans,
and a printable delete list.

Rendered with Jinja2 with autoescaping on, so a post containing ``<script>`` is shown as text;
a Content-Security-Policy forbids scripts and any outside resource, and the CSS is inline, so
the file works offline and loads nothing. Records are streamed from the flagged store, so a
large report is written without holding it in memory.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from safepost.audit.records import Record, platform_name, text_findings, where_in_photo
from safepost.audit.tally import Tally
from safepost.reporters.private_file import private_output

VERDICT_WORDS = (("stop", "To delete (stop)"), ("caution", "To review (caution)"), ("ok", "Fine"))
_SEVERITY_RANK = {"caution": 1, "stop": 2}


def segments(text: str, findings: Sequence[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """``text`` cut into pieces, each marked with the worst severity of the findings covering it.

    A photo's findings are left out: their start and end index the words read from the photo.
    """
    findings = text_findings(list(findings))
    cuts = {0, len(text)}
    for f in findings:
        start, end = max(0, int(f["start"])), min(len(text), int(f["end"]))
        if end > start:
            cuts.update((start, end))
    ordered = sorted(cuts)
    marks = dict.fromkeys(ordered, 0)
    for f in findings:
        rank = _SEVERITY_RANK.get(f["severity"], 0)
        start, end = max(0, int(f["start"])), min(len(text), int(f["end"]))
        for cut in ordered:
            if start <= cut < end:
                marks[cut] = max(marks[cut], rank)
    names = {0: None, 1: "caution", 2: "stop"}
    return [(text[a:b], names[marks[a]]) for a, b in itertools.pairwise(ordered) if b > a]


def _when(value: str | None) -> str:
    if not value:
        return "undated"
    return value.replace("T", " ")[:16] + (" UTC" if len(value) > 10 else "")


def _is_web_link(value: str | None) -> bool:
    return bool(value) and str(value).startswith(("https://", "http://"))


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True)
    env.filters["when"] = _when
    env.filters["is_web_link"] = _is_web_link
    env.filters["platform"] = platform_name
    env.globals["segments"] = segments
    env.globals["where_in_photo"] = where_in_photo
    source = resources.files("safepost.reporters").joinpath("templates/audit.html.j2").read_text("utf-8")
    return env.from_string(source)


def write_html_report(
    path: Path,
    tally: Tally,
    records: Callable[[], Iterator[Record]],
    *,
    sources: Sequence[str],
    problems: Sequence[str] = (),
    stopped: str | None = None,
    generated: dt.datetime | None = None,
) -> None:
    """Write the report to ``path`` (private, atomically). ``records`` is called once per pass."""
    when = (generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    stream = _template().generate(
        tally=tally,
        records=records,
        sources=list(sources),
        problems=list(problems),
        stopped=stopped,
        generated=when,
        verdict_words=VERDICT_WORDS,
    )
    with private_output(path) as handle:
        for chunk in stream:
            handle.write(chunk)
