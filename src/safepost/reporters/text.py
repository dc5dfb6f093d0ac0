"""Results for people: the verdict in words and colour, each finding with its clauses and advice."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from safepost.models import Box, CheckResult, ImageSummary, Verdict
from safepost.rulebook.loader import Rulebook

HEADLINES = {
    Verdict.OK: "OK — nothing in your policies' scope",
    Verdict.CAUTION: "CAUTION — think again before posting",
    Verdict.STOP: "STOP — don't post this",
}
STYLES = {Verdict.OK: "bold green", Verdict.CAUTION: "bold yellow", Verdict.STOP: "bold red"}
SPAN_STYLES = {Verdict.CAUTION: "black on yellow", Verdict.STOP: "white on red"}


def highlighted(result: CheckResult) -> Text:
    """The post with every finding's span marked by severity."""
    text = Text(result.text)
    for finding in sorted(result.findings, key=lambda f: f.severity):
        if finding.end > finding.start and finding.source is None:  # a photo's spans index its own text
            text.stylize(SPAN_STYLES.get(finding.severity, "bold"), finding.start, finding.end)
    return text


def print_result(console: Console, result: CheckResult, rulebook: Rulebook, explain: bool = False) -> None:
    console.print(Text(HEADLINES[result.verdict], style=STYLES[result.verdict]))
    for image in result.images:
        print_image(console, image)
    if not result.findings and not result.waived:
        return
    if any(f.source is None for f in result.findings):
        console.print(highlighted(result), soft_wrap=True)
    for finding in result.findings:
        cites = " · ".join(rulebook.cite(c.document, c.clause) for c in finding.citations)
        line = Text("  ")
        line.append(f"{finding.category:<16}", style=STYLES[finding.severity])
        line.append(f"“{finding.text}”  ", style="bold")
        if finding.source is not None:
            line.append(f"(photo {finding.source}: {finding.part}{_box(finding.box)})  ", style="cyan")
        line.append(finding.explanation.split(";", 1)[0] + "  ")
        line.append(cites, style="dim")
        line.append(f"  [{finding.rule}]", style="dim")
        console.print(line, soft_wrap=True)
        console.print(Text("      " + finding.advice, style="italic"), soft_wrap=True)
        if explain:
            console.print(Text("      why: " + finding.explanation, style="dim"), soft_wrap=True)
    for hit in result.waived:
        console.print(Text(f"  not flagged: “{hit.text}” — {hit.waived}", style="dim green"), soft_wrap=True)
    if result.safer_text:
        console.print(
            Text("  Safer version: ", style="bold") + Text(f"“{result.safer_text}”"), soft_wrap=True
        )


def print_image(console: Console, image: ImageSummary) -> None:
    """One line on what was read from a photo, then anything that could not be checked."""
    faces = len(image.faces)
    parts = [f"{image.format}, {image.width}×{image.height}"]
    parts.append(f"{faces} face{'s' if faces != 1 else ''} found")
    parts.append(f"{len(image.metadata)} hidden data field{'s' if len(image.metadata) != 1 else ''}")
    parts.append("text read: " + (f"“{' '.join(image.text.split())[:80]}”" if image.text.strip() else "none"))
    console.print(Text(f"Photo {image.source}: " + "; ".join(parts), style="bold"), soft_wrap=True)
    for part, value in image.metadata:
        console.print(Text(f"  {part}: {value}", style="dim"), soft_wrap=True)
    for note in image.notes:
        console.print(Text(f"  Note: {note}", style="yellow"), soft_wrap=True)


def _box(box: Box | None) -> str:
    return f", at {box[0]},{box[1]}–{box[2]},{box[3]}" if box else ""
