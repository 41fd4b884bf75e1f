"""A simulated room: N participants, mostly couples and a few singles, for a rehearsal.

`python -m workshop.training.room --url URL --code CODE --phones N [--pace F] [--script FILE]`
runs one against any running session; `workshop rehearse` starts it beside its server. It
exits when the session ends (or when its parent process goes away).
"""
from __future__ import annotations

import argparse
import math
import os
import random
import sys
import threading
from pathlib import Path

from . import pools
from .bots import SimulatedParticipant

SINGLES_SHARE = 0.1      # a few come alone
ONE_PHONE_FROM = 12      # from this many phones on, one couple brings a single phone


class Opinions:
    """What the room thinks of each poll: a shared leaning, and each person's own take on it."""

    def __init__(self, seed: int):
        self.seed = seed
        self._leanings: dict[str, object] = {}
        self._lock = threading.Lock()

    def leaning(self, step: dict):
        with self._lock:
            if step["id"] not in self._leanings:
                rng = random.Random(f"{self.seed}:{step['id']}")
                if step["type"] in ("single", "multiple"):
                    # Some options draw many, some few: a room is seldom uniform.
                    leaning = [rng.gammavariate(0.9, 1.0) + 0.05 for _ in step["options"]]
                elif step["type"] == "scale":
                    leaning = rng.uniform(0.5, 0.8)     # where on the scale the room sits
                else:
                    leaning = None
                self._leanings[step["id"]] = leaning
            return self._leanings[step["id"]]

    def answer(self, step: dict, bot) -> object:
        rng, mood = bot.rng, bot.temperament.mood
        leaning = self.leaning(step)
        if step["type"] in ("single", "multiple"):
            weights = [w * math.exp(rng.gauss(0, 0.6)) for w in leaning]
            if step["type"] == "single":
                return rng.choices(range(len(weights)), weights)[0]
            limit = step.get("max_choices") or min(3, len(weights))
            count = limit if rng.random() < 0.75 else rng.randint(1, limit)
            return sorted(_weighted_sample(rng, weights, count))
        if step["type"] == "scale":
            low, high = step["scale"]["min"], step["scale"]["max"]
            width = high - low
            value = low + width * leaning + mood * width * 0.15 + rng.gauss(0, width * 0.18)
            return int(min(high, max(low, round(value))))
        language = bot.language
        words = pools.pool(pools.WORDS, language)
        # A few words are on many minds: a Zipf-like leaning over a per-poll order of the pool.
        order = words[:]
        random.Random(f"{self.seed}:{step['id']}:words").shuffle(order)
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(order))]
        limit = step.get("max_words") or 3
        count = rng.randint(1, limit)
        return [order[i] for i in _weighted_sample(rng, weights, count)]


class Texts:
    """Sample reflections by language and by the theme of the step's section."""

    OPENERS = {"nl": ["", "", "Voor mij: ", "Bij ons: "], "en": ["", "", "For me: ", "For us: "]}

    def __init__(self, script=None):
        self.themes = {}
        if script is not None:
            for section in script.sections:
                for step in section.steps:
                    self.themes[step.id] = section.theme

    def reflection(self, step: dict, language: str, rng: random.Random) -> str:
        table = pools.pool(pools.REFLECTIONS, language)
        theme = self.themes.get(step["id"])
        texts = table.get(theme) or table["any"]
        if rng.random() < 0.15:
            texts = table["any"]
        text = rng.choice(texts)
        opener = rng.choice(self.OPENERS.get(language, self.OPENERS["en"]))
        return opener + (text[0].lower() + text[1:] if opener else text)

    def pair_notes(self, step: dict, language: str, rng: random.Random) -> list[str]:
        """Notes for a partner, by the theme of the pair step's section, in a random order
        (a one-phone couple writes two, and not the same one twice)."""
        table = pools.pool(pools.PAIR_NOTES, language)
        texts = list(table.get(self.themes.get(step["id"])) or table["any"])
        rng.shuffle(texts)
        return texts


class SimulatedRoom:
    def __init__(self, url: str, code: str, phones: int, pace: float = 1.0, seed: int | None = None,
                 script=None, language: str | None = None, verbose: bool = False):
        self.url, self.code, self.pace = url, code, pace
        self.stop = threading.Event()
        self.verbose = verbose
        seed = seed if seed is not None else random.randrange(1 << 30)
        self.seed = seed
        self.rng = random.Random(seed)
        self.opinions = Opinions(seed)
        self.texts = Texts(script)
        self.joined_count = 0
        self._lock = threading.Lock()
        language = language or (script.language if script is not None else "en")
        self.bots = self._seat(phones, pools.pool(pools.NAMES, language))

    def _seat(self, phones: int, names: list[str]) -> list[SimulatedParticipant]:
        """Couples first, sitting and arriving together (in a larger room one couple shares a
        phone); then a few singles, whom the facilitator pairs."""
        singles = max(1, round(phones * SINGLES_SHARE)) if phones >= 3 else phones % 2
        one_phone = 1 if phones >= ONE_PHONE_FROM else 0
        if (phones - singles - one_phone) % 2:
            singles += 1
        couples = (phones - singles - one_phone) // 2
        bots, number = [], 0

        def bot(join_delay):
            nonlocal number
            number += 1
            seed = self.rng.randrange(1 << 30)
            # Most give a first name; some leave it empty, as on a real evening.
            name = self.rng.choice(names) if self.rng.random() < 0.8 else None
            return SimulatedParticipant(self, number, random.Random(seed), join_delay, name)

        for _ in range(couples):
            arrive = self._arrival()
            first, second = bot(arrive), bot(arrive + self.rng.uniform(2, 20) * self.pace)
            first.partner, second.partner, first.seat, second.seat = second, first, 0, 1
            bots += [first, second]
        for _ in range(one_phone):
            shared = bot(self._arrival())
            shared.one_phone = True
            other = self.rng.choice(names)
            if shared.display_name and other != shared.display_name:
                shared.display_name = f"{shared.display_name} & {other}"
            bots.append(shared)
        bots += [bot(self._arrival()) for _ in range(singles)]
        return bots

    def _arrival(self) -> float:
        # Most arrive in the first minute and a half; a few are late.
        if self.rng.random() < 0.06:
            return self.rng.uniform(120, 300) * self.pace
        return self.rng.uniform(0, 90) * self.pace

    @property
    def couples(self) -> int:
        """Couples that came together (the facilitator pairs the singles)."""
        return sum(1 for b in self.bots if b.partner is not None) // 2 + \
            sum(1 for b in self.bots if b.one_phone)

    def joined(self, bot):
        with self._lock:
            self.joined_count += 1

    def log(self, text: str):
        if self.verbose:
            print(text, file=sys.stderr, flush=True)

    def start(self):
        for bot in self.bots:
            bot.start()
        return self

    def wait(self, parent_pid: int | None = None):
        """Until every bot is done (the session ended) or the parent process is gone."""
        while True:
            alive = [b for b in self.bots if b.is_alive()]
            if not alive:
                break
            if parent_pid is not None and os.getppid() != parent_pid:
                self.stop.set()
            alive[0].join(0.5)
        return self.summary()

    def summary(self) -> dict:
        totals = {}
        for bot in self.bots:
            for key, value in bot.stats.items():
                totals[key] = totals.get(key, 0) + value
        return {"phones": len(self.bots), "couples": self.couples, "joined": self.joined_count,
                **totals}


def spawn(url: str, code: str, phones: int, pace: float = 1.0, seed: int | None = None,
          script=None):
    """Run a simulated room in a process of its own (real sockets, no monkey patching) that
    stops when the session ends or this process goes away."""
    import subprocess

    args = [sys.executable, "-m", "workshop.training.room", "--url", url, "--code", code,
            "--phones", str(phones), "--pace", str(pace), "--parent", str(os.getpid())]
    if script is not None:
        args += ["--script", os.path.abspath(script)]
    if seed is not None:
        args += ["--seed", str(seed)]
    return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m workshop.training.room",
                                     description="Simulated participants for a running session.")
    parser.add_argument("--url", required=True)
    parser.add_argument("--code", required=True)
    parser.add_argument("--phones", type=int, required=True)
    parser.add_argument("--pace", type=float, default=1.0)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--script", help="The session's script: themes for the reflections.")
    parser.add_argument("--parent", type=int, help="Stop when this process is gone.")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    script = None
    if args.script:
        from ..script import load_script
        script = load_script(Path(args.script))
    room = SimulatedRoom(args.url, args.code, args.phones, args.pace, args.seed, script,
                         verbose=args.verbose).start()
    try:
        summary = room.wait(args.parent)
    except KeyboardInterrupt:
        room.stop.set()
        summary = room.summary()
    print("rehearsal room: " + ", ".join(f"{k} {v}" for k, v in summary.items()),
          file=sys.stderr, flush=True)


def _weighted_sample(rng: random.Random, weights: list[float], count: int) -> list[int]:
    chosen, left = [], list(range(len(weights)))
    for _ in range(min(count, len(left))):
        pick = rng.choices(left, [weights[i] for i in left])[0]
        chosen.append(pick)
        left.remove(pick)
    return chosen


if __name__ == "__main__":
    main()
