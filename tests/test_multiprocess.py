"""Several server processes behind nginx, one session: PostgreSQL holds the log, Redis fans out.

Needs PostgreSQL (127.0.0.1:5432, or WORKSHOP_TEST_POSTGRES_URL), Redis (127.0.0.1:6379, or
WORKSHOP_TEST_REDIS_URL) and Debian's nginx; skips itself where one of them is missing.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
import socketio
from limits import parse

from conftest import ROOT, Server, free_port, postgres_database
from retries import each_applied_once
from workshop.client import Host, Phone, Screen, new_cid
from workshop.config import Config
from workshop.realtime import presence
from workshop.script import load_script

PHONES = 40           # enough for both processes to hold a real share of the room
REDIS = os.environ.get("WORKSHOP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
STEPS = load_script(ROOT / "sessions/trust.yaml").steps


@pytest.fixture(scope="module")
def database():
    with postgres_database() as url:
        yield url


@pytest.fixture(scope="module")
def queue():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS).ping()
    except Exception as exc:
        pytest.skip(f"no Redis at {REDIS}: {exc}")
    return REDIS


class Proxy:
    """deploy/nginx.conf, pointed at our processes."""

    def __init__(self, tmp: Path, upstreams: list[int]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.dir = tmp / "nginx"
        (self.dir / "tmp").mkdir(parents=True)
        conf = (ROOT / "deploy/nginx.conf").read_text()
        servers = "".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n"
                          for p in upstreams)
        conf = re.sub(r"        server 127\.0\.0\.1:\d+ [^\n]*\n(        server [^\n]*\n)*", servers, conf)
        conf = conf.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{self.port};")
        (self.dir / "nginx.conf").write_text(conf)
        self.proc = subprocess.Popen([shutil.which("nginx"), "-c", str(self.dir / "nginx.conf"),
                                      "-p", str(self.dir) + "/"], stderr=subprocess.PIPE)
        for _ in range(50):
            if (self.dir / "nginx.pid").exists():
                return
            time.sleep(0.1)
        raise RuntimeError(self.proc.stderr.read().decode())

    def upstreams_of_websockets(self, ports) -> Counter:
        """Open connections from nginx to each process (nginx logs a WebSocket only at its end)."""
        established = Counter()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            port = int(local.split(":")[1], 16)
            if state == "01" and port in ports:
                established[port] += 1
        return established

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


class Cluster:
    """Two processes of one session behind nginx; `a` started the session."""

    def __init__(self, tmp: Path, database: str, queue: str):
        channel = "workshop-test-" + secrets.token_hex(4)
        env = {"WORKSHOP_QUEUE_CHANNEL": channel}
        args = ["--message-queue", queue]
        self.a = Server(tmp, ROOT / "sessions/trust.yaml", env=env, database=database, name="a",
                        extra_args=args)
        self.b = Server(tmp, None, env=env, database=database, name="b", extra_args=args)
        self.ports = [self.a.port, self.b.port]
        self.proxy = Proxy(tmp, self.ports)
        self.a.public_url = self.b.public_url = self.proxy.url
        self.a.start()
        self.b.start(with_script=False)
        self.code, self.token = self.a.code, self.a.token
        self.channel, self.queue = channel, queue

    def stop(self):
        self.proxy.stop()
        for server in (self.a, self.b):
            server.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, database, queue):
    if not shutil.which("nginx"):
        pytest.skip("Debian's nginx is not installed")
    cluster = Cluster(tmp_path_factory.mktemp("cluster"), database, queue)
    yield cluster
    cluster.stop()


def test_copies_of_a_command_on_two_processes_are_applied_once(cluster):
    each_applied_once(cluster.a.url, cluster.b.url, cluster.code, cluster.token)


def test_a_console_shows_phones_of_every_process_online_until_one_dies(cluster):
    console = Host(cluster.a.url, cluster.code, cluster.token).connect()
    phone = Phone(cluster.b.url, cluster.code).connect()
    try:
        phone.join("Carla")
        single = lambda v: next((s for s in v["singles"] if s["name"] == "Carla"), None)  # noqa: E731
        assert console.wait_for(lambda v: single(v) and single(v)["online"], timeout=5)
        seen = len(console.received)
        renewed(cluster, times=2)
        # Every view any process pushed since says the same: no dot flipping back and forth.
        assert all(single(view)["online"] for event, view in console.received[seen:]
                   if event == "host"), console.received[seen:]
        killed = time.monotonic()
        cluster.b.kill()
        console.wait_for(lambda v: not single(v)["online"],
                         timeout=presence.KEEP_SECONDS + 3 * presence.HEARTBEAT_SECONDS)
        print(f"shown offline {time.monotonic() - killed:.1f} s after its process died")
    finally:
        phone.disconnect()
        console.disconnect()
        cluster.b.start(with_script=False)


def renewed(cluster, times, timeout=10.0):
    """Once every process's presence of the session has been renewed in Redis `times` times
    (its key's time to live went back up): heartbeats that could have flipped a dot."""
    import redis
    db = redis.Redis.from_url(cluster.queue)
    pattern = f"{cluster.channel}:presence:{cluster.code}:*"
    last, renewals = {}, Counter()
    deadline = time.monotonic() + timeout
    while not (last and all(renewals[key] >= times for key in last)):
        assert time.monotonic() < deadline, (last, renewals)
        for key in db.keys(pattern):
            ttl = db.pttl(key)
            if key in last and ttl > last[key]:
                renewals[key] += 1
            last[key] = ttl
        time.sleep(0.05)


def test_wrong_couple_codes_count_on_every_process(cluster):
    on_a = Phone(cluster.a.url, cluster.code).connect()
    on_a.join("Mallory")
    on_b = Phone(cluster.b.url, cluster.code, token=on_a.token).connect()
    try:
        wrong = iter(f"ZZ{a}{b}" for a in "ZYXW" for b in "ZYXW")
        errors = []
        for _ in range(parse(Config.COUPLE_CODE_GUESSES).amount):   # control: each is tried
            errors.append(on_a.call("couple_join", {"cid": new_cid(), "couple": next(wrong)},
                                    raw=True)["error"])
        assert set(errors) == {"no_such_couple"}
        # The same person on the other process: the guesses are spent there too.
        ack = on_b.call("couple_join", {"cid": new_cid(), "couple": next(wrong)}, raw=True)
        assert ack["error"] == "too_fast"
    finally:
        on_a.disconnect()
        on_b.disconnect()


def test_two_processes_behind_nginx_count_every_vote_once(cluster):
    proxy, a = cluster.proxy, cluster.a
    clients = []
    try:
        code, token = cluster.code, cluster.token
        # Generous timeouts: two servers, nginx and the clients share this machine's two cores.
        host = Host(proxy.url, code, token, timeout=30).connect()
        screen = Screen(proxy.url, code, timeout=30).connect()
        phones = [Phone(proxy.url, code, timeout=30).connect() for _ in range(PHONES)]
        clients = [host, screen, *phones]
        for phone in phones:
            phone.join()
        spread = proxy.upstreams_of_websockets(cluster.ports)
        assert len(spread) == 2 and min(spread.values()) > PHONES / 4, spread

        index, poll = next((i, s) for i, s in enumerate(STEPS) if s.kind == "poll" and s.type == "single")
        host.jump(index)
        for phone in phones:
            phone.wait_for(lambda v: v["step"] and v["step"]["id"] == poll.id)
        answers = {i: i % len(poll.options) for i in range(PHONES)}
        for i, phone in enumerate(phones):
            phone.vote(poll.id, answers[i])
        host.show_results(poll.id)
        expect_totals(screen, poll, answers)

        a.kill()   # its phones, and perhaps the console and the screen, reconnect to b
        views = [synced(client) for client in clients]
        assert all(v["me"]["answers"][poll.id] == answers[i] for i, v in enumerate(views[2:]))
        for i, phone in enumerate(phones[: PHONES // 2]):
            answers[i] = (answers[i] + 1) % len(poll.options)
            phone.vote(poll.id, answers[i])
        expect_totals(screen, poll, answers)
        host.close_poll(poll.id)   # the console's commands work on the process that is left
        phones[0].wait_for(lambda v: v["poll"]["closed"])
    finally:
        for client in clients:
            client.disconnect()


def synced(client, timeout=30):
    """The client's view once it is connected again. A client may not have noticed yet that
    its process died: a sync sent into the dead connection is never answered, so each try
    waits a few seconds only, and it is tried until one is answered."""
    deadline = time.monotonic() + timeout
    patient, client.timeout = client.timeout, 3
    try:
        while True:
            try:
                return client.sync()
            except (socketio.exceptions.BadNamespaceError, socketio.exceptions.TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        client.timeout = patient


def expect_totals(screen, poll, answers):
    counts = [0] * len(poll.options)
    for answer in answers.values():
        counts[answer] += 1
    view = screen.wait_for(lambda v: v["results"] and v["results"]["tally"] == counts, timeout=20)
    assert view["results"]["answered"] == PHONES
