"""The hub's rules, in process: retries decided once, couple codes never reused, process state
that goes with the session."""
from __future__ import annotations

import threading
from itertools import count

import pytest

from workshop.hub import Hub
from workshop.live import commands, pairs
from workshop.live.commands import Refused
from workshop.store import Store

ROOT_SCRIPT = "sessions/trust.yaml"


@pytest.fixture
def hub(tmp_path):
    clock = count(1000.0)
    return Hub(Store(f"sqlite:///{tmp_path / 'hub.db'}"), clock=lambda: next(clock))


def joined(hub, code, *pids):
    for pid in pids:
        hub.run(code, commands.join, pid, "a" + pid, "t" + pid, pid)


def test_a_request_sent_again_is_answered_not_applied(hub):
    code = hub.start(ROOT_SCRIPT, "local").code
    assert hub.run(code, commands.next_step, "c1", once=("host", "c1"))
    assert hub.run(code, commands.next_step, "c1", once=("host", "c1")) == []
    assert hub.get(code).index == 0
    assert len(hub.store.events_of(code)) == 1


def test_copies_racing_on_threads_move_one_step(hub):
    code = hub.start(ROOT_SCRIPT, "local").code
    barrier = threading.Barrier(8)

    def next_once():
        barrier.wait()
        hub.run(code, commands.next_step, "same", once=("host", "same"))
    threads = [threading.Thread(target=next_once) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert hub.get(code).index == 0


def test_a_cid_used_for_another_command_is_refused(hub):
    code = hub.start(ROOT_SCRIPT, "local").code
    hub.run(code, commands.next_step, "c1", once=("host", "c1"))
    with pytest.raises(Refused) as refused:
        hub.run(code, commands.end, "c1", once=("host", "c1"))
    assert refused.value.code == "bad_request"
    assert not hub.get(code).ended


def test_votes_in_one_batch_with_one_cid_count_once(hub):
    state = hub.start(ROOT_SCRIPT, "local")
    joined(hub, state.code, "p1")
    index = next(i for i, s in enumerate(state.script.steps) if getattr(s, "type", "") == "single")
    hub.run(state.code, commands.go_to, "j", index)
    hub.gather_seconds = 0.05
    step = state.step.id
    results = [None, None]

    def vote(i, answer):
        results[i] = hub.run(state.code, commands.vote, "p1", "v1", step, answer, once=("p1", "v1"))
    threads = [threading.Thread(target=vote, args=(i, i)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(len, results)) == [0, 1]
    assert len([e for e in hub.store.events_of(state.code) if e["type"] == "vote_cast"]) == 1


def test_a_couple_code_is_never_given_twice_in_a_session(hub):
    code = hub.start(ROOT_SCRIPT, "local").code
    joined(hub, code, "p1", "p2")
    hub.run(code, pairs.create_couple, "p1", "c1", iter(["AAAA"]), False)
    hub.run(code, pairs.leave_couple, "p1", "c2")
    # The dissolved couple's code is skipped: a new couple does not inherit its card.
    hub.run(code, pairs.create_couple, "p2", "c3", iter(["AAAA", "AAAA", "BBBB"]), False)
    assert list(hub.get(code).pairs.couples) == ["BBBB"]


def test_ended_sessions_leave_the_process_and_come_back_on_demand(hub, tmp_path):
    state = hub.start(ROOT_SCRIPT, "local")
    entry = hub.entry(state.code)
    entry.throttles["someone"] = object()
    hub.run(state.code, commands.end, "e", once=("host", "e"))
    assert hub.entry(state.code) is None
    with pytest.raises(Refused):
        hub.run(state.code, commands.next_step, "n")
    again = Hub(hub.store)
    assert again.entries == {}
    assert again.get(state.code).ended
