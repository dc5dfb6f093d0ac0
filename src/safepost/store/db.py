"""Open the SQLite database in the data folder, bring its tables up to date, and hand out sessions.

Migrations run on every start-up through Alembic's Python API (no alembic.ini is needed at run
time), so a newer safepost upgrades the file in place. The file is created owner-only (0600).
A locked or damaged file becomes a :class:`StoreError` that says what to do, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from safepost.errors import StoreError
from safepost.home import data_home

DB_FILE = "safepost.db"
MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_SECONDS = 5.0


def explain(exc: SQLAlchemyError | CommandError, path: Path) -> StoreError:
    """A database failure in words a person can act on."""
    text = str(exc).lower()
    if isinstance(exc, OperationalError) and ("locked" in text or "busy" in text):
        return StoreError(
            f"The safepost database {path} is busy: another safepost window or program is using it. "
            "Close the other one and try again."
        )
    if isinstance(exc, CommandError):
        return StoreError(
            f"The safepost database {path} was made by a newer version of safepost. "
            "Update safepost, or move the file aside to start afresh."
        )
    if isinstance(exc, DatabaseError) and ("not a database" in text or "malformed" in text):
        return StoreError(
            f"The safepost database {path} is damaged and cannot be read. "
            "Move it aside (or restore it from a backup) and start safepost again."
        )
    return StoreError(f"The safepost database {path} could not be used ({exc.__class__.__name__}).")


class Database:
    """One SQLite file: an engine, a session factory, and the path for messages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine: Engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": BUSY_SECONDS, "check_same_thread": False},
        )
        event.listen(self.engine, "connect", _enforce_foreign_keys)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error; database errors are explained."""
        try:
            with self._sessions.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            raise explain(exc, self.path) from None

    def upgrade(self) -> None:
        """Apply any migrations this file has not had yet."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except (SQLAlchemyError, CommandError) as exc:
            raise explain(exc, self.path) from None

    def close(self) -> None:
        self.engine.dispose()


def _enforce_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def open_database(home: Path | None = None) -> Database:
    """The data folder's database, created private on first use and migrated to the latest tables."""
    path = (home or data_home()) / DB_FILE
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    except OSError as exc:
        raise StoreError(f"Cannot open the safepost database {path}: {exc.strerror}.") from None
    database = Database(path)
    database.upgrade()
    return database
