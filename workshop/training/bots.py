"""A simulated participant: one phone of a rehearsal room, on `workshop.client.Phone`.

Each bot is a thread with its own real socket.io connection. It joins at a human pace, reads
each step, and acts on it with a method per step kind (`on_poll`, `on_reflection`, `on_pair`,
…): votes after a while and with an opinion of its own, sometimes changes its mind, writes a
reflection from a pool written per language and theme, sometimes puts the phone down for a
while, and sometimes loses the connection and comes back as the same participant (its token).

Couples form on joining, as on the evening: the first partner creates the couple and the other
joins it with its code; one couple of a larger room shares one phone; a few people come alone
and wait for the facilitator to pair them. On a pair step every bot follows its couple's rounds
(`bot_pairs.py`). How a person behaves — temperament, human delays, patient waits, the
refusals a real room meets too — is in `temperament.py`.
"""
from __future__ import annotations

import random
import secrets
import threading
import time

from ..client import Phone, ServerRefused
from .bot_pairs import PairRounds
from .temperament import EXPECTED_REFUSALS, NO_ANSWER, Temperament

PARTNER_WAIT = 30.0         # seconds (real, not paced) a joining partner waits for the code


class SimulatedParticipant(PairRounds, threading.Thread):
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
        self.one_phone = False         # set by the room: this phone serves a couple of two
        self.couple_code: str | None = None                # seat 0 makes it, seat 1 joins it
        self.couple_made = threading.Event()               # set once seat 0 tried
        self.answered = set()                              # partner requests answered
        self.phone: Phone | None = None
        self._round = None             # (step, visit, round) this bot is in, and its plan
        self._plan: dict = {}
        self.roles: list[str] = []     # the roles this phone shows in the current round
        self.stats = {"votes": 0, "changed": 0, "reflections": 0, "drop_outs": 0,
                      "pauses": 0, "refused": 0, "errors": 0, "coupled": 0, "rounds": 0,
                      "notes": 0, "shares": 0, "care": 0}

    # --- the life of a participant ------------------------------------------------------------
    def run(self):
        try:
            if not self.sleep(self.join_delay):
                return
            if self.partner is not None and self.seat == 1:
                # Partners arrive together: the second one joins once the first has a code.
                self.partner_code()
            self.phone = self.connect()
            self.phone.join(self.display_name)
            try:
                self.form_couple()
            finally:
                self.couple_made.set()
            self.room.joined(self)
            handled = None
            while not self.room.stop.is_set():
                view = self.phone.view or {}
                if view.get("phase") == "ended":
                    break
                self.confirm_partner(view)
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
            self.couple_made.set()
            if self.phone is not None:
                try:
                    self.phone.disconnect()
                except Exception:
                    pass

    def partner_code(self) -> str | None:
        """Wait (a while, not forever) for the partner who creates the couple."""
        deadline = time.monotonic() + PARTNER_WAIT
        while not self.partner.couple_made.is_set() and time.monotonic() < deadline:
            if self.room.stop.wait(0.05) or not self.partner.is_alive() and \
                    not self.partner.couple_made.is_set():
                break
        return self.partner.couple_code

    def form_couple(self):
        """On joining: one partner makes the couple, the other types its code; a one-phone
        couple says so; someone who came alone waits for the facilitator."""
        try:
            if self.one_phone:
                self.couple_code = self.phone.create_couple(one_phone=True)
            elif self.partner is not None and self.seat == 0:
                self.couple_code = self.phone.create_couple()
            elif self.partner is not None and self.partner.couple_code:
                self.phone.join_couple(self.partner.couple_code)
                self.couple_code = self.partner.couple_code
            else:
                return
            self.stats["coupled"] += 1
        except ServerRefused as refused:   # e.g. the facilitator paired us first
            self.stats["refused"] += 1
            self.room.log(f"{self.name}: couple refused {refused.ack.get('error')}")

    def confirm_partner(self, view):
        """The couple's first phone says yes to its partner asking to join (and to nobody
        else: a bot knows its partner by name)."""
        couple = (view.get("me") or {}).get("couple") or {}
        for request in couple.get("requests") or []:
            if request["id"] in self.answered:
                continue
            self.answered.add(request["id"])
            expected = self.partner.display_name if self.partner is not None else None
            try:
                self.phone.answer_partner(request["id"], request["name"] == (expected or None))
            except ServerRefused:
                self.stats["refused"] += 1

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
        except NO_ANSWER as exc:   # the step is lost for this person, not the evening
            self.stats["errors"] += 1
            self.room.log(f"{self.name}: no answer: {type(exc).__name__}: {exc}")

    # --- a method per step kind (on_pair: bot_pairs.py) ------------------------------------
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

    def drop_out(self, step):
        """Wi-Fi gone, battery, a phone call: away for a while, back as the same participant."""
        self.stats["drop_outs"] += 1
        self.phone.disconnect()
        self.sleep(self.human(25, 0.6))
        if not self.room.stop.is_set():
            self.phone = self.connect()   # the same token: the same participant, with its answers
