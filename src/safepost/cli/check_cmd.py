"""``safepost check``: one post from the command line or stdin, or a JSONL file of posts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.console import Console

from safepost.caseload import Caseload
from safepost.checker import Checker
from safepost.cli.common import NoModelOption, PolicyOption, RulesOption, make_checker, read_stdin_text
from safepost.errors import InputError, UsageError
from safepost.models import Verdict
from safepost.reporters.json import result_to_dict
from safepost.reporters.text import print_result

# Well beyond any platform's longest post, yet checked in a couple of seconds: a longer "post" is
# almost always a pasted document or a wrong file, and deserves a quick clear answer.
MAX_POST_CHARS = 1_000_000

HELP = """Check a post before it goes out. TEXT is the post; use - to read it from standard input,
or --input FILE for a JSON Lines file with one {"id": ..., "text": ...} per line."""


class Format(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def check(
    text: Annotated[
        str | None, typer.Argument(help="The post to check, or - to read standard input.")
    ] = None,
    input_file: Annotated[
        Path | None,
        typer.Option(
            "--input", "-i", help="JSON Lines file of posts ({'id', 'text'} per line); - for stdin."
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="text, json or jsonl.")
    ] = Format.text,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say which detector and words led to each finding.")
    ] = False,
    policy: PolicyOption = None,
    rules: RulesOption = None,
    no_model: NoModelOption = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 whatever the verdict (errors still exit 3 or more).")
    ] = False,
    image: Annotated[
        list[Path] | None,
        typer.Option(
            "--image", help="A photo to check with the post (repeatable); TEXT is then its caption."
        ),
    ] = None,
) -> None:
    if image and input_file is not None:
        raise UsageError("--image checks one post with its photos; it cannot be combined with --input.")
    if image and text is None:
        text = ""  # a photo posted without a caption
    if (text is None) == (input_file is None):
        raise UsageError(
            "Give the post to check (or - for standard input), or --input FILE — one of the two."
        )
    checker = make_checker(policy, rules, no_model, caseload=Caseload.saved())
    if input_file is not None:
        code = _check_batch(checker, input_file)
        raise typer.Exit(0 if exit_zero and code <= Verdict.STOP else code)
    post = read_stdin_text() if text == "-" else str(text)
    if not _is_encodable(post):
        raise InputError(
            "The post holds characters that are not valid text (undecodable bytes). Save it as UTF-8."
        )
    if len(post) > MAX_POST_CHARS:
        raise InputError(_too_long(len(post)))
    result = checker.check(post, images=image or ())
    if output_format is Format.text:
        print_result(Console(), result, checker.rulebook, explain=explain)
    else:
        indent = 2 if output_format is Format.json else None
        sys.stdout.write(
            json.dumps(result_to_dict(result, checker.rulebook), ensure_ascii=False, indent=indent) + "\n"
        )
    raise typer.Exit(0 if exit_zero else int(result.verdict))


def _too_long(length: int) -> str:
    return (
        f"This text is {length:,} characters long: far longer than any social-media post "
        f"(Facebook's limit is about 63,000). safepost checks up to {MAX_POST_CHARS:,} characters "
        "at a time: check it in parts, or use `safepost audit` for a whole export. Nothing was changed."
    )


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    handle: BinaryIO
    if str(path) == "-":
        handle = sys.stdin.buffer
    else:
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise InputError(f"Cannot open {path}: {exc.strerror}.") from None
    with handle:
        yield from enumerate(handle, 1)


def _parse_line(raw: bytes) -> tuple[object, str]:
    try:
        row = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise ValueError('expected an object with a "text" string')
    if not _is_encodable(row["text"]):
        raise ValueError("the text holds a broken character (an unpaired \\u surrogate escape)")
    if len(row["text"]) > MAX_POST_CHARS:
        raise ValueError(_too_long(len(row["text"])))
    return row.get("id"), row["text"]


def _is_encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_batch(checker: Checker, path: Path) -> int:
    """Judge every line; report bad lines by number and go on. Exit 4 if any line was bad."""
    err = Console(stderr=True)
    worst = Verdict.OK
    bad = 0
    for number, raw in _lines(path):
        if not raw.strip():
            continue
        try:
            post_id, text = _parse_line(raw)
        except ValueError as exc:
            bad += 1
            err.print(f"safepost: {path} line {number}: {exc}; skipped.", highlight=False, markup=False)
            continue
        result = checker.check(text)
        worst = max(worst, result.verdict)
        row = result_to_dict(result, checker.rulebook, id=post_id if post_id is not None else number)
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    if bad:
        err.print(f"safepost: {bad} line(s) could not be read; the others were checked.", highlight=False)
        return InputError.exit_code
    return int(worst)
