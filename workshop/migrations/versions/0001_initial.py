"""The schema as it was before migrations (2026-12-01): sessions, events, settings, facilitators.

A database made before migrations existed already has these tables; the store stamps it
with this revision instead of running it.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sessions",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("script_name", sa.String(200), nullable=False),
        sa.Column("script_text", sa.Text, nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("ended_at", sa.Float),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_events_code", "events", ["code"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "facilitators",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
    )
