"""The person's check-up progress: which items are done, a score, and when to review again.

Ticks are kept in the database with the time they changed. Finishing a checklist sets a review
reminder ``review_months`` ahead, because settings drift: platforms add options and reset defaults.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select

from safepost.checkup.schema import Checklist, CheckupItemSpec
from safepost.errors import UsageError
from safepost.store.db import Database
from safepost.store.models import CheckupItem, ReviewReminder


@dataclass(frozen=True)
class ItemState:
    spec: CheckupItemSpec
    done: bool
    changed_at: datetime | None


@dataclass(frozen=True)
class ChecklistProgress:
    checklist: Checklist
    items: tuple[ItemState, ...]
    review_due: date | None

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    def review_overdue(self, today: date) -> bool:
        return self.review_due is not None and self.review_due <= today


@dataclass(frozen=True)
class Overview:
    lists: tuple[ChecklistProgress, ...]

    @property
    def done(self) -> int:
        return sum(p.done for p in self.lists)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.lists)

    @property
    def score(self) -> int:
        """Percentage of all items done, rounded down so 100 means truly everything."""
        return (100 * self.done) // self.total if self.total else 0

    def find(self, platform: str) -> ChecklistProgress:
        for progress in self.lists:
            if progress.checklist.platform == platform:
                return progress
        raise UsageError(f"There is no check-up for {platform!r}.")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1 → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _topic(checklist: Checklist) -> str:
    return f"checkup:{checklist.platform}"


def load_progress(db: Database, checklists: Sequence[Checklist]) -> Overview:
    with db.session() as session:
        ticks = {row.item_id: row for row in session.scalars(select(CheckupItem))}
        reminders = {row.topic: row.due_on for row in session.scalars(select(ReviewReminder))}
    lists = []
    for checklist in checklists:
        items = tuple(
            ItemState(
                spec,
                bool(ticks[spec.id].done) if spec.id in ticks else False,
                ticks[spec.id].changed_at if spec.id in ticks else None,
            )
            for spec in checklist.items
        )
        lists.append(ChecklistProgress(checklist, items, reminders.get(_topic(checklist))))
    return Overview(tuple(lists))


def set_done(
    db: Database, checklists: Sequence[Checklist], item_id: str, done: bool, now: datetime
) -> ChecklistProgress:
    """Tick or untick one item; finishing a list sets its review date, reopening it clears it."""
    owner = next((c for c in checklists if any(i.id == item_id for i in c.items)), None)
    if owner is None:
        raise UsageError(f"There is no check-up item called {item_id!r}.")
    with db.session() as session:
        row = session.get(CheckupItem, item_id)
        if row is None:
            session.add(CheckupItem(item_id=item_id, done=done, changed_at=now))
        elif row.done != done:
            row.done, row.changed_at = done, now
    progress = load_progress(db, [owner]).lists[0]
    with db.session() as session:
        topic = _topic(owner)
        if not progress.complete:
            session.execute(delete(ReviewReminder).where(ReviewReminder.topic == topic))
        elif progress.review_due is None or progress.review_overdue(now.date()):
            due = add_months(now.date(), owner.review_months)
            session.execute(delete(ReviewReminder).where(ReviewReminder.topic == topic))
            session.add(ReviewReminder(topic=topic, due_on=due, set_at=now))
    return load_progress(db, [owner]).lists[0]


def mark_reviewed(db: Database, checklist: Checklist, now: datetime) -> ChecklistProgress:
    """The person has looked over a finished list again: the next review is ``review_months`` away."""
    progress = load_progress(db, [checklist]).lists[0]
    if not progress.complete:
        raise UsageError(f"Finish every step for {checklist.name} first; then the review date is set.")
    topic = _topic(checklist)
    with db.session() as session:
        session.execute(delete(ReviewReminder).where(ReviewReminder.topic == topic))
        session.add(
            ReviewReminder(topic=topic, due_on=add_months(now.date(), checklist.review_months), set_at=now)
        )
    return load_progress(db, [checklist]).lists[0]
