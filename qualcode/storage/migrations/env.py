"""Alembic environment: qualcode always hands Alembic an open connection (see storage.db)."""

from __future__ import annotations

from alembic import context

from qualcode.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
