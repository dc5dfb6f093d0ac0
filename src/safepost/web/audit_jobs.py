"""Audits started from the web app, run in a background thread with live progress.

Each audit gets a random id, a row in ``audit_runs`` and a private folder
``SAFEPOST_HOME/audits/<id>/`` (0700) holding what the report needs: the flagged items
(``records.jsonl``, most serious first), the summary (``summary.json``) and the HTML report the
CLI would write (``report.html``); all files 0600. The uploaded exports are deleted as soon as
the audit ends, unless the person ticked "keep". The same library calls as ``safepost audit``.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import threading
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from safepost.audit.baseline import Baseline
from safepost.audit.fingerprints import KEY_NAME, Fingerprinter
from safepost.audit.photos import PhotoOptions
from safepost.audit.records import Record
from safepost.audit.runner import AuditOutcome, run_audit
from safepost.audit.tally import Tally
from safepost.audit.workers import AutoJudge, CheckerSpec, InProcessJudge, Judge
from safepost.errors import SafepostError
from safepost.importers.items import Export, MediaExport
from safepost.keyfile import load_or_create_key
from safepost.profile import load_profile
from safepost.reporters.audit_html import write_html_report
from safepost.reporters.private_file import private_output
from safepost.store import Database
from safepost.store.models import AuditRun
from safepost.web.audit_marks import baseline_from_marks
from safepost.web.streamed import UPLOADS, Saved

AUDITS = "audits"
RECORDS = "records.jsonl"
SUMMARY = "summary.json"
REPORT = "report.html"
RUN_ID_CHARS = 32
KEPT = "kept"  # uploads/kept/: exports the person chose to keep
log = logging.getLogger("safepost.web.audit")


@dataclass
class Progress:
    """What the progress bar shows; updated by the audit thread, read by requests."""

    state: str = "waiting"  # waiting, reading, done, stopped, failed
    label: str = "Getting ready"
    items: int = 0  # items read in the current export
    estimate: int | None = None  # how many the current export holds, when cheap to know
    exports_done: int = 0
    exports_total: int = 0
    message: str | None = None
    sources: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        if self.state in ("done", "stopped"):
            return 100
        if not self.exports_total:
            return None
        part = min(self.items / self.estimate, 1.0) if self.estimate else 0.0
        return int(100 * (self.exports_done + part) / self.exports_total)

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "percent": self.percent,
            "finished": self.state in ("done", "stopped", "failed"),
        }


class _Listener:
    def __init__(self, progress: Progress, files: list[Saved]) -> None:
        self.progress = progress
        self.files = files

    def started(self, label: str, total: int | None) -> None:
        self.progress.state, self.progress.label = "reading", _without_paths(label, self.files)
        self.progress.items, self.progress.estimate = 0, total

    def advanced(self, count: int) -> None:
        self.progress.items += count

    def finished(self, problems: Sequence[str]) -> None:
        self.progress.exports_done += 1


def valid_run_id(run_id: str) -> bool:
    return len(run_id) == RUN_ID_CHARS and all(c in "0123456789abcdef" for c in run_id)


def run_folder(home: Path, run_id: str) -> Path:
    assert valid_run_id(run_id)
    return home / AUDITS / run_id


def summary_to_dict(tally: Tally) -> dict[str, Any]:
    return {
        "items": tally.items,
        "verdicts": dict(tally.verdicts),
        "categories": dict(tally.categories),
        "platforms": {p: dict(c) for p, c in tally.platforms.items()},
        "years": {y: dict(c) for y, c in tally.years.items()},
        "quiet": tally.quiet,
        "sentence": tally.sentence(),
    }


class AuditJobs:
    """The audits of one data folder: start them, follow them, delete them."""

    def __init__(self, home: Path, database: Database, checker_owned: bool) -> None:
        self.home = home
        self.database = database
        self.checker_owned = checker_owned  # a checker handed in (tests) is used in this process only
        self._progress: dict[str, Progress] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()
        self._tidy_after_restart()

    def _tidy_after_restart(self) -> None:
        """Audits cut off when safepost last stopped: say so, and delete their uploads (kept ones stay)."""
        with self.database.session() as session:
            for run in session.scalars(select(AuditRun).where(AuditRun.state.in_(("waiting", "reading")))):
                run.state, run.finished_at = "failed", datetime.now()
                run.message = "This audit was cut off when safepost stopped. Upload the exports again."
        folder = self.home / UPLOADS
        if folder.is_dir():
            for leftover in folder.iterdir():
                if leftover.is_file():
                    leftover.unlink(missing_ok=True)

    def progress(self, run_id: str) -> Progress | None:
        return self._progress.get(run_id)

    def start(self, files: list[Saved], keep: bool, judge: Judge, photos: bool = True) -> str:
        run_id = secrets.token_hex(RUN_ID_CHARS // 2)
        folder = run_folder(self.home, run_id)
        folder.mkdir(mode=0o700, parents=True)
        names = [f.shown_name for f in files]
        with self.database.session() as session:
            session.add(
                AuditRun(
                    id=run_id,
                    created_at=datetime.now(),
                    state="waiting",
                    sources=json.dumps(names),
                    items=0,
                    stop=0,
                    caution=0,
                    keep_uploads=keep,
                )
            )
        progress = Progress(exports_total=len(files), sources=names)
        self._progress[run_id] = progress
        thread = threading.Thread(
            target=self._run,
            args=(run_id, files, keep, judge, progress, photos),
            name=f"safepost-audit-{run_id[:8]}",
            daemon=True,
        )
        self._threads[run_id] = thread
        thread.start()
        return run_id

    def wait(self, run_id: str, timeout: float | None = None) -> None:
        """For tests and shutdown: wait for an audit's thread to end."""
        thread = self._threads.get(run_id)
        if thread is not None:
            thread.join(timeout)

    def _run(
        self, run_id: str, files: list[Saved], keep: bool, judge: Judge, progress: Progress, photos: bool
    ) -> None:
        folder = run_folder(self.home, run_id)
        outcome: AuditOutcome | None = None
        try:
            from safepost.importers import open_exports  # importers load only when auditing

            exports = open_exports([f.path for f in files])
            progress.exports_total = len(exports)
            fingerprint = Fingerprinter(load_or_create_key(KEY_NAME, self.home))
            baseline: Baseline = baseline_from_marks(self.database)
            options = PhotoOptions(open_files=photos and has_photo_files(exports))
            listener = _Listener(progress, files)
            outcome = run_audit(
                exports, judge, fingerprint, baseline=baseline, listener=listener, photos=options
            )
            self._write_results(folder, outcome, files)
            state = "stopped" if outcome.stopped else "done"
            message = _message(outcome)
            self._finish(run_id, state, message, outcome.tally)
            progress.message, progress.state = message, state
        except SafepostError as exc:  # an export that cannot be read: say which and why
            judge.close(cancel=True)
            self._finish(run_id, "failed", _without_paths(str(exc), files), None)
            progress.message, progress.state = _without_paths(str(exc), files), "failed"
        except Exception:
            judge.close(cancel=True)
            log.exception("audit %s failed", run_id)
            message = "Something went wrong while reading the exports. Nothing was changed; please try again."
            self._finish(run_id, "failed", message, None)
            progress.message, progress.state = message, "failed"
        finally:
            if outcome is not None:
                outcome.flagged.close()
            for saved in files:
                if keep:  # kept ones move aside, so a restart never mistakes them for leftovers
                    kept = saved.path.parent / KEPT
                    kept.mkdir(mode=0o700, exist_ok=True)
                    saved.path.replace(kept / saved.path.name)
                else:
                    saved.path.unlink(missing_ok=True)

    def _write_results(self, folder: Path, outcome: AuditOutcome, files: list[Saved]) -> None:
        def shown() -> Iterator[Record]:  # "where" names the file as the person knows it
            for record in outcome.flagged.sorted():
                record["where"] = _without_paths(str(record.get("where") or ""), files)
                yield record

        with private_output(folder / RECORDS) as handle:
            for record in shown():
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        summary = summary_to_dict(outcome.tally)
        summary["problems"] = [_without_paths(p, files) for p in outcome.problems]
        summary["photos"] = outcome.photos
        summary["stopped"] = outcome.stopped
        with private_output(folder / SUMMARY) as handle:
            handle.write(json.dumps(summary, ensure_ascii=False))
        write_html_report(
            folder / REPORT,
            outcome.tally,
            shown,
            sources=[f.shown_name for f in files],
            problems=summary["problems"],
            stopped=outcome.stopped,
        )

    def _finish(self, run_id: str, state: str, message: str | None, tally: Tally | None) -> None:
        with self.database.session() as session:
            run = session.get(AuditRun, run_id)
            if run is None:  # deleted while it ran
                return
            run.state, run.message, run.finished_at = state, message, datetime.now()
            if tally is not None:
                run.items, run.stop, run.caution = (
                    tally.items,
                    tally.verdicts["stop"],
                    tally.verdicts["caution"],
                )

    def delete(self, run_id: str) -> bool:
        """Remove an audit's results and its row (and any kept uploads it named)."""
        with self.database.session() as session:
            run = session.get(AuditRun, run_id)
            if run is None:
                return False
            session.delete(run)
        shutil.rmtree(run_folder(self.home, run_id), ignore_errors=True)
        self._progress.pop(run_id, None)
        return True


def has_photo_files(exports: Sequence[Export]) -> bool:
    """Whether any export holds photo files (as ``safepost audit`` decides whether to open photos)."""
    return any(isinstance(e, MediaExport) and e.media_count() > 0 for e in exports)


def make_judge(checker: Any, owned: bool, home: Path) -> Judge:
    """Worker processes for big audits when the app built its own checker; else this process only."""
    if not owned:
        return InProcessJudge(checker)
    profile = load_profile(home)
    policies = tuple(p.strip() for item in profile.policies for p in item.split(",") if p.strip())
    spec = CheckerSpec(
        policies=policies,
        rules_dirs=tuple(Path(d) for d in profile.rules_dirs),
        profile=profile,
        saved_caseload=True,
    )
    return AutoJudge(checker, spec, max(1, (os.cpu_count() or 2) - 1))


def _message(outcome: AuditOutcome) -> str:
    if outcome.stopped:
        return (
            f"The audit stopped early ({outcome.stopped}): the results cover the first "
            f"{outcome.tally.items:,} items only. Run it again to check everything."
        )
    return outcome.tally.sentence()


def _without_paths(text: str, files: list[Saved]) -> str:
    """Messages name the uploaded file by the name the person gave it, not its random name."""
    for saved in files:
        text = text.replace(str(saved.path), saved.shown_name).replace(saved.path.name, saved.shown_name)
    return text
