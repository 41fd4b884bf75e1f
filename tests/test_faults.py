"""Faults of the store, against real server processes: every command gets an answer within 5 s
(ok, or try_again in the participant's language), nothing unstored is applied, nothing
acknowledged is lost, one line in the log per incident, and the server recovers by itself.

The disk: the SQLite file on a small tmpfs of its own, filled up and freed again (needs root
and mount; skipped where the machine does not allow it). PostgreSQL: a cluster of the
test's own (initdb, skipped where PostgreSQL's programs are not installed), restarted while
phones vote, so no other test's database goes away.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from conftest import ROOT, Server, free_port
from conftest import postgres_database as own_postgres_database  # (the fixture below has its name)
from workshop.client import Host, Phone, ServerRefused, new_cid
from workshop.config import Config
from workshop.script import load_script

ANSWER_WITHIN = 5.0      # seconds: the promise


def timed(call):
    """(the acknowledgement, seconds it took); a refusal is an acknowledgement too."""
    began = time.monotonic()
    try:
        ack = call()
    except ServerRefused as refused:
        ack = refused.ack
    return ack, time.monotonic() - began


class Room:
    """A console and phones at a scale poll (answers 1 to 5) of the server's script."""

    def __init__(self, server, script, phones=6):
        self.server = server
        self.steps = load_script(script).steps
        self.poll = next(s for s in self.steps if s.kind == "poll" and s.type == "scale")
        self.host = Host(server.url, server.code, server.token, timeout=ANSWER_WITHIN).connect()
        self.phones = [Phone(server.url, server.code, timeout=ANSWER_WITHIN).connect()
                       for _ in range(phones)]
        for phone in self.phones:
            phone.join()
        self.acked = {}          # phone index -> the answer the server said it kept

    def at_poll(self):
        self.host.jump(self.steps.index(self.poll))

    def vote(self, i, answer):
        step = self.poll
        ack, took = timed(lambda: self.phones[i].call(
            "vote", {"cid": new_cid(), "step": step.id, "answer": answer}, raw=True))
        assert took < ANSWER_WITHIN, (i, took)
        assert isinstance(ack, dict) and "ok" in ack, ack
        if ack["ok"]:
            self.acked[i] = answer
        else:
            assert ack["error"] == "try_again" and ack["message"], ack
        return ack

    def close(self):
        for client in (self.host, *self.phones):
            client.disconnect()


# --- the disk ------------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)],
                             capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def fill(disk: Path) -> Path:
    """A file that takes every free byte of the disk."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as out:
        for size in (65536, 512):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError:
                pass
    return filler


def incidents(server) -> list[str]:
    return [line for line in server.log.read_text().splitlines()
            if "cannot be written" in line]


def test_a_full_disk_gets_try_again_and_the_server_recovers(small_disk, tmp_path):
    script = ROOT / "sessions/vertrouwen.yaml"       # Dutch: the refusal must be Dutch too
    server = Server(tmp_path, script, database=f"sqlite:///{small_disk / 'workshop.db'}").start()
    room = Room(server, script)
    try:
        room.at_poll()
        assert room.vote(0, 1)["ok"]                          # control: stored and counted

        filler = fill(small_disk)
        refused = [room.vote(i, 2) for i in range(1, 6)]
        assert all(not ack["ok"] for ack in refused), refused
        assert refused[0]["message"] == "Niet opgeslagen. Probeer het nog eens."   # Dutch script
        ack, took = timed(lambda: room.host.call("close_poll", {"cid": new_cid(),
                                                                "step": room.poll.id}, raw=True))
        assert took < ANSWER_WITHIN and ack["error"] == "try_again", ack    # the console too
        view = room.host.sync()
        assert view["results"]["answered"] == 1, "nothing unstored is counted"
        page = requests.get(f"{server.url}/host", params={"token": server.token}, timeout=5,
                            allow_redirects=False)              # a login is a write too
        assert page.status_code == 503 and "Not saved: please try again." in page.text

        filler.unlink()                                       # space again: it recovers
        assert all(room.vote(i, 3)["ok"] for i in range(1, 6))

        assert room.vote(0, 5)["ok"]
        assert room.host.sync()["results"]["answered"] == 6

        # One line per incident, no traceback; and what was acknowledged survives a restart.
        server.kill()
        log = server.log.read_text()
        assert "Traceback" not in log, log[-2000:]
        assert len(incidents(server)) == 1, incidents(server)
        assert log.count("can be written again") == 1
        server.start(with_script=False)
        for i, phone in enumerate(room.phones):
            phone.wait_for(lambda v: phone.sio.connected, timeout=20)
            mine = phone.sync()
            assert mine["me"]["answers"].get(room.poll.id) == room.acked.get(i), i
    finally:
        room.close()
        server.stop()


# --- PostgreSQL restarted ------------------------------------------------------------------------

def postgres_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class Cluster:
    """A PostgreSQL of the test's own, run by the postgres user (it refuses to run as root)."""

    def __init__(self):
        # Not under pytest's tmp folder: only root may enter that, and this runs as postgres.
        self.dir = Path(tempfile.mkdtemp(prefix="workshop-pg-"))
        self.port = free_port()
        self.url = f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/postgres"
        shutil.chown(self.dir, "postgres")
        self.as_postgres(postgres_bin("initdb"), "-D", str(self.dir), "-A", "trust",
                         "-U", "postgres", "--no-sync")
        self.pg_ctl("start", "-w")

    def as_postgres(self, *args):
        command = list(args) if os.geteuid() else ["runuser", "-u", "postgres", "--", *args]
        subprocess.run(command, check=True, capture_output=True, cwd=self.dir)

    def pg_ctl(self, *args):
        self.as_postgres(postgres_bin("pg_ctl"), "-D", str(self.dir), "-l",
                         str(self.dir / "log"), "-o", f"-p {self.port} -k {self.dir} "
                         "-c fsync=off", *args)

    def stop(self):
        self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def cluster():
    if not postgres_bin("initdb") or not postgres_bin("pg_ctl"):
        pytest.skip("PostgreSQL's programs are not installed")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("as root, PostgreSQL needs runuser to run as postgres")
    pytest.importorskip("psycopg2")
    cluster = Cluster()
    yield cluster
    cluster.stop()


def once_allowed(call, within=5.0):
    """call(), asked again while the server answers too_fast: a voter of the test spent their
    budget (COMMAND_BURST, refilled at COMMANDS_PER_SECOND), which comes back a command at a
    time (a refused command changes nothing)."""
    deadline = time.monotonic() + within
    while True:
        try:
            return call()
        except ServerRefused as refused:
            if refused.ack.get("error") != "too_fast" or time.monotonic() > deadline:
                raise
            time.sleep(1 / Config.COMMANDS_PER_SECOND)


def test_a_postgres_restart_gets_answers_and_needs_no_server_restart(cluster, tmp_path):
    script = ROOT / "sessions/trust.yaml"
    server = Server(tmp_path, script, database=cluster.url).start()
    room = Room(server, script)
    stop, answers = threading.Event(), []

    def keep_voting(i):
        n = 0
        while not stop.is_set():
            answers.append(room.vote(i, 1 + n % 5))
            n += 1
            time.sleep(0.05)      # faster than a person's budget: some are too_fast, which is fine
    try:
        room.at_poll()
        assert room.vote(0, 1)["ok"]                            # control
        voters = [threading.Thread(target=keep_voting, args=(i,)) for i in range(4)]
        for voter in voters:
            voter.start()
        time.sleep(0.3)
        cluster.pg_ctl("restart", "-m", "immediate", "-w")      # as a crash of the database
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:                      # until votes are stored again
            if answers and answers[-1]["ok"] and sum(a["ok"] for a in answers[-8:]) == 8:
                break
            time.sleep(0.1)
        stop.set()
        for voter in voters:
            voter.join(10)
        assert answers[-1]["ok"], answers[-5:]
        refused = [a for a in answers if a.get("error") == "try_again"]
        print(f"\n{len(answers)} votes during the restart, {len(refused)} answered try_again")
        assert refused, "the restart reached the server: some votes could not be stored"
        assert {a.get("error") for a in answers if not a["ok"]} <= {"try_again", "too_fast"}
        # Every vote sent had its answer within 5 s (room.vote checks), and the last stored
        # vote of each phone is what the console counts.
        view = room.host.sync()
        assert view["results"]["answered"] == len(room.acked)
        for i, answer in room.acked.items():
            assert once_allowed(room.phones[i].sync)["me"]["answers"][room.poll.id] == answer
        assert "Traceback" not in server.log.read_text()
    finally:
        stop.set()
        room.close()
        server.stop()


# --- the message queue away ----------------------------------------------------------------------

class OwnRedis:
    """A redis-server of the test's own on a free port: stopping it stops nobody else's."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = folder
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([shutil.which("redis-server"), "--port", str(self.port),
                                      "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                      "--dir", str(self.folder)], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import socket
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def postgres_database():
    """A database of its own on the machine's PostgreSQL (several processes need one)."""
    with own_postgres_database("workshop_faults_") as url:
        yield url


def test_after_a_message_queue_outage_every_phone_catches_up(postgres_database, tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    redis = OwnRedis(tmp_path).start()
    args = ["--message-queue", redis.url]
    a = Server(tmp_path, ROOT / "sessions/trust.yaml", database=postgres_database, name="a",
               extra_args=args).start()
    b = Server(tmp_path, None, database=postgres_database, name="b", extra_args=args)
    b.start(with_script=False)
    host = Host(a.url, a.code, a.token).connect()
    phones = [Phone(server.url, a.code).connect() for server in (a, b, b, a)]
    try:
        for phone in phones:
            phone.join()
        host.next()
        first = host.view["step"]["id"]
        for phone in phones:                                   # control: all on the step
            phone.wait_for(lambda v: v["step"] and v["step"]["id"] == first)

        redis.stop()
        moved = host.next()                                    # stored; the emit is lost
        assert moved["ok"]
        second = host.sync()["step"]["id"]
        assert second != first
        stale = [p.view["step"]["id"] for p in phones[1:3]]
        assert stale == [first, first], "during the outage b's phones cannot hear of it"
        back = time.monotonic()
        redis.start()
        for phone in phones:
            phone.wait_for(lambda v: v["step"] and v["step"]["id"] == second, timeout=10)
        print(f"\nevery phone on the new step {time.monotonic() - back:.1f} s after Redis was back")
        for server in (a, b):
            assert "Traceback" not in server.log.read_text()
    finally:
        for client in (host, *phones):
            client.disconnect()
        a.stop(), b.stop()
        redis.stop()


# --- SIGKILL in the middle of a burst ------------------------------------------------------------

def test_sigkill_in_a_burst_loses_nothing_acknowledged(tmp_path):
    """Phones vote as fast as they may while the server is killed: every phone's stored vote is
    its last acknowledged one or one it sent after it; re-sent with the same cid after the
    restart, nothing counts twice."""
    script = ROOT / "sessions/trust.yaml"
    server = Server(tmp_path, script).start()
    room = Room(server, script, phones=12)
    sent = {i: [] for i in range(len(room.phones))}     # (cid, answer, acknowledged ok)
    stop = threading.Event()

    def burst(i):
        n = 0
        while not stop.is_set():
            cid, answer = new_cid(), 1 + (i + n) % 5
            sent[i].append([cid, answer, False])
            try:
                ack = room.phones[i].call("vote", {"cid": cid, "step": room.poll.id,
                                                   "answer": answer}, raw=True)
                sent[i][-1][2] = bool(ack.get("ok"))
            except Exception:       # the connection died under it: no answer, no promise
                return
            n += 1
            time.sleep(0.25)        # a person's pace: under the budget of 5 a second
    try:
        room.at_poll()
        voters = [threading.Thread(target=burst, args=(i,)) for i in range(len(room.phones))]
        for voter in voters:
            voter.start()
        # Mid-burst: once every phone has had two votes acknowledged (about half a second).
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and \
                not all(sum(ok for _, _, ok in mine) >= 2 for mine in sent.values()):
            time.sleep(0.05)
        server.kill()
        stop.set()
        for voter in voters:
            voter.join(15)
        server.start(with_script=False)
        for i, phone in enumerate(room.phones):
            phone.wait_for(lambda v: phone.sio.connected, timeout=20)
            stored = phone.sync()["me"]["answers"].get(room.poll.id)
            acked = [k for k, (_, _, ok) in enumerate(sent[i]) if ok]
            assert acked, f"phone {i} had no vote acknowledged before the kill"
            allowed = {answer for _, answer, _ in sent[i][acked[-1]:]}
            assert stored in allowed, (i, stored, sent[i][acked[-1]:])
            # The last vote re-sent with its own cid (its acknowledgement may have been lost).
            cid, answer, _ = sent[i][-1]
            again = phone.call("vote", {"cid": cid, "step": room.poll.id, "answer": answer},
                               raw=True)
            assert again["ok"], again
        room.host.wait_for(lambda v: room.host.sio.connected, timeout=20)
        view = room.host.sync()
        assert view["results"]["answered"] == len(room.phones)     # each phone counts once
    finally:
        stop.set()
        room.close()
        server.stop()
