"""A process keeps a replay only while someone watches it (or it plays)."""
from __future__ import annotations

from types import SimpleNamespace

from workshop.training import replay_ns
from workshop.training.replay_ns import Replays


def test_a_replay_nobody_watches_is_dropped_after_a_while(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(replay_ns.time, "monotonic", lambda: clock[0])
    replays = Replays()
    replays.replays["WATCH"] = SimpleNamespace(playing=False)
    replays.replays["PLAYS"] = SimpleNamespace(playing=True)
    replays.replays["IDLE1"] = SimpleNamespace(playing=False)
    for code in replays.replays:
        replays.watched(code, +1)
    replays.watched("PLAYS", -1)
    replays.watched("IDLE1", -1)
    clock[0] += replay_ns.IDLE_SECONDS - 1
    replays.prune()
    assert set(replays.replays) == {"WATCH", "PLAYS", "IDLE1"}
    clock[0] += 2
    replays.prune()
    assert set(replays.replays) == {"WATCH", "PLAYS"}     # watched, or still playing
    replays.watched("WATCH", -1)
    replays.watched("WATCH", +1)                          # came back: not idle
    clock[0] += replay_ns.IDLE_SECONDS + 1
    replays.prune()
    assert "WATCH" in replays.replays
