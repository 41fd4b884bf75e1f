"""The two stacks `workshop bench` measures, each as its own subprocess on 127.0.0.1 only:
`workshop serve` (stack "workshop") and the bare Flask-SocketIO server (stack "bare",
`bare.py`), with the server's CPU seconds from /proc/<pid>/stat and its memory (RSS now and
at its peak, VmHWM) from /proc/<pid>/status.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import ROOT

if TYPE_CHECKING:
    from .run import Options

LOOPBACK = "127.0.0.1"      # the only address this benchmark ever connects to
CLK_TCK = os.sysconf("SC_CLK_TCK")


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
        # Every simulated phone comes from 127.0.0.1, faster than a room would join: the
        # per-address join limit (docs/security.md) would measure itself, not the server.
        env.setdefault("WORKSHOP_JOINS_BURST", "1000000")
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

