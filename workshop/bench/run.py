"""`workshop bench`: one workload against the real server and against the bare stack.

Each stack runs as its own subprocess on 127.0.0.1 (never any other address; `server.py`).
One asyncio event loop in this process is the load generator (`load.py`: connect, fan-out,
votes); `report.py` holds the figures, their ratios, the targets and the printed table.
"""
from __future__ import annotations

import asyncio
import datetime
import gc
import os
import resource
import sys
from dataclasses import dataclass
from pathlib import Path

from ..config import ROOT
from .load import Workload, step_kinds
from .report import ratios, targets
from .server import ServerProcess


@dataclass
class Options:
    phones: int = 200
    async_mode: str = "eventlet"
    vote_rate: float = 200.0
    duration: float = 10.0          # seconds of voting, spread over rounds on the script's polls
    votes_per_phone: int = 1        # a first vote, then changes of mind
    steps: int = 10                 # fan-out samples
    baseline: bool = True
    time_limit: float = 300.0       # per stack, the whole workload
    concurrency: int = 50           # phones connecting at the same time
    script: Path = ROOT / "sessions" / "trust.yaml"
    call_timeout: float = 30.0
    connect_limit: float = 0.0      # seconds for all phones to join; 0: 60 s + 30 ms a phone
    settle: float = 1.0             # scale of the pauses between phases (load.py); tests: less


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


def run(options: Options, command: str = "") -> dict:
    started = datetime.datetime.now(datetime.timezone.utc)
    report = {"date": started.isoformat(timespec="seconds"), "command": command,
              "options": {"phones": options.phones, "async_mode": options.async_mode,
                          "vote_rate": options.vote_rate, "duration": options.duration,
                          "votes_per_phone": options.votes_per_phone, "steps": options.steps, "baseline": options.baseline,
                          "time_limit": options.time_limit, "concurrency": options.concurrency,
                          "settle": options.settle,
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
