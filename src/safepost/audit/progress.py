"""A Rich progress bar per export: items read, items per second, and time left when the
export can say roughly how many items it holds."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from safepost.reporters.audit_text import shown


class _ItemsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} items/s" if speed else "", style="progress.data.speed")


class RichListener:
    """Draws on ``console`` (standard error in the CLI); use as a context manager."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            TextColumn("{task.completed:>10,} items", markup=False),
            _ItemsPerSecond(),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            console=console,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> RichListener:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def started(self, label: str, total: int | None) -> None:
        self.task = self.progress.add_task(f"Reading {label}", total=total)

    def advanced(self, count: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, count)

    def finished(self, problems: Sequence[str]) -> None:
        if self.task is None:
            return
        done = self.progress.tasks[-1].completed
        self.progress.update(self.task, total=done or 1, completed=done)
        self.progress.stop_task(self.task)
        for problem in problems:
            self.progress.console.print(Text(f"  note: {shown(problem)}", style="yellow"), soft_wrap=True)
        self.task = None
