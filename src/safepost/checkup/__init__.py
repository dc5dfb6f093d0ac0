"""The privacy check-up: per-platform checklists (data files) and the person's saved progress."""

from safepost.checkup.loader import Checklist, CheckupItemSpec, load_checklists

__all__ = ["Checklist", "CheckupItemSpec", "load_checklists"]
