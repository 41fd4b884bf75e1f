"""The workload of `workshop bench`, against one stack: N phones, a screen and a host, all
`workshop.aclient` clients over websockets, driven from one asyncio event loop. In order:

1. **connect**: N phones connect, sync and join, at most `concurrency` at a time; the figure is
   the time until the last one has its join acknowledged.
2. **fan-out**: the host sends `next` `steps` times; for each, the time from sending it until
   the last phone has the new step pushed. p50/p95/max over the steps.
3. **votes**: rounds on the script's polls (the host jumps to each, everyone gets it); in a
   round each phone votes once, the votes spread evenly at `vote_rate` per second. A vote's
   latency is from its acknowledgement to the first screen push whose `answered` count
   includes it (the k-th acknowledged vote is in a push once `answered` ≥ k; a push that
   came before the acknowledgement counts as 0 ms); "sent -> screen" is the same from the
   moment the phone sent it, so it includes the wait for the acknowledgement when the server
   falls behind. Votes lost: acknowledged votes the screen's final count of the round does
   not hold. There are `vote_rate` x `duration` votes, in at most one round per poll.
   With `votes_per_phone` above 1 each phone, in its turn, then changes its mind (a new answer
   each time, as people do): a changed vote adds nothing to `answered`, so its latency is to
   the first screen push after its acknowledgement. Server CPU per vote is the voting
   phase's CPU over the votes acknowledged.

Memory per phone is the server's peak RSS (VmHWM) less its RSS before the phones came.
"""
from __future__ import annotations

import asyncio
import gc
import math
import random
import time
from typing import TYPE_CHECKING

from ..protocol import PHONE, lookup
from .server import ServerProcess

if TYPE_CHECKING:
    from .run import Options

VOTE = lookup(PHONE, "vote")    # sent raw: the bench counts refusals instead of raising them


def percentile(values, q: float):
    """The q-th percentile (0..100) by linear interpolation; None for no values."""
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def answer_for(step: dict, i: int):
    """A valid answer for phone i on this poll step (the answers vary over the phones)."""
    kind = step.get("type")
    if kind == "single":
        return i % len(step["options"])
    if kind == "multiple":
        n = len(step["options"])
        return sorted({i % n, (i * 7 + 1) % n})[: step.get("max_choices") or n]
    if kind == "scale":
        low, high = step["scale"]["min"], step["scale"]["max"]
        return low + i % (high - low + 1)
    return [f"word{i % 7}"]


class Workload:
    def __init__(self, server: ServerProcess, options: Options, figures: dict, kinds: dict):
        self.server = server
        self.kinds = kinds          # index -> kind of every step of the script
        self.options = options
        self.figures = figures      # filled as the phases finish, so a timeout keeps the rest
        self.phones = []
        self.stray = []             # phones that did not get in, to close all the same
        self.expect = None          # the step index the fan-out waits for
        self.wave = 0               # which step change that is
        self.arrived = 0
        self.all_arrived = asyncio.Event()
        self.screen_pushes = []     # (time, step id, answered)
        self.screen_changed = asyncio.Event()

    def _phone_push(self, phone, data):
        step = data.get("step")
        if self.expect is not None and step and step.get("index") == self.expect \
                and phone.seen != self.wave:
            phone.seen = self.wave
            self.arrived += 1
            if self.arrived >= len(self.phones):
                self.all_arrived.set()

    def _screen_push(self, screen, data):
        results = data.get("results")
        if results:
            self.screen_pushes.append((time.monotonic(), results.get("step"),
                                       results.get("answered", 0)))
            self.screen_changed.set()

    async def run(self):
        import aiohttp

        from ..aclient import Host, Phone, Screen

        o, server, figures = self.options, self.server, self.figures
        url, code = server.url, server.code
        common = dict(timeout=o.call_timeout, record=False, reconnection=False)
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        try:
            self.host = await Host(url, code, server.token, http=self.http, **common).connect()
            self.screen = await Screen(url, code, http=self.http, on_push=self._screen_push,
                                       **common).connect()
            await self._settle(0.5)
            idle = server.memory_kb()
            cpu0 = server.cpu_seconds()
            figures["rss_idle_mb"] = round(idle["VmRSS"] / 1024, 1)

            # 1. connect and join
            gate = asyncio.Semaphore(o.concurrency)

            async def arrive(i):
                async with gate:
                    phone = Phone(url, code, http=self.http, on_push=self._phone_push, **common)
                    phone.seen = None
                    try:
                        await asyncio.wait_for(phone.connect(), o.call_timeout)
                        await phone.join(f"Phone {i}" if i % 2 else None)
                    except BaseException:
                        self.stray.append(phone)
                        raise
                    return phone

            started = time.monotonic()
            tasks = [asyncio.create_task(arrive(i)) for i in range(o.phones)]
            # A server that stops accepting must not hold the bench for phones x timeout.
            await asyncio.wait(tasks, timeout=o.connect_limit or 60 + o.phones * 0.03)
            figures["connect_s"] = round(time.monotonic() - started, 2)
            for task in tasks:
                task.cancel()
            outcome = await asyncio.gather(*tasks, return_exceptions=True)
            self.phones = [p for p in outcome if not isinstance(p, BaseException)]
            failed = [p for p in outcome if isinstance(p, BaseException)]
            figures["phones_connected"] = len(self.phones)
            figures["phones_failed"] = len(failed)
            if failed:
                figures["connect_error"] = repr(failed[0])[:200] or type(failed[0]).__name__
                figures["connect_s"] = None     # not all phones: no connect time to compare
            gc.collect()
            await self._settle(0.5)
            figures["cpu_connect_s"] = round(server.cpu_seconds() - cpu0, 2)
            connected_rss = server.memory_kb()["VmRSS"]
            if not self.phones:
                raise RuntimeError("no phone could connect")

            # 2. fan-out
            samples = []
            total = len(self.kinds)
            for index in range(min(o.steps, total)):     # from the lobby (-1) on
                samples.append(await self._go(index, self.host.next))
                await self._settle(0.2)
            figures["fanout_steps"] = len(samples)
            figures["fanout_samples_ms"] = [ms(x) for x in samples]
            figures["fanout_p50_ms"] = ms(percentile(samples, 50))
            figures["fanout_p95_ms"] = ms(percentile(samples, 95))
            figures["fanout_max_ms"] = ms(max(samples) if samples else None)
            cpu1 = server.cpu_seconds()

            # 3. votes
            await self._votes(total)
            cpu2 = server.cpu_seconds()
            mem = server.memory_kb()
            figures["cpu_fanout_s"] = round(cpu1 - cpu0 - figures["cpu_connect_s"], 2)
            figures["cpu_votes_s"] = round(cpu2 - cpu1, 2)
            figures["cpu_per_vote_ms"] = round((cpu2 - cpu1) * 1000 / figures["votes_acked"], 3) \
                if figures.get("votes_acked") else None
            figures["cpu_s"] = round(cpu2 - cpu0, 2)
            figures["peak_rss_mb"] = round(mem["VmHWM"] / 1024, 1)
            figures["rss_per_phone_kb"] = round((mem["VmHWM"] - idle["VmRSS"]) / len(self.phones), 1)
            figures["rss_connected_per_phone_kb"] = round(
                (connected_rss - idle["VmRSS"]) / len(self.phones), 1)
        finally:
            await self.close()

    async def _settle(self, seconds: float):
        """A pause between phases, for the server to go quiet (its memory, its CPU, the last
        pushes), scaled by `settle`: 1 in a real run; the tests' runs of 20 phones need less."""
        await asyncio.sleep(seconds * self.options.settle)

    async def _go(self, index: int, command) -> float:
        """Send a host command that moves to `index`; seconds until the last phone has it."""
        self.expect, self.arrived = index, 0
        self.wave += 1              # a jump to the step the phones are on counts again
        self.all_arrived.clear()
        started = time.monotonic()
        await command()
        try:
            await asyncio.wait_for(self.all_arrived.wait(), self.options.call_timeout)
        except asyncio.TimeoutError:
            raise RuntimeError(f"{len(self.phones) - self.arrived} of {len(self.phones)} phones "
                               f"did not get step {index} within {self.options.call_timeout:g} s")
        return time.monotonic() - started

    async def _votes(self, total):
        o, figures = self.options, self.figures
        polls = [i for i in range(total) if self.kinds[i] == "poll"]
        per_phone = max(1, o.votes_per_phone)
        remaining = max(1, round(o.vote_rate * o.duration))
        rounds = max(1, min(len(polls), math.ceil(remaining / (len(self.phones) * per_phone))))
        latencies, end_to_end, ack_times, refused, failed = [], [], [], {}, 0
        acked = lost = changed = 0
        sending = 0.0
        for poll_index in polls[:rounds]:
            await self._go(poll_index, lambda: self.host.jump(poll_index))
            view = await self.screen.wait_for(
                lambda v: (v.get("step") or {}).get("index") == poll_index)
            step = view["step"]
            shuffled = list(enumerate(self.phones))
            random.Random(poll_index).shuffle(shuffled)
            # Each phone votes, then changes its mind: its votes follow one another.
            order = [(phone, i, j) for i, phone in shuffled for j in range(per_phone)]
            order = order[:remaining]
            remaining -= len(order)
            acks = []       # (ack time, sent time) of this round's first votes
            changes = []    # the same for changed votes
            turns = {}      # phone -> the task of its previous vote, which goes first

            async def cast(phone, i, j, before):
                nonlocal failed
                if before is not None:
                    await before
                sent = time.monotonic()
                try:
                    ack = await phone.call(VOTE.event, VOTE.payload(
                        step=step["id"], answer=answer_for(step, i + j)), raw=True)
                except Exception:
                    failed += 1
                    return
                done = time.monotonic()
                if isinstance(ack, dict) and ack.get("ok"):
                    (changes if j else acks).append((done, sent))
                    ack_times.append(done - sent)
                else:
                    error = ack.get("error") if isinstance(ack, dict) else repr(ack)
                    refused[error] = refused.get(error, 0) + 1

            self.screen_pushes.clear()
            loop_start = time.monotonic()
            tasks = []
            for n, (phone, i, j) in enumerate(order):
                delay = loop_start + n / o.vote_rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                task = asyncio.create_task(cast(phone, i, j, turns.get(phone)))
                turns[phone] = task
                tasks.append(task)
            await asyncio.gather(*tasks)
            sending += time.monotonic() - loop_start

            # the screen's final count: wait until it holds every acknowledged vote, or 5 s
            deadline = time.monotonic() + 5
            while self._answered(step["id"]) < len(acks) and time.monotonic() < deadline:
                self.screen_changed.clear()
                try:
                    await asyncio.wait_for(self.screen_changed.wait(), 0.25)
                except asyncio.TimeoutError:
                    pass
            if changes:          # and one push after the last change
                last = max(at for at, _ in changes)
                deadline = time.monotonic() + 5
                while not any(t > last for t, s, _ in self.screen_pushes if s == step["id"]) \
                        and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
            final = self._answered(step["id"])
            acked += len(acks) + len(changes)
            changed += len(changes)
            lost += max(0, len(acks) - final)
            pushes = [(t, n) for t, s, n in self.screen_pushes if s == step["id"]]
            for k, (at, sent) in enumerate(sorted(acks), start=1):
                shown = next((t for t, n in pushes if n >= k), None)
                if shown is not None:
                    latencies.append(max(0.0, shown - at))
                    end_to_end.append(shown - sent)
            for at, sent in changes:
                shown = next((t for t, _ in pushes if t > at), None)
                if shown is not None:
                    latencies.append(shown - at)
                    end_to_end.append(shown - sent)
            await self._settle(0.3)
        figures["vote_rounds"] = rounds
        figures["votes_per_phone"] = per_phone
        figures["votes_acked"] = acked
        figures["votes_changed"] = changed
        figures["votes_lost"] = lost
        figures["votes_refused"] = sum(refused.values())
        if refused:
            figures["refusals"] = refused
        figures["votes_failed"] = failed
        figures["vote_rate"] = round(acked / sending, 1) if sending else None
        figures["vote_p50_ms"] = ms(percentile(latencies, 50))
        figures["vote_p95_ms"] = ms(percentile(latencies, 95))
        figures["vote_sent_screen_p50_ms"] = ms(percentile(end_to_end, 50))
        figures["vote_sent_screen_p95_ms"] = ms(percentile(end_to_end, 95))
        figures["vote_ack_p50_ms"] = ms(percentile(ack_times, 50))
        figures["vote_ack_p95_ms"] = ms(percentile(ack_times, 95))

    def _answered(self, step_id) -> int:
        counts = [n for _, s, n in self.screen_pushes if s == step_id]
        return max(counts) if counts else 0

    async def close(self):
        clients = [c for c in [getattr(self, "host", None), getattr(self, "screen", None),
                               *self.phones, *self.stray] if c is not None]
        try:
            await asyncio.wait_for(asyncio.gather(*(c.disconnect() for c in clients),
                                                  return_exceptions=True), 20)
        except asyncio.TimeoutError:
            pass
        await self.http.close()


def step_kinds(script_path) -> dict:
    """index -> kind of every step of the script (the bench picks its polls from it)."""
    from ..script import load_script
    script = load_script(script_path)
    return {i: step.kind for i, step in enumerate(script.steps)}

