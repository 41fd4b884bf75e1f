"""A simulated participant in a pair exercise (`on_pair`, for `SimulatedParticipant` in bots.py).

The bot follows its couple's rounds as the server shows them: it reads its role, talks for a
while (a time the two share), writes its partner a note when the round asks for one, now and
then agrees to share a note to the wall, taps done, and waits for the round to move on,
whether its partner, the clock or the facilitator moves it.
"""
from __future__ import annotations

import math
import random
import time

from ..client import ServerRefused
from .temperament import EXPECTED_REFUSALS, NO_ANSWER, HumanPace

# … and in a pair step: the round or the step moved on under the bot (partner, clock, console).
ROUND_MOVED_ON = {"not_current_round", "pair_finished", "not_a_pair", "no_partner",
                  "note_written", "no_note_here", "no_such_note", "not_current"}

TALK_SHARE = 0.25          # of a round's time a couple talks, typically, before tapping done
SHARE_CHANCE = 0.3          # a couple agrees to share one of a round's notes to the wall


class PairRounds(HumanPace):
    """The pair-step part of a bot: besides HumanPace's needs, `stats`, `language`, `_round`,
    `_plan` and `roles`."""

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

    def in_round(self, step, r, seconds: float) -> bool:
        """Sleep, but give up when the round moves on; True if the couple is still in it."""
        def moved():
            pair = self.pair_of(step)
            return pair is None or pair.get("finished") or pair["round"] != r
        if seconds <= 0:
            return self.current(step) and not moved()
        return not self.until(step, moved, seconds) and self.current(step) and not moved() \
            and not self.room.stop.is_set()
