"""`workshop bench`: one workload against the real server and against the bare stack.

Each stack runs as its own subprocess on 127.0.0.1 (never any other address). One asyncio
event loop in this process is the load generator: N phones, a screen and a host, all
`workshop.aclient` clients over websockets. The workload, in order:

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

Server CPU seconds come from /proc/<pid>/stat over the whole workload, memory from
/proc/<pid>/status: the peak RSS (VmHWM) less the RSS before the phones came, per phone.
"""
from __future__ import annotations

import asyncio
import datetime
import gc
import math
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..config import ROOT

LOOPBACK = "127.0.0.1"      # the only address this benchmark ever connects to
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Options:
    phones: int = 200
    async_mode: str = "eventlet"
    vote_rate: float = 200.0
    duration: float = 10.0          # seconds of voting, spread over rounds on the script's polls
    steps: int = 10                 # fan-out samples
    baseline: bool = True
    time_limit: float = 300.0       # per stack, the whole workload
    concurrency: int = 50           # phones connecting at the same time
    script: Path = ROOT / "sessions" / "trust.yaml"
    call_timeout: float = 30.0
    connect_limit: float = 0.0      # seconds for all phones to join; 0: 60 s + 30 ms a phone


# --- the server subprocesses ----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


class ServerProcess:
    """`workshop serve` (stack "workshop") or the bare server (stack "bare") on 127.0.0.1."""

    def __init__(self, stack: str, options: Options):
        self.stack = stack
        self.options = options
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.tmp = Path(tempfile.mkdtemp(prefix=f"workshop-bench-{stack}-"))
        self.proc = None
        self.code = self.token = None

    def command(self) -> list[str]:
        script = str(Path(self.options.script).resolve())
        if self.stack == "bare":
            return [sys.executable, "-m", "workshop.bench.bare", "--host", LOOPBACK,
                    "--port", str(self.port), "--async-mode", self.options.async_mode,
                    "--script", script]
        return [sys.executable, "-m", "workshop.cli", "serve", "--host", LOOPBACK,
                "--port", str(self.port), "--public-url", self.url,
                "--database", f"sqlite:///{self.tmp / 'workshop.db'}",
                "--async-mode", self.options.async_mode, "--start", script]

    def start(self):
        env = {k: v for k, v in os.environ.items()
               if k not in ("WORKSHOP_MESSAGE_QUEUE", "WORKSHOP_DATABASE_URL")}
        self.out = self.tmp / "server.out"
        with open(self.out, "wb") as out, open(self.tmp / "server.err", "wb") as err:
            self.proc = subprocess.Popen(self.command(), stdout=out, stderr=err, cwd=ROOT,
                                         env=env, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.stack} server exited: {self.log_tail()}")
            text = self.out.read_text(errors="replace")
            token, join = re.search(r"token=(\S+)", text), re.search(r"Join: \S+/j/(\w+)", text)
            if token and join and self._listening():
                self.token, self.code = token.group(1), join.group(1)
                return self
            time.sleep(0.1)
        raise RuntimeError(f"{self.stack} server did not start in time: {self.log_tail()}")

    def _listening(self) -> bool:
        try:
            socket.create_connection((LOOPBACK, self.port), timeout=0.5).close()
            return True
        except OSError:
            return False

    def log_tail(self) -> str:
        try:
            return (self.tmp / "server.err").read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK     # utime + stime

    def memory_kb(self) -> dict:
        out = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line.split(":")[0]] = int(line.split()[1])
        return out

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        shutil.rmtree(self.tmp, ignore_errors=True)


# --- the workload -----------------------------------------------------------------------------

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
            await asyncio.sleep(0.5)
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
            await asyncio.sleep(0.5)
            figures["cpu_connect_s"] = round(server.cpu_seconds() - cpu0, 2)
            connected_rss = server.memory_kb()["VmRSS"]
            if not self.phones:
                raise RuntimeError("no phone could connect")

            # 2. fan-out
            samples = []
            total = len(self.kinds)
            for index in range(min(o.steps, total)):     # from the lobby (-1) on
                samples.append(await self._go(index, self.host.next))
                await asyncio.sleep(0.2)
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
            figures["cpu_s"] = round(cpu2 - cpu0, 2)
            figures["peak_rss_mb"] = round(mem["VmHWM"] / 1024, 1)
            figures["rss_per_phone_kb"] = round((mem["VmHWM"] - idle["VmRSS"]) / len(self.phones), 1)
            figures["rss_connected_per_phone_kb"] = round(
                (connected_rss - idle["VmRSS"]) / len(self.phones), 1)
        finally:
            await self.close()

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
        remaining = max(1, round(o.vote_rate * o.duration))
        rounds = max(1, min(len(polls), math.ceil(remaining / len(self.phones))))
        latencies, end_to_end, ack_times, refused, failed = [], [], [], {}, 0
        acked = lost = 0
        sending = 0.0
        for poll_index in polls[:rounds]:
            await self._go(poll_index, lambda: self.host.jump(poll_index))
            view = await self.screen.wait_for(
                lambda v: (v.get("step") or {}).get("index") == poll_index)
            step = view["step"]
            order = list(self.phones)
            random.Random(poll_index).shuffle(order)
            order = order[:remaining]
            remaining -= len(order)
            acks = []       # ack times of this round

            async def cast(phone, i):
                nonlocal failed
                sent = time.monotonic()
                try:
                    ack = await phone.call("vote", {"cid": os.urandom(8).hex(), "step": step["id"],
                                                    "answer": answer_for(step, i)}, raw=True)
                except Exception:
                    failed += 1
                    return
                done = time.monotonic()
                if isinstance(ack, dict) and ack.get("ok"):
                    acks.append((done, sent))
                    ack_times.append(done - sent)
                else:
                    error = ack.get("error") if isinstance(ack, dict) else repr(ack)
                    refused[error] = refused.get(error, 0) + 1

            self.screen_pushes.clear()
            loop_start = time.monotonic()
            tasks = []
            for i, phone in enumerate(order):
                delay = loop_start + i / o.vote_rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(asyncio.create_task(cast(phone, i)))
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
            final = self._answered(step["id"])
            acked += len(acks)
            lost += max(0, len(acks) - final)
            pushes = [(t, n) for t, s, n in self.screen_pushes if s == step["id"]]
            for k, (at, sent) in enumerate(sorted(acks), start=1):
                shown = next((t for t, n in pushes if n >= k), None)
                if shown is not None:
                    latencies.append(max(0.0, shown - at))
                    end_to_end.append(shown - sent)
            await asyncio.sleep(0.3)
        figures["vote_rounds"] = rounds
        figures["votes_acked"] = acked
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


def event_loop():
    """uvloop when it is installed (the `bench` extra): the load generator's CPU is the
    limit on a small machine, and uvloop takes about a third off it."""
    try:
        import uvloop
    except ImportError:
        return "asyncio", asyncio.run
    return "uvloop", uvloop.run


def measure(stack: str, options: Options) -> dict:
    figures: dict = {"stack": stack}
    # The load generator holds thousands of clients: with the collector's defaults its full
    # collections take long enough to show up in the latencies it measures.
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    server = ServerProcess(stack, options)
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    try:
        server.start()
        workload = Workload(server, options, figures, step_kinds(options.script))

        async def bounded():
            await asyncio.wait_for(workload.run(), options.time_limit)
        event_loop()[1](bounded())
    except (Exception, asyncio.TimeoutError) as exc:
        figures["error"] = (f"time limit of {options.time_limit:g} s reached"
                            if isinstance(exc, asyncio.TimeoutError) else repr(exc)[:300])
    finally:
        server.stop()
        gc.set_threshold(*thresholds)
        gc.collect()
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    figures["loadgen_cpu_s"] = round(usage1.ru_utime + usage1.ru_stime
                                     - usage0.ru_utime - usage0.ru_stime, 2)
    return figures


# --- the report -------------------------------------------------------------------------------

# key, label, ratio?  (every figure that has a ratio is "lower is better")
FIGURES = [
    ("phones_connected", "phones connected", False),
    ("phones_failed", "phones that could not join", False),
    ("connect_s", "connect + join, all phones (s)", True),
    ("fanout_p50_ms", "step fan-out p50 (ms)", True),
    ("fanout_p95_ms", "step fan-out p95 (ms)", True),
    ("fanout_max_ms", "step fan-out max (ms)", True),
    ("vote_rate", "votes/s achieved", False),
    ("vote_p50_ms", "vote ack -> screen p50 (ms)", True),
    ("vote_p95_ms", "vote ack -> screen p95 (ms)", True),
    ("vote_sent_screen_p50_ms", "vote sent -> screen p50 (ms)", True),
    ("vote_sent_screen_p95_ms", "vote sent -> screen p95 (ms)", True),
    ("vote_ack_p50_ms", "vote sent -> ack p50 (ms)", True),
    ("vote_ack_p95_ms", "vote sent -> ack p95 (ms)", True),
    ("votes_acked", "votes acknowledged", False),
    ("votes_lost", "votes lost", False),
    ("votes_refused", "votes refused", False),
    ("votes_failed", "votes unanswered (timeout)", False),
    ("cpu_s", "server CPU, whole workload (s)", True),
    ("cpu_connect_s", "  of which connect + join (s)", True),
    ("cpu_votes_s", "  of which votes (s)", True),
    ("peak_rss_mb", "server peak RSS (MB)", True),
    ("rss_per_phone_kb", "peak RSS per phone (KB)", True),
    ("loadgen_cpu_s", "load generator CPU (s)", False),
]
RATIO_KEYS = [key for key, _, ratio in FIGURES if ratio]


def ratios(ours: dict, bare: dict) -> dict:
    """workshop / bare per figure; none when the two did not serve the same phones."""
    out = {}
    if ours.get("phones_connected") != bare.get("phones_connected"):
        return {key: None for key in RATIO_KEYS}
    for key in RATIO_KEYS:
        a, b = ours.get(key), bare.get(key)
        out[key] = round(a / b, 2) if isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and b > 0 else None
    return out


def targets(ours: dict, ratio: dict | None) -> dict:
    """Issue 6's targets, judged on this run (they are set for 2,000 phones and 1,000 votes/s)."""
    def check(value, ok):
        return {"value": value, "met": None if value is None else ok(value)}
    out = {
        "connect_2000_under_10s": check(ours.get("connect_s"), lambda v: v < 10)
        if not ours.get("phones_failed") else {"value": None, "met": False},
        "fanout_p95_under_600ms": check(ours.get("fanout_p95_ms"), lambda v: v < 600),
        "vote_p95_under_300ms": check(ours.get("vote_p95_ms"), lambda v: v < 300),
        "votes_lost_zero": check(ours.get("votes_lost"), lambda v: v == 0),
        "memory_under_100kb_per_phone": check(ours.get("rss_per_phone_kb"), lambda v: v < 100),
    }
    if ratio is not None:
        out["fanout_p95_within_1.5x_bare"] = check(ratio.get("fanout_p95_ms"), lambda v: v <= 1.5)
    return out


def run(options: Options, command: str = "") -> dict:
    started = datetime.datetime.now(datetime.timezone.utc)
    report = {"date": started.isoformat(timespec="seconds"), "command": command,
              "options": {"phones": options.phones, "async_mode": options.async_mode,
                          "vote_rate": options.vote_rate, "duration": options.duration,
                          "steps": options.steps, "baseline": options.baseline,
                          "time_limit": options.time_limit, "concurrency": options.concurrency,
                          "script": str(options.script)},
              "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                          "load_generator": event_loop()[0]}}
    report["workshop"] = measure("workshop", options)
    if options.baseline:
        report["bare"] = measure("bare", options)
        report["ratio"] = ratios(report["workshop"], report["bare"])
    report["targets"] = targets(report["workshop"], report.get("ratio"))
    report["seconds"] = round((datetime.datetime.now(datetime.timezone.utc) - started)
                              .total_seconds(), 1)
    return report


def table(report: dict) -> str:
    o = report["options"]
    lines = [f"workshop bench: {o['phones']} phones, {o['async_mode']}, "
             f"{o['vote_rate']:g} votes/s for {o['duration']:g} s, {report['date']}"]
    stacks = ["workshop"] + (["bare"] if "bare" in report else [])
    head = f"{'':34}{'workshop':>12}" + (f"{'bare':>12}{'ratio':>9}" if "bare" in report else "")
    lines.append(head)

    def cell(v):
        if v is None:
            return "-"
        return f"{v:g}" if isinstance(v, (int, float)) else str(v)
    for key, label, has_ratio in FIGURES:
        row = f"{label:34}" + "".join(f"{cell(report[s].get(key)):>12}" for s in stacks)
        if "ratio" in report:
            r = report["ratio"].get(key) if has_ratio else None
            row += f"{(cell(r) + 'x') if r is not None else '':>9}"
        lines.append(row)
    for s in stacks:
        if report[s].get("error"):
            lines.append(f"{s}: stopped early: {report[s]['error']}")
        if report[s].get("refusals"):
            lines.append(f"{s}: refusals: {report[s]['refusals']}")
        if report[s].get("connect_error"):
            lines.append(f"{s}: a phone could not connect: {report[s]['connect_error']}")
    lines.append("targets (issue 6; set for 2,000 phones and 1,000 votes/s): " + ", ".join(
        f"{name} {'met' if t['met'] else 'MISSED' if t['met'] is False else 'n/a'}"
        for name, t in report["targets"].items()))
    lines.append(f"{report['seconds']:g} s in all")
    return "\n".join(lines)
