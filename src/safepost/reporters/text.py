"""Results for people: the verdict in words and colour, each finding with its clauses and advice."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from safepost.models import CheckResult, Verdict
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
        if finding.end > finding.start:
            text.stylize(SPAN_STYLES.get(finding.severity, "bold"), finding.start, finding.end)
    return text


def print_result(console: Console, result: CheckResult, rulebook: Rulebook, explain: bool = False) -> None:
    console.print(Text(HEADLINES[result.verdict], style=STYLES[result.verdict]))
    if not result.findings and not result.waived:
        return
    if result.findings:
        console.print(highlighted(result), soft_wrap=True)
    for finding in result.findings:
        cites = " · ".join(rulebook.cite(c.document, c.clause) for c in finding.citations)
        line = Text("  ")
        line.append(f"{finding.category:<16}", style=STYLES[finding.severity])
        line.append(f"“{finding.text}”  ", style="bold")
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
