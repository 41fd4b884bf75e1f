"""How a simulated participant behaves as a person: a temperament drawn once per bot, delays
at a human pace, waits that give up when the step moves on, and the refusals a person meets in
a real room too and shrugs off.

Every human delay is multiplied by the room's `pace` (1.0 is a real room; tests use ~0.02).
"""
from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

import socketio

# Refusals a person meets in a real room too: the facilitator moved on, closed the poll, …
EXPECTED_REFUSALS = {"not_current", "poll_closed", "session_ended", "too_many", "too_fast"}
# A command that got no answer (a lost connection, a slow server): the person just tries again.
NO_ANSWER = (TimeoutError, socketio.exceptions.SocketIOError)


@dataclass
class Temperament:
    """How one person behaves; drawn once per bot."""
    speed: float        # multiplies every delay: 0.6 quick … 2.0 slow
    chatty: float       # chance of writing a reflection when asked
    mood: float         # -1 … 1: leans low or high on a scale
    fickle: float       # chance of changing a vote
    flaky: float        # chance, per step, of losing the connection for a while
    dreamy: float       # chance, per step, of putting the phone down before acting
    tender: float = 0.0  # chance, per pair step, of tapping 'I need a moment' for a while

    @classmethod
    def draw(cls, rng: random.Random) -> "Temperament":
        return cls(speed=rng.uniform(0.6, 2.0), chatty=rng.uniform(0.25, 0.95),
                   mood=rng.uniform(-1, 1), fickle=rng.uniform(0, 0.15),
                   flaky=rng.choice([0, 0, 0.02, 0.05]), dreamy=rng.uniform(0, 0.1),
                   tender=rng.choice([0, 0, 0.05, 0.15]))


class HumanPace:
    """The pace of a person, for `SimulatedParticipant` (bots.py): it has `rng`, `temperament`,
    `room` (with `pace` and `stop`) and `phone`."""

    @property
    def language(self) -> str:
        return (self.phone.view or {}).get("language") or "en" if self.phone else "en"

    @staticmethod
    def step_key(view: dict):
        step = view.get("step") or {}
        return view.get("phase"), step.get("index"), step.get("id"), step.get("started_at")

    def human(self, median: float, spread: float) -> float:
        """A human delay in seconds: log-normal around `median`, scaled by person and room."""
        seconds = median * math.exp(self.rng.gauss(0, spread)) * self.temperament.speed
        return seconds * self.room.pace

    def current(self, step) -> bool:
        view = self.phone.view or {}
        shown = view.get("step") or {}
        return view.get("phase") == "step" and shown.get("id") == step["id"]

    def wait(self, seconds: float, step) -> bool:
        """Sleep, but give up when the step is no longer current; True if it still is."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.room.stop.is_set() or not self.current(step):
                return False
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
        return not self.room.stop.is_set() and self.current(step)

    def until(self, step, predicate, seconds: float) -> bool:
        """Wait until predicate() while the step is current; True if it came true."""
        deadline = time.monotonic() + seconds
        while not self.room.stop.is_set() and self.current(step):
            if predicate():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(0.05, left))
        return False

    def sleep(self, seconds: float) -> bool:
        return not self.room.stop.wait(seconds)
