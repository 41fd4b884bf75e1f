"""The append-only event log and the few tables beside it (SQLAlchemy Core).

The log is the truth: an event is stored before anyone is told about it, and a restart
rebuilds every live session by folding its events. SQLite by default, PostgreSQL in production.
"""
from __future__ import annotations

import hashlib
import json
import time
from contextlib import contextmanager

from sqlalchemy import (JSON, Column, Float, Integer, MetaData, String, Table, Text,
                        create_engine, event, insert, select, text, update)
from sqlalchemy.exc import IntegrityError

metadata = MetaData()

sessions = Table(
    "sessions", metadata,
    Column("code", String(16), primary_key=True),
    Column("script_name", String(200), nullable=False),
    Column("script_text", Text, nullable=False),
    Column("owner", String(100), nullable=False),
    Column("kind", String(20), nullable=False, default="live"),   # live or rehearsal
    Column("created_at", Float, nullable=False),
    Column("ended_at", Float),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(16), nullable=False, index=True),
    Column("type", String(40), nullable=False),
    Column("at", Float, nullable=False),
    Column("data", JSON, nullable=False),
)

settings = Table(
    "settings", metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

facilitators = Table(
    "facilitators", metadata,
    Column("name", String(100), primary_key=True),
    Column("password_hash", String(300), nullable=False),
)


_INSERT_EVENT = insert(events)      # built once: it is on the path of every vote


def engine_url(url: str) -> str:
    """psycopg2 for PostgreSQL: eventlet's patching makes it cooperative, psycopg 3 it does not
    (SQLAlchemy 2.1 picks psycopg 3 for a bare postgresql:// URL)."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg2://" + url[len(bare):]
    return url


class Store:
    def __init__(self, url: str):
        url = engine_url(url)
        self.engine = create_engine(url, future=True)
        self.postgres = url.startswith("postgresql")
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            metadata.create_all(self.engine)
        except IntegrityError:   # another process created the tables at the same moment
            metadata.create_all(self.engine)

    # --- sessions ---------------------------------------------------------------------------
    def add_session(self, code, script_name, script_text, owner, kind="live", at=None):
        with self.engine.begin() as db:
            db.execute(insert(sessions).values(code=code, script_name=script_name,
                       script_text=script_text, owner=owner, kind=kind,
                       created_at=at or time.time()))

    def end_session(self, code, at):
        with self.engine.begin() as db:
            db.execute(update(sessions).where(sessions.c.code == code).values(ended_at=at))

    def session_rows(self, live_only=False):
        query = select(sessions).order_by(sessions.c.created_at)
        if live_only:
            query = query.where(sessions.c.ended_at.is_(None))
        with self.engine.connect() as db:
            return [row._asdict() for row in db.execute(query)]

    def session_row(self, code):
        with self.engine.connect() as db:
            row = db.execute(select(sessions).where(sessions.c.code == code)).first()
            return row._asdict() if row else None

    def code_taken(self, code) -> bool:
        with self.engine.connect() as db:
            return db.execute(select(sessions.c.code).where(sessions.c.code == code)).first() is not None

    # --- the log ----------------------------------------------------------------------------
    @contextmanager
    def writing(self, code: str, exclusive: bool = False):
        """A transaction for appending to a session's log. `exclusive` (several processes):
        hold the session's lock in PostgreSQL until commit, so that each process reads what
        the others wrote before it decides and writes."""
        with self.engine.begin() as db:
            if exclusive and self.postgres:
                db.execute(_LOCK, {"key": _lock_key(code)})
            yield db

    def append(self, code: str, new_events: list[dict], db=None):
        """Store events in one transaction; returns only once they are committed."""
        if not new_events:
            return
        if db is None:
            with self.writing(code) as db:
                return self.append(code, new_events, db)
        db.execute(_INSERT_EVENT, [{"code": code, "type": e["type"], "at": e["at"], "data": e}
                                   for e in new_events])

    def events_after(self, code: str, count: int, db=None) -> list[dict]:
        """The session's events after its first `count`: what other processes added."""
        query = (select(events.c.data).where(events.c.code == code).order_by(events.c.id)
                 .offset(count))
        if db is None:
            with self.engine.connect() as db:
                return [_data(row) for row in db.execute(query)]
        return [_data(row) for row in db.execute(query)]

    def events_of(self, code: str) -> list[dict]:
        with self.engine.connect() as db:
            rows = db.execute(select(events.c.data).where(events.c.code == code)
                              .order_by(events.c.id))
            return [_data(row) for row in rows]

    # --- settings and accounts --------------------------------------------------------------
    def setting(self, key, make_default):
        """A stored setting, created with make_default() the first time it is asked for."""
        query = select(settings.c.value).where(settings.c.key == key)
        try:
            with self.engine.begin() as db:
                row = db.execute(query).first()
                if row:
                    return row.value
                value = make_default()
                db.execute(insert(settings).values(key=key, value=value))
                return value
        except IntegrityError:   # another process stored it first: theirs counts
            with self.engine.connect() as db:
                return db.execute(query).first().value

    def set_facilitator(self, name, password_hash):
        with self.engine.begin() as db:
            if db.execute(select(facilitators.c.name).where(facilitators.c.name == name)).first():
                db.execute(update(facilitators).where(facilitators.c.name == name)
                           .values(password_hash=password_hash))
            else:
                db.execute(insert(facilitators).values(name=name, password_hash=password_hash))

    def password_hash(self, name):
        with self.engine.connect() as db:
            row = db.execute(select(facilitators.c.password_hash)
                             .where(facilitators.c.name == name)).first()
            return row.password_hash if row else None


_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


def _lock_key(code: str) -> int:
    return int.from_bytes(hashlib.sha256(code.encode()).digest()[:8], "big", signed=True)


def _data(row) -> dict:
    return row.data if isinstance(row.data, dict) else json.loads(row.data)


def _sqlite_pragmas(dbapi_connection, _record):
    # WAL keeps readers off the writer's back; synchronous=FULL so an acknowledged vote
    # survives a crash of the machine, not only of the process.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()
