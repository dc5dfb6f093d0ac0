"""``safepost audit``: read platform data exports and report the old posts that put you at risk."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ByteSize, TypeAdapter, ValidationError
from rich.console import Console
from rich.text import Text

from safepost.audit.baseline import Baseline, Reason, load_baseline, save_baseline
from safepost.audit.fingerprints import Fingerprinter
from safepost.audit.flagged import FlaggedStore
from safepost.audit.photos import PhotoOptions
from safepost.audit.progress import RichListener
from safepost.audit.recipients import RecipientCheck
from safepost.audit.runner import STOPPED_BY_USER, AuditOutcome, RecordSink, run_audit
from safepost.audit.workers import AutoJudge, CheckerSpec, InProcessJudge, Judge
from safepost.checker import Checker
from safepost.cli.common import NoModelOption, PolicyOption, RulesOption
from safepost.errors import UsageError
from safepost.importers.items import ArchiveLimits, Export, MediaExport
from safepost.profile import load_profile
from safepost.reporters.audit_html import write_html_report
from safepost.reporters.audit_rows import CsvWriter, JsonlWriter
from safepost.reporters.audit_text import print_records
from safepost.reporters.private_file import private_output

HELP = """Audit your history: read the data exports you downloaded from Facebook, Instagram, X,
LinkedIn, Mastodon or Bluesky (zips or unzipped folders; a generic CSV or JSONL works too) and
find the old posts, comments, messages and profile details to delete or review. Photos in the
exports are checked too (hidden location, words in the picture, faces) unless --no-images.

Exit code: 0 nothing found, 1 something to review, 2 something to delete, 130 stopped early
(what was found so far is still written)."""

SMALL_AUDIT = 2_000  # below this many items, starting worker processes costs more than it saves


class Format(StrEnum):
    text = "text"
    jsonl = "jsonl"
    csv = "csv"


def audit(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Export zips or folders (a split export: give every part).")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write a report to this HTML file (open it in a browser).")
    ] = None,
    output_format: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="text (the default without --report), jsonl or csv."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write jsonl or csv here instead of the screen.")
    ] = None,
    all_items: Annotated[
        bool, typer.Option("--all", help="With jsonl or csv: every item, not only flagged ones.")
    ] = False,
    baseline_file: Annotated[
        Path | None,
        typer.Option("--baseline", help="Stay quiet about findings already marked in this baseline file."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", help="Mark every finding of this audit in this baseline file."),
    ] = None,
    mark: Annotated[
        list[str] | None,
        typer.Option(
            "--mark",
            help="Mark one finding (its fingerprint, from a report) in the --baseline file; repeatable. "
            "No export is read.",
        ),
    ] = None,
    reason: Annotated[
        Reason | None,
        typer.Option(
            "--reason", help="Why: deleted, not-a-problem or reviewed (for --mark, --write-baseline)."
        ),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes to use (default: all cores).")
    ] = None,
    max_size: Annotated[
        str | None,
        typer.Option(
            "--max-size", help="Largest expanded size of an export and of any file in it, e.g. 40GB."
        ),
    ] = None,
    max_ratio: Annotated[
        float | None,
        typer.Option("--max-ratio", min=1.0, help="Largest expanded-to-compressed ratio of a zip member."),
    ] = None,
    images: Annotated[
        bool | None,
        typer.Option(
            "--images/--no-images",
            help="Check the photos in the exports too (location, words in the picture, faces). "
            "On when the exports hold photo files.",
        ),
    ] = None,
    no_ocr: Annotated[
        bool, typer.Option("--no-ocr", help="Do not read words in photos (much faster).")
    ] = False,
    no_faces: Annotated[bool, typer.Option("--no-faces", help="Do not look for faces in photos.")] = False,
    policy: PolicyOption = None,
    rules: RulesOption = None,
    no_model: NoModelOption = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 whatever was found (errors still exit 3 or more).")
    ] = False,
) -> None:
    err = Console(stderr=True)
    if mark:
        if paths:
            raise UsageError("--mark only updates the baseline file: run it without exports.")
        _mark(baseline_file, mark, reason or Reason.not_a_problem, err)
        return
    if not paths:
        raise UsageError("Give at least one export to audit: a zip you downloaded, or its unzipped folder.")
    fmt = output_format or (None if report else Format.text)
    if output is not None and fmt not in (Format.jsonl, Format.csv):
        raise UsageError("--output is for --format jsonl or csv; for a report use --report FILE.html.")
    if all_items and fmt not in (Format.jsonl, Format.csv):
        raise UsageError("--all lists every item, so it needs --format jsonl or csv.")
    if report is not None and report.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"The report is an HTML page: give it a name ending in .html (not {report.name}).")
    inputs = {path.resolve() for path in paths}
    for target in (report, output, write_baseline):
        if target is not None and not target.resolve().parent.is_dir():
            raise UsageError(f"Cannot write {target}: the folder {target.parent} does not exist.")
        if target is not None and target.resolve() in inputs:
            raise UsageError(
                f"{target} is one of the exports being audited: writing there would replace it. "
                "Choose another file name."
            )
    limits = _limits(max_size, max_ratio)
    spec = _spec(policy, rules, no_model)
    checker = spec.build()  # here, not only in the workers: a bad policy or rule file is reported once
    fingerprint = Fingerprinter()
    baseline = load_baseline(baseline_file) if baseline_file else None

    from safepost.importers import open_exports  # importers load only when auditing

    exports: list[Export] = open_exports(list(paths), limits)
    has_photos = _has_photos(exports)
    if images and not has_photos:
        err.print(
            Text(
                "These exports hold no photo files: only what their data files say about photos is checked."
            ),
            soft_wrap=True,
        )
    try:
        workers = jobs or _cores()
        judge: Judge = (
            InProcessJudge(checker)
            if workers == 1
            else AutoJudge(checker, spec, workers, _start_after(exports))
        )
        with ExitStack() as stack:
            sink: RecordSink | None = None
            if fmt in (Format.jsonl, Format.csv):
                handle = stack.enter_context(private_output(output)) if output else sys.stdout
                sink = JsonlWriter(handle) if fmt is Format.jsonl else CsvWriter(handle)
            with RichListener(err) as listener:
                outcome = run_audit(
                    exports,
                    judge,
                    fingerprint,
                    baseline=baseline,
                    listener=listener,
                    sink=sink,
                    include_fine=all_items,
                    photos=PhotoOptions(
                        open_files=has_photos if images is None else images,
                        read_words=not no_ocr,
                        look_for_faces=not no_faces,
                    ),
                    recipients=_recipients(checker),
                )
    except BaseException:
        for export in exports:  # run_audit closes them itself when it gets to run
            export.close()
        raise
    try:
        _finish(outcome, exports, report, fmt, write_baseline, baseline, reason, err)
    finally:
        outcome.flagged.close()
    if outcome.stopped == STOPPED_BY_USER:
        raise typer.Exit(130)
    if outcome.stopped:  # a worker died: what was found is written, but the audit did not finish
        raise typer.Exit(3)
    raise typer.Exit(0 if exit_zero else int(outcome.tally.worst))


def _finish(
    outcome: AuditOutcome,
    exports: list[Export],
    report: Path | None,
    fmt: Format | None,
    write_baseline: Path | None,
    baseline: Baseline | None,
    reason: Reason | None,
    err: Console,
) -> None:
    """Write the report and baseline, then say what was found (and whether it is complete)."""
    if report is not None:
        write_html_report(
            report,
            outcome.tally,
            outcome.flagged.sorted,
            sources=[e.label for e in exports],
            problems=outcome.problems,
            stopped=outcome.stopped,
        )
    if write_baseline is not None:  # before the screen: a closed pipe (`| head`) must not lose it
        _write_baseline(write_baseline, baseline, outcome.flagged, reason or Reason.reviewed, err)
    if fmt is Format.text:
        print_records(Console(highlight=False), outcome.flagged.sorted())
    if outcome.stopped:
        err.print(
            Text(
                f"Stopped early ({outcome.stopped}): the results cover the first "
                f"{outcome.tally.items:,} items only. Run the audit again to check everything.",
                style="bold yellow",
            ),
            soft_wrap=True,
        )
    photos = (
        f" · {outcome.photos:,} photo{'' if outcome.photos == 1 else 's'} checked" if outcome.photos else ""
    )
    line = outcome.tally.sentence() + photos + (f" → {report}" if report else "")
    err.print(Text(line, style="bold"), soft_wrap=True)


def _mark(baseline_file: Path | None, fingerprints: list[str], reason: Reason, err: Console) -> None:
    if baseline_file is None:
        raise UsageError("--mark needs --baseline FILE: the file to record the mark in.")
    baseline = load_baseline(baseline_file)
    bad = [fp for fp in fingerprints if not baseline.mark(fp, reason)]
    if bad:
        raise UsageError(
            f"{', '.join(bad)} is not a fingerprint: copy the 24-letter code shown beside a finding "
            "in the report."
        )
    save_baseline(baseline_file, baseline)
    err.print(
        Text(f"Marked {len(fingerprints)} finding(s) as {reason.value} in {baseline_file}."), soft_wrap=True
    )


def _write_baseline(
    path: Path, current: Baseline | None, flagged: FlaggedStore, reason: Reason, err: Console
) -> None:
    """Add every finding still shown to the baseline (keeping earlier marks)."""
    baseline = load_baseline(path)
    if current is not None:
        baseline.marks = {**current.marks, **baseline.marks}
    added = 0
    for record in flagged.sorted():
        for finding in record["findings"]:
            if finding["fingerprint"] not in baseline:
                baseline.mark(finding["fingerprint"], reason)
                added += 1
    save_baseline(path, baseline)
    err.print(Text(f"Baseline {path}: {added:,} finding(s) marked as {reason.value}."), soft_wrap=True)


def _limits(max_size: str | None, max_ratio: float | None) -> ArchiveLimits:
    default = ArchiveLimits()
    size = default.max_total_bytes
    entry = default.max_entry_bytes
    if max_size is not None:
        try:
            size = entry = int(TypeAdapter(ByteSize).validate_python(max_size))
        except ValidationError:
            raise UsageError(f"--max-size {max_size!r} is not a size: write it like 40GB or 500MB.") from None
    return ArchiveLimits(size, entry, max_ratio if max_ratio is not None else default.max_ratio)


def _recipients(checker: Checker) -> RecipientCheck | None:
    """Messages to someone on the saved caseload are judged too, when there is a caseload."""
    from safepost.caseload import Caseload

    caseload = Caseload.saved()
    return RecipientCheck(checker, caseload) if caseload is not None else None


def _spec(policy: list[str] | None, rules: list[Path] | None, no_model: bool) -> CheckerSpec:
    """The same Checker as ``safepost check`` builds (``cli.common.make_checker``) from these flags,
    the saved profile and the saved caseload; a test holds the two to the same verdicts."""
    profile = load_profile()
    policies = [p.strip() for item in (policy or profile.policies) for p in item.split(",") if p.strip()]
    rules_dirs = [*(rules or []), *(Path(d) for d in profile.rules_dirs)]
    return CheckerSpec(
        tuple(policies), tuple(rules_dirs), profile, use_model=not no_model, saved_caseload=True
    )


def _has_photos(exports: list[Export]) -> bool:
    """Whether any export holds photo files: only then is ``--images`` on by default."""
    return any(isinstance(e, MediaExport) and e.media_count() > 0 for e in exports)


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _start_after(exports: list[Export]) -> int:
    """Items to check here before starting workers: none when the exports already say they are large."""
    estimates = [export.estimate() for export in exports]
    known = sum(n for n in estimates if n is not None)
    return 0 if known > SMALL_AUDIT else SMALL_AUDIT
