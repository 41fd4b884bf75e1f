"""Replay: a recording's events folded up to a clock that runs at the recorded pace × speed.

The state at any moment is `apply` over the recorded events up to that moment, the same fold
that rebuilds a live session after a restart, so the screen and console views are the ones
`workshop.live.views` gave live at that point. Nothing here writes anywhere: a replay has its
own `LiveSession` in memory and never touches the store.

`Replay` holds no sockets and reads no clock of its own: `advance(now)` is given the wall
clock (monotonic seconds) and calls `publish(reason)` when an audience should be told. The
socket side (replay_ns.py) runs the loop and does the telling.
"""
from __future__ import annotations

import threading

from ..live.state import apply
from .recording import Recording
from .timing import timing

# Changes everyone should see at once; votes and reflections are coalesced.
AT_ONCE = frozenset({"step_changed", "session_ended", "poll_closed", "results_shown",
                     "reflection_moderated"})
FLUSH_SECONDS = 0.15
MIN_SPEED, MAX_SPEED = 0.1, 500.0


class Replay:
    def __init__(self, recording: Recording, speed: float = 1.0, publish=None):
        self.recording = recording
        self.code = recording.code
        self.events = recording.foldable()
        self.start = recording.created_at
        self.end = max([self.start, *(e["at"] for e in self.events)])
        self.speed = clamp_speed(speed)
        self.publish = publish or (lambda reason: None)
        self.lock = threading.RLock()
        self.playing = False
        self.generation = 0          # a running loop whose generation is stale stops
        self.dirty = False
        self._anchor = (0.0, self.start)     # (wall, clock) when the clock last (re)started
        self.step_starts = {}                # index -> position of the first step_changed to it
        for position, event in enumerate(self.events):
            if event["type"] == "step_changed":
                self.step_starts.setdefault(event["index"], position)
        self.report = timing(recording)
        self._rewind()

    # --- the fold ------------------------------------------------------------------------------
    def _rewind(self):
        self.state = self.recording.new_state()
        self.cursor = 0
        self.clock = self.start

    def _apply_next(self):
        event = self.events[self.cursor]
        if event["type"] in ("step_changed", "session_ended") and self.dirty:
            # The last view of a step goes out before the next step replaces it.
            self.publish("flush")
        apply(self.state, event)
        self.cursor += 1
        self.dirty = True
        if event["type"] in AT_ONCE:
            self.dirty = False
            self.publish("change")

    def _fold_to(self, clock: float, position: int | None = None, quiet: bool = False):
        """Fold up to `clock` (or up to and including event `position`), going back if need be.

        Quiet (a seek): nobody is told about the steps passed on the way, only where it lands.
        """
        if position is not None:
            target = position + 1
        else:
            target = self.cursor
            while target < len(self.events) and self.events[target]["at"] <= clock:
                target += 1
            while target > 0 and self.events[target - 1]["at"] > clock:
                target -= 1
        publish = self.publish
        if quiet:
            self.publish = lambda reason: None
        try:
            if target < self.cursor:
                self._rewind()
            while self.cursor < target:
                self._apply_next()
        finally:
            self.publish = publish
        self.clock = clock

    # --- the clock -----------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.cursor >= len(self.events) and self.clock >= self.end

    def due(self, now: float) -> float:
        wall, clock = self._anchor
        return min(self.end, clock + (now - wall) * self.speed)

    def advance(self, now: float) -> float | None:
        """Fold what is due by `now`; returns the seconds until the next event (None: done)."""
        with self.lock:
            if not self.playing:
                return None
            self._fold_to(self.due(now))
            if self.finished:
                self.playing = False
                self.flush()
                self.publish("status")
                return None
            next_at = self.events[self.cursor]["at"] if self.cursor < len(self.events) else self.end
            return max(0.0, (next_at - self.clock) / self.speed)

    def flush(self):
        if self.dirty:
            self.dirty = False
            self.publish("flush")

    def play(self, now: float) -> int:
        with self.lock:
            if self.finished:
                self._fold_to(self.start, position=-1, quiet=True)
                self.dirty = False
                self.publish("change")
            self.playing = True
            return self._restart(now)

    def pause(self, now: float):
        with self.lock:
            if self.playing:
                self._fold_to(self.due(now))
            self.playing = False
            self.generation += 1
            self.flush()

    def set_speed(self, speed: float, now: float) -> int:
        with self.lock:
            if self.playing:
                self._fold_to(self.due(now))
            self.speed = clamp_speed(speed)
            return self._restart(now)

    def seek(self, clock: float, now: float, position: int | None = None) -> int:
        with self.lock:
            clock = min(max(clock, self.start), self.end)
            self._fold_to(clock, position, quiet=True)
            self.dirty = False
            self.publish("change")
            return self._restart(now)

    def jump_to_step(self, index: int, now: float) -> int | None:
        """To the moment the recorded session first entered step `index` (-1: the start)."""
        if index < 0:
            return self.seek(self.start, now, position=-1)
        position = self.step_starts.get(index)
        if position is None:
            return None
        return self.seek(self.events[position]["at"], now, position=position)

    def step_after(self, forward: bool) -> int | None:
        """The position of the next (or previous) step change from here."""
        with self.lock:
            if forward:
                return next((p for p in range(self.cursor, len(self.events))
                             if self.events[p]["type"] == "step_changed"), None)
            # Back: the start of the current step; if we are right at it, the one before.
            changes = [p for p in range(0, self.cursor) if self.events[p]["type"] == "step_changed"]
            if changes and changes[-1] == self.cursor - 1 and len(changes) > 1:
                return changes[-2]
            return changes[-1] if changes else -1

    def seek_position(self, position: int, now: float) -> int:
        if position < 0:
            return self.seek(self.start, now, position=-1)
        return self.seek(self.events[position]["at"], now, position=position)

    def _restart(self, now: float) -> int:
        self._anchor = (now, self.clock)
        self.generation += 1
        return self.generation

    # --- what the console shows about the replay itself ----------------------------------------
    def status(self) -> dict:
        with self.lock:
            return {"code": self.code, "playing": self.playing, "speed": self.speed,
                    "clock": self.clock, "start": self.start, "end": self.end,
                    "position": self.cursor, "events": len(self.events),
                    "finished": self.finished, "index": self.state.index,
                    "phase": self.state.phase,
                    "steps_recorded": sorted(i for i in self.step_starts if i >= 0)}


def clamp_speed(speed) -> float:
    try:
        speed = float(speed)
    except (TypeError, ValueError):
        return 1.0
    if speed != speed:      # NaN
        return 1.0
    return min(MAX_SPEED, max(MIN_SPEED, speed))
