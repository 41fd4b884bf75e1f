"""Fixtures that run the real server, as `workshop serve` does, in a subprocess."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = str(Path(sys.executable).parent / "workshop")
ASYNC_MODE = os.environ.get("WORKSHOP_TEST_ASYNC_MODE", "eventlet")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`workshop serve` on a real port with a temporary SQLite file; can be killed and restarted."""

    def __init__(self, tmp: Path, script: Path | None, async_mode: str = ASYNC_MODE, env=None,
                 database: str | None = None, public_url: str | None = None, extra_args=(),
                 name: str = "server"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.public_url = public_url or self.url
        self.database = database or f"sqlite:///{tmp / 'workshop.db'}"
        self.extra_args = list(extra_args)
        self.log = tmp / f"{name}.log"
        self.script = script
        self.async_mode = async_mode
        self.env = {**os.environ, **(env or {})}
        self.proc = None
        self.code = self.token = None

    def start(self, with_script=True):
        args = [WORKSHOP, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                "--public-url", self.public_url, "--database", self.database,
                "--async-mode", self.async_mode, *self.extra_args]
        if with_script and self.script:
            args += ["--start", str(self.script)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=open(self.log, "ab"),
                                     text=True, cwd=ROOT, env=self.env)
        lines = [self.proc.stdout.readline() for _ in range(3 if with_script and self.script else 2)]
        self.output = "".join(lines)
        token = re.search(r"token=(\S+)", self.output)
        self.token = token.group(1) if token else self.token
        join = re.search(r"Join: \S+/j/(\w+)", self.output)
        if join:
            self.code = join.group(1)
        self._wait_listening()
        return self

    def _wait_listening(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not listen in time")

    def kill(self):
        """SIGKILL: no chance to flush or say goodbye, as a crash or a pulled plug."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def make_server(tmp_path):
    servers = []

    def make(script="sessions/trust.yaml", **kwargs):
        server = Server(tmp_path, ROOT / script if script else None, **kwargs)
        servers.append(server)
        return server.start()
    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def server(make_server):
    return make_server()


@pytest.fixture(params=["eventlet", "gevent"])
def runtime_server(request, make_server):
    """The server under each supported runtime: the suite stays green on both."""
    return make_server(async_mode=request.param)
