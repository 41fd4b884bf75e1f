"""Server-side facilitator logins: the cookie holds only a random login id, the database its
SHA-256 (id_hash), whose login it is, when it began and when it was last seen.

Logout deletes one row, a password change all rows of that facilitator; a row not seen for
the idle timeout no longer counts (and is deleted when next found or at the next login).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "logins",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("facilitator", sa.String(100), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("last_seen", sa.Float, nullable=False),
    )
    op.create_index("ix_logins_facilitator", "logins", ["facilitator"])
