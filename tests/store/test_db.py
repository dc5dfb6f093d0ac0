"""The database: created private, migrated at start-up, and clear words when locked or damaged."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from safepost.errors import StoreError
from safepost.store import db as store_db
from safepost.store import open_database


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("select name from sqlite_master where type='table'")}


def test_the_database_is_created_private_with_the_latest_tables(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    assert {"checkup_items", "review_reminders", "alembic_version"} <= _tables(database.path)
    assert stat.S_IMODE(database.path.stat().st_mode) == 0o600
    database.close()


def test_opening_again_keeps_what_was_saved(tmp_path: Path) -> None:
    open_database(tmp_path).close()
    with sqlite3.connect(tmp_path / store_db.DB_FILE) as connection:
        connection.execute("insert into checkup_items values ('phone-pin', 1, '2026-01-01 10:00:00')")
    database = open_database(tmp_path)
    with sqlite3.connect(database.path) as connection:
        assert connection.execute("select item_id from checkup_items").fetchall() == [("phone-pin",)]


def test_a_damaged_file_is_reported_in_words(tmp_path: Path) -> None:
    (tmp_path / store_db.DB_FILE).write_bytes(b"not a database at all " * 200)
    with pytest.raises(StoreError, match=r"damaged.*Move it aside"):
        open_database(tmp_path)


def test_a_database_from_a_newer_safepost_is_reported(tmp_path: Path) -> None:
    open_database(tmp_path).close()
    with sqlite3.connect(tmp_path / store_db.DB_FILE) as connection:
        connection.execute("update alembic_version set version_num = '9999'")
    with pytest.raises(StoreError, match="newer version of safepost"):
        open_database(tmp_path)


def test_a_locked_database_is_reported_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_database(tmp_path).close()
    monkeypatch.setattr(store_db, "BUSY_SECONDS", 0.05)
    holder = sqlite3.connect(tmp_path / store_db.DB_FILE)
    holder.execute("begin exclusive")
    try:
        database = store_db.Database(tmp_path / store_db.DB_FILE)
        with pytest.raises(StoreError, match="busy"), database.session() as session:
            session.execute(text("select count(*) from checkup_items"))
    finally:
        holder.rollback()
        holder.close()


def test_the_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from safepost.store.models import Base

    database = open_database(tmp_path)
    with database.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
