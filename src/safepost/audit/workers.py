"""Judging batches of texts, in this process or in a pool of worker processes.

Workers are sent plain texts, not Items, and send back only what was flagged (already turned
into JSON-ready findings), so the cost per fine item is a string each way. Each worker builds
its Checker once, from a small picklable :class:`CheckerSpec`, in the pool's initializer.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from safepost.audit.photos import PhotoJob, PhotoOptions, PhotoResult, check_photo
from safepost.checker import Checker
from safepost.models import Verdict
from safepost.profile import Profile
from safepost.reporters.json import finding_to_dict

# (position in the batch, verdict, findings as JSON-ready dictionaries); fine items are left out.
Flag = tuple[int, int, list[dict[str, Any]]]


@dataclass(frozen=True)
class CheckerSpec:
    """Everything needed to build the same Checker in another process.

    ``saved_caseload``: look for names from the caseload saved in the data folder, as
    ``safepost check`` does; each process reads it itself (it is kept hashed, on disk).
    """

    policies: tuple[str, ...] = ()
    rules_dirs: tuple[Path, ...] = ()
    profile: Profile | None = None
    use_model: bool = True
    saved_caseload: bool = False

    def build(self) -> Checker:
        caseload = None
        if self.saved_caseload:
            from safepost.caseload import Caseload

            caseload = Caseload.saved()
        return Checker(
            policies=list(self.policies) or None,
            rules_dirs=self.rules_dirs,
            profile=self.profile,
            use_model=self.use_model,
            caseload=caseload,
        )


def judge_texts(checker: Checker, texts: Sequence[str]) -> list[Flag]:
    """Check each text; report the ones with findings."""
    flags: list[Flag] = []
    for position, text in enumerate(texts):
        result = checker.check(text)
        if result.findings or result.verdict is not Verdict.OK:
            findings = [finding_to_dict(f, checker.rulebook) for f in result.findings]
            flags.append((position, int(result.verdict), findings))
    return flags


class Judge(Protocol):
    """Takes batches of texts and answers, later, with their flags."""

    def submit(self, texts: list[str]) -> Future[list[Flag]]: ...

    def close(self, cancel: bool) -> None: ...


@runtime_checkable
class PhotoJudge(Protocol):
    """A judge that can also check photos, one per task (the audit's ``--images``)."""

    def submit_photo(self, job: PhotoJob, options: PhotoOptions) -> Future[PhotoResult]: ...

    def photo_slots(self) -> int:
        """How many photos may be in flight at once (bytes held until a worker takes them)."""
        ...


class InProcessJudge:
    """One job: check in this process, no pool, no pickling."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    def submit(self, texts: list[str]) -> Future[list[Flag]]:
        future: Future[list[Flag]] = Future()
        future.set_result(judge_texts(self.checker, texts))
        return future

    def submit_photo(self, job: PhotoJob, options: PhotoOptions) -> Future[PhotoResult]:
        future: Future[PhotoResult] = Future()
        future.set_result(check_photo(self.checker, job, options))
        return future

    def photo_slots(self) -> int:
        return 1

    def close(self, cancel: bool) -> None:
        return None


_worker_checker: Checker | None = None


def _init_worker(spec: CheckerSpec) -> None:
    # Ctrl-C reaches every process in the terminal's group; only the main process decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _worker_checker
    _worker_checker = spec.build()


def _judge_in_worker(texts: list[str]) -> list[Flag]:
    assert _worker_checker is not None, "worker started without its initializer"
    return judge_texts(_worker_checker, texts)


def _photo_in_worker(job: PhotoJob, options: PhotoOptions) -> PhotoResult:
    assert _worker_checker is not None, "worker started without its initializer"
    return check_photo(_worker_checker, job, options)


class PoolJudge:
    """Several jobs: a process pool whose workers each hold their own Checker.

    Workers are spawned, not forked: the main process runs a progress thread, and forking a
    process with threads can deadlock on some platforms.
    """

    def __init__(self, spec: CheckerSpec, jobs: int) -> None:
        self.jobs = jobs
        self.pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(spec,),
        )
        with _ctrl_c_held_back():  # every worker starts now (the pool would start one per submit)
            for _ in range(jobs):
                self.pool.submit(_judge_in_worker, [])

    def submit(self, texts: list[str]) -> Future[list[Flag]]:
        return self.pool.submit(_judge_in_worker, texts)

    def submit_photo(self, job: PhotoJob, options: PhotoOptions) -> Future[PhotoResult]:
        return self.pool.submit(_photo_in_worker, job, options)

    def photo_slots(self) -> int:
        return 2 * self.jobs

    def close(self, cancel: bool) -> None:
        self.pool.shutdown(wait=True, cancel_futures=cancel)


@contextmanager
def _ctrl_c_held_back() -> Iterator[None]:
    """Ctrl-C held back (not lost) while workers are started, so they never see it.

    A spawned worker spends a second or more importing before its initializer ignores Ctrl-C;
    the terminal sends Ctrl-C to every process, and one still importing used to die of it with a
    traceback on the screen and break the pool ("a checking process stopped unexpectedly").
    A blocked signal stays blocked in the new process; here it is delivered once unblocked.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows has no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class AutoJudge:
    """In this process until the audit proves large, then a pool as soon as its workers are ready.

    Starting workers costs a second or two each (imports, building a Checker); a small export
    is done before that. Past ``start_after`` items the pool is started, and batches keep being
    judged here until its first worker answers, so the start-up time is not lost either.
    """

    def __init__(self, checker: Checker, spec: CheckerSpec, jobs: int, start_after: int = 2_000) -> None:
        self.local = InProcessJudge(checker)
        self.spec = spec
        self.jobs = jobs
        self.start_after = start_after
        self.seen = 0
        self.pool: PoolJudge | None = None
        self.ready: Future[list[Flag]] | None = None
        self.pooled = 0  # batches sent to the pool

    def submit(self, texts: list[str]) -> Future[list[Flag]]:
        self.seen += len(texts)
        if self.pool is None and self.seen > self.start_after:
            self.pool = PoolJudge(self.spec, self.jobs)
            self.ready = self.pool.submit([])
        if self.pool is not None and self.ready is not None and self.ready.done():
            self.pooled += 1
            return self.pool.submit(texts)
        return self.local.submit(texts)

    def submit_photo(self, job: PhotoJob, options: PhotoOptions) -> Future[PhotoResult]:
        """Photos with OCR or faces are slow, so the first one starts the workers; until one of them
        answers, photos are checked here, so the start-up time is not lost. Hidden data alone is
        quick (thousands a second) and is checked here unless the workers are running anyway."""
        if self.pool is None and (options.read_words or options.look_for_faces):
            self.pool = PoolJudge(self.spec, self.jobs)
            self.ready = self.pool.submit([])
        if self.pool is not None and self.ready is not None and self.ready.done():
            return self.pool.submit_photo(job, options)
        return self.local.submit_photo(job, options)

    def photo_slots(self) -> int:
        return 2 * self.jobs

    def close(self, cancel: bool) -> None:
        if self.pool is not None:
            self.pool.close(cancel)
