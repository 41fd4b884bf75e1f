"""The throttles (workshop/realtime/edge.py `Throttle`, workshop/realtime/limits.py): a person or
an address may burst, is then slowed down, and gets their budget back with time. The clocks
they read are the test's (monkeypatched in their modules), so nothing waits."""
from __future__ import annotations

from types import SimpleNamespace

import limits.storage.memory
import pytest

from workshop.config import Config
from workshop.live.commands import Refused
from workshop.realtime import edge
from workshop.realtime.edge import Throttle
from workshop.realtime.limits import ADDRESSES_KEPT, Buckets, Guesses, make_limits


class Clock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """The monotonic clock the edge's throttles read."""
    clock = Clock()
    monkeypatch.setattr(edge, "time", SimpleNamespace(monotonic=clock))
    return clock


def taps(throttle, n) -> int:
    """Tap n times as fast as a script can; how many were let through."""
    allowed = 0
    for _ in range(n):
        try:
            throttle.take()
            allowed += 1
        except Refused as refused:
            assert refused.code == "too_fast"
    return allowed


# --- a person's commands ----------------------------------------------------------------------

def test_a_burst_of_taps_passes_then_a_flood_is_slowed_down(clock):
    throttle = Throttle(rate=5.0, burst=12)
    assert taps(throttle, 12) == 12
    with pytest.raises(Refused) as refused:
        throttle.take()
    assert refused.value.code == "too_fast"


# Rates and steps that binary floating point holds exactly: 4 a second, quarter seconds.

def test_the_budget_comes_back_with_time_at_the_rate(clock):
    throttle = Throttle(rate=4.0, burst=12)
    taps(throttle, 12)
    clock.advance(0.125)
    assert taps(throttle, 1) == 0
    clock.advance(0.125)                 # a quarter of a second: one tap
    assert taps(throttle, 2) == 1
    clock.advance(1.0)                   # a second: four taps
    assert taps(throttle, 10) == 4


def test_a_long_rest_gives_back_no_more_than_one_burst(clock):
    throttle = Throttle(rate=5.0, burst=12)
    taps(throttle, 12)
    clock.advance(3600)
    assert taps(throttle, 100) == 12


def test_hammering_while_slowed_down_does_not_lengthen_the_wait(clock):
    throttle = Throttle(rate=4.0, burst=12)
    taps(throttle, 12)
    for _ in range(32):
        clock.advance(2 ** -10)
        assert taps(throttle, 10) == 0   # every refused tap costs nothing...
    clock.advance(0.25 - 32 * 2 ** -10)
    assert taps(throttle, 1) == 1        # ...so the next tap is due as if none had been made


def test_asking_whether_there_is_room_spends_nothing(clock):
    throttle = Throttle(rate=5.0, burst=3)
    for _ in range(10):
        throttle.check()
    assert taps(throttle, 5) == 3
    with pytest.raises(Refused):
        throttle.check()


# --- addresses --------------------------------------------------------------------------------

def test_each_address_has_its_own_budget(clock):
    buckets = Buckets(rate=1.0, burst=2)
    assert taps(buckets.of("10.0.0.1"), 5) == 2
    assert taps(buckets.of("10.0.0.2"), 5) == 2
    assert taps(buckets.of("10.0.0.1"), 5) == 0, "the same address, the same spent bucket"


def test_only_the_most_recent_addresses_are_remembered(clock):
    buckets = Buckets(rate=1.0, burst=1)
    taps(buckets.of("regular"), 1)       # first seen the longest ago...
    taps(buckets.of("gone"), 1)
    for i in range(ADDRESSES_KEPT - 2):
        buckets.of(f"a{i}")
    buckets.of("regular")                # ...but seen again just now
    buckets.of("one more")               # over the limit: the least recently seen goes
    assert len(buckets.buckets) == ADDRESSES_KEPT
    assert taps(buckets.of("regular"), 1) == 0, "still remembered: still spent"
    assert "gone" not in buckets.buckets
    assert taps(buckets.of("gone"), 1) == 1, "forgotten: a fresh bucket"


def test_a_venue_behind_one_address_can_all_join_within_a_minute(clock):
    # The whole room's Wi-Fi shares one address: 300 phones joining in a minute pass.
    joins = make_limits(vars(Config) | {"MESSAGE_QUEUE": None})["joins"]
    allowed = 0
    for _ in range(300):
        clock.advance(60 / 300)
        allowed += taps(joins.of("venue"), 1)
    assert allowed == 300


def test_the_projectors_sync_is_limited_per_address(clock):
    syncs = make_limits(vars(Config) | {"MESSAGE_QUEUE": None})["screen_syncs"]
    assert taps(syncs.of("venue"), 1000) == Config.SCREEN_SYNCS_BURST
    clock.advance(1.0)
    assert taps(syncs.of("venue"), 1000) == Config.SCREEN_SYNCS_PER_SECOND


# --- wrong guesses (a couple code, a session code) --------------------------------------------

@pytest.fixture
def wall_clock(monkeypatch):
    """The wall clock the `limits` library's memory storage reads."""
    clock = Clock(now=1_700_000_000.0)
    monkeypatch.setattr(limits.storage.memory, "time", SimpleNamespace(time=clock))
    return clock


def guesses_left(guesses, limit, *key) -> int:
    n = 0
    while n < 100:
        try:
            guesses.check(limit, *key)
        except Refused as refused:
            assert refused.code == "too_fast"
            return n
        guesses.spend(limit, *key)
        n += 1
    return n


def test_five_wrong_couple_codes_a_minute_then_none(wall_clock):
    guesses = Guesses("memory://", "test:guesses")
    assert guesses_left(guesses, "5 per minute", "couple code", "S1", "p1") == 5
    # Another person, or the same person in another session, has their own guesses.
    assert guesses_left(guesses, "5 per minute", "couple code", "S1", "p2") == 5
    assert guesses_left(guesses, "5 per minute", "couple code", "S2", "p1") == 5


def test_checking_a_guess_counts_nothing(wall_clock):
    guesses = Guesses("memory://", "test:guesses")
    for _ in range(20):
        guesses.check("5 per minute", "couple code", "S1", "p1")
    assert guesses_left(guesses, "5 per minute", "couple code", "S1", "p1") == 5


def test_guesses_come_back_a_minute_after_they_were_made(wall_clock):
    guesses = Guesses("memory://", "test:guesses")
    guesses_left(guesses, "5 per minute", "couple code", "S1", "p1")
    wall_clock.advance(59)
    assert guesses_left(guesses, "5 per minute", "couple code", "S1", "p1") == 0
    wall_clock.advance(2)
    assert guesses_left(guesses, "5 per minute", "couple code", "S1", "p1") == 5


def test_the_limit_for_a_guess_is_read_from_the_limits_notation():
    made = make_limits(vars(Config) | {"MESSAGE_QUEUE": None})
    assert isinstance(made["guesses"], Guesses)
    assert made["joins"].rate == Config.JOINS_PER_SECOND
    assert made["joins"].burst == Config.JOINS_BURST


def test_with_redis_away_a_guess_is_let_through_rather_than_failing(caplog):
    # Nothing listens on port 1: every call to the store fails at once.
    guesses = Guesses("redis://127.0.0.1:1", "test:guesses")
    for _ in range(10):
        guesses.check("1 per minute", "couple code", "S1", "p1")
        guesses.spend("1 per minute", "couple code", "S1", "p1")
    assert "guess limit not read" in caplog.text and "guess not counted" in caplog.text
