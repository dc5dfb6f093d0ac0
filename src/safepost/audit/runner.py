"""The audit loop: stream items from each export, judge them in batches, keep what was flagged.

Memory stays flat whatever the archive's size: items are read one at a time, at most
``window`` batches are in flight, fine items are only counted, and flagged ones go to a
temporary file. Ctrl-C (or a worker that dies) stops the loop but keeps everything judged so
far, so the reports can still be written and say they are partial.
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, Future
from dataclasses import dataclass, field
from typing import Protocol

from safepost.audit.baseline import Baseline
from safepost.audit.fingerprints import Fingerprinter
from safepost.audit.flagged import FlaggedStore
from safepost.audit.records import Record, fingerprint_findings, item_record, without_baseline
from safepost.audit.tally import Tally
from safepost.audit.workers import Flag, Judge
from safepost.errors import SafepostError
from safepost.importers.items import Export, Item

BATCH_ITEMS = 256
BATCH_CHARS = 1_000_000  # a batch holding a few huge posts is sent early
RecordSink = Callable[[Record], None]
STOPPED_BY_USER = "stopped with Ctrl-C"
# A lone UTF-16 half (from a "\ud83d" escape in an export's JSON) cannot be written out as UTF-8;
# each becomes U+FFFD, one character for one, so finding offsets still point at the same text.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _writable(item: Item) -> Item:
    if _LONE_SURROGATE.search(item.text) is None:
        return item
    return dataclasses.replace(item, text=_LONE_SURROGATE.sub("\ufffd", item.text))


class Listener(Protocol):
    """Told how reading goes, e.g. to draw a progress bar."""

    def started(self, label: str, total: int | None) -> None: ...

    def advanced(self, count: int) -> None: ...

    def finished(self, problems: Sequence[str]) -> None: ...


@dataclass
class AuditOutcome:
    tally: Tally = field(default_factory=Tally)
    flagged: FlaggedStore = field(default_factory=FlaggedStore)
    problems: list[str] = field(default_factory=list)  # "<export label>: <what went wrong>"
    stopped: str | None = None  # why the audit ended early, in words; None when it finished

    @property
    def interrupted(self) -> bool:
        return self.stopped is not None


_Pending = deque[tuple[list[Item], "Future[list[Flag]]"]]


class _Run:
    def __init__(
        self,
        judge: Judge,
        fingerprint: Fingerprinter,
        baseline: Baseline | None,
        sink: RecordSink | None,
        include_fine: bool,
    ) -> None:
        self.judge = judge
        self.fingerprint = fingerprint
        self.baseline = baseline
        self.sink = sink
        self.include_fine = include_fine
        self.outcome = AuditOutcome()

    def collect(self, batch: list[Item], future: Future[list[Flag]], listener: Listener | None) -> None:
        flags = {position: findings for position, _verdict, findings in future.result()}
        tally = self.outcome.tally
        for position, item in enumerate(batch):
            findings = flags.get(position)
            if findings is None:
                tally.add(item.platform, item.when, "ok")
                if self.include_fine and self.sink is not None:
                    self.sink(item_record(item, []))
                continue
            fingerprint_findings(item, findings, self.fingerprint)
            kept = without_baseline(findings, self.baseline)
            record = item_record(item, kept)
            if findings and not kept:
                tally.quiet += 1
            tally.add(item.platform, item.when, record["verdict"], tuple(record["categories"]))
            if kept:
                self.outcome.flagged.add(record)
            if self.sink is not None and (kept or self.include_fine):
                self.sink(record)
        if listener is not None:
            listener.advanced(len(batch))

    def read(self, export: Export, window: int, listener: Listener | None) -> None:
        """Judge every item of ``export``. When reading breaks off (Ctrl-C, a damaged file), the
        items read so far are still judged before the error goes on up."""
        pending: _Pending = deque()
        batch: list[Item] = []
        chars = 0

        def send() -> None:
            nonlocal batch, chars
            if batch:
                pending.append((batch, self.judge.submit([i.text for i in batch])))
                batch, chars = [], 0

        def collect_oldest() -> None:
            self.collect(*pending[0], listener)  # popped only once judged: Ctrl-C while waiting keeps it
            pending.popleft()

        def drain() -> None:
            while pending:
                collect_oldest()

        try:
            try:
                for item in export.items():
                    item = _writable(item)
                    batch.append(item)
                    chars += len(item.text)
                    if len(batch) >= BATCH_ITEMS or chars >= BATCH_CHARS:
                        send()
                        while len(pending) >= window or (pending and pending[0][1].done()):
                            collect_oldest()
            except (KeyboardInterrupt, SafepostError):
                send()
                drain()
                raise
            send()
            drain()
        finally:
            for _batch, future in pending:
                future.cancel()


def run_audit(
    exports: Sequence[Export],
    judge: Judge,
    fingerprint: Fingerprinter,
    *,
    baseline: Baseline | None = None,
    listener: Listener | None = None,
    sink: RecordSink | None = None,
    include_fine: bool = False,
    window: int = 8,
) -> AuditOutcome:
    """Judge every item of every export; ``sink`` receives flagged records (all with ``include_fine``).

    Closes the exports and the judge. Never raises KeyboardInterrupt: an interrupted audit
    returns with ``stopped`` set and everything judged before the interruption.
    """
    run = _Run(judge, fingerprint, baseline, sink, include_fine)
    outcome = run.outcome
    done = 0
    try:
        for export in exports:
            if listener is not None:
                listener.started(export.label, export.estimate())
            try:
                run.read(export, window, listener)
            except SafepostError as exc:  # e.g. a damaged member mid-way: keep what came before it
                outcome.problems.append(
                    f"{export.label}: reading stopped early: {exc} The items before that point were checked."
                )
            finally:
                outcome.problems.extend(f"{export.label}: {problem}" for problem in export.problems)
                if listener is not None:
                    listener.finished(export.problems)
                done += 1
                export.close()
    except KeyboardInterrupt:
        outcome.stopped = STOPPED_BY_USER
    except BrokenExecutor:
        outcome.stopped = "a checking process stopped unexpectedly (the computer may be short of memory)"
    finally:
        judge.close(cancel=outcome.stopped is not None)
        for unread in exports[done:]:
            unread.close()
    return outcome
