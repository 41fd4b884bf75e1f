"""Fixtures that run the real server, as `workshop serve` does, in a subprocess."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = str(Path(sys.executable).parent / "workshop")
ASYNC_MODE = os.environ.get("WORKSHOP_TEST_ASYNC_MODE", "eventlet")


def verb(*args, ok=True):
    """A `workshop` verb that needs no server of its own (export, import, report, sessions,
    facilitator add), run in-process through click: the same command code, without a second
    of interpreter start-up per call. `returncode`, `stdout` and `stderr` as from a subprocess."""
    from click.testing import CliRunner

    from workshop import cli
    done = CliRunner().invoke(cli.main, [str(a) for a in args])
    if done.exception and not isinstance(done.exception, SystemExit):
        raise done.exception
    done.returncode = done.exit_code
    if ok:
        assert done.returncode == 0, done.stderr
    return done


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

    def new_session(self, script: str | Path = "trust.yaml") -> "Session":
        """A new live session on this running server, started the way a facilitator does:
        the printed link logs in, the home page's form starts the script. A script outside
        the server's sessions folder (WORKSHOP_SESSIONS_DIR) is copied into it first."""
        script = Path(script)
        folder = Path(self.env.get("WORKSHOP_SESSIONS_DIR", ROOT / "sessions"))
        if script.parent != Path(".") and script.parent.resolve() != folder.resolve():
            shutil.copy(script, folder / script.name)
        web = requests.Session()
        home = web.get(f"{self.url}/host", params={"token": self.token})
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
        assert csrf, home.text[:300]
        started = web.post(f"{self.url}/host/start",
                           data={"csrf_token": csrf.group(1), "script": script.name})
        code = re.search(r"/host/(\w+)$", started.url)
        # (A script the check refuses leaves the facilitator on /host/start, with the errors.)
        assert code and code.group(1) != "start", (started.status_code, started.url,
                                                  started.text[:300])
        return Session(self, code.group(1))

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


class Session:
    """One live session on a shared server: its own code, the server's url, token and files."""

    def __init__(self, server: Server, code: str):
        self.server, self.code = server, code

    def __getattr__(self, name):
        return getattr(self.server, name)


def shared_server(tmp: Path, async_mode: str = ASYNC_MODE, env=None) -> Server:
    """A server with no session of its own, whose sessions folder tests may add scripts to."""
    folder = tmp / "sessions"
    shutil.copytree(ROOT / "sessions", folder)
    return Server(tmp, None, async_mode=async_mode, name=f"shared-{async_mode}",
                  env={"WORKSHOP_SESSIONS_DIR": str(folder), **(env or {})})


@pytest.fixture(scope="module")
def room_servers(tmp_path_factory):
    """One running server per runtime for the whole module, started when first asked for:
    each test starts its own session on it (`session`, `runtime_session`), so a module pays
    for a server once. Tests that kill or restart a server take their own (`make_server`)."""
    servers = {}

    def get(async_mode=ASYNC_MODE):
        if async_mode not in servers:
            tmp = tmp_path_factory.mktemp(f"room-{async_mode}")
            servers[async_mode] = shared_server(tmp, async_mode).start()
        return servers[async_mode]
    yield get
    for server in servers.values():
        server.stop()


@pytest.fixture
def session(room_servers):
    """A new session of the default script on the module's shared server."""
    return room_servers().new_session("trust.yaml")


@pytest.fixture(params=["eventlet", "gevent"])
def runtime_session(request, room_servers):
    """A function that starts a session of a script on the module's server of each runtime."""
    return lambda script="trust.yaml": room_servers(request.param).new_session(script)


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


POSTGRES = os.environ.get("WORKSHOP_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1/test")


@contextmanager
def postgres_database(prefix="workshop_"):
    """A database of its own on the machine's PostgreSQL, dropped afterwards; the test is
    skipped where there is no PostgreSQL. Its URL."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    try:
        admin = sqlalchemy.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        admin.connect().close()
    except Exception as exc:
        pytest.skip(f"no PostgreSQL at {POSTGRES}: {exc}")
    name = prefix + os.urandom(4).hex()
    with admin.connect() as db:
        db.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield POSTGRES.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as db:
            db.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
