"""A simulated participant: one phone of a rehearsal room, on `workshop.client.Phone`.

Each bot is a thread with its own real socket.io connection. It joins at a human pace, reads
each step, and acts on it with a method per step kind (`on_poll`, `on_reflection`, `on_pair`,
…): votes after a while and with an opinion of its own, sometimes changes its mind, writes a
reflection from a pool written per language and theme, sometimes puts the phone down for a
while, and sometimes loses the connection and comes back as the same participant (its token).

Every human delay is multiplied by the room's `pace` (1.0 is a real room; tests use ~0.02).
"""
from __future__ import annotations

import math
import random
import secrets
import threading
import time
from dataclasses import dataclass

from ..client import Phone, ServerRefused

# Refusals a person meets in a real room too: the facilitator moved on, closed the poll, …
EXPECTED_REFUSALS = {"not_current", "poll_closed", "session_ended", "too_many", "too_fast"}


@dataclass
class Temperament:
    """How one person behaves; drawn once per bot."""
    speed: float        # multiplies every delay: 0.6 quick … 2.0 slow
    chatty: float       # chance of writing a reflection when asked
    mood: float         # -1 … 1: leans low or high on a scale
    fickle: float       # chance of changing a vote
    flaky: float        # chance, per step, of losing the connection for a while
    dreamy: float       # chance, per step, of putting the phone down before acting

    @classmethod
    def draw(cls, rng: random.Random) -> "Temperament":
        return cls(speed=rng.uniform(0.6, 2.0), chatty=rng.uniform(0.25, 0.95),
                   mood=rng.uniform(-1, 1), fickle=rng.uniform(0, 0.15),
                   flaky=rng.choice([0, 0, 0.02, 0.05]), dreamy=rng.uniform(0, 0.1))


class SimulatedParticipant(threading.Thread):
    def __init__(self, room, number: int, rng: random.Random, join_delay: float,
                 name: str | None):
        super().__init__(name=f"bot-{number}", daemon=True)
        self.room = room
        self.number = number
        self.rng = rng
        self.join_delay = join_delay
        self.display_name = name
        self.token = secrets.token_urlsafe(24)
        self.temperament = Temperament.draw(rng)
        self.partner: SimulatedParticipant | None = None   # set by the room for couples
        self.seat: int | None = None                       # 0 or 1 within a couple
        self.phone: Phone | None = None
        self.stats = {"votes": 0, "changed": 0, "reflections": 0, "drop_outs": 0,
                      "pauses": 0, "refused": 0, "errors": 0}

    # --- the life of a participant ------------------------------------------------------------
    def run(self):
        try:
            if not self.sleep(self.join_delay):
                return
            self.phone = self.connect()
            self.phone.join(self.display_name)
            self.room.joined(self)
            handled = None
            while not self.room.stop.is_set():
                view = self.phone.view or {}
                if view.get("phase") == "ended":
                    break
                key = self.step_key(view)
                if key != handled:
                    handled = key
                    if view.get("phase") == "step" and view.get("step"):
                        self.act(view["step"])
                        continue
                self.sleep(0.05)
        except Exception as exc:   # a bot that fails must not take the room with it
            self.stats["errors"] += 1
            self.room.log(f"{self.name}: {type(exc).__name__}: {exc}")
        finally:
            if self.phone is not None:
                try:
                    self.phone.disconnect()
                except Exception:
                    pass

    def connect(self) -> Phone:
        delay = 0.2
        for attempt in range(40):
            phone = Phone(self.room.url, self.room.code, token=self.token, timeout=15)
            try:
                return phone.connect()
            except Exception:
                if self.room.stop.is_set():
                    raise
                time.sleep(delay)
                delay = min(delay * 1.5, 2.0)
        raise RuntimeError("could not connect")

    def act(self, step: dict):
        """What a person does with a step: a method per kind, after maybe a moment away."""
        if self.rng.random() < self.temperament.flaky:
            self.drop_out(step)
        if self.rng.random() < self.temperament.dreamy:
            self.stats["pauses"] += 1
            if not self.wait(self.human(20, 0.6), step):
                return
        handler = getattr(self, f"on_{step['kind']}", self.on_other)
        try:
            handler(step)
        except ServerRefused as refused:
            self.stats["refused"] += 1
            if refused.ack.get("error") not in EXPECTED_REFUSALS:
                self.room.log(f"{self.name}: refused {refused.ack}")

    # --- a method per step kind ---------------------------------------------------------------
    def on_info(self, step):
        """Reading the slide and listening: nothing to send."""

    def on_break(self, step):
        """Coffee."""

    def on_other(self, step):
        """A step kind this bot does not know yet: it listens, as on an info step."""

    def on_poll(self, step):
        if not self.wait(self.human(9, 0.55), step):
            return
        answer = self.room.opinions.answer(step, self)
        self.phone.vote(step["id"], answer)
        self.stats["votes"] += 1
        if self.rng.random() < self.temperament.fickle and self.wait(self.human(8, 0.5), step):
            other = self.room.opinions.answer(step, self)
            if other != answer and not (self.phone.view.get("poll") or {}).get("closed"):
                self.phone.vote(step["id"], other)
                self.stats["changed"] += 1

    def on_reflection(self, step):
        if self.rng.random() > self.temperament.chatty:
            return
        for count in range(2 if self.rng.random() < 0.15 else 1):
            if not self.wait(self.human(40 if count == 0 else 25, 0.5), step):
                return
            text = self.room.texts.reflection(step, self.language, self.rng)
            self.phone.reflect(step["id"], text)
            self.stats["reflections"] += 1

    def on_pair(self, step):
        """The pair rounds: not yet. The core is getting pair exercises (couples, rounds,
        private notes); when it has them, this is where a bot follows the rounds with its
        `partner` (the couple the room made, `seat` 0 or 1 for the role) and writes its
        partner a note from `pools.PAIR_NOTES`. Until then it listens, as on an info step."""

    # --- helpers ------------------------------------------------------------------------------
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

    def sleep(self, seconds: float) -> bool:
        return not self.room.stop.wait(seconds)

    def drop_out(self, step):
        """Wi-Fi gone, battery, a phone call: away for a while, back as the same participant."""
        self.stats["drop_outs"] += 1
        self.phone.disconnect()
        self.sleep(self.human(25, 0.6))
        if not self.room.stop.is_set():
            self.phone = self.connect()   # the same token: the same participant, with its answers
