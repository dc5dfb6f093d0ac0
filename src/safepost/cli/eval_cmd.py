"""``safepost eval``: measure the checker on a file of labelled posts."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from safepost.cli.common import NoModelOption, PolicyOption, RulesOption, make_checker
from safepost.evaluation import Evaluation, evaluate, read_labelled

HELP = """Measure the checker on labelled posts (JSON Lines with id, text, verdict, categories):
verdict accuracy, critical misses, false alarms and per-category precision/recall/F1."""


class Format(StrEnum):
    text = "text"
    json = "json"


def evaluate_file(
    files: Annotated[list[Path], typer.Argument(help="One or more labelled JSONL files.")],
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    show_mistakes: Annotated[
        bool, typer.Option("--mistakes", help="List the posts judged differently (ids only).")
    ] = False,
    policy: PolicyOption = None,
    rules: RulesOption = None,
    no_model: NoModelOption = False,
) -> None:
    checker = make_checker(policy, rules, no_model)
    for path in files:
        result = evaluate(checker, read_labelled(path))
        if output_format is Format.json:
            summary = {"file": str(path), **result.summary()}
            if show_mistakes:
                summary["mistakes"] = result.mistakes
            sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        else:
            print_evaluation(Console(), str(path), result, show_mistakes)


def print_evaluation(console: Console, name: str, result: Evaluation, show_mistakes: bool) -> None:
    console.print(f"[bold]{escape(name)}[/] — {result.total} posts")
    console.print(
        f"verdict accuracy {result.accuracy:.1%} · critical misses {result.critical_miss_rate:.1%} "
        f"(stop judged ok) · false alarms {result.false_alarm_rate:.1%} (ok judged otherwise) · "
        f"macro-F1 {result.macro_f1:.3f}"
    )
    table = Table("category", "precision", "recall", "F1", "support")
    for category, score in result.categories.items():
        table.add_row(
            category,
            f"{score.precision:.2f}",
            f"{score.recall:.2f}",
            f"{score.f1:.2f}",
            str(score.tp + score.fn),
        )
    console.print(table)
    confusion = Table("labelled \\ judged", "ok", "caution", "stop")
    for truth, row in result.confusion.items():
        confusion.add_row(truth, *(str(row[v]) for v in ("ok", "caution", "stop")))
    console.print(confusion)
    if show_mistakes:
        for mistake in result.mistakes:
            console.print(
                f"{mistake['id']}: {mistake['expected']}→{mistake['got']} "
                f"missing {mistake['missing']} extra {mistake['extra']}",
                highlight=False,
                markup=False,
            )
