"""Retention and erasure (workshop/retention.py): after retention, names, notes, private words,
private answers and reflections that never reached the wall are gone from the database's
files (SQLite: the file and its WAL, byte by byte; PostgreSQL: by SQL), and nothing served
afterwards or after a restart shows them; a deleted session leaves nothing at all. Each test
first proves the canaries were there. The session runs in-process (real handlers, hub, store);
a real server only for what only it shows: retention by itself in `workshop serve`, a restart."""
from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from werkzeug.security import generate_password_hash

from conftest import postgres_database, verb
from inprocess import HOST_TOKEN, Room, make_app
from workshop import retention
from workshop.client import Host
from workshop.live import commands

SCRIPT = """title: Kept short
language: en
description: What is kept, and for how long.
min_answers: 1
questions: always
check_in:
  question: How are you arriving?
  type: single
  options: [Calm, Nervous]
sections:
  - title: Only part
    theme: opening
    steps:
      - {id: feel, kind: poll, minutes: 1, notes: Alone., question: "Safe at home?", type: single,
         options: ["Yes", "No"], private: true}
      - {id: wall, kind: reflection, minutes: 1, notes: Moderated., prompt: "What helps?",
         approval: true}
      - {id: alone, kind: reflection, minutes: 1, notes: For oneself., prompt: "And you?",
         private: true}
      - id: promise
        kind: pair
        minutes: 2
        notes: A promise.
        title: A promise
        roles: a-b
        swap: false
        rounds:
          - minutes: 2
            prompts: {a: Promise something., b: Listen and promise.}
            note: Write your promise.
      - {id: bye, kind: info, minutes: 1, notes: Bye., title: Bye, body: Thanks.}
"""
NAMES = ("Canary-Name-Anouk", "Canary-Name-Bram", "Canary-Name-Cees")
PRIVATE = ("Canary-held-reflection", "Canary-hidden-reflection", "Canary-private-reflection",
           "Canary-note-unshared", "Canary-question-hidden")
PUBLIC = ("Canary-wall-reflection", "Canary-note-shared", "Canary-question-listed")  # the room saw


def tagged(texts, tag):
    return tuple(t.replace("Canary", tag) for t in texts)


def run_session(room: Room, script: Path, end=True, tag="Canary") -> dict:
    """A whole evening with every kind of personal data; the ids it made. `tag` in place of
    "Canary" in every text, for a second session whose texts are its own."""
    names, private, public = (tagged(t, tag) for t in (NAMES, PRIVATE, PUBLIC))
    code = room.hub.start(script, "local").code
    host = room.host(code).connect()
    a, b, c = (room.phone(code).connect() for _ in range(3))
    for phone, name in zip((a, b, c), names):
        phone.join(name)
    a.couple_with(b)
    a.vote("check-in", 1)
    host.next()
    a.vote("feel", 1)
    b.vote("feel", 0)
    a.vote("feel", 0)                     # changed: the last vote counts, once
    host.next()
    for phone, words in zip((a, b, c), (public[0], private[0], private[1])):
        phone.reflect("wall", words)
    queue = {r["text"]: r["id"] for r in host.sync()["queue"]}
    host.moderate(queue[public[0]], "shown")
    host.moderate(queue[private[1]], "hidden")
    host.next()
    a.reflect("alone", private[2])
    host.next()
    a.write_note("promise", 0, public[1])
    b.write_note("promise", 0, private[3])
    a.share_note("promise", 0, 0)
    b.share_note("promise", 0, 0)         # both agreed: a's note is on the wall
    word = c.ask_facilitator()["me"]["private_word"]["id"]
    b.care("pause")                       # "I need a moment": told to the partner
    listed = c.ask_question(public[2])["me"]["questions"]["asked"][0]["id"]
    hidden = b.ask_question(private[4])["me"]["questions"]["asked"][0]["id"]
    c.upvote(listed)
    b.upvote(listed)
    host.moderate_question(hidden, "hidden")
    if end:
        host.end()
    return {"code": code, "host": host, "phones": (a, b, c), "word": word}


def file_bytes(url: str) -> bytes:
    path = Path(url.removeprefix("sqlite:///"))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def found(data: bytes, texts) -> list:
    return [t for t in texts if t.encode() in data]


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "kept.yaml"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


@pytest.fixture
def database(tmp_path):
    return f"sqlite:///{tmp_path / 'workshop.db'}"


def test_retention_erases_personal_data_from_the_file_and_from_what_is_served(
        database, script, caplog):
    room = Room(make_app(database))
    store = room.app.extensions["workshop.store"]
    ran = run_session(room, script)
    code, word = ran["code"], ran["word"]
    live = run_session(room, script, end=False, tag="Livetag")   # still going: never erased
    before = file_bytes(database)
    assert found(before, NAMES + PRIVATE + PUBLIC + (word,)) == list(NAMES + PRIVATE + PUBLIC
                                                                     + (word,))

    assert "care_signal" in [e["type"] for e in store.events_of(code)]
    with caplog.at_level(logging.INFO, logger="workshop.retention"):
        assert retention.apply_retention(store, room.hub, retention=0) == [code]
    assert f"personal data of session {code} erased" in caplog.text
    assert retention.apply_retention(store, room.hub, retention=0) == []   # once

    after = file_bytes(database)
    assert found(after, PRIVATE + (word,)) == []
    assert found(after, PUBLIC) == list(PUBLIC)          # the wall stays, for the report
    assert found(after, NAMES) == []
    live_texts = tagged(NAMES + PRIVATE, "Livetag")
    assert found(after, live_texts) == list(live_texts)       # the live session is untouched
    events = store.events_of(code)
    assert not found(json.dumps(events).encode(), NAMES + PRIVATE)
    assert [e["type"] for e in events].count("personal_data_erased") == 1
    assert not [e for e in events if e["type"].startswith(("private_word", "pair_note_written",
                                                           "care_signal"))]
    live_log = json.dumps(store.events_of(live["code"]), ensure_ascii=False).encode()
    assert found(live_log, live_texts) == list(live_texts)

    # Nothing served afterwards shows it: the phones, the console, the export; the private
    # poll's tally stays, no longer anyone's.
    a, b, c = ran["phones"]
    served = [p.sync() for p in (a, b, c)] + [ran["host"].sync()]
    assert not found(json.dumps(served).encode(), NAMES + PRIVATE + (word,))
    assert "check-in" not in served[0]["me"]["answers"] and "feel" not in served[0]["me"]["answers"]
    state = room.hub.get(code)
    assert state.erased_at and sorted(state.poll("feel").votes.values()) == [0, 0]
    # Questions: the listed one's text and count stay, who asked and voted does not.
    assert [(q.text, q.votes, q.pid) for q in state.questions.values()] == [(PUBLIC[2], 2, None)]
    assert not [e for e in events if e["type"].startswith("question")
                and e.get("by") in state.participants]
    assert [r.text for r in state.reflections.values()] == [PUBLIC[0]]
    export = verb("export", code, "--database", database).stdout
    assert not found(export.encode(), NAMES + PRIVATE + (word,))

    # A fresh app over the same file (as after a restart) does not bring any of it back.
    again = make_app(database).extensions["workshop.hub"].get(code)
    assert {p.name for p in again.participants.values()} == {""}
    assert not again.words and [r.text for r in again.reflections.values()] == [PUBLIC[0]]
    assert [text for _, text in again.pairs.wall.values()] == [PUBLIC[1]]
    assert room.hub.get(live["code"]).participants and not room.hub.get(live["code"]).ended


def test_a_deleted_session_leaves_nothing(database, script):
    room = Room(make_app(database))
    store = room.app.extensions["workshop.store"]
    kept = run_session(room, script)["code"]
    ran = run_session(room, script)
    code = ran["code"]
    retention.erase_personal_data(store, room.hub, kept)    # the other session, erased
    assert found(file_bytes(database), PRIVATE[:1] + PUBLIC) == list(PRIVATE[:1] + PUBLIC)

    web = room.app.test_client()
    web.get(f"/host?token={HOST_TOKEN}")
    page = web.get(f"/host/{code}").get_data(as_text=True)
    assert "Delete this session" in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert web.post(f"/host/{code}/delete", data={"confirm": "yes"}).status_code == 400  # no CSRF
    assert web.post(f"/host/{code}/delete", data={"csrf_token": csrf}).status_code == 400  # no tick
    assert room.hub.get(code) is not None
    answer = web.post(f"/host/{code}/delete", data={"csrf_token": csrf, "confirm": "yes"})
    assert answer.status_code == 303

    data = file_bytes(database)
    assert found(data, NAMES + PRIVATE + (ran["word"], code)) == []
    assert data.count(PUBLIC[0].encode()) == 1       # the other session's wall, not this one's
    with store.engine.connect() as db:
        assert db.execute(text("select count(*) from events where code=:c"), {"c": code}).scalar() == 0
        assert db.execute(text("select count(*) from sessions where code=:c"), {"c": code}).scalar() == 0
    assert room.hub.get(code) is None
    for page in (f"/host/{code}", f"/s/{code}", f"/j/{code}"):
        assert web.get(page).status_code == 404
    assert make_app(database).extensions["workshop.hub"].get(code) is None


def test_only_an_ended_session_of_ones_own_can_be_deleted(database, script):
    app = make_app(database)
    store, hub = app.extensions["workshop.store"], app.extensions["workshop.hub"]
    for name in ("ann", "bob"):
        store.set_facilitator(name, generate_password_hash("pw-" + name, "pbkdf2:sha256:1000"))
    anns = hub.start(script, "ann").code
    web = {}
    for name in ("ann", "bob"):
        client = web[name] = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert client.post("/login", data={"csrf_token": csrf, "name": name,
                                           "password": "pw-" + name}).status_code == 302
    csrf = re.search(r'name="csrf_token" value="([^"]+)"',
                     web["ann"].get(f"/host/{anns}").get_data(as_text=True)).group(1)
    form = {"csrf_token": csrf, "confirm": "yes"}
    assert web["ann"].post(f"/host/{anns}/delete", data=form).status_code == 409   # still live
    hub.run(anns, commands.end, "c1")
    bobs_csrf = re.search(r'name="csrf_token" value="([^"]+)"',
                          web["bob"].get("/").get_data(as_text=True)).group(1)
    assert web["bob"].post(f"/host/{anns}/delete",
                           data={"csrf_token": bobs_csrf, "confirm": "yes"}).status_code == 403
    assert store.session_row(anns) is not None
    assert web["ann"].post(f"/host/{anns}/delete", data=form).status_code == 303
    assert store.session_row(anns) is None


def test_sessions_delete_and_purge_on_the_command_line(database, script):
    room = Room(make_app(database))
    store = room.app.extensions["workshop.store"]
    old, recent, live = (run_session(room, script, end=i < 2)["code"] for i in range(3))
    store.end_session(old, time.time() - 40 * 86400)
    refused = verb("sessions", "delete", live, "--yes", "--database", database, ok=False)
    assert refused.returncode == 1 and "still live" in refused.stderr
    done = verb("sessions", "purge", "--older-than", "30d", "--retention", "0",
                "--database", database)
    assert f"1 session deleted, personal data of 1 erased: {old}, {recent}" in done.stdout
    assert store.session_row(old) is None and store.session_row(recent)["ended_at"]
    verb("sessions", "delete", recent, "--yes", "--database", database)
    assert [r["code"] for r in store.session_rows()] == [live]
    assert found(file_bytes(database), NAMES) == list(NAMES)       # the live one's, untouched
    assert verb("sessions", "purge", "--older-than", "soon", "--database", database,
                ok=False).returncode == 2


def test_on_postgresql_the_rows_are_gone(script):
    with postgres_database("workshop_retention_") as url:
        app = make_app(url)
        room = Room(app)
        store = app.extensions["workshop.store"]
        erased, deleted = (run_session(room, script)["code"] for _ in range(2))

        def count(code, texts):
            with create_engine(url).connect() as db:
                return sum(db.execute(text("select count(*) from events where code=:c and "
                                           "cast(data as text) like :t"),
                                      {"c": code, "t": f"%{t}%"}).scalar() for t in texts)
        assert count(erased, NAMES + PRIVATE) == len(NAMES + PRIVATE)
        retention.apply_retention(store, room.hub, 0)
        assert count(erased, NAMES + PRIVATE) == 0 and count(erased, PUBLIC) == len(PUBLIC)
        retention.delete_session(store, room.hub, deleted, by="local")
        with create_engine(url).connect() as db:
            for table in ("events", "sessions"):
                assert db.execute(text(f"select count(*) from {table} where code=:c"),
                                  {"c": deleted}).scalar() == 0
        state = make_app(url).extensions["workshop.hub"].get(erased)
        assert {p.name for p in state.participants.values()} == {""} and not state.words
        store.engine.dispose()


def test_workshop_serve_erases_by_itself_at_start_and_when_a_session_ends(
        tmp_path, script, make_server):
    database = f"sqlite:///{tmp_path / 'workshop.db'}"
    room = Room(make_app(database))
    ended = run_session(room, script)["code"]
    live = run_session(room, script, end=False)["code"]
    room.app.extensions["workshop.store"].engine.dispose()
    assert found(file_bytes(database), NAMES + PRIVATE) == list(NAMES + PRIVATE)

    server = make_server(None, database=database, env={"WORKSHOP_RETENTION": "0"})
    host = Host(server.url, ended, server.token).connect()   # erased at start
    assert not found(json.dumps(host.sync()).encode(), NAMES + PRIVATE)
    host.disconnect()
    # The live session ends while the server runs: its next pass (2 s at most) erases it.
    host = Host(server.url, live, server.token).connect()
    host.end()
    host.disconnect()
    deadline = time.monotonic() + 10
    while found(file_bytes(database), NAMES + PRIVATE) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert found(file_bytes(database), NAMES + PRIVATE) == []
    server.stop()
    # Over the same file again (the server's own start above was the restart of the first).
    again = make_app(database).extensions["workshop.hub"]
    for code in (ended, live):
        assert {p.name for p in again.get(code).participants.values()} == {""}
    assert found(file_bytes(database), NAMES + PRIVATE) == []
