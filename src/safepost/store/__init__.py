"""safepost's own database: SQLite in the data folder, shaped by Alembic migrations shipped here.

Areas that need to remember things between visits (the privacy check-up, review reminders, and
later the audit and contacts pages) keep their tables here so one file holds them all.
"""

from safepost.store.db import Database, open_database

__all__ = ["Database", "open_database"]
