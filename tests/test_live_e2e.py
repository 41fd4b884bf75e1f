"""End to end: the real server, a host, a screen and 30 phones through the default script.

Everything goes over real sockets to `workshop serve` in a subprocess, as phones and the
facilitator's console do. A SIGKILL mid-poll must lose nothing that was acknowledged.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter

import pytest

from workshop.client import Host, Phone, Screen, ServerRefused, new_cid
from workshop.script import load_script

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PHONES = 30
# Under gevent, the other supported runtime, the same walk with fewer phones: what differs by
# runtime is the event loop and its sockets, not the counting, which the walk of 30 checks.
PHONES_BY_RUNTIME = {"eventlet": PHONES, "gevent": 10}
VOTERS = 12          # of the 20 phones of the SIGKILL test, those that vote before the kill
SCRIPT = load_script(ROOT / "sessions/trust.yaml")


def answer_for(step: dict, i: int):
    if step["type"] == "single":
        return i % len(step["options"])
    if step["type"] == "multiple":
        n = len(step["options"])
        return sorted({i % n, (i * 7 + 1) % n})[: step["max_choices"] or n]
    if step["type"] == "scale":
        low, high = step["scale"]["min"], step["scale"]["max"]
        return low + i % (high - low + 1)
    return ["Trust", f"word{i % 3}"][: step["max_words"]]


def expected_tally(step: dict, answers):
    if step["type"] in ("single", "multiple"):
        counts = [0] * len(step["options"])
        for a in answers:
            for i in ([a] if step["type"] == "single" else a):
                counts[i] += 1
        return counts
    if step["type"] == "scale":
        counts = Counter(answers)
        return {str(v): counts.get(v, 0)
                for v in range(step["scale"]["min"], step["scale"]["max"] + 1)}
    return dict(Counter(w.lower() for a in answers for w in a))


def tally_of(results):
    tally = results["tally"]
    if results["type"] == "scale":
        return tally["counts"]
    if results["type"] == "words":
        return {w: n for w, n in tally}
    return tally


class Room:
    def __init__(self, server, phones=PHONES):
        self.server = server
        self.host = Host(server.url, server.code, server.token).connect()
        self.screen = Screen(server.url, server.code).connect()
        self.phones = [Phone(server.url, server.code).connect() for _ in range(phones)]
        self.names = [f"Naam{i:02d}x" if i % 2 else None for i in range(phones)]
        for phone, name in zip(self.phones, self.names):
            phone.join(name)

    def at_step(self, index):
        for client in [self.screen, self.host, *self.phones]:
            client.wait_for(lambda v: v.get("step") and v["step"]["index"] == index)
        return self.screen.view["step"]

    def next(self):
        index = self.host.next()["index"]
        return self.at_step(index)

    def close(self):
        for client in [self.host, self.screen, *self.phones]:
            client.disconnect()


def secrets_of(server) -> list[str]:
    """Every participant id, token hash and name the server stored."""
    db = sqlite3.connect(server.database.removeprefix("sqlite:///"))
    rows = db.execute("select data from events where type='participant_joined'").fetchall()
    joined = [json.loads(r[0]) for r in rows]
    return [j["pid"] for j in joined] + [j["token_hash"] for j in joined] + \
        [j["name"] for j in joined if j["name"]]


def test_a_room_of_phones_through_the_default_script(runtime_session):
    server = runtime_session()
    room = Room(server, PHONES_BY_RUNTIME[server.async_mode])
    try:
        room.screen.wait_for(lambda v: v["joined"] == len(room.phones))
        assert room.screen.view["phase"] == "lobby"
        reveal_seen = approval_seen = False
        for index, step in enumerate(SCRIPT.steps):
            shown = room.next()
            assert shown["id"] == step.id and "notes" not in shown
            assert room.host.view["notes"] == step.notes
            if step.kind == "poll":
                run_poll(room, shown)
                reveal_seen |= step.results == "reveal"
            elif step.kind == "reflection":
                run_reflection(room, shown, step.approval)
                approval_seen |= step.approval
        assert reveal_seen and approval_seen
        with pytest.raises(ServerRefused) as refused:
            room.host.next()
        assert refused.value.ack["error"] == "at_end"
        room.host.end()
        room.screen.wait_for(lambda v: v["phase"] == "ended")
        assert_private(room, server)
    finally:
        room.close()


def run_poll(room: Room, step: dict):
    answers = {}
    for i, phone in enumerate(room.phones):
        answers[i] = answer_for(step, i)
        assert phone.vote(step["id"], answers[i])["answer"] == answers[i]
    # Five people change their mind: the last vote counts, never twice.
    for i in range(5):
        answers[i] = answer_for(step, i + 1)
        room.phones[i].vote(step["id"], answers[i])
    results = room.host.wait_for(lambda v: v["results"]["answered"] == len(room.phones))["results"]
    if step["results"] == "reveal":
        assert not results["visible"] and results["tally"] is None
        assert room.screen.wait_for(lambda v: v["results"]["answered"] == len(room.phones))["results"]["tally"] is None
        room.host.show_results(step["id"])
    # Updates to the screen are coalesced: wait for the one that has every changed vote.
    expected = expected_tally(step, answers.values())
    results = room.screen.wait_for(lambda v: v["results"]["visible"] and
                                   tally_of(v["results"]) == expected)["results"]
    assert results["answered"] == len(room.phones)
    room.host.close_poll(step["id"])
    room.phones[0].wait_for(lambda v: v["poll"]["closed"])
    with pytest.raises(ServerRefused) as refused:
        room.phones[0].vote(step["id"], answers[0])
    assert refused.value.ack["error"] == "poll_closed"
    assert room.phones[3].sync()["me"]["answers"][step["id"]] == answers[3]


def run_reflection(room: Room, step: dict, approval: bool):
    texts = [f"<b>reflection {step['id']} {i}</b>" for i in range(8)]
    for phone, text in zip(room.phones, texts):
        ack = phone.reflect(step["id"], text)
        assert ack["reflection"]["status"] == ("held" if approval else "shown")
    queue = room.host.wait_for(lambda v: len(v["queue"]) == len(texts))["queue"]
    assert sorted(r["text"] for r in queue) == sorted(texts)
    if approval:
        assert room.screen.view["wall"] == []
        first = queue[0]
        room.host.moderate(first["id"], "shown")
        wall = room.screen.wait_for(lambda v: len(v["wall"]) == 1)["wall"]
        assert wall == [{"id": first["id"], "text": first["text"]}]
        author_sees(room, step, texts, first, "shown")
    else:
        wall = room.screen.wait_for(lambda v: len(v["wall"]) == len(texts))["wall"]
        hidden = wall[2]
        room.host.moderate(hidden["id"], "hidden")
        wall = room.screen.wait_for(lambda v: len(v["wall"]) == len(texts) - 1)["wall"]
        assert hidden["id"] not in [r["id"] for r in wall]
        author_sees(room, step, texts, hidden, "hidden")


def author_sees(room: Room, step: dict, texts, reflection: dict, status: str):
    """The author's phone says at once what the facilitator did with their reflection."""
    author = room.phones[texts.index(reflection["text"])]
    mine = lambda v: {r["id"]: r["status"] for r in v["me"]["reflections"].get(step["id"], [])}  # noqa: E731
    author.wait_for(lambda v: mine(v).get(reflection["id"]) == status, timeout=5)


def assert_private(room: Room, server):
    """No payload to the screen, the console or another phone names who answered."""
    secrets = secrets_of(server)
    assert len(secrets) >= len(room.phones) * 2
    audiences = {"screen": room.screen.received, "host": room.host.received}
    for i, phone in enumerate(room.phones):
        # A phone's 'session' pushes are shared with the room; its acks and its 'me' pushes
        # (to its own participant's room) are its own.
        audiences[f"phone {i}"] = [r for r in phone.received
                                   if not r[0].startswith("ack:") and r[0] != "me"]
    names = [n for n in room.names if n]
    for audience, payloads in audiences.items():
        text = json.dumps(payloads)
        leaked = [s for s in secrets if s in text and (s not in names or audience != "host")]
        assert not leaked, f"{audience} received {leaked[:3]}"
    # The console may name people only where it pairs them, never beside results or the wall.
    for _, payload in room.host.received:
        view = payload.get("view", payload) if isinstance(payload, dict) else {}
        rest = {k: v for k, v in view.items() if k not in ("singles", "couples")}
        assert not [n for n in names if n in json.dumps(rest)]
    for phone in room.phones:
        assert phone.token not in json.dumps(room.host.received + room.screen.received)


def test_sigkill_mid_poll_loses_nothing_acknowledged(server):
    """Under the default runtime: what is stored, and how it is read back at start, is the
    same under gevent (whose own walk through the script is the test above)."""
    room = Room(server, 20)
    n = len(room.phones)
    try:
        poll_index = next(i for i, s in enumerate(SCRIPT.steps) if s.kind == "poll")
        room.host.jump(poll_index)
        step = room.at_step(poll_index)
        cids = {}
        for i, phone in enumerate(room.phones[:VOTERS]):
            cids[i] = new_cid()
            phone.vote(step["id"], answer_for(step, i), cid=cids[i])
        reflection_index = next(i for i, s in enumerate(SCRIPT.steps) if s.kind == "reflection")

        server.kill()
        server.start(with_script=False)

        for client in [room.host, room.screen, *room.phones]:
            client.wait_for(lambda v: client.sio.connected, timeout=20)
        view = room.host.wait_for(lambda v: v["results"]["answered"] == VOTERS, timeout=20)
        assert view["index"] == poll_index
        assert room.screen.wait_for(lambda v: v["joined"] == n)["step"]["id"] == step["id"]
        for i, phone in enumerate(room.phones):
            mine = phone.sync()["me"]["answers"]
            assert mine.get(step["id"]) == (answer_for(step, i) if i < VOTERS else None)
        # A command re-sent after the restart (its ack was lost) is applied once.
        for i, phone in enumerate(room.phones[:VOTERS]):
            phone.vote(step["id"], answer_for(step, i), cid=cids[i])
        for i, phone in enumerate(room.phones[VOTERS:], start=VOTERS):
            phone.vote(step["id"], answer_for(step, i))
        results = room.host.wait_for(lambda v: v["results"]["answered"] == n)["results"]
        assert tally_of(results) == expected_tally(step, [answer_for(step, i) for i in range(n)])

        # Reflections survive too, and so does the step the facilitator was on.
        room.host.jump(reflection_index)
        rstep = room.at_step(reflection_index)
        for phone in room.phones[:6]:
            phone.reflect(rstep["id"], "kept after a crash")
        server.kill()
        server.start(with_script=False)
        view = room.host.wait_for(lambda v: v.get("index") == reflection_index
                                  and len(v["queue"]) == 6, timeout=20)
        assert room.phones[0].wait_for(lambda v: v["me"] and v["me"]["reflections"].get(rstep["id"]),
                                       timeout=20)
        assert view["step"]["id"] == rstep["id"]
    finally:
        room.close()
