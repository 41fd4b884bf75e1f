"""Training: recordings (export, import), replay, the timing report and rehearsals.

The servers run as real commands in subprocesses (`workshop serve` for the live session,
`workshop replay` and `workshop rehearse`), talked to over real sockets with `workshop.client`
and `workshop.training.replay_client`; the verbs that only read or write the store (`export`,
`import`, `report`, `sessions`) run in-process through click, on the same database file.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, WORKSHOP, Server
from conftest import verb as workshop
from workshop.client import Host, Phone, Screen
from workshop.script import load_script
from workshop.training.recording import read_jsonl
from workshop.training.replay_client import ReplayConsole, ReplayScreen

TRUST = load_script(ROOT / "sessions/trust.yaml")
VERTROUWEN = load_script(ROOT / "sessions/vertrouwen.yaml")
SCRIPT_IDS = ["hello", "mood", "bye", "extra"]     # SHORT_SCRIPT's steps, in order


# --- helpers -------------------------------------------------------------------------------------

class VerbServer(Server):
    """A server-running verb other than `serve` (`replay`, `rehearse`), on its own port."""

    def __init__(self, tmp: Path, verb_args: list[str], lines: int, database: str | None = None):
        super().__init__(tmp, None)
        self.verb_args, self.lines = verb_args, lines
        self.database = database or self.database
        self.log = tmp / f"{verb_args[0]}-{self.port}.log"

    def start(self, with_script=True):
        args = [WORKSHOP, *map(str, self.verb_args), "--host", "127.0.0.1", "--port", str(self.port),
                "--public-url", self.url, "--database", self.database,
                "--async-mode", self.async_mode]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=open(self.log, "ab"),
                                     text=True, cwd=ROOT, env=self.env)
        self.output = "".join(self.proc.stdout.readline() for _ in range(self.lines))
        self.token = re.search(r"token=([\w-]+)", self.output).group(1)
        self.code = re.search(r"/(?:j|replay)/(\w+)", self.output).group(1)
        self._wait_listening()
        return self


@pytest.fixture
def verb_server(tmp_path):
    servers = []

    def make(verb_args, lines, database=None):
        server = VerbServer(tmp_path, verb_args, lines, database)
        servers.append(server)
        return server.start()
    yield make
    for server in servers:
        server.stop()


def answer_for(step: dict, i: int):
    if step["type"] == "single":
        return i % len(step["options"])
    if step["type"] == "multiple":
        return sorted({i % len(step["options"]), (i * 3 + 1) % len(step["options"])})[: step["max_choices"] or 9]
    if step["type"] == "scale":
        return step["scale"]["min"] + i % (step["scale"]["max"] - step["scale"]["min"] + 1)
    return ["Trust", f"word{i % 3}"][: step["max_words"]]


def plain(view: dict) -> dict:
    """A screen view without what differs by server: the join URL, and the replay's clock."""
    return {k: v for k, v in view.items() if k not in ("join_url", "now")}


def visit_key(view: dict):
    step = view.get("step") or {}
    return view["phase"], step.get("index"), step.get("started_at")


class LiveRoom:
    """A session run through `workshop serve` by a host, a screen and named phones."""

    def __init__(self, server, phones: int, names=True):
        self.server = server
        self.host = Host(server.url, server.code, server.token).connect()
        self.screen = Screen(server.url, server.code).connect()
        self.names = [f"Zonnebloem{i:02d}Vries" for i in range(phones)] if names else [None] * phones
        self.phones = [Phone(server.url, server.code).connect() for _ in range(phones)]
        for phone, name in zip(self.phones, self.names):
            phone.join(name)
        self.ends: list[dict] = []      # the screen view at the end of every visit to a step

    def capture(self):
        # The sync's own answer: a push that crossed it on the way may hold an older view.
        self.ends.append(plain(self.screen.call("sync", {})["view"]))

    def go(self, command, *args):
        index = getattr(self.host, command)(*args)["index"]
        self.screen.wait_for(lambda v: v["step"] and v["step"]["index"] == index)
        return self.screen.view["step"]

    def act(self, step: dict, script_step):
        if step["kind"] == "poll":
            for i, phone in enumerate(self.phones):
                phone.vote(step["id"], answer_for(step, i))
            # A change of mind (not always the same phone: a person taps a few times a second at most).
            changer = step["index"] % len(self.phones)
            self.phones[changer].vote(step["id"], answer_for(step, changer + 1))
            if script_step.results == "reveal":
                self.host.show_results(step["id"])
            if step["index"] % 2:
                self.host.close_poll(step["id"])
        elif step["kind"] == "reflection":
            first = step["index"] % len(self.phones)
            written = [self.phones[(first + i) % len(self.phones)].reflect(
                step["id"], f"thought {i} on {step['id']}")["reflection"] for i in range(3)]
            self.host.moderate(written[0]["id"], "shown" if script_step.approval else "hidden")

    def close(self):
        for client in [self.host, self.screen, *self.phones]:
            client.disconnect()


def run_whole_session(room: LiveRoom, script) -> None:
    """Every step once, with a step back and a skip on the way, as a facilitator does."""
    room.screen.wait_for(lambda v: v["joined"] == len(room.phones))
    room.capture()
    steps = script.steps
    index, went_back, skipped = -1, False, False
    while index < len(steps) - 1:
        if index == 4 and not went_back:
            went_back, shown = True, room.go("previous")
        elif index == 8 and not skipped:
            skipped, shown = True, room.go("jump", index + 2)
        else:
            shown = room.go("next")
        index = shown["index"]
        room.act(shown, steps[index])
        room.capture()
    room.host.end()
    room.screen.wait_for(lambda v: v["phase"] == "ended")
    room.capture()


def replayed_ends(pushes: list) -> list[dict]:
    """The last screen view of every visit, from the pushes a replay screen received."""
    ends = []
    for event, view in pushes:
        if event != "screen":
            continue
        if ends and visit_key(ends[-1]) == visit_key(view):
            ends[-1] = plain(view)
        else:
            ends.append(plain(view))
    return ends


def assert_same_visits(replayed: list[dict], live: list[dict]):
    """The replay's last view of each visit is the live one; else say where and what differs."""
    for i, (again, then) in enumerate(zip(replayed, live)):
        differ = {k: (again.get(k), then.get(k)) for k in set(again) | set(then)
                  if again.get(k) != then.get(k)}
        assert not differ, f"visit {i} (step {(then.get('step') or {}).get('id')}): {differ}"
    assert len(replayed) == len(live), [visit_key(v) for v in replayed]


def log_digest(database: str) -> str:
    db = sqlite3.connect(database.removeprefix("sqlite:///"))
    rows = db.execute("select id, code, type, at, data from events order by id").fetchall()
    rows += db.execute("select * from sessions order by code").fetchall()
    db.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def secrets_of(database: str) -> list[str]:
    db = sqlite3.connect(database.removeprefix("sqlite:///"))
    joined = [json.loads(r[0]) for r in
              db.execute("select data from events where type='participant_joined'")]
    db.close()
    return [j["pid"] for j in joined] + [j["token_hash"] for j in joined] + \
        [j["name"] for j in joined if j["name"]]


# --- (a) replay shows what the room saw ------------------------------------------------------------

def test_replay_shows_each_step_as_the_screen_showed_it_live(make_server, verb_server, tmp_path):
    server = make_server("sessions/trust.yaml")
    room = LiveRoom(server, phones=8)
    try:
        run_whole_session(room, TRUST)
    finally:
        room.close()
    assert len(room.ends) == len(TRUST.steps) + 3     # lobby, a revisit, a skip, ended
    recording = tmp_path / "session.jsonl"
    workshop("export", server.code, "--database", server.database, "-o", recording)

    # From the file, on another installation: nothing of the original database is needed.
    replay = verb_server(["replay", recording, "--speed", "50"], lines=3,
                         database=f"sqlite:///{tmp_path / 'elsewhere.db'}")
    screen = ReplayScreen(replay.url, replay.code, replay.token).connect()
    console = ReplayConsole(replay.url, replay.code, replay.token).connect()
    try:
        assert screen.view["phase"] == "lobby" and screen.view["joined"] == 0
        assert console.view["agenda"][0]["id"] == TRUST.steps[0].id
        console.play()
        console.wait_for_status(lambda s: s["finished"], timeout=60)
        screen.wait_for(lambda v: v["phase"] == "ended")
        assert_same_visits(replayed_ends(screen.received), room.ends)

        # Jump to a step: the screen shows it as it was when the room first got there.
        console.jump(6)
        view = screen.wait_for(lambda v: v["phase"] == "step" and v["step"]["index"] == 6)
        assert view["step"]["id"] == TRUST.steps[6].id and not console.status["playing"]
        # Read only: whatever the console sends, nothing changes; no phone can join.
        for event in ("close_poll", "moderate", "end", "vote"):
            ack = console.call(event, {"cid": "x1", "step": view["step"]["id"]}, raw=True)
            assert ack["ok"] is False and ack["error"] == "read_only"
        with pytest.raises(Exception):
            Phone(replay.url, replay.code).connect()
        timeline = console.timeline()
        assert [s["id"] for sec in timeline["sections"] for s in sec["steps"]] == \
            [s.id for s in TRUST.steps]
        for path in ("", "/screen", "/report"):
            with urllib.request.urlopen(f"{replay.url}/replay/{replay.code}{path}?token={replay.token}") as page:
                assert page.status == 200
    finally:
        screen.disconnect()
        console.disconnect()

    # From the original database by code, at a great speed: the log is not changed by it.
    server.stop()
    before = log_digest(server.database)
    replay = verb_server(["replay", server.code, "--speed", "500"], lines=3,
                         database=server.database)
    screen = ReplayScreen(replay.url, replay.code, replay.token).connect()
    console = ReplayConsole(replay.url, replay.code, replay.token).connect()
    try:
        console.play()
        console.wait_for_status(lambda s: s["finished"], timeout=60)
        assert_same_visits(replayed_ends(screen.received), room.ends)
        console.previous()
        console.pause()
        assert console.status["playing"] is False
    finally:
        screen.disconnect()
        console.disconnect()
    replay.stop()
    assert log_digest(server.database) == before


# --- (c) an export names nobody; (d) import round-trips ---------------------------------------------

def test_export_is_anonymous_and_import_round_trips(make_server, tmp_path):
    server = make_server("sessions/trust.yaml")
    room = LiveRoom(server, phones=6)
    try:
        room.screen.wait_for(lambda v: v["joined"] == 6)
        for index, step in enumerate(TRUST.steps[:7]):
            room.act(room.go("next"), step)
        couple_writes_private_notes(room)
        room.host.end()
        room.capture()
        tokens = [phone.token for phone in room.phones]
    finally:
        room.close()
    stored = events_of(server.database, server.code)
    secrets = secrets_of(server.database)
    assert len(secrets) == 6 * 3
    notes = [e["text"] for e in stored if e["type"] == "pair_note_written"]
    assert notes == list(PRIVATE_NOTES), "the log holds the couple's notes: the export must not"
    couple = next(e for e in stored if e["type"] == "couple_formed")
    assert set(couple["members"]) <= set(secrets), "the log names the couple by participant id"
    exported = tmp_path / "export.jsonl"
    workshop("export", server.code, "--database", server.database, "-o", exported)
    text = exported.read_text()
    for secret in secrets + tokens + notes:
        assert secret not in text
    assert '"name"' not in text and "token_hash" not in text and '"cid"' not in text
    header, *events = [json.loads(line) for line in text.splitlines()]
    assert header["participants"] == 6 and header["anonymised"] is True
    assert header["script_text"] == (ROOT / "sessions/trust.yaml").read_text()
    pseudonyms = [f"P{i}" for i in range(1, 7)]
    assert [e["pid"] for e in events if e["type"] == "participant_joined"] == pseudonyms
    assert [e["alias"] for e in events if e["type"] == "participant_joined"] == pseudonyms
    assert {e["by"] for e in events if e["type"] == "vote_cast"} == set(pseudonyms)
    # Everything of the evening but the private notes, each person under their pseudonym.
    assert [e["type"] for e in events] == [e["type"] for e in stored
                                           if not e["type"].startswith("pair_note")]
    formed = next(e for e in events if e["type"] == "couple_formed")
    joined = next(e for e in events if e["type"] == "partner_answered" and e["yes"])
    assert formed["members"] + [joined["member"]] == ["P1", "P2"]
    assert {e["by"] for e in events if e["type"] in ("pair_done", "care_signal")} <= set(pseudonyms)
    assert all(isinstance(e["at"], float) for e in events)

    # Into another installation, and out again: the same recording.
    elsewhere = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    done = workshop("import", exported, "--database", elsewhere)
    assert f"as session {server.code}" in done.stdout
    again = workshop("import", exported, "--database", elsewhere, ok=False)
    assert again.returncode == 1 and "already here" in again.stderr
    listed = workshop("sessions", "--database", elsewhere).stdout
    assert re.search(rf"{server.code} .* ended +live +6 ", listed)
    second = tmp_path / "second.jsonl"
    workshop("export", server.code, "--database", elsewhere, "-o", second)
    first_header, *first_events = [json.loads(line) for line in exported.read_text().splitlines()]
    second_header, *second_events = [json.loads(line) for line in second.read_text().splitlines()]
    assert second_events == first_events
    assert {k: v for k, v in second_header.items() if k != "exported_at"} == \
        {k: v for k, v in first_header.items() if k != "exported_at"}
    # The imported session folds to what the room last saw.
    from workshop.live.views import screen_view
    assert screen_view(read_jsonl(second).fold()) == room.ends[-1]


PRIVATE_NOTES = ("Ik beloof je elke avond te bellen.", "I promise to listen first.")


def couple_writes_private_notes(room: LiveRoom):
    """Two phones of the room become a couple, do the promise exercise and write each other
    the round's note; one needs a moment and says so when it has passed."""
    a, b = room.phones[:2]
    a.couple_with(b)
    index, step = next((i, s) for i, s in enumerate(TRUST.steps) if s.id == "small-promise")
    room.host.jump(index)
    for phone in (a, b):
        phone.done(step.id, 0)
    a.wait_for(lambda v: v["me"]["pair"]["round"] == 1)
    a.care("pause")
    a.care("ok")
    for phone, note in zip((a, b), PRIVATE_NOTES):
        phone.write_note(step.id, 1, note)
    # b's note reaches a by a push, once both wrote.
    seen = a.wait_for(lambda v: v["me"]["pair"]["note"]["partner"])["me"]["pair"]["note"]
    assert list(seen["partner"].values()) == [PRIVATE_NOTES[1]]


def events_of(database: str, code: str) -> list[dict]:
    """The session's log as the server stored it."""
    with sqlite3.connect(database.removeprefix("sqlite:///")) as db:
        return [json.loads(data) for (data,) in db.execute(
            "select data from events where code=? order by seq", (code,))]


# --- (e) the timing report ---------------------------------------------------------------------------

SHORT_SCRIPT = """\
title: Short evening
language: en
description: Three short steps to time.
sections:
  - title: First part
    theme: opening
    steps:
      - {id: hello, kind: info, minutes: 1, notes: Say hello., title: Hello, body: Welcome.}
      - id: mood
        kind: poll
        minutes: 2
        notes: Ask.
        question: How are you?
        type: single
        options: [Fine, Tired]
  - title: Second part
    theme: closing
    steps:
      - {id: bye, kind: info, minutes: 1, notes: Say goodbye., title: Bye, body: Thanks.}
      - {id: extra, kind: info, minutes: 5, notes: Only if there is time., title: Extra, body: More.}
"""

# A chosen clock for the recorded evening: seconds after the session was created at which
# each step began, and the end. hello runs 1:10 of its 1:00, mood 1:50 of 2:00, bye 1:30 of 1:00.
CREATED = 1_700_000_000.0
STARTS = {0: 30.0, 1: 100.0, 2: 210.0}
ENDED = 300.0


def on_the_chosen_clock(recording: Path) -> Path:
    """The recording with its events moved onto the chosen clock, in their recorded order:
    each step change at its chosen time, every other event a second after the last one."""
    header, *events = [json.loads(line) for line in recording.read_text().splitlines()]
    header["created_at"] = CREATED
    at = CREATED
    for event in events:
        if event["type"] == "step_changed":
            at = CREATED + STARTS[event["index"]]
        elif event["type"] == "session_ended":
            at = CREATED + ENDED
        else:
            at += 1.0
        event["at"] = at
    header["ended_at"] = CREATED + ENDED
    retimed = recording.with_name("retimed.jsonl")
    retimed.write_text("".join(json.dumps(row) + "\n" for row in [header, *events]))
    return retimed


def test_report_prints_planned_against_actual_per_step_and_section(make_server, tmp_path):
    script = tmp_path / "short.yaml"
    script.write_text(SHORT_SCRIPT)
    server = make_server(script)
    host = Host(server.url, server.code, server.token).connect()
    phones = [Phone(server.url, server.code).connect() for _ in range(3)]
    try:
        for phone in phones:
            phone.join()
        for index in range(3):       # `extra` is skipped
            host.next()
            if index == 1:
                for i, phone in enumerate(phones):
                    phone.vote("mood", i % 2)
        host.end()
    finally:
        host.disconnect()
        for phone in phones:
            phone.disconnect()

    # From the database by code: each step's actual time is what the log's own clock says.
    live = json.loads(workshop("report", server.code, "--database", server.database, "--json").stdout)
    with sqlite3.connect(server.database.removeprefix("sqlite:///")) as db:
        changes = [(json.loads(data).get("index"), at) for data, at in db.execute(
            "select data, at from events where code=? and type in ('step_changed', 'session_ended')"
            " order by seq", (server.code,))]
    lived = {s["id"]: s for sec in live["sections"] for s in sec["steps"]}
    for (index, began), (_, left) in zip(changes, changes[1:]):
        step = SCRIPT_IDS[index]
        assert lived[step]["actual"] == pytest.approx(left - began, abs=1e-6), step
    assert lived["extra"]["visits"] == 0 and lived["mood"]["answers"] == 3

    # The same evening on a chosen clock, from the exported file: every figure is exact.
    recording = tmp_path / "short.jsonl"
    workshop("export", server.code, "--database", server.database, "-o", recording)
    retimed = on_the_chosen_clock(recording)
    text = workshop("report", retimed).stdout
    lines = text.splitlines()
    row = {line.split()[2]: line.split()[3:] for line in lines if re.match(r"\s+\d+ \w+ ", line)}
    assert row == {"hello": ["1:00", "1:10", "+0:10"], "mood": ["2:00", "1:50", "−0:10", "3"],
                   "bye": ["1:00", "1:30", "+0:30"], "extra": ["5:00", "skipped", "−5:00"]}
    sections = [line.split() for line in lines if line.strip().startswith("section")]
    assert sections == [["section", "3:00", "3:00", "±0:00"], ["section", "6:00", "1:30", "−4:30"]]
    assert "First part [Opening]" in text and "Second part [Closing]" in text
    assert re.search(r"Lobby \(before the first step\) +0:30", text)
    assert "Total overrun: none (4:30 under the planned 9:00)" in text
    assert "Skipped steps: extra" in text

    report = json.loads(workshop("report", retimed, "--json").stdout)
    steps = {s["id"]: s for sec in report["sections"] for s in sec["steps"]}
    assert {s: steps[s]["actual"] for s in steps} == {"hello": 70, "mood": 110, "bye": 90, "extra": 0}
    assert {s: steps[s]["diff"] for s in steps} == {"hello": 10, "mood": -10, "bye": 30, "extra": -300}
    assert (report["planned"], report["actual"], report["overrun"]) == (540, 270, -270)
    assert [s["visits"] for s in steps.values()] == [1, 1, 1, 0]
