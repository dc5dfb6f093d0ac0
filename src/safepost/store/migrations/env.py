"""Alembic environment: safepost always hands over an open connection (see safepost.store.db)."""

from __future__ import annotations

from alembic import context

from safepost.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running the alembic command by hand
    raise RuntimeError("Run migrations through safepost.store.db.open_database, not the alembic command.")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
