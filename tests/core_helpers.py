"""Helpers for the in-process unit tests of couples and pair exercises: a small script of our
own, and the pure core driven as the hub drives it, with a clock the test chooses.

The script is written here rather than taken from sessions/, so that a facilitator editing the
shipped workshop cannot change what these tests mean.
"""
from __future__ import annotations

import copy
from itertools import count

import pytest

from workshop.live import commands, pairs
from workshop.live.commands import Refused
from workshop.live.state import LiveSession, apply
from workshop.script import parse_script

COUPLES_YAML = """
title: Couples under test
language: en
description: Two pair exercises and a poll, for unit tests.
sections:
  - title: Together
    theme: communication
    steps:
      - id: welcome
        kind: info
        minutes: 2
        notes: Say hello.
        title: Welcome
        body: Hello.
      - id: listen
        kind: pair
        minutes: 12
        notes: Take turns.
        title: Listening
        roles: speaker-listener
        swap: true
        rounds:
          - minutes: 3
            prompts: {speaker: "R1 speak.", listener: "R1 listen."}
          - minutes: 4
            prompts: {speaker: "R2 speak.", listener: "R2 listen."}
          - minutes: 2
            prompts: {speaker: "R3 speak.", listener: "R3 listen."}
      - id: letters
        kind: pair
        minutes: 8
        notes: Write to each other.
        title: Letters
        roles: a-b
        swap: false
        rounds:
          - minutes: 2
            prompts: {a: "Warm up, A.", b: "Warm up, B."}
          - minutes: 3
            prompts: {a: "Write, A.", b: "Write, B."}
            note: One sentence for your partner.
      - id: mood
        kind: poll
        minutes: 2
        notes: A quick poll.
        question: How are you?
        type: single
        options: [Fine, Tired]
"""
SCRIPT = parse_script(COUPLES_YAML, "couples.yaml")
INDEX = {step.id: i for i, step in enumerate(SCRIPT.steps)}
STEP = {step.id: step for step in SCRIPT.steps}
NOW = 1_700_000_000.0

_cids = count()


def cid() -> str:
    return f"c{next(_cids)}"


def new_session() -> LiveSession:
    return LiveSession("PAIRS", SCRIPT, "owner", NOW)


def run(state, command, *args, now=NOW):
    """Run a command as the hub does: its events, applied, with the `now` the test chose."""
    events = command(state, *args, now)
    for event in events:
        apply(state, event)
    return events


def refused(state, command, *args, now=NOW) -> Refused:
    """Assert the command is refused and changed nothing (not even a couple's progress
    created on the way); return the refusal."""
    before = copy.deepcopy((state.pairs, state.participants, state.receipts, state.applied))
    with pytest.raises(Refused) as info:
        run(state, command, *args, now=now)
    assert (state.pairs, state.participants, state.receipts, state.applied) == before
    return info.value


def join(state, *names):
    """Participants with these first names ('' for none); returns their pids."""
    pids = []
    for name in names:
        n = len(state.participants)
        pid = f"p{n}"
        run(state, commands.join, pid, f"alias{n}", f"hash{n}", name)
        pids.append(pid)
    return pids


def at(state, step_id: str, now=NOW):
    run(state, commands.go_to, cid(), INDEX[step_id], now=now)
    assert state.step.id == step_id


def create(state, pid, code, one_phone=False):
    run(state, pairs.create_couple, pid, cid(), iter([code]), one_phone)
    return code


def ask(state, pid, code, request_id=None):
    request_id = request_id or f"q{next(_cids)}"
    run(state, pairs.join_couple, pid, cid(), code, request_id)
    return request_id


def couple(state, first, second, code):
    """Two participants who pair on their phones: the first creates, the second asks with the
    code, the first says yes. Seat 0 is the first."""
    create(state, first, code)
    request_id = ask(state, second, code)
    run(state, pairs.answer_partner, first, cid(), request_id, True)
    return code


def done(state, pid, step_id, round_, now=NOW):
    return run(state, pairs.done, pid, cid(), step_id, round_, now=now)


def note(state, pid, step_id, round_, text, seat=None, now=NOW):
    return run(state, pairs.write_note, pid, cid(), step_id, round_, seat, text, now=now)


def share(state, pid, step_id, round_, author, wall_id="w1"):
    return run(state, pairs.consent_to_share, pid, cid(), step_id, round_, author, wall_id)


def types(events) -> list[str]:
    return [e["type"] for e in events]
