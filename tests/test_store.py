"""The event log's database: upgraded in place at start, numbered, append-only in order.

tests/data/database-2026-12-01.sql is a database made by the code before migrations existed
(a live session with joins, votes, a reflection, a couple and a note; an ended session).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from workshop.hub import Hub
from workshop.live import commands
from workshop.store import EVENT_VERSION, MIGRATIONS, Store, StoreUnavailable, events

DATA = Path(__file__).parent / "data" / "database-2026-12-01.sql"
LIVE, ENDED = "TMVEH", "Y9WH9"


@pytest.fixture
def old_database(tmp_path) -> str:
    path = tmp_path / "workshop.db"
    with sqlite3.connect(path) as db:
        db.executescript(DATA.read_text())
    return f"sqlite:///{path}"


def test_a_database_from_before_migrations_upgrades_and_every_session_resumes(old_database):
    store = Store(old_database)
    with store.engine.connect() as db:
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert db.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
        rows = db.execute(select(events.c.code, events.c.seq, events.c.version, events.c.type)
                          .order_by(events.c.id)).all()
    live = [r for r in rows if r.code == LIVE]
    assert [r.seq for r in live] == list(range(1, len(live) + 1))
    assert {r.version for r in rows} == {1}

    hub = Hub(store)
    assert list(hub.entries) == [LIVE]          # ended sessions are not folded at start
    state = hub.get(LIVE)
    assert len(state.participants) == 4
    assert state.step.kind == "pair"
    assert sorted(state.poll("feel-safe").votes.values()) == [1, 1, 1, 1]
    assert [r.text for r in state.reflections.values()] == ["Een veilige avond"]
    couple = state.pairs.couples["AB23"]
    assert couple.members == ["p0", "p1"]
    assert "Voor jou" in str(state.pairs.progress)
    assert hub.get(ENDED).ended                 # loaded when asked for

    # The session goes on where it was: the next event takes the next place.
    hub.run(LIVE, commands.next_step, "after-upgrade", once=("host", "after-upgrade"))
    assert store.events_of(LIVE)[-1]["cid"] == "after-upgrade"
    with store.engine.connect() as db:
        last = db.execute(select(events.c.seq, events.c.version).where(events.c.code == LIVE)
                          .order_by(events.c.seq.desc())).first()
    assert (last.seq, last.version) == (len(live) + 1, EVENT_VERSION)


def test_starting_again_changes_nothing(old_database):
    Store(old_database)
    first = sqlite3.connect(old_database.removeprefix("sqlite:///")).iterdump()
    before = "\n".join(first)
    Store(old_database)
    after = "\n".join(sqlite3.connect(old_database.removeprefix("sqlite:///")).iterdump())
    assert before == after


def test_a_new_database_gets_the_same_schema(tmp_path, old_database):
    fresh = Store(f"sqlite:///{tmp_path / 'new.db'}")
    upgraded = Store(old_database)

    def shape(store):
        found = inspect(store.engine)
        return {table: sorted((c["name"], c["nullable"]) for c in found.get_columns(table))
                for table in found.get_table_names()}
    assert shape(fresh) == shape(upgraded)


def test_two_writers_cannot_both_store_the_same_place_in_a_log(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    store.add_session("ABCDE", "s.yaml", "title: x", "local", "live", 1.0)
    event = {"type": "step_changed", "index": 0, "by": "host", "cid": "c1", "at": 2.0}
    store.append("ABCDE", [event], after=0)
    with pytest.raises(StoreUnavailable) as refused:
        store.append("ABCDE", [{**event, "cid": "c2"}], after=0)   # a stale writer
    assert isinstance(refused.value.error, IntegrityError)
    assert [e["cid"] for e in store.events_of("ABCDE")] == ["c1"]
    assert store.events_after("ABCDE", 1) == []
