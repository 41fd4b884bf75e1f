"""Alembic migrations of the event log's database, run at start (see workshop/store.py)."""
