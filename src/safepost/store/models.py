"""The tables. Each later area (audit, contacts) adds its own models here and a migration beside them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Shared metadata, so migrations and tests see every table."""


class CheckupItem(Base):
    """One ticked (or unticked) privacy check-up item; the row stays so the date of the tick is kept."""

    __tablename__ = "checkup_items"

    item_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    done: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class ReviewReminder(Base):
    """When to look at something again (e.g. a platform's privacy settings), keyed by topic."""

    __tablename__ = "review_reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    set_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class AuditRun(Base):
    """One audit started from the web app: its state and totals. Flagged items live in its folder."""

    __tablename__ = "audit_runs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    sources: Mapped[str] = mapped_column(Text, nullable=False, default="[]")  # JSON list of file names
    items: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    stop: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    caution: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    keep_uploads: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class AuditMark(Base):
    """A finding the person dealt with ("deleted", "not-a-problem"), by fingerprint only: no post text."""

    __tablename__ = "audit_marks"

    fingerprint: Mapped[str] = mapped_column(String(80), primary_key=True)
    reason: Mapped[str] = mapped_column(String(20), nullable=False)
    marked_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
