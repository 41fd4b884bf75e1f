"""Our Python client applies what the server sends in the order it was sent, as a browser does.

python-socketio's client hands each message to a thread of its own, so two pushes close
together can be applied in either order: a console in the 30-phone walk may have kept the
step before's view over the new step's (a CI failure, rare and not reproduced at will: threads
usually start in order). Here a bare python-socketio server in a process of its own (no
product in between) sends bursts of numbered pushes; the client must handle every push on one
thread, the one that reads them, keep them in order and end on the last.
"""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
import requests

from workshop.client import Host

from conftest import free_port

BURST = 100

BARE_SERVER = """
import sys, eventlet
eventlet.monkey_patch()
import socketio
sio = socketio.Server(async_mode="eventlet")

@sio.on("connect", namespace="/host")
def connect(sid, environ, auth):
    return True

@sio.on("sync", namespace="/host")
def sync(sid, data):
    return {"ok": True, "view": {"n": -1}}

@sio.on("burst", namespace="/host")
def burst(sid, data):
    for n in range(%d):
        sio.emit("host", {"n": n}, to=sid, namespace="/host")
    return {"ok": True}

eventlet.wsgi.server(eventlet.listen(("127.0.0.1", int(sys.argv[1]))),
                     socketio.WSGIApp(sio), log_output=False)
""" % BURST


@pytest.fixture(scope="module")
def bare_server():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-W", "ignore", "-c", BARE_SERVER, str(port)])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            requests.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=1)
            break
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield url
    process.kill()
    process.wait()


class WatchedHost(Host):
    def __init__(self, *args):
        super().__init__(*args)
        self.threads = set()

    def _merge(self, data):
        self.threads.add(threading.get_ident())
        super()._merge(data)


def test_pushes_are_applied_in_the_order_they_were_sent(bare_server):
    host = WatchedHost(bare_server, "CODE", "token").connect()
    try:
        for _ in range(2):
            del host.received[:]
            host.call("burst", {})
            host.wait_for(lambda v: v["n"] == BURST - 1)
            pushed = [data["n"] for event, data in host.received if event == "host"]
            assert pushed == list(range(BURST))
            assert host.view["n"] == BURST - 1
        assert len(host.threads) == 1, "every push handled by the thread that read it"
    finally:
        host.disconnect()
