"""Alembic runs migrations on the connection the store hands it (config.attributes), inside
the store's transaction, so that a start either upgrades fully or not at all."""
from alembic import context

connection = context.config.attributes["connection"]
# render_as_batch: SQLite cannot ALTER a column or add a constraint; batch mode rebuilds the table.
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
