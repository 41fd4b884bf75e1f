"""Every event gets its place in its session's log (seq, unique per session) and the version
of its data's shape (version).

Catch-up reads "the events after seq N" through the unique index instead of skipping N rows,
and two processes can never both write event N of a session: the second insert fails.
Existing events are numbered in the order they were written (their id).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("seq", sa.Integer))
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    # UPDATE … FROM a window: one pass, on SQLite (3.33+) and PostgreSQL alike.
    op.execute(
        "UPDATE events SET seq = numbered.n FROM "
        "(SELECT id, ROW_NUMBER() OVER (PARTITION BY code ORDER BY id) AS n FROM events) "
        "AS numbered WHERE events.id = numbered.id")
    with op.batch_alter_table("events") as batch:
        batch.alter_column("seq", existing_type=sa.Integer, nullable=False)
        batch.drop_index("ix_events_code")
        batch.create_unique_constraint("uq_events_code_seq", ["code", "seq"])
