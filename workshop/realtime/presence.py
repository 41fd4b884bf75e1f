"""Which participants have a phone connected to this process, and pushes to one participant.

Presence is not in the log: it is a fact about connections, not about the workshop. It lets a
partner see 'waiting for your partner' and the console mark a couple with a phone offline.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from ..extensions import socketio
from ..live import views
from .edge import room

_online: dict[str, Counter] = defaultdict(Counter)   # session code -> pid -> connections


def online(code: str) -> frozenset:
    return frozenset(pid for pid, n in _online[code].items() if n > 0)


def arrive(code: str, pid: str):
    _online[code][pid] += 1


def leave(code: str, pid: str):
    _online[code][pid] -= 1
    if _online[code][pid] <= 0:
        del _online[code][pid]


def participant_room(code: str, pid: str) -> str:
    return room(code, "p/" + pid)


def push_me(state, pids):
    """Send each participant their own part of the view, to their phone(s) only."""
    present = online(state.code)
    for pid in pids:
        if pid in state.participants:
            socketio.emit("me", views.my_view(state, pid, present),
                          to=participant_room(state.code, pid), namespace="/phone")


def partners_of(state, pid) -> list:
    couple_id = state.pairs.couple_of.get(pid)
    return list(state.pairs.couples[couple_id].members) if couple_id else [pid]


def affected(state, events) -> set:
    """The participants whose own view the events changed."""
    pids = set()
    for event in events:
        if event["type"] == "step_changed" and state.step is not None \
                and state.step.kind != "pair":
            continue   # the shared 'session' push says all a phone needs
        if event["type"] in ("step_changed", "pair_time_extended", "pair_step_finished"):
            return set(state.pairs.couple_of)
        if "members" in event:
            pids.update(event["members"])
        if "couple" in event and event["couple"] in state.pairs.couples:
            pids.update(state.pairs.couples[event["couple"]].members)
        if event.get("by") in state.participants:
            pids.update(partners_of(state, event["by"]))
    return pids


def my_view_of(state, pid) -> dict:
    return views.my_view(state, pid, online(state.code))
