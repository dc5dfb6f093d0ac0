"""The tables. Each later area (audit, contacts) adds its own models here and a migration beside them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, String
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
