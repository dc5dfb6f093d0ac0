"""Findings marked "deleted" or "not a problem" on the audit pages: kept in SQLite and in a baseline.

The database (``audit_marks``) is what the pages read. Every change is also written to the
baseline file ``SAFEPOST_HOME/audit-baseline.json`` in the CLI's own format, so
``safepost audit EXPORT --baseline "$SAFEPOST_HOME/audit-baseline.json"`` stays quiet about
them too, and the next audit started from the web app does the same. Only fingerprints,
reasons and dates are stored: never text from the posts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from safepost.audit.baseline import Baseline, Mark, Reason, load_baseline, save_baseline
from safepost.audit.fingerprints import FINGERPRINT_CHARS
from safepost.store import Database
from safepost.store.models import AuditMark

BASELINE_FILE = "audit-baseline.json"
REASON_WORDS = {Reason.deleted: "Deleted", Reason.not_a_problem: "Not a problem", Reason.reviewed: "Reviewed"}


def baseline_path(home: Path) -> Path:
    return home / BASELINE_FILE


def valid_fingerprint(value: str) -> bool:
    return len(value) == FINGERPRINT_CHARS and all(c in "0123456789abcdef" for c in value)


def all_marks(database: Database) -> dict[str, tuple[Reason, dt.datetime]]:
    with database.session() as session:
        rows = session.scalars(select(AuditMark)).all()
        return {row.fingerprint: (Reason(row.reason), row.marked_at) for row in rows}


def set_mark(database: Database, home: Path, fingerprint: str, reason: Reason | None) -> None:
    """Mark (or, with ``reason=None``, unmark) one finding, in the database and the baseline file."""
    now = dt.datetime.now().replace(microsecond=0)
    with database.session() as session:
        row = session.get(AuditMark, fingerprint)
        if reason is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(AuditMark(fingerprint=fingerprint, reason=reason.value, marked_at=now))
        else:
            row.reason, row.marked_at = reason.value, now
    path = baseline_path(home)
    baseline = load_baseline(path)
    if reason is None:
        baseline.marks.pop(fingerprint, None)
    else:
        baseline.mark(fingerprint, reason, now.date())
    save_baseline(path, baseline)


def baseline_from_marks(database: Database) -> Baseline:
    """The marks as a baseline, so a new audit stays quiet about what was already dealt with."""
    return Baseline(
        marks={
            fp: Mark(reason=reason, marked=when.date()) for fp, (reason, when) in all_marks(database).items()
        }
    )
