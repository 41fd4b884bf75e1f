"""End to end: couples through every pair step of the default script, on the real server.

6 couples who pair by code, 2 singles the facilitator pairs, and one couple with one phone.
Private notes must reach exactly one other phone, the partner's, and only after both wrote.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import verb
from workshop.client import Host, Phone, Screen, ServerRefused
from workshop.script import load_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = load_script(ROOT / "sessions/trust.yaml")
PAIR_STEPS = [(i, s) for i, s in enumerate(SCRIPT.steps) if s.kind == "pair"]
COUPLES = 6      # enough for a reconnect, a pause, a shared note and a one-sided share


class Couples:
    def __init__(self, server):
        self.host = Host(server.url, server.code, server.token).connect()
        self.screen = Screen(server.url, server.code).connect()
        self.couples = []            # lists of Phones, in seat order
        for i in range(COUPLES):
            a, b = (Phone(server.url, server.code).connect() for _ in range(2))
            a.join(f"A{i}name")
            b.join(f"B{i}name" if i % 2 else None)
            code = a.create_couple()
            b.join_couple(code.lower())      # typed in lower case: still found
            a.confirm()
            self.couples.append([a, b])
        singles = [Phone(server.url, server.code).connect() for _ in range(2)]
        for phone in singles:
            phone.join()
        ready = self.host.wait_for(lambda v: len(v["couples"]) == COUPLES and len(v["singles"]) == 2)
        aliases = [s["alias"] for s in ready["singles"]]
        self.host.pair_up(*aliases)
        order = sorted(singles, key=lambda p: p.wait_for(lambda v: v["me"]["couple"])["me"]["couple"]["seat"])
        self.couples.append(order)
        self.solo = Phone(server.url, server.code).connect()
        self.solo.join("Solo")
        self.solo.create_couple(one_phone=True)
        self.notes = {}              # note text -> (author phone, partner phone)

    @property
    def phones(self):
        return [p for c in self.couples for p in c] + [self.solo]

    def close(self):
        for client in [self.host, self.screen, *self.phones]:
            client.disconnect()


def pair_of(phone) -> dict:
    return phone.me["pair"]


def wait_round(phone, step_id, round_):
    return phone.wait_for(lambda v: v["me"]["pair"] and v["me"]["pair"]["step"] == step_id
                          and v["me"]["pair"]["round"] == round_)["me"]["pair"]


def test_couples_through_every_pair_step(session):
    server = session
    room = Couples(server)
    try:
        grid = room.host.wait_for(lambda v: len(v["couples"]) == COUPLES + 2)["couples"]
        assert [c["size"] for c in grid].count(2) == COUPLES + 1 and grid[-1]["one_phone"]
        assert room.host.view["singles"] == []
        shared_texts = []
        for n, (index, step) in enumerate(PAIR_STEPS):
            room.host.jump(index)
            for couple in room.couples:
                for phone in couple:
                    wait_round(phone, step.id, 0)
            roles_before = None
            for r, round_ in enumerate(step.rounds):
                if n == 0 and r == 0:
                    reconnect_mid_round(room.couples[0], step.id)
                    pause_signal(room, room.couples[1])
                roles = []
                for c, couple in enumerate(room.couples):
                    turns = [wait_round(p, step.id, r)["turns"] for p in couple]
                    mine = [t[0]["role"] for t in turns]
                    assert mine[0] != mine[1], "partners have opposite roles"
                    assert turns[0][0]["prompt"] == round_.prompts[mine[0]]
                    roles.append(mine)
                    if round_.note:
                        exchange_notes(room, couple, step.id, r, f"{step.id}-{r}-{c}")
                if roles_before and step.swap:
                    assert all(now == before[::-1] for now, before in zip(roles, roles_before))
                roles_before = roles
                run_solo_round(room, step, r)
                if round_.note:
                    shared_texts += share_to_wall(room, step.id, r)
                for couple in room.couples:
                    a, b = couple
                    a.done(step.id, r)
                    assert pair_of(a)["done"] and not pair_of(a)["partner_done"]
                    b.wait_for(lambda v: v["me"]["pair"]["partner_done"])   # a's tap reached b
                    assert pair_of(b)["round"] == r and not pair_of(b)["done"]
                    b.done(step.id, r)
                    wait_round(a, step.id, r + 1)
            grid = room.host.wait_for(lambda v: all(c.get("finished") for c in v["couples"]))["couples"]
            assert all(c["round"] == len(step.rounds) for c in grid)
        assert shared_texts, "the default script has a note round, so something was shared"
        check_notes_private(room, server, shared_texts)
        card = room.couples[0][0].sync()["me"]["card"]
        assert [n["partner"] for n in card] and all(n["revealed"] for n in card)
    finally:
        room.close()


def reconnect_mid_round(couple, step_id):
    a, b = couple
    b.disconnect()
    a.wait_for(lambda v: not v["me"]["couple"]["partner_online"])
    b.connect()
    a.wait_for(lambda v: v["me"]["couple"]["partner_online"])
    assert b.me["pair"]["step"] == step_id and b.me["pair"]["round"] == a.me["pair"]["round"] == 0


def pause_signal(room, couple):
    a, b = couple
    a.care("pause")
    b.wait_for(lambda v: v["me"]["couple"]["partner_needs_moment"])
    grid = room.host.wait_for(lambda v: any(c["needs_moment"] for c in v["couples"]))["couples"]
    assert [c["number"] for c in grid if c["needs_moment"]] == [2]
    assert "pause" not in json.dumps(grid) and a.me["care"] == "pause"
    a.care("ok")
    b.wait_for(lambda v: not v["me"]["couple"]["partner_needs_moment"])


def exchange_notes(room, couple, step_id, r, tag):
    a, b = couple
    text_a, text_b = f"note {tag} from a", f"note {tag} from b"
    a.write_note(step_id, r, text_a)
    assert pair_of(a)["note"]["partner"] is None
    assert text_a not in json.dumps(b.received), "nobody sees a note before both wrote"
    with pytest.raises(ServerRefused) as again:
        a.write_note(step_id, r, "second thoughts")
    assert again.value.ack["error"] == "note_written"
    b.write_note(step_id, r, text_b)
    seen_by_a = a.wait_for(lambda v: v["me"]["pair"]["note"]["revealed"])["me"]["pair"]["note"]
    assert list(seen_by_a["partner"].values()) == [text_b]
    assert list(pair_of(b)["note"]["partner"].values()) == [text_a]
    room.notes[text_a] = (a, b)
    room.notes[text_b] = (b, a)


def run_solo_round(room, step, r):
    """One phone, both partners: both roles shown in turn, both notes written on it."""
    pair = wait_round(room.solo, step.id, r)
    assert sorted(t["seat"] for t in pair["turns"]) == [0, 1]
    assert pair["turns"][0]["role"] != pair["turns"][1]["role"]
    if step.rounds[r].note:
        room.solo.write_note(step.id, r, f"solo {step.id} {r} seat0", seat=0)
        assert not pair_of(room.solo)["note"]["revealed"]
        room.solo.write_note(step.id, r, f"solo {step.id} {r} seat1", seat=1)
        assert pair_of(room.solo)["note"]["revealed"]
    room.solo.done(step.id, r)
    wait_round(room.solo, step.id, r + 1)


def share_to_wall(room, step_id, r):
    """Couple 3 both agree to share one note; couple 4 only one of them: not shared."""
    a, b = room.couples[2]
    text = pair_of(a)["note"]["mine"]["0"]
    a.share_note(step_id, r, author=0)
    # The consent was applied when it was acknowledged: the screen's own sync shows the result.
    assert text not in json.dumps(room.screen.sync()["wall"]), "one consent shares nothing"
    b.share_note(step_id, r, author=0)
    wall = room.screen.wait_for(lambda v: any(n["text"] == text for n in v["wall"]))["wall"]
    assert set(wall[0]) == {"id", "text"}
    c, d = room.couples[3]
    lonely = pair_of(c)["note"]["mine"]["0"]
    c.share_note(step_id, r, author=0)
    room.host.sync()
    assert lonely not in json.dumps(room.screen.sync()["wall"])
    return [text]


def check_notes_private(room, server, shared):
    everyone = {id(p): p for p in room.phones}
    for text, (author, partner) in room.notes.items():
        holders = {i for i, p in everyone.items() if text in json.dumps(p.received)}
        assert holders == {id(author), id(partner)}, f"{text!r} reached another phone"
        if text not in shared:
            assert text not in json.dumps(room.screen.received)
            assert text not in json.dumps(room.host.received)
    log = server.log.read_text()
    assert not [t for t in room.notes if t in log], "a note reached the server log"
    export = verb("export", server.code, "--database", server.database).stdout
    assert len(export.splitlines()) > 100, "the export holds the session's events"
    assert not [t for t in room.notes if t in export], "a note reached the export"


TINY = """
title: Tiny
language: en
description: Two short rounds.
sections:
  - title: Pairs
    theme: communication
    steps:
      - id: quick
        kind: pair
        minutes: 1
        notes: Quick.
        title: Quick
        roles: a-b
        rounds:
          - minutes: 0.03
            prompts: {a: Say hello., b: Listen.}
          - minutes: 0.03
            prompts: {a: Listen., b: Say hello.}
"""


def test_a_round_ends_when_its_time_is_up(runtime_session, tmp_path):
    """The server's own clock (a background task, under each runtime) moves a round on when
    its time is up, and publishes only then. What the clock decides is tested with a chosen
    time in tests/test_round_clock.py; this shows the task runs in a real server."""
    script = tmp_path / "tiny.yaml"
    script.write_text(TINY)
    server = runtime_session(script)
    host = Host(server.url, server.code, server.token).connect()
    screen = Screen(server.url, server.code).connect()
    a, b = Phone(server.url, server.code).connect(), Phone(server.url, server.code).connect()
    try:
        a.join(), b.join()
        a.couple_with(b)
        host.next()
        deadline = wait_round(a, "quick", 0)["deadline"]
        assert deadline is not None
        screen.wait_for(lambda v: v["step"] and v["step"]["id"] == "quick")
        host.wait_for(lambda v: v["couples"] and v["couples"][0].get("round") == 0)
        pushed = {host: len(host.received)}
        # Nobody taps done: the clock moves the couple on once the round's time is up.
        wait_round(b, "quick", 1)
        assert time.time() >= deadline - 0.05          # not before (one machine, one clock)
        host.wait_for(lambda v: v["couples"][0].get("round") == 1)
        host.extend(1)   # a minute more for the current round, for everyone
        a.wait_for(lambda v: v["me"]["pair"]["deadline"] - time.time() > 50)
        assert wait_round(a, "quick", 1)["round"] == 1
        host.finish_pairs()
        a.wait_for(lambda v: v["me"]["pair"]["finished"])
        host.wait_for(lambda v: v["couples"][0]["finished"])
        # From the step change to the finish, each console push showed something new: the
        # ticks in between, which changed nothing, published nothing.
        views = [json.dumps(v, sort_keys=True) for e, v in host.received[pushed[host]:]
                 if e == "host"]
        assert len(views) >= 2 and len(set(views)) == len(views), views
        with pytest.raises(ServerRefused) as refused:
            a.done("quick", 1)
        assert refused.value.ack["error"] == "pair_finished"
    finally:
        for client in (host, screen, a, b):
            client.disconnect()


def test_couples_and_notes_survive_a_restart_and_can_be_undone(server):
    host = Host(server.url, server.code, server.token).connect()
    a, b, c, d = (Phone(server.url, server.code).connect() for _ in range(4))
    try:
        for phone in (a, b, c, d):
            phone.join()
        a.couple_with(b)
        # (Not just two singles: a view from before a and b linked, two joined, has two.)
        singles = host.wait_for(lambda v: len(v["couples"]) == 1 and v["joined"] == 4
                                and len(v["singles"]) == 2)["singles"]
        host.pair_up(*[s["alias"] for s in singles])
        index, step = next((i, s) for i, s in PAIR_STEPS if any(r.note for r in s.rounds))
        note_round = next(r for r, rnd in enumerate(step.rounds) if rnd.note)
        host.jump(index)
        for r in range(note_round):
            for phone in (a, b):
                phone.done(step.id, r)
        wait_round(a, step.id, note_round)
        a.write_note(step.id, note_round, "kept through a crash")

        server.kill()
        server.start(with_script=False)

        b.wait_for(lambda v: b.sio.connected and v["me"]["pair"]["round"] == note_round, timeout=20)
        assert b.me["couple"]["code"] == a.me["couple"]["code"]
        assert b.me["pair"]["note"]["partner"] is None     # b has not written yet
        b.write_note(step.id, note_round, "mine too")
        assert list(b.me["pair"]["note"]["partner"].values()) == ["kept through a crash"]

        b.leave_couple()
        assert b.me["couple"] is None
        a.wait_for(lambda v: v["me"]["couple"] is None)
        grid = host.wait_for(lambda v: len(v["couples"]) == 1)["couples"]
        assert grid[0]["formed_by"] == "facilitator"
        host.unpair(grid[0]["couple"])
        host.wait_for(lambda v: v["couples"] == [] and len(v["singles"]) == 4)
        c.wait_for(lambda v: v["me"]["couple"] is None)
    finally:
        for client in (host, a, b, c, d):
            client.disconnect()
