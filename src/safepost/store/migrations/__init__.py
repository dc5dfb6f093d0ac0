"""Alembic migrations, shipped inside the package so an installed safepost can upgrade its database."""
