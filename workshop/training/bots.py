"""A simulated participant: one phone of a rehearsal room, on `workshop.client.Phone`.

Each bot is a thread with its own real socket.io connection. It joins at a human pace, reads
each step, and acts on it with a method per step kind (`on_poll`, `on_reflection`, `on_pair`,
…): votes after a while and with an opinion of its own, sometimes changes its mind, writes a
reflection from a pool written per language and theme, sometimes puts the phone down for a
while, and sometimes loses the connection and comes back as the same participant (its token).

Couples form on joining, as on the evening: the first partner creates the couple and the other
joins it with its code; one couple of a larger room shares one phone; a few people come alone
and wait for the facilitator to pair them. On a pair step every bot follows its couple's rounds
as the server shows them: it reads its role, talks for a while (a time the two share), writes
its partner a note when the round asks for one, now and then agrees to share a note to the
wall, taps done, and waits for the round to move on, whether its partner, the clock or the
facilitator moves it.

Every human delay is multiplied by the room's `pace` (1.0 is a real room; tests use ~0.02).
"""
from __future__ import annotations

import math
import random
import secrets
import threading
import time
from dataclasses import dataclass

import socketio

from ..client import Phone, ServerRefused

# Refusals a person meets in a real room too: the facilitator moved on, closed the poll, …
EXPECTED_REFUSALS = {"not_current", "poll_closed", "session_ended", "too_many", "too_fast"}
# A command that got no answer (a lost connection, a slow server): the person just tries again.
NO_ANSWER = (TimeoutError, socketio.exceptions.SocketIOError)
# … and in a pair step: the round or the step moved on under the bot (partner, clock, console).
ROUND_MOVED_ON = {"not_current_round", "pair_finished", "not_a_pair", "no_partner",
                  "note_written", "no_note_here", "no_such_note", "not_current"}

TALK_SHARE = 0.25          # of a round's time a couple talks, typically, before tapping done
SHARE_CHANCE = 0.3          # a couple agrees to share one of a round's notes to the wall
PARTNER_WAIT = 30.0         # seconds (real, not paced) a joining partner waits for the code


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
        self.one_phone = False         # set by the room: this phone serves a couple of two
        self.couple_code: str | None = None                # seat 0 makes it, seat 1 joins it
        self.couple_made = threading.Event()               # set once seat 0 tried
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
        """Follow the couple's rounds as the server shows them, until the step is over.

        The round can change under the bot at any moment (the partner tapped done, the
        clock ran out, the facilitator ended the step): every wait gives up when it does,
        and a refusal that says so just means: look again at where the couple is now."""
        tender = self.rng.random() < self.temperament.tender
        while self.current(step) and not self.room.stop.is_set():
            pair = self.pair_of(step)
            if pair is None or pair.get("finished"):
                # Not in a couple (yet: the facilitator may pair us now), or all rounds done.
                self.until(step, lambda: self.pair_of(step) is not pair, 1.0)
                continue
            try:
                self.follow_round(step, pair, tender)
                tender = False
            except ServerRefused as refused:
                error = refused.ack.get("error")
                if error not in ROUND_MOVED_ON | EXPECTED_REFUSALS:
                    self.stats["refused"] += 1
                    self.room.log(f"{self.name}: refused {refused.ack}")
                if error in ("session_ended", "not_current"):
                    return
                self.sleep(0.3 if error == "too_fast" else 0.05)
            except NO_ANSWER as exc:   # look again once the phone is back
                self.stats["errors"] += 1
                self.room.log(f"{self.name}: no answer: {type(exc).__name__}: {exc}")
                self.sleep(0.5)

    def follow_round(self, step, pair, tender: bool):
        """One round: read the role, talk, write the note, maybe share it, tap done, wait."""
        r = pair["round"]
        key = (step["id"], step.get("started_at"), r)
        if self._round != key:   # a new round: how long this couple talks in it
            self._round = key
            self._plan = {"talk_until": time.monotonic() + self.talk_time(step, pair)}
        plan = self._plan
        self.roles = [turn["role"] for turn in pair.get("turns") or []]   # what the phone shows
        if tender and not plan.get("cared"):
            # Somewhere in the conversation it gets too much for a moment: the partner sees
            # 'your partner needs a moment', the console a discreet signal.
            plan["cared"] = True
            if not self.in_round(step, r, (plan["talk_until"] - time.monotonic()) * self.rng.random()):
                return
            self.need_a_moment(step)
        if not self.in_round(step, r, plan["talk_until"] - time.monotonic()):
            return
        if (self.pair_of(step) or {}).get("note") is not None:
            if not self.write_notes(step, r):
                return
            self.read_and_share(step, r)
        pair = self.pair_of(step)
        if pair is None or pair.get("finished") or pair["round"] != r:
            return
        if not pair["done"]:
            if not self.in_round(step, r, self.human(3, 0.4)):
                return
            self.phone.done(step["id"], r)
            self.stats["rounds"] += 1
        # Done: wait for the partner (maybe offline for a while), the clock or the console.
        self.in_round(step, r, math.inf)

    def write_notes(self, step, r) -> bool:
        """The round asks for a note: write one (or, on a one-phone couple, one per seat)."""
        one_phone = ((self.phone.me.get("couple") or {}).get("one_phone")) is True
        texts = self.room.texts.pair_notes(step, self.language, self.rng)
        for seat, text in sorted(((self.pair_of(step) or {}).get("note") or {}).get("mine", {}).items()):
            if text is not None:
                continue
            if not self.in_round(step, r, self.human(30, 0.35)):
                return False
            self.phone.write_note(step["id"], r, texts.pop(), seat=int(seat) if one_phone else None)
            self.stats["notes"] += 1
        return True

    def read_and_share(self, step, r):
        """Wait a while for the partner's note, read it, and share one if the couple agrees."""
        patience = self.human(90, 0.4)
        if not self.until(step, lambda: self.note_of(step, r).get("revealed"), patience):
            return
        if not self.in_round(step, r, self.human(8, 0.5)):   # reading the partner's words
            return
        chance = self.couple_rng(step, r, "share")
        if chance.random() >= SHARE_CHANCE:
            return
        shares = self.note_of(step, r).get("shares") or []
        if not shares:
            return
        wanted = chance.choice(sorted(s["author"] for s in shares))
        if any(s["author"] == wanted and (s["agreed"] or s["shared"]) for s in shares):
            return
        if self.in_round(step, r, self.human(6, 0.5)):
            self.phone.share_note(step["id"], r, wanted)
            self.stats["shares"] += 1

    def need_a_moment(self, step):
        """'I need a moment', privately; after a while, 'it passed'."""
        self.phone.care("pause")
        self.stats["care"] += 1
        try:
            self.sleep(self.human(20, 0.4))
        finally:
            if not self.room.stop.is_set():
                try:
                    self.phone.care("ok")
                except ServerRefused:
                    pass

    def talk_time(self, step, pair) -> float:
        """How long the couple talks in this round: the same for both partners (they talk
        together), a share of the round's time, never all of it; less when the round also
        asks for a note, since writing takes part of the time."""
        rounds = step.get("rounds") or []
        this = rounds[pair["round"]] if pair["round"] < len(rounds) else {}
        rng = self.couple_rng(step, pair["round"], "talk")
        share = min(0.85, max(0.1, TALK_SHARE * math.exp(rng.gauss(0, 0.2))))
        if this.get("note"):
            share /= 2
        return this.get("minutes", 3) * 60 * share * self.room.pace

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

    def pair_of(self, step) -> dict | None:
        """This phone's round of the step, as the server last said (None: not in a couple)."""
        pair = self.phone.me.get("pair") if self.phone is not None else None
        return pair if pair and pair.get("step") == step["id"] else None

    def note_of(self, step, r) -> dict:
        pair = self.pair_of(step) or {}
        note = pair.get("note") or {}
        return note if pair.get("round") == r and note.get("round") == r else {}

    def couple_rng(self, step, r, what: str) -> random.Random:
        """Chance both partners share: the same draw on both phones of a couple."""
        code = (self.phone.me.get("couple") or {}).get("code")
        return random.Random(f"{self.room.seed}:{code}:{step['id']}:{step.get('started_at')}:{r}:{what}")

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

    def in_round(self, step, r, seconds: float) -> bool:
        """Sleep, but give up when the round moves on; True if the couple is still in it."""
        def moved():
            pair = self.pair_of(step)
            return pair is None or pair.get("finished") or pair["round"] != r
        if seconds <= 0:
            return self.current(step) and not moved()
        return not self.until(step, moved, seconds) and self.current(step) and not moved() \
            and not self.room.stop.is_set()

    def sleep(self, seconds: float) -> bool:
        return not self.room.stop.wait(seconds)

    def drop_out(self, step):
        """Wi-Fi gone, battery, a phone call: away for a while, back as the same participant."""
        self.stats["drop_outs"] += 1
        self.phone.disconnect()
        self.sleep(self.human(25, 0.6))
        if not self.room.stop.is_set():
            self.phone = self.connect()   # the same token: the same participant, with its answers
