"""The append-only event log and the few tables beside it (SQLAlchemy Core).

The log is the truth: an event is stored before anyone is told about it, and a restart
rebuilds every live session by folding its events. SQLite by default, PostgreSQL in production.

Each event has its place in its session's log (`seq`, 1, 2, …, unique per session: two writers
can never both store event N) and the version of its data's shape (`version`, EVENT_VERSION
when written). The schema is Alembic's (workshop/migrations/), upgraded in place at start.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from contextlib import contextmanager
from pathlib import Path

from alembic import command as alembic
from alembic.config import Config as AlembicConfig
from sqlalchemy import (JSON, Boolean, Column, Float, Integer, MetaData, String, Table, Text,
                        UniqueConstraint, create_engine, delete, event, func, insert, inspect, select,
                        text, update)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

log = logging.getLogger("workshop.store")
MIGRATIONS = Path(__file__).with_name("migrations")
ERASED = "personal_data_erased"     # the event an erasure appends (workshop/retention.py)
EVENT_VERSION = 1        # raise it, with a migration of old data or a reader for both, when an
                         # event's shape changes

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
    Column("code", String(16), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(40), nullable=False),
    Column("at", Float, nullable=False),
    Column("data", JSON, nullable=False),
    UniqueConstraint("code", "seq", name="uq_events_code_seq"),
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

logins = Table(     # server-side facilitator logins: the cookie holds the id, this its SHA-256
    "logins", metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("facilitator", String(100), nullable=False, index=True),
    Column("created_at", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
)

scripts = Table(    # a facilitator's own scripts (accounts mode): workshop/library/
    "scripts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", String(100), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("created_at", Float, nullable=False),
)

script_versions = Table(    # every save of a script: its text, never changed afterwards
    "script_versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("script_id", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("valid", Boolean, nullable=False),
    Column("saved_at", Float, nullable=False),
    UniqueConstraint("script_id", "version", name="uq_script_versions"),
)


_INSERT_EVENT = insert(events)      # built once: it is on the path of every vote


def engine_url(url: str) -> str:
    """psycopg2 for PostgreSQL: eventlet's patching makes it cooperative, psycopg 3 it does not
    (SQLAlchemy 2.1 picks psycopg 3 for a bare postgresql:// URL)."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg2://" + url[len(bare):]
    return url


# How long a command may wait for the database before it is refused with try_again: a phone
# must get an answer within seconds, whatever the store is doing (docs/architecture.md).
WAIT_SECONDS = 3


class StoreUnavailable(Exception):
    """The log could not be read or written (disk full, read-only file, database gone, a
    lock held too long): nothing of the transaction was stored. `reason` is one line."""

    def __init__(self, error: BaseException):
        self.error = error
        detail = getattr(error, "orig", None) or error
        self.reason = f"{type(detail).__name__}: {str(detail).strip().splitlines()[0][:200]}" \
            if str(detail).strip() else type(detail).__name__
        super().__init__(self.reason)


def _engine(url: str):
    if url.startswith("postgresql"):
        # After a database restart the pool's connections are dead: each is tested before use
        # and replaced (pre-ping), so the server carries on without a restart of its own.
        return create_engine(url, future=True, pool_pre_ping=True,
                             connect_args={"connect_timeout": WAIT_SECONDS})
    if url.startswith("sqlite"):
        # A writer waits this long for another's lock (SQLite's busy timeout), not 5 s.
        return create_engine(url, future=True, connect_args={"timeout": WAIT_SECONDS})
    return create_engine(url, future=True)


class Store:
    def __init__(self, url: str):
        url = engine_url(url)
        self.engine = _engine(url)
        self.postgres = url.startswith("postgresql")
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate()

    def migrate(self):
        """Bring the schema to the newest revision, in one transaction. A database made before
        migrations existed has the first revision's tables: it is stamped, then upgraded."""
        config = AlembicConfig()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as db:
            if self.postgres:    # several processes may start at once: one migrates
                db.execute(_LOCK, {"key": _lock_key("workshop:migrations")})
            config.attributes["connection"] = db
            tables = inspect(db).get_table_names()
            if "events" in tables and "alembic_version" not in tables:
                alembic.stamp(config, "0001")
            alembic.upgrade(config, "head")

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

    def session_list(self, owner=None):
        """Every session without its script or events (the home page, kinds): code, owner,
        kind, script name, times and how many joined."""
        joined = (select(func.count()).where(events.c.code == sessions.c.code,
                                              events.c.type == "participant_joined")
                  .scalar_subquery())
        query = select(sessions.c.code, sessions.c.owner, sessions.c.kind,
                       sessions.c.script_name, sessions.c.created_at, sessions.c.ended_at,
                       joined.label("joined")).order_by(sessions.c.created_at)
        if owner is not None:
            query = query.where(sessions.c.owner == owner)
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
        try:
            with self.engine.begin() as db:
                if exclusive and self.postgres:
                    db.execute(_LOCK, {"key": _lock_key(code)})
                yield db
        except (SQLAlchemyError, OSError) as exc:    # rolled back: nothing of it is stored
            raise StoreUnavailable(exc) from exc

    def append(self, code: str, new_events: list[dict], after: int, db=None):
        """Store events as the session's events after:+1, after:+2, …, in one transaction;
        returns only once they are committed. A place already taken fails the transaction."""
        if not new_events:
            return
        if db is None:
            with self.writing(code) as db:
                return self.append(code, new_events, after, db)
        db.execute(_INSERT_EVENT, [{"code": code, "seq": after + i, "version": EVENT_VERSION,
                                    "type": e["type"], "at": e["at"], "data": e}
                                   for i, e in enumerate(new_events, 1)])

    def events_after(self, code: str, seq: int, db=None) -> list[dict]:
        """The session's events after the seq-th: what other processes added."""
        query = (select(events.c.data).where(events.c.code == code, events.c.seq > seq)
                 .order_by(events.c.seq))
        if db is None:
            with self.engine.connect() as db:
                return [_data(row) for row in db.execute(query)]
        return [_data(row) for row in db.execute(query)]

    def events_of(self, code: str) -> list[dict]:
        return self.events_after(code, 0)

    # --- retention and deletion (workshop/retention.py decides what and when) ----------------
    def ended_unerased(self, ended_before: float) -> list[str]:
        """Codes of sessions that ended at or before `ended_before` and whose personal data
        has not been erased yet."""
        erased = select(events.c.id).where(events.c.code == sessions.c.code,
                                           events.c.type == ERASED).exists()
        query = (select(sessions.c.code).where(sessions.c.ended_at.is_not(None),
                                               sessions.c.ended_at <= ended_before, ~erased)
                 .order_by(sessions.c.ended_at))
        with self.engine.connect() as db:
            return [row.code for row in db.execute(query)]

    def ended_before(self, ended_before: float) -> list[str]:
        query = (select(sessions.c.code).where(sessions.c.ended_at.is_not(None),
                                               sessions.c.ended_at <= ended_before)
                 .order_by(sessions.c.ended_at))
        with self.engine.connect() as db:
            return [row.code for row in db.execute(query)]

    def erased_or_gone(self, codes) -> set:
        """Of these codes, those whose session is no longer in the store or whose personal
        data was erased: what a process holding them in memory must fold again or forget."""
        codes = set(codes)
        if not codes:
            return set()
        with self.engine.connect() as db:
            present = {row.code for row in db.execute(
                select(sessions.c.code).where(sessions.c.code.in_(codes)))}
            erased = {row.code for row in db.execute(
                select(events.c.code).where(events.c.code.in_(codes), events.c.type == ERASED))}
        return (codes - present) | erased

    def rewrite_log(self, code: str, rewrite, erased_event: dict):
        """Rewrite a session's events and append `erased_event`, in one transaction: the
        erasure of personal data, the only change ever made to stored events. `rewrite(list of
        event data) -> ({index: new data}, summary)`. Returns the summary, or None when the
        log already holds an erasure (nothing is changed)."""
        with self.writing(code, exclusive=True) as db:
            rows = db.execute(select(events.c.id, events.c.seq, events.c.type, events.c.data)
                              .where(events.c.code == code).order_by(events.c.seq)).all()
            if any(row.type == ERASED for row in rows):
                return None
            changes, summary = rewrite([_data(row) for row in rows])
            for index, data in changes.items():
                db.execute(update(events).where(events.c.id == rows[index].id)
                           .values(data=data, type=data["type"]))
            self.append(code, [{**erased_event, "summary": summary}],
                        rows[-1].seq if rows else 0, db)
        return summary

    def delete_session(self, code: str) -> int:
        """The session's row and every event of it, in one transaction; how many events."""
        with self.writing(code, exclusive=True) as db:
            gone = db.execute(delete(events).where(events.c.code == code)).rowcount
            db.execute(delete(sessions).where(sessions.c.code == code))
        return gone

    def compact(self):
        """After an erasure or deletion: no copy of what was removed stays in the database's
        files. SQLite overwrites deleted content with zeros (secure_delete, set on every
        connection); here the file is rebuilt (VACUUM: a few tens of milliseconds for a
        workshop's database, writers wait meanwhile) and its WAL, which holds the old pages,
        is copied into the database and truncated. PostgreSQL: a plain VACUUM of
        the two tables (no exclusive lock, so sessions carry on) frees the dead rows' space
        for reuse; the rows are gone for every query from the commit on."""
        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
                if self.postgres:
                    db.exec_driver_sql("VACUUM events, sessions")
                elif self.engine.dialect.name == "sqlite":
                    # Rows moved between pages (a b-tree rebalancing as it grows) leave stale
                    # copies in the pages' free space that secure_delete never sees: VACUUM
                    # writes the file anew, with what is live alone.
                    db.exec_driver_sql("VACUUM")
                    busy = db.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
                    if busy and busy[0]:
                        log.warning("the WAL could not be truncated after an erasure (a reader "
                                    "held it); the next erasure or checkpoint will")
        except SQLAlchemyError as exc:
            log.warning("compacting the database after an erasure failed: %s", exc)

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
                # A new password ends every login made with the old one.
                db.execute(delete(logins).where(logins.c.facilitator == name))
            else:
                db.execute(insert(facilitators).values(name=name, password_hash=password_hash))

    def password_hash(self, name):
        with self.engine.connect() as db:
            row = db.execute(select(facilitators.c.password_hash)
                             .where(facilitators.c.name == name)).first()
            return row.password_hash if row else None

    # --- facilitator logins -----------------------------------------------------------------
    def add_login(self, id_hash, name, at, expired_before):
        """A new login; logins last seen before `expired_before` are deleted on the way."""
        with self.engine.begin() as db:
            db.execute(delete(logins).where(logins.c.last_seen < expired_before))
            db.execute(insert(logins).values(id_hash=id_hash, facilitator=name,
                                             created_at=at, last_seen=at))

    def login(self, id_hash):
        """(facilitator, last_seen) of a login, or None."""
        with self.engine.connect() as db:
            row = db.execute(select(logins.c.facilitator, logins.c.last_seen)
                             .where(logins.c.id_hash == id_hash)).first()
            return (row.facilitator, row.last_seen) if row else None

    def touch_login(self, id_hash, at):
        with self.engine.begin() as db:
            db.execute(update(logins).where(logins.c.id_hash == id_hash).values(last_seen=at))

    def delete_login(self, id_hash):
        with self.engine.begin() as db:
            db.execute(delete(logins).where(logins.c.id_hash == id_hash))

    # --- facilitators' own scripts (accounts mode) -------------------------------------------
    # Every query names the owner: a script of another facilitator is as absent as none.
    def scripts_of(self, owner) -> list[dict]:
        """Each script of `owner` with its newest version: id, name, version, text, valid,
        saved_at."""
        newest = (select(script_versions.c.script_id, func.max(script_versions.c.version)
                         .label("version")).group_by(script_versions.c.script_id).subquery())
        query = (select(scripts.c.id, scripts.c.name, script_versions.c.version,
                        script_versions.c.text, script_versions.c.valid,
                        script_versions.c.saved_at)
                 .join(newest, newest.c.script_id == scripts.c.id)
                 .join(script_versions, (script_versions.c.script_id == scripts.c.id)
                       & (script_versions.c.version == newest.c.version))
                 .where(scripts.c.owner == owner).order_by(scripts.c.name, scripts.c.id))
        with self.engine.connect() as db:
            return [row._asdict() for row in db.execute(query)]

    def script_of(self, owner, script_id, version=None) -> dict | None:
        """A script of `owner` at its newest version (or at `version`), or None."""
        query = (select(scripts.c.id, scripts.c.name, script_versions.c.version,
                        script_versions.c.text, script_versions.c.valid,
                        script_versions.c.saved_at)
                 .join(script_versions, script_versions.c.script_id == scripts.c.id)
                 .where(scripts.c.owner == owner, scripts.c.id == script_id))
        query = (query.where(script_versions.c.version == version) if version is not None
                 else query.order_by(script_versions.c.version.desc()).limit(1))
        with self.engine.connect() as db:
            row = db.execute(query).first()
            return row._asdict() if row else None

    def add_script(self, owner, name, text_, valid, at) -> int:
        with self.engine.begin() as db:
            script_id = db.execute(insert(scripts).values(owner=owner, name=name, created_at=at)
                                   ).inserted_primary_key[0]
            db.execute(insert(script_versions).values(script_id=script_id, version=1,
                                                      text=text_, valid=valid, saved_at=at))
            return script_id

    def save_script(self, owner, script_id, text_, valid, after, at) -> int | None:
        """Store version `after`+1 of a script of `owner`; None when `after` is no longer its
        newest version (someone saved in between: theirs stays, nothing is stored)."""
        try:
            with self.engine.begin() as db:
                newest = db.execute(
                    select(func.max(script_versions.c.version))
                    .join(scripts, scripts.c.id == script_versions.c.script_id)
                    .where(scripts.c.owner == owner, scripts.c.id == script_id)).scalar()
                if newest is None or newest != after:
                    return None
                db.execute(insert(script_versions).values(script_id=script_id, version=after + 1,
                                                          text=text_, valid=valid, saved_at=at))
                return after + 1
        except IntegrityError:      # another process stored version after+1 first
            return None

    def script_versions_of(self, owner, script_id) -> list[dict]:
        query = (select(script_versions.c.version, script_versions.c.valid,
                        script_versions.c.saved_at)
                 .join(scripts, scripts.c.id == script_versions.c.script_id)
                 .where(scripts.c.owner == owner, scripts.c.id == script_id)
                 .order_by(script_versions.c.version.desc()))
        with self.engine.connect() as db:
            return [row._asdict() for row in db.execute(query)]

    def rename_script(self, owner, script_id, name) -> bool:
        with self.engine.begin() as db:
            return db.execute(update(scripts).where(scripts.c.owner == owner,
                                                    scripts.c.id == script_id)
                              .values(name=name)).rowcount == 1

    def delete_script(self, owner, script_id) -> bool:
        with self.engine.begin() as db:
            if not db.execute(delete(scripts).where(scripts.c.owner == owner,
                                                    scripts.c.id == script_id)).rowcount:
                return False
            db.execute(delete(script_versions).where(script_versions.c.script_id == script_id))
            return True


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
    # What is deleted (an erasure, a deleted session: workshop/retention.py) is overwritten
    # with zeros, not left in free space of the file where a file viewer could still read it.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
