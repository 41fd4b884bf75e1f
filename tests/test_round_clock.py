"""The round clock (`tick` in workshop/live/pairs.py): when a round's time is up, the couple
moves on to the next round. The server calls it every second; here it is called with the
`now` the test chooses, so nothing waits."""
from __future__ import annotations

import copy

import pytest

from core_helpers import NOW, at, cid, couple, create, done, join, new_session, run, types
from workshop.live import commands, pairs
from workshop.live.views import phone_view

# The listening exercise's rounds: 3, 4 and 2 minutes.
R1, R2, R3 = 3 * 60, 4 * 60, 2 * 60


@pytest.fixture
def state():
    state = new_session()
    anna, bram, cleo, dirk = join(state, "Anna", "Bram", "Cleo", "Dirk")
    couple(state, anna, bram, "AB00")
    couple(state, cleo, dirk, "CD00")
    at(state, "listen")
    return state


def tick(state, now):
    """One tick of the clock, its events applied as the server applies them."""
    return run(state, pairs.tick, now=now)


def round_of(state, code):
    return pairs.peek(state, "listen", code).round


def test_nothing_moves_before_the_round_is_over(state):
    assert tick(state, NOW + R1 - 0.001) == []
    assert round_of(state, "AB00") == round_of(state, "CD00") == 0


def test_when_the_time_is_up_every_couple_moves_to_the_next_round(state):
    events = tick(state, NOW + R1)
    assert [(e["couple"], e["round"], e["reason"], e["at"]) for e in events] == [
        ("AB00", 1, "time", NOW + R1), ("CD00", 1, "time", NOW + R1)]
    assert round_of(state, "AB00") == round_of(state, "CD00") == 1


def test_the_phones_show_the_next_round_and_its_own_time(state):
    tick(state, NOW + R1 + 0.4)          # the clock ticks a little after the deadline
    view = phone_view(state, "p0")["me"]["pair"]
    assert (view["round"], view["turns"][0]["prompt"]) == (1, "R2 listen.")
    assert view["deadline"] == NOW + R1 + 0.4 + R2


def test_a_tap_on_done_in_the_old_round_does_not_carry_over(state):
    done(state, "p0", "listen", 0)
    tick(state, NOW + R1)
    assert pairs.peek(state, "listen", "AB00").done == set()
    done(state, "p1", "listen", 1)
    assert round_of(state, "AB00") == 1, "one partner's tap does not end the new round"


def test_each_couple_runs_on_its_own_clock(state):
    # Anna and Bram finish their first round early, after one minute.
    done(state, "p0", "listen", 0, now=NOW + 60)
    done(state, "p1", "listen", 0, now=NOW + 60)
    moved = tick(state, NOW + R1)
    assert [e["couple"] for e in moved] == ["CD00"]
    assert tick(state, NOW + 60 + R2 - 1) == []
    assert [e["couple"] for e in tick(state, NOW + 60 + R2)] == ["AB00"]
    assert (round_of(state, "AB00"), round_of(state, "CD00")) == (2, 1)


def test_the_clock_counts_from_when_the_facilitator_opened_the_exercise(state):
    at(state, "welcome", now=NOW + 500)
    at(state, "listen", now=NOW + 1000)
    assert tick(state, NOW + 1000 + R1 - 1) == []
    assert len(tick(state, NOW + 1000 + R1)) == 2


def test_more_time_from_the_facilitator_moves_the_deadline(state):
    run(state, pairs.extend, cid(), 2)
    assert tick(state, NOW + R1) == []
    assert len(tick(state, NOW + R1 + 120)) == 2


def test_more_time_is_for_the_current_round_only(state):
    run(state, pairs.extend, cid(), 2)
    tick(state, NOW + R1 + 120)
    assert pairs.deadline(state, state.step, pairs.peek(state, "listen", "AB00")) == \
        NOW + R1 + 120 + R2


def test_a_couple_paired_during_the_exercise_gets_its_first_round_in_full(state):
    eva, fred = join(state, "Eva", "Fred")
    run(state, pairs.pair_up, cid(), ["alias4", "alias5"], iter(["LATE"]), now=NOW + 200)
    assert [e["couple"] for e in tick(state, NOW + 201)] == ["AB00", "CD00"]
    assert round_of(state, "LATE") == 0


def test_after_a_long_pause_a_couple_moves_one_round_and_gets_its_full_time(state):
    # After a restart the clock may be far past several deadlines: no round is skipped unseen.
    assert [e["round"] for e in tick(state, NOW + 3600) if e["couple"] == "AB00"] == [1]
    assert tick(state, NOW + 3601) == []
    assert [e["round"] for e in tick(state, NOW + 3600 + R2) if e["couple"] == "AB00"] == [2]


def test_after_the_last_round_the_clock_leaves_the_couple_alone(state):
    t = NOW
    for minutes in (R1, R2, R3):
        t += minutes
        assert len(tick(state, t)) == 2
    assert round_of(state, "AB00") == 3
    assert tick(state, t + 10 * 3600) == []
    assert phone_view(state, "p0")["me"]["pair"]["finished"]


def test_a_one_phone_couple_and_a_trio_move_on_with_the_clock_too(state):
    solo, a, b, c = join(state, "Solo", "Eva", "Fred", "Gina")
    create(state, solo, "SOLO", one_phone=True)
    run(state, pairs.pair_up, cid(), ["alias5", "alias6", "alias7"], iter(["TRIO"]))
    moved = {e["couple"] for e in tick(state, NOW + R1)}
    assert moved == {"AB00", "CD00", "SOLO", "TRIO"}


@pytest.mark.parametrize("stop", ["finished", "ended", "another step", "the lobby"])
def test_the_clock_stops_with_the_exercise(state, stop):
    if stop == "finished":
        run(state, pairs.finish, cid())
    elif stop == "ended":
        run(state, commands.end, cid())
    elif stop == "another step":
        at(state, "mood")
    else:
        run(state, commands.go_to, cid(), -1)
    assert tick(state, NOW + 10 * R1) == []


def test_a_tick_only_reads_the_state(state):
    before = copy.deepcopy(state.pairs)
    events = pairs.tick(state, NOW + R1)
    assert types(events) == ["pair_round_started", "pair_round_started"]
    assert state.pairs == before, "the events change the state, the tick itself does not"
