"""Facilitators' own session scripts (accounts mode; token mode keeps them as files in
sessions/): a script is a name and an owner, its text is in versions, one for every save.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scripts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_index("ix_scripts_owner", "scripts", ["owner"])
    op.create_table(
        "script_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("script_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("valid", sa.Boolean, nullable=False),
        sa.Column("saved_at", sa.Float, nullable=False),
        sa.UniqueConstraint("script_id", "version", name="uq_script_versions"),
    )
