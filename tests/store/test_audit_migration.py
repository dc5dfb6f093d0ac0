"""Migration 0002 adds the web audit's tables to a database made by the first release, keeping its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from safepost.store import open_database
from safepost.store.db import DB_FILE, MIGRATIONS


def test_a_first_release_database_gains_the_audit_tables_and_keeps_its_ticks(tmp_path: Path) -> None:
    path = tmp_path / DB_FILE
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{path}")

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "insert into checkup_items (item_id, done, changed_at) "
            "values ('phone-pin', 1, '2026-01-01 09:00:00')"
        )
    engine.dispose()

    open_database(tmp_path).close()

    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master where type='table'")}
        assert {"audit_runs", "audit_marks", "checkup_items"} <= tables
        assert connection.execute("select item_id from checkup_items").fetchall() == [("phone-pin",)]
        assert connection.execute("select version_num from alembic_version").fetchall() == [("0002",)]
