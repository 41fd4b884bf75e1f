"""Group commit in the hub (workshop/hub.py): votes and joins that arrive together are checked,
stored in one transaction and applied together; a request sent again with the same (who, cid)
is applied once; a cid reused for another kind of command is refused. A real Store on a
temporary SQLite file, the Hub itself, no server.

Which requests share a batch must not depend on how fast threads start on a busy machine: the
leader's few milliseconds of gathering are replaced by a wait until the others have joined
its batch (`Arrivals`), so the test decides what arrives together.
"""
from __future__ import annotations

import threading
from itertools import count

import pytest

from own_time import OwnThreadTime
from workshop import hub as hub_module
from workshop.hub import Hub
from workshop.live import commands
from workshop.live.commands import Refused
from workshop.store import Store

SCRIPT = "sessions/trust.yaml"


class CountingStore(Store):
    """The real store, counting its write transactions: each one is a disk flush."""

    transactions = 0

    def writing(self, code, exclusive=False):
        self.transactions += 1
        return super().writing(code, exclusive)


class Arrivals:
    """While the first request of a batch gathers, the others arrive on their own threads; it
    goes on once all of them have joined its batch (no timing involved)."""

    def __init__(self, monkeypatch):
        self.joined = threading.Semaphore(0)
        self.pending = []          # callables to run, each on its own thread, while gathering
        self.threads = []
        arrivals = self

        class WatchedBatch(hub_module._Batch):
            def __init__(self):
                super().__init__()
                self.requests = _Announcing(arrivals.joined)

        monkeypatch.setattr(hub_module, "_Batch", WatchedBatch)
        # Only the test's thread, the leader's, gathers so: see own_time.py.
        monkeypatch.setattr(hub_module, "time", OwnThreadTime(sleep=self._gather))

    def _gather(self, _seconds):
        followers, self.pending = self.pending, []
        self.joined.acquire(timeout=5)            # the leader's own request
        for follower in followers:
            thread = threading.Thread(target=follower)
            thread.start()
            self.threads.append(thread)
        for _ in followers:
            assert self.joined.acquire(timeout=5), "a request did not reach the batch"

    def together(self, *calls):
        """Run the calls as one batch: the first leads, the others arrive while it gathers.
        Returns each call's events, or the exception it raised."""
        results = [None] * len(calls)

        def capture(i, call):
            def run():
                try:
                    results[i] = call()
                except Exception as exc:
                    results[i] = exc
            return run
        self.pending = [capture(i, call) for i, call in enumerate(calls[1:], 1)]
        capture(0, calls[0])()
        for thread in self.threads:
            thread.join(5)
        self.threads = []
        return results


class _Announcing(list):
    def __init__(self, joined):
        super().__init__()
        self.joined = joined

    def append(self, item):
        super().append(item)
        self.joined.release()


@pytest.fixture
def store(tmp_path):
    return CountingStore(f"sqlite:///{tmp_path / 'hub.db'}")


@pytest.fixture
def hub(store):
    clock = count(1000.0)
    return Hub(store, clock=lambda: next(clock))


@pytest.fixture
def arrivals(monkeypatch):
    return Arrivals(monkeypatch)


def at_poll(hub, *pids, kind="single"):
    """A session at its first poll of that type, with these participants; returns
    (code, step id)."""
    state = hub.start(SCRIPT, "local")
    for pid in pids:
        hub.run(state.code, commands.join, pid, "a" + pid, "t" + pid, pid)
    index = next(i for i, s in enumerate(state.script.steps) if getattr(s, "type", "") == kind)
    hub.run(state.code, commands.go_to, "to-poll", index, once=("host", "to-poll"))
    return state.code, state.step.id


def vote(hub, code, pid, cid, step, answer):
    return lambda: hub.run(code, commands.vote, pid, cid, step, answer, once=(pid, cid))


def stored(hub, code, kind):
    return [e for e in hub.store.events_of(code) if e["type"] == kind]


# --- group commit -----------------------------------------------------------------------------

def test_votes_that_arrive_together_are_stored_in_one_transaction(hub, store, arrivals):
    pids = [f"p{i}" for i in range(6)]
    code, step = at_poll(hub, *pids)
    before = store.transactions
    results = arrivals.together(*(vote(hub, code, pid, "v1", step, i % 2)
                                  for i, pid in enumerate(pids)))
    assert store.transactions - before == 1
    assert [[e["by"] for e in r] for r in results] == [[pid] for pid in pids]
    assert hub.get(code).poll(step).votes == {pid: i % 2 for i, pid in enumerate(pids)}
    assert len(stored(hub, code, "vote_cast")) == 6


def test_votes_one_after_the_other_are_one_transaction_each(hub, store, arrivals):
    code, step = at_poll(hub, "p1", "p2")
    before = store.transactions
    arrivals.together(vote(hub, code, "p1", "v1", step, 0))
    arrivals.together(vote(hub, code, "p2", "v1", step, 1))
    assert store.transactions - before == 2


def test_phones_joining_together_are_one_transaction_and_one_participant_each(hub, store,
                                                                               arrivals):
    state = hub.start(SCRIPT, "local")
    before = store.transactions
    joins = [lambda i=i: hub.run(state.code, commands.join, f"p{i}", f"a{i}", f"t{i}", f"N{i}")
             for i in range(5)]
    results = arrivals.together(*joins)
    assert store.transactions - before == 1
    assert all(len(r) == 1 for r in results)
    assert sorted(hub.get(state.code).participants) == [f"p{i}" for i in range(5)]


def test_one_phone_joining_twice_in_a_batch_is_one_participant(hub, arrivals):
    # A retry, or a second tab with the same token: a new pid each time, one person.
    state = hub.start(SCRIPT, "local")
    first, again = arrivals.together(
        lambda: hub.run(state.code, commands.join, "p1", "a1", "same-token", "Anna"),
        lambda: hub.run(state.code, commands.join, "p2", "a2", "same-token", "Anna"))
    assert (len(first), again) == (1, [])
    assert list(hub.get(state.code).participants) == ["p1"]


def test_a_phone_that_joined_before_joins_no_second_time(hub, arrivals):
    state = hub.start(SCRIPT, "local")
    hub.run(state.code, commands.join, "p1", "a1", "same-token", "Anna")
    assert arrivals.together(
        lambda: hub.run(state.code, commands.join, "p2", "a2", "same-token", "Anna")) == [[]]
    assert list(hub.get(state.code).participants) == ["p1"]
    assert len(stored(hub, state.code, "participant_joined")) == 1


def test_a_refused_vote_in_a_batch_leaves_the_others_counted(hub, arrivals):
    code, step = at_poll(hub, "p1", "p2", "p3")
    good, bad, stranger = arrivals.together(vote(hub, code, "p1", "v1", step, 0),
                                            vote(hub, code, "p2", "v1", step, 99),
                                            vote(hub, code, "nobody", "v1", step, 0))
    assert len(good) == 1
    assert isinstance(bad, Refused) and bad.code == "bad_answer"
    assert isinstance(stranger, Refused) and stranger.code == "not_joined"
    assert hub.get(code).poll(step).votes == {"p1": 0}


def test_votes_in_a_batch_are_checked_against_the_poll_as_it_is(hub, arrivals):
    code, step = at_poll(hub, "p1", "p2")
    hub.run(code, commands.close, "close", step, once=("host", "close"))
    results = arrivals.together(vote(hub, code, "p1", "v1", step, 0),
                                vote(hub, code, "p2", "v1", step, 1))
    assert [r.code for r in results] == ["poll_closed", "poll_closed"]
    assert stored(hub, code, "vote_cast") == []


def test_when_the_batch_cannot_be_stored_no_vote_counts_and_each_voter_hears_it(hub, arrivals):
    code, step = at_poll(hub, "p1", "p2")
    state = hub.get(code)
    # Another writer took the next place in the log (the unique (code, seq) constraint).
    hub.store.append(code, [{"type": "care_signal", "kind": "ok", "step": None, "by": "p1",
                             "at": 1.0}], state.applied)
    first, second = arrivals.together(vote(hub, code, "p1", "v1", step, 0),
                                      vote(hub, code, "p2", "v1", step, 1))
    # Each voter hears it in words a person can act on (try again), not as a placeholder.
    assert isinstance(first, Refused) and isinstance(second, Refused)
    assert first.code == second.code == "try_again"
    assert state.poll(step).votes == {}
    assert stored(hub, code, "vote_cast") == []
    assert ("p1", "v1") not in state.receipts, "a retry is not answered with a vote never stored"


# --- a request sent again ---------------------------------------------------------------------

def test_a_vote_sent_twice_in_one_batch_counts_once(hub, arrivals):
    code, step = at_poll(hub, "p1")
    first, again = arrivals.together(vote(hub, code, "p1", "v1", step, 0),
                                     vote(hub, code, "p1", "v1", step, 1))
    assert (len(first), again) == (1, [])
    assert hub.get(code).poll(step).votes == {"p1": 0}
    assert len(stored(hub, code, "vote_cast")) == 1


def test_a_vote_sent_again_after_it_was_stored_is_answered_not_applied(hub, arrivals):
    code, step = at_poll(hub, "p1")
    arrivals.together(vote(hub, code, "p1", "v1", step, 0))
    assert arrivals.together(vote(hub, code, "p1", "v1", step, 0)) == [[]]
    assert len(stored(hub, code, "vote_cast")) == 1
    assert hub.get(code).receipts[("p1", "v1")]["answer"] == 0


def test_the_same_cid_from_two_people_is_two_votes(hub, arrivals):
    code, step = at_poll(hub, "p1", "p2")
    results = arrivals.together(vote(hub, code, "p1", "v1", step, 0),
                                vote(hub, code, "p2", "v1", step, 1))
    assert list(map(len, results)) == [1, 1]
    assert hub.get(code).poll(step).votes == {"p1": 0, "p2": 1}


def test_a_changed_vote_with_a_new_cid_replaces_the_first(hub, arrivals):
    code, step = at_poll(hub, "p1")
    arrivals.together(vote(hub, code, "p1", "v1", step, 0))
    arrivals.together(vote(hub, code, "p1", "v2", step, 1))
    assert hub.get(code).poll(step).votes == {"p1": 1}


def test_a_votes_cid_reused_for_a_reflection_is_refused(hub, arrivals):
    code, step = at_poll(hub, "p1")
    arrivals.together(vote(hub, code, "p1", "v1", step, 0))
    reflection = next(i for i, s in enumerate(hub.get(code).script.steps)
                      if s.kind == "reflection")
    hub.run(code, commands.go_to, "to-reflection", reflection, once=("host", "to-reflection"))
    with pytest.raises(Refused) as refused:
        hub.run(code, commands.reflect, "p1", "v1", "r1", hub.get(code).step.id, "hi",
                once=("p1", "v1"))
    assert (refused.value.code, refused.value.params) == ("bad_request", {"field": "cid"})
    assert hub.get(code).reflections == {}


def test_a_reflections_cid_reused_for_a_vote_is_refused_in_the_batch(hub, arrivals):
    state = hub.start(SCRIPT, "local")
    code = state.code
    hub.run(code, commands.join, "p1", "a1", "t1", "Anna")
    steps = state.script.steps
    reflection = next(i for i, s in enumerate(steps) if s.kind == "reflection")
    hub.run(code, commands.go_to, "g1", reflection, once=("host", "g1"))
    hub.run(code, commands.reflect, "p1", "c1", "r1", state.step.id, "hi", once=("p1", "c1"))
    poll = next(i for i, s in enumerate(steps) if getattr(s, "type", "") == "single")
    hub.run(code, commands.go_to, "g2", poll, once=("host", "g2"))
    (result,) = arrivals.together(vote(hub, code, "p1", "c1", state.step.id, 0))
    assert isinstance(result, Refused) and result.params == {"field": "cid"}
    assert state.poll(state.step.id).votes == {}
