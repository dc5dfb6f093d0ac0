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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

from safepost.audit.baseline import Baseline
from safepost.audit.fingerprints import Fingerprinter
from safepost.audit.flagged import FlaggedStore
from safepost.audit.photos import PhotoJob, PhotoOptions, PhotoResult, known_metadata
from safepost.audit.recipients import RecipientCheck
from safepost.audit.records import Record, fingerprint_findings, item_record, without_baseline
from safepost.audit.tally import Tally
from safepost.audit.workers import Flag, Judge, PhotoJudge
from safepost.errors import InputError, SafepostError
from safepost.importers.items import Export, Item, MediaExport

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


def _read_items(export: Export) -> Iterator[Item]:
    """The export's items. Data shaped in a way its reader did not foresee (a number where a list
    belongs) ends the reading like a damaged file, so what was read before it is still judged and
    written, instead of the whole audit being lost."""
    items = export.items()
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except SafepostError:
            raise
        except Exception as exc:
            raise InputError(
                f"some of its data is laid out in a way safepost does not know ({type(exc).__name__}: {exc})."
            ) from exc
        yield item


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
    photos: int = 0  # photo files checked (read and judged)

    @property
    def interrupted(self) -> bool:
        return self.stopped is not None


# Per item of a batch (by position): the futures of its photos, in the order of Item.media.
_Photos = dict[int, list["Future[PhotoResult]"]]
_Pending = deque[tuple[list[Item], "Future[list[Flag]]", _Photos]]


class _Run:
    def __init__(
        self,
        judge: Judge,
        fingerprint: Fingerprinter,
        baseline: Baseline | None,
        sink: RecordSink | None,
        include_fine: bool,
        photos: PhotoOptions | None = None,
        recipients: RecipientCheck | None = None,
    ) -> None:
        self.judge = judge
        self.recipients = recipients
        self.photos = photos if isinstance(judge, PhotoJudge) else None
        self.in_flight: list[Future[PhotoResult]] = []
        self.export: Export | None = None  # the export being read, whose problems photo notes join
        self.fingerprint = fingerprint
        self.baseline = baseline
        self.sink = sink
        self.include_fine = include_fine
        self.outcome = AuditOutcome()

    def collect(
        self, batch: list[Item], future: Future[list[Flag]], photos: _Photos, listener: Listener | None
    ) -> None:
        flags = {position: findings for position, _verdict, findings in future.result()}
        tally = self.outcome.tally
        for position, item in enumerate(batch):
            findings = flags.get(position)
            entries: list[dict[str, Any]] | None = None
            if position in photos:
                findings, entries = self._with_photos(findings or [], photos[position])
                findings = findings or None
            if self.recipients is not None:
                findings = [*(findings or []), *self.recipients.findings(item)] or None
            if findings is None:
                tally.add(item.platform, item.when, "ok")
                if self.include_fine and self.sink is not None:
                    self.sink(item_record(item, [], entries))
                continue
            fingerprint_findings(item, findings, self.fingerprint)
            kept = without_baseline(findings, self.baseline)
            record = item_record(item, kept, entries)
            if findings and not kept:
                tally.quiet += 1
            tally.add(item.platform, item.when, record["verdict"], tuple(record["categories"]))
            if kept:
                self.outcome.flagged.add(record)
            if self.sink is not None and (kept or self.include_fine):
                self.sink(record)
        if listener is not None:
            listener.advanced(len(batch))

    def _with_photos(
        self, findings: list[dict[str, Any]], futures: list[Future[PhotoResult]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The item's findings with its photos' findings after them, and what each photo said."""
        entries: list[dict[str, Any]] = []
        for photo in futures:
            found, entry = photo.result()
            findings = [*findings, *found]
            entries.append(entry)
            self.outcome.photos += bool(entry.get("checked"))
            if entry.get("error") and self.export is not None:
                self.export.problems.append(f"A photo could not be checked: {entry['error']}")
        return findings, entries

    def submit_photos(self, export: Export, item: Item) -> list[Future[PhotoResult]]:
        """Send the item's photos to be checked, holding at most the judge's slots of them in memory.

        A file that cannot be read out of the export becomes a note; what the JSON knows of the
        photo (its position) is still judged.
        """
        options = self.photos
        assert options is not None and isinstance(self.judge, PhotoJudge)
        known = known_metadata(item)
        source = export if isinstance(export, MediaExport) and options.open_files else None
        names = list(item.media) if source is not None else []
        if not names and not known:
            return []
        futures: list[Future[PhotoResult]] = []
        for number, name in enumerate(names or [dict(item.details).get("file") or item.where]):
            self._wait_for_slot(self.judge.photo_slots())
            data: bytes | None = None
            if source is not None and names:
                try:
                    data = source.open_media(name)
                except InputError as exc:
                    export.problems.append(f"A photo could not be checked: {exc}")
            job = PhotoJob(name, data, known if number == 0 else ())
            if data is None and not job.known:
                continue
            future = self.judge.submit_photo(job, options)
            self.in_flight.append(future)
            futures.append(future)
        return futures

    def _wait_for_slot(self, slots: int) -> None:
        self.in_flight = [f for f in self.in_flight if not f.done()]
        while len(self.in_flight) >= max(1, slots):
            wait(self.in_flight, return_when=FIRST_COMPLETED)
            self.in_flight = [f for f in self.in_flight if not f.done()]

    def read(self, export: Export, window: int, listener: Listener | None) -> None:
        """Judge every item of ``export``. When reading breaks off (Ctrl-C, a damaged file), the
        items read so far are still judged before the error goes on up."""
        self.export = export
        pending: _Pending = deque()
        batch: list[Item] = []
        photos: _Photos = {}
        chars = 0

        def send() -> None:
            nonlocal batch, chars, photos
            if batch:
                pending.append((batch, self.judge.submit([i.text for i in batch]), photos))
                batch, chars, photos = [], 0, {}

        def collect_oldest() -> None:
            self.collect(*pending[0], listener)  # popped only once judged: Ctrl-C while waiting keeps it
            pending.popleft()

        def drain() -> None:
            while pending:
                collect_oldest()

        try:
            try:
                for item in _read_items(export):
                    item = _writable(item)
                    if self.photos is not None and (futures := self.submit_photos(export, item)):
                        photos[len(batch)] = futures
                    batch.append(item)
                    chars += len(item.text)
                    if len(batch) >= BATCH_ITEMS or chars >= BATCH_CHARS:
                        send()
                        while len(pending) >= window or (pending and _judged(pending[0])):
                            collect_oldest()
            except (KeyboardInterrupt, SafepostError):
                send()
                drain()
                raise
            send()
            drain()
        finally:
            for _batch, future, waiting in pending:
                future.cancel()
                for photo in (f for futures in waiting.values() for f in futures):
                    photo.cancel()
            for futures in photos.values():
                for photo in futures:
                    photo.cancel()


def _while_stopping(error: BaseException) -> bool:
    """Whether ``error`` happened while a KeyboardInterrupt was being handled."""
    seen: BaseException | None = error.__context__
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__context__
    return False


def _judged(entry: tuple[list[Item], Future[list[Flag]], _Photos]) -> bool:
    """Whether a batch's text and photos are all judged, so collecting it will not wait."""
    _batch, future, photos = entry
    return future.done() and all(f.done() for futures in photos.values() for f in futures)


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
    photos: PhotoOptions | None = None,
    recipients: RecipientCheck | None = None,
) -> AuditOutcome:
    """Judge every item of every export; ``sink`` receives flagged records (all with ``include_fine``).

    ``photos``: also check the photos items carry (``Item.media``) and the positions a ``media``
    item's JSON holds, with the same photo rules as ``safepost check --image``; their findings join
    the item's record. Needs a judge that can check photos (all of ``workers``' judges can);
    without it, items are judged on their text alone, exactly as ``safepost check`` would.
    ``recipients``: also judge whom each sent message went to, against the caseload (BND108).

    Closes the exports and the judge. Never raises KeyboardInterrupt: an interrupted audit
    returns with ``stopped`` set and everything judged before the interruption.
    """
    run = _Run(judge, fingerprint, baseline, sink, include_fine, photos, recipients)
    outcome = run.outcome
    done = 0
    try:
        for export in exports:
            if listener is not None:
                listener.started(export.label, export.estimate())
            try:
                run.read(export, window, listener)
            except SafepostError as exc:  # e.g. a damaged member mid-way: keep what came before it
                # Among the export's own problems, so the progress display tells the person too.
                export.problems.append(
                    f"reading stopped early: {exc} The items before that point were checked."
                )
            finally:
                outcome.problems.extend(f"{export.label}: {problem}" for problem in export.problems)
                if listener is not None:
                    listener.finished(export.problems)
                done += 1
                export.close()
    except KeyboardInterrupt:
        outcome.stopped = STOPPED_BY_USER
    except BrokenExecutor as exc:
        # Ctrl-C reaches the workers too; one that dies of it breaks the pool while the main
        # process is still saving what was judged: that is still the person stopping the audit.
        outcome.stopped = (
            STOPPED_BY_USER
            if _while_stopping(exc)
            else "a checking process stopped unexpectedly (the computer may be short of memory)"
        )
    finally:
        judge.close(cancel=outcome.stopped is not None)
        for unread in exports[done:]:
            unread.close()
    return outcome
