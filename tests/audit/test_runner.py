"""The audit loop: same verdicts as `safepost check`, only flagged items kept, Ctrl-C keeps results."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

from safepost.audit.fingerprints import Fingerprinter
from safepost.audit.records import Record
from safepost.audit.runner import BATCH_ITEMS, STOPPED_BY_USER, run_audit
from safepost.audit.workers import AutoJudge, CheckerSpec, Flag, InProcessJudge, Judge, PoolJudge
from safepost.checker import Checker
from safepost.importers.items import Item
from tests.audit.fakes import CAUTION, DISMISSIVE, FINE, RISKY, FakeExport

MIXED = [
    RISKY,
    DISMISSIVE,
    FINE,
    CAUTION,
    "",
    "Off to the Royal Infirmary for my night shift again",
    "Follow me on instagram @jobloggs",
    "Lovely sunset over the bay tonight",
    "Had a few too many drinks last night lol",
    "Met a lovely family on a home visit today",
]
KEY = Fingerprinter(b"k" * 32)


class Progress:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def started(self, label: str, total: int | None) -> None:
        self.events.append(("started", (label, total)))

    def advanced(self, count: int) -> None:
        self.events.append(("advanced", count))

    def finished(self, problems: Sequence[str]) -> None:
        self.events.append(("finished", list(problems)))


def _audit_all(judge: Judge, texts: Sequence[str]) -> list[Record]:
    records: list[Record] = []
    run_audit([FakeExport(texts)], judge, KEY, sink=records.append, include_fine=True)
    return records


def _assert_agrees_with_check(checker: Checker, records: list[Record], texts: Sequence[str]) -> None:
    assert [r["text"] for r in records] == list(texts)
    for record in records:
        expected = checker.check(record["text"])
        assert record["verdict"] == expected.verdict.label, record["text"]
        got = [(f["rule"], f["start"], f["end"], f["text"]) for f in record["findings"]]
        assert got == [(f.rule, f.start, f.end, f.text) for f in expected.findings]


def test_every_item_gets_exactly_the_verdict_and_findings_of_safepost_check(checker: Checker) -> None:
    texts = MIXED * 30  # more than one batch
    records = _audit_all(InProcessJudge(CheckerSpec().build()), texts)
    _assert_agrees_with_check(checker, records, texts)


def test_a_pool_of_two_workers_agrees_with_safepost_check_and_keeps_export_order(checker: Checker) -> None:
    texts = MIXED * 60
    records = _audit_all(PoolJudge(CheckerSpec(), jobs=2), texts)
    _assert_agrees_with_check(checker, records, texts)


def test_only_flagged_items_are_kept_fine_ones_are_only_counted(checker: Checker) -> None:
    texts = [FINE] * 500 + [RISKY, CAUTION]
    outcome = run_audit([FakeExport(texts)], InProcessJudge(checker), KEY)
    assert len(outcome.flagged) == 2
    assert outcome.tally.verdicts == {"ok": 500, "stop": 1, "caution": 1}
    assert outcome.tally.items == 502
    assert outcome.stopped is None


def test_the_sink_gets_only_flagged_items_unless_every_item_is_asked_for(checker: Checker) -> None:
    records: list[Record] = []
    run_audit([FakeExport([FINE, RISKY, FINE])], InProcessJudge(checker), KEY, sink=records.append)
    assert [r["text"] for r in records] == [RISKY]
    assert all(f["fingerprint"] for f in records[0]["findings"])


def test_ctrl_c_keeps_what_was_judged_before_it_and_says_so(checker: Checker) -> None:
    texts = [RISKY] * (BATCH_ITEMS * 3)
    export = FakeExport(texts, interrupt_after=BATCH_ITEMS * 2 + 10)
    later = FakeExport([RISKY])
    outcome = run_audit([export, later], InProcessJudge(checker), KEY)
    assert outcome.stopped == "stopped with Ctrl-C"
    assert outcome.interrupted
    assert outcome.tally.items == BATCH_ITEMS * 2 + 10
    assert len(outcome.flagged) == BATCH_ITEMS * 2 + 10
    assert export.closed and later.closed


def test_ctrl_c_in_a_pool_run_stops_cleanly() -> None:
    export = FakeExport([RISKY, FINE] * BATCH_ITEMS, interrupt_after=BATCH_ITEMS + 1)
    outcome = run_audit([export], PoolJudge(CheckerSpec(use_model=False), jobs=2), KEY)
    assert outcome.interrupted
    assert outcome.tally.items == BATCH_ITEMS + 1
    assert len(outcome.flagged) == BATCH_ITEMS // 2 + 1


def test_export_problems_are_reported_with_the_export_name(checker: Checker) -> None:
    export = FakeExport([FINE], label="X archive", problems=["tweets-part1.js broke at byte 812"])
    progress = Progress()
    outcome = run_audit([export], InProcessJudge(checker), KEY, listener=progress)
    assert outcome.problems == ["X archive: tweets-part1.js broke at byte 812"]
    assert progress.events == [
        ("started", ("X archive", 1)),
        ("advanced", 1),
        ("finished", ["tweets-part1.js broke at byte 812"]),
    ]


def test_a_damaged_export_keeps_the_items_before_the_damage_and_the_next_export_is_read(
    checker: Checker,
) -> None:
    broken = FakeExport([RISKY] * 10, label="Facebook export", break_after=5)
    progress = Progress()
    outcome = run_audit([broken, FakeExport([RISKY])], InProcessJudge(checker), KEY, listener=progress)
    assert outcome.tally.items == 6
    assert outcome.stopped is None
    assert "Facebook export: reading stopped early: tweets.js is damaged." in outcome.problems[0]
    # The person is told on screen too, not only in an HTML report they may not have asked for.
    told = str(next(problems for event, problems in progress.events if event == "finished"))
    assert "reading stopped early: tweets.js is damaged." in told


def test_data_of_an_unforeseen_shape_keeps_what_was_read_instead_of_losing_the_audit(
    checker: Checker,
) -> None:
    odd = FakeExport([RISKY] * 10, label="Facebook export", crash_after=5)
    records: list[Record] = []
    outcome = run_audit([odd, FakeExport([RISKY])], InProcessJudge(checker), KEY, sink=records.append)
    assert outcome.tally.items == 6 and len(records) == 6
    assert outcome.stopped is None and odd.closed
    assert "Facebook export: reading stopped early: some of its data is laid out" in outcome.problems[0]


@pytest.mark.parametrize("count", [0, 1, BATCH_ITEMS, BATCH_ITEMS + 1])
def test_every_item_is_counted_whatever_the_batch_boundaries(checker: Checker, count: int) -> None:
    outcome = run_audit([FakeExport([FINE] * count)], InProcessJudge(checker), KEY)
    assert outcome.tally.items == count


def test_a_huge_post_is_sent_in_a_batch_of_its_own_and_still_judged(checker: Checker) -> None:
    huge = "Lovely day at the beach with my family. " * 40_000 + " ring me on 07700 900456"
    records: list[Record] = []
    run_audit([FakeExport([FINE, huge, FINE])], InProcessJudge(checker), KEY, sink=records.append)
    assert [r["verdict"] for r in records] == ["stop"]


def test_the_automatic_judge_starts_a_pool_only_for_large_audits_and_agrees_with_check(
    checker: Checker,
) -> None:
    small = AutoJudge(checker, CheckerSpec(), jobs=2, start_after=1_000)
    run_audit([FakeExport(MIXED * 50)], small, KEY)
    assert small.pool is None

    large = AutoJudge(checker, CheckerSpec(), jobs=2, start_after=0)
    first = large.submit(MIXED)  # starts the pool, judged here meanwhile
    assert first.done() and large.pool is not None and large.ready is not None
    large.ready.result(timeout=600)
    records: list[Record] = []
    run_audit([FakeExport(MIXED * 60)], large, KEY, sink=records.append, include_fine=True)
    assert large.pooled > 0
    _assert_agrees_with_check(checker, records, MIXED * 60)


class SlowJudge:
    """Answers from a thread, a little later: reading could race ahead if nothing held it back."""

    def __init__(self) -> None:
        self.threads = ThreadPoolExecutor(max_workers=1)

    def submit(self, texts: list[str]) -> Future[list[Flag]]:
        def judge() -> list[Flag]:
            time.sleep(0.001)
            return []

        return self.threads.submit(judge)

    def close(self, cancel: bool) -> None:
        self.threads.shutdown(wait=True, cancel_futures=cancel)


def test_reading_never_runs_more_than_the_in_flight_window_ahead_of_checking() -> None:
    export = FakeExport([FINE] * (BATCH_ITEMS * 30))
    read = 0
    judged = 0
    furthest_ahead = 0
    real_items = export.items

    def counting_items() -> Iterator[Item]:
        nonlocal read
        for item in real_items():
            read += 1
            yield item

    class Watch(Progress):
        def advanced(self, count: int) -> None:
            nonlocal judged, furthest_ahead
            judged += count
            furthest_ahead = max(furthest_ahead, read - judged)

    export.items = counting_items  # type: ignore[method-assign]
    outcome = run_audit([export], SlowJudge(), KEY, listener=Watch(), window=4)
    assert outcome.tally.items == BATCH_ITEMS * 30
    assert 0 < furthest_ahead <= BATCH_ITEMS * 4


def test_a_worker_that_dies_stops_the_audit_but_keeps_what_was_judged(checker: Checker) -> None:
    class DyingJudge(InProcessJudge):
        calls = 0

        def submit(self, texts: list[str]) -> Future[list[Flag]]:
            self.calls += 1
            if self.calls < 3:
                return super().submit(texts)
            future: Future[list[Flag]] = Future()
            future.set_exception(BrokenProcessPool("worker killed"))
            return future

    outcome = run_audit([FakeExport([RISKY] * (BATCH_ITEMS * 5))], DyingJudge(checker), KEY)
    assert outcome.stopped is not None and "stopped unexpectedly" in outcome.stopped
    assert outcome.stopped != STOPPED_BY_USER
    assert outcome.tally.items == len(outcome.flagged) == BATCH_ITEMS * 2


def test_a_broken_character_in_an_export_is_replaced_and_the_findings_still_line_up(checker: Checker) -> None:
    records: list[Record] = []
    post = "ring me on 07700 900123 \ud800 ok"
    run_audit([FakeExport([post])], InProcessJudge(checker), KEY, sink=records.append)
    text = records[0]["text"]
    assert text == "ring me on 07700 900123 \ufffd ok"
    text.encode("utf-8")  # writable
    phone = next(f for f in records[0]["findings"] if f["category"] == "contact-details")
    assert text[phone["start"] : phone["end"]] == "07700 900123"


def test_ctrl_c_while_workers_are_still_starting_does_not_kill_them() -> None:
    """The terminal sends Ctrl-C to every process; a worker still importing used to die of it
    (a traceback on screen, a broken pool, and "a checking process stopped unexpectedly")."""
    judge = PoolJudge(CheckerSpec(use_model=False), jobs=1)
    try:
        first = judge.submit([FINE])
        for process in list(judge.pool._processes.values()):
            os.kill(process.pid, signal.SIGINT)  # it is importing now: its initializer has not run
        assert first.result(timeout=120) == []
        assert judge.submit([RISKY]).result(timeout=120)[0][0] == 0
    finally:
        judge.close(cancel=True)


def test_a_pool_broken_by_the_same_ctrl_c_is_reported_as_stopped_by_the_user(checker: Checker) -> None:
    class DiesOfTheSameCtrlC(Future):  # type: ignore[type-arg]
        """Still working when Ctrl-C comes; its worker then dies of the same Ctrl-C."""

        def done(self) -> bool:
            return False

        def result(self, timeout: float | None = None) -> list[Flag]:
            raise BrokenProcessPool("a worker died of Ctrl-C")

    class BrokenByCtrlC(InProcessJudge):
        def submit(self, texts: list[str]) -> Future[list[Flag]]:
            return DiesOfTheSameCtrlC()

    export = FakeExport([FINE] * (BATCH_ITEMS + 5), interrupt_after=BATCH_ITEMS + 2)
    outcome = run_audit([export], BrokenByCtrlC(checker), KEY, window=4)
    assert outcome.stopped == STOPPED_BY_USER


def test_workers_started_from_a_thread_also_survive_ctrl_c_while_starting() -> None:
    """The web app runs audits in a background thread."""
    with ThreadPoolExecutor(1) as thread:
        judge = thread.submit(PoolJudge, CheckerSpec(use_model=False), 1).result()
    try:
        for process in list(judge.pool._processes.values()):
            os.kill(process.pid, signal.SIGINT)
        assert judge.submit([FINE]).result(timeout=120) == []
    finally:
        judge.close(cancel=True)
