"""``safepost rules``: browse, search and validate the rulebook."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from safepost.cli.common import RulesOption
from safepost.errors import RulebookError
from safepost.rulebook.loader import LoadedRule, Rulebook, load_rulebook
from safepost.rulebook.schema import json_schema

app = typer.Typer(help="Browse and search the rules and the policies they come from.", no_args_is_help=True)


class Format(StrEnum):
    text = "text"
    json = "json"


def _book(rules: list[Path] | None) -> Rulebook:
    return load_rulebook(rules or [])


def rule_to_dict(book: Rulebook, loaded: LoadedRule) -> dict[str, Any]:
    rule = loaded.rule
    data = rule.model_dump(mode="json")
    data["citations"] = [{**c, "label": book.cite(c["document"], c["clause"])} for c in data["citations"]]
    data["source"] = loaded.source
    return data


@app.command("list")
def list_rules(
    policy: Annotated[
        str | None, typer.Option("--policy", "-p", help="Only rules citing this policy id.")
    ] = None,
    category: Annotated[str | None, typer.Option("--category", "-c", help="Only this category.")] = None,
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    rules: RulesOption = None,
) -> None:
    """List the rules (id, severity, category, title, clauses)."""
    book = _book(rules).select([policy] if policy else None)
    chosen = [r for r in book.rules if category is None or r.rule.category == category]
    if output_format is Format.json:
        sys.stdout.write(
            json.dumps([rule_to_dict(book, r) for r in chosen], ensure_ascii=False, indent=2) + "\n"
        )
        return
    table = Table(show_lines=False)
    for column in ("id", "severity", "category", "rule", "clauses"):
        table.add_column(column)
    for loaded in chosen:
        rule = loaded.rule
        clauses = " · ".join(book.cite(c.document, c.clause) for c in rule.citations)
        table.add_row(
            rule.id, rule.severity, rule.category, escape(f"{rule.slug}\n{rule.title}"), escape(clauses)
        )
    Console().print(table)
    Console().print(f"{len(chosen)} rules")


@app.command("show")
def show_rule(
    rule_id: Annotated[str, typer.Argument(help="Rule id (e.g. CON101) or slug.")],
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    rules: RulesOption = None,
) -> None:
    """Everything about one rule: why it matters, what to do, its clauses and examples."""
    book = _book(rules)
    loaded = book.rule(rule_id)
    if output_format is Format.json:
        sys.stdout.write(json.dumps(rule_to_dict(book, loaded), ensure_ascii=False, indent=2) + "\n")
        return
    rule = loaded.rule
    console = Console()
    console.print(f"[bold]{rule.id} {rule.slug}[/] — {escape(rule.title)}")
    console.print(f"{rule.category} · {rule.severity}")
    console.print(
        "Clauses: " + " · ".join(book.cite(c.document, c.clause) for c in rule.citations), markup=False
    )
    for c in rule.citations:
        doc = book.documents[c.document]
        console.print(f"  {doc.short} {c.clause}: {doc.clauses[c.clause]}", highlight=False, markup=False)
    console.print(f"\n[bold]Why it matters[/]\n{escape(rule.rationale)}")
    console.print(f"\n[bold]What to do[/]\n{escape(rule.advice)}")
    console.print("\n[bold]Fires on[/]")
    for example in rule.examples.fire:
        console.print(f"  • {example}", highlight=False, markup=False)
    console.print("[bold]Stays quiet on[/]")
    for example in rule.examples.quiet:
        console.print(f"  • {example}", highlight=False, markup=False)


@app.command("search")
def search_rules(
    words: Annotated[
        list[str], typer.Argument(help="Words to look for in titles, advice, rationale and clauses.")
    ],
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    rules: RulesOption = None,
) -> None:
    """Find rules by words (all words must appear somewhere in the rule)."""
    book = _book(rules)
    needles = [w.lower() for w in words]
    found = []
    for loaded in book.rules:
        rule = loaded.rule
        clauses = " ".join(
            f"{book.cite(c.document, c.clause)} {book.documents[c.document].clauses[c.clause]}"
            for c in rule.citations
        )
        haystack = " ".join(
            [
                rule.id,
                rule.slug,
                rule.title,
                rule.category,
                rule.summary,
                rule.rationale,
                rule.advice,
                clauses,
            ]
        )
        if all(n in haystack.lower() for n in needles):
            found.append(loaded)
    if output_format is Format.json:
        sys.stdout.write(
            json.dumps([rule_to_dict(book, r) for r in found], ensure_ascii=False, indent=2) + "\n"
        )
        return
    console = Console()
    for loaded in found:
        console.print(
            f"[bold]{loaded.rule.id}[/] {loaded.rule.slug} — {escape(loaded.rule.title)}", highlight=False
        )
    console.print(f"{len(found)} rules match")


@app.command("policies")
def list_policies(
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    rules: RulesOption = None,
) -> None:
    """The policy documents the rules cite, with how many rules each has."""
    book = _book(rules)
    counts = dict.fromkeys(book.documents, 0)
    for loaded in book.rules:
        for cited in {c.document for c in loaded.rule.citations}:
            counts[cited] += 1
    if output_format is Format.json:
        data = [
            {
                "id": d.id,
                "short": d.short,
                "title": d.title,
                "publisher": d.publisher,
                "year": d.year,
                "rules": counts[d.id],
            }
            for d in book.documents.values()
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table()
    for column in ("id", "name", "title", "rules"):
        table.add_column(column)
    for doc in book.documents.values():
        table.add_row(
            doc.id,
            doc.short,
            escape(f"{doc.title} ({doc.publisher}{', ' + str(doc.year) if doc.year else ''})"),
            str(counts[doc.id]),
        )
    Console().print(table)


@app.command("docs")
def export_docs(rules: RulesOption = None) -> None:
    """Print the rulebook as Markdown (this is how docs/rules.md is made)."""
    from safepost.rulebook.docs import rules_markdown

    sys.stdout.write(rules_markdown(_book(rules)))


@app.command("schema")
def export_schema() -> None:
    """Print the JSON Schema of rule and policy files, for editors."""
    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command("validate")
def validate(
    folder: Annotated[Path, typer.Argument(help="Folder of your organisation's rule files.")],
) -> None:
    """Check an organisation's rule folder: schema, citations, and that every example behaves."""
    from safepost.checker import Checker
    from safepost.rulebook.examples import failing_examples

    book = load_rulebook([folder])
    checker = Checker(rulebook=book)
    own = [
        r
        for r in book.rules
        if Path(r.source).is_relative_to(folder.resolve()) or r.source.startswith(str(folder))
    ]
    failures = failing_examples(checker, own)
    for failure in failures:
        Console(stderr=True).print(f"[red]✗[/] {escape(failure)}", highlight=False)
    if failures:
        raise RulebookError(f"{len(failures)} example(s) in {folder} do not behave as written.")
    Console().print(
        f"[green]✓[/] {len(own)} rules in {escape(str(folder))} are valid and all their examples behave."
    )
