"""Bad input on the wire, against the real server: refused connections, a payload over the
buffer limit, packets no client library would send, and the language of an error message.

One server serves the whole module (each case gets its own phone); its log must end without
a traceback.
"""
from __future__ import annotations

import threading

import pytest
import socketio
from babel.messages.pofile import read_po

from conftest import ROOT, Server
from refusals import assert_error, at, send, world
from workshop.client import Host, Phone, Screen, new_cid

WRONG_CODE = "NOPE1"            # 1 is not in the code alphabet: never a real session


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("bad-wire"), ROOT / "sessions/trust.yaml").start()
    yield server
    server.stop()
    log = server.log.read_text()
    assert "Traceback" not in log, log[-3000:]


@pytest.fixture(scope="module")
def host(live):
    client = Host(live.url, live.code, live.token).connect()
    yield client
    client.disconnect()


@pytest.fixture(scope="module")
def screen(live):
    client = Screen(live.url, live.code).connect()
    yield client
    client.disconnect()


@pytest.fixture
def connect_phone(live):
    phones = []

    def connect():
        phone = Phone(live.url, live.code).connect()
        phones.append(phone)
        phone.join()
        return phone
    yield connect
    for phone in phones:
        phone.disconnect()


# --- connections that are refused -----------------------------------------------------------

def refused_connection(client) -> str:
    """Connect and expect a refusal; return the message the server gave with it."""
    errors = []
    client.sio.on("connect_error", errors.append, namespace=client.namespace)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect()
    client.sio.disconnect()
    assert errors and isinstance(errors[0], dict), errors
    message = errors[0].get("message")
    assert isinstance(message, str) and message.strip()
    return message


def test_a_phone_with_a_wrong_code_is_refused(live, host):
    message = refused_connection(Phone(live.url, WRONG_CODE, timeout=5))
    assert WRONG_CODE in message and "no session" in message
    host.sync()                                          # the server is fine


def test_a_phone_with_a_malformed_token_is_refused(live, host):
    refused_connection(Phone(live.url, live.code, token="short", timeout=5))
    host.sync()


def test_a_screen_with_a_wrong_code_is_refused(live, host):
    assert WRONG_CODE in refused_connection(Screen(live.url, WRONG_CODE, timeout=5))
    host.sync()


@pytest.mark.parametrize("token", ["wrong-token", "", None])
def test_a_host_with_a_wrong_token_is_refused(live, host, token):
    message = refused_connection(Host(live.url, live.code, token, timeout=5))
    assert message == "You may not do that."
    host.sync()


def test_a_host_with_a_wrong_code_is_refused(live):
    assert WRONG_CODE in refused_connection(Host(live.url, WRONG_CODE, live.token, timeout=5))


def test_a_payload_over_the_buffer_limit_drops_only_that_connection(live, host, screen,
                                                                    connect_phone):
    at(host, "safe-moment")
    big, other = connect_phone(), connect_phone()
    dropped = threading.Event()
    big.sio.on("disconnect", lambda *_: dropped.set(), namespace="/phone")
    before = world(host, screen)
    big.sio.emit("reflect", {"cid": new_cid(), "step": "safe-moment", "text": "x" * 100_000},
                 namespace="/phone")
    assert dropped.wait(5), "the server should drop a connection that sends over 64 KB"
    assert live.proc.poll() is None
    assert world(host, screen) == before
    # everyone else carries on
    rid = other.reflect("safe-moment", "still here")["reflection"]["id"]
    assert {"id": rid, "text": "still here"} in screen.sync()["wall"]
    assert all(len(r["text"]) <= 500 for r in host.sync()["queue"])


def raw_phone(live):
    """A phone's socket.io connection by hand, to send what no client library would."""
    import json

    import websocket
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{live.port}/socket.io/?EIO=4&transport=websocket", timeout=5)
    ws.recv()                                                    # engine.io open
    ws.send("40/phone," + json.dumps({"code": live.code, "token": new_cid() * 2}))
    assert ws.recv().startswith("40/phone,")
    return ws


@pytest.mark.parametrize("body", [
    "[" * 30_000 + "]" * 30_000,                                 # deep: under the buffer limit
    '{"cid": "x", "step": ' + "[" * 20 + "]" * 20 + "}",
    '{"cid": "x", "step": "safe-moment", "text": "unterminated',  # not JSON at all
], ids=["30,000 levels deep", "20 levels deep in a field", "not JSON"])
def test_a_malformed_packet_gets_bad_request(live, host, screen, body):
    ws = raw_phone(live)
    try:
        # Control: a well-formed packet on the same connection is answered as usual.
        ws.send('42/phone,1["sync",{}]')
        assert '"ok":true' in ws.recv()
        ws.send(f'42/phone,2["reflect",{body}]')
        ack = ws.recv()
        assert ack.startswith("43/phone,2") and '"error":"bad_request"' in ack, ack[:200]
    finally:
        ws.close()


# Every event name is answered, on every runtime: the names python-socketio keeps for itself
# (`connect`, `disconnect`, `*`), names that are no string, and event data that is no list.
# What no client library sends, so by hand; the in-process cases are in test_bad_input.py.
WIRE_NAMES = [
    ('["disconnect"]', "unknown_event"),
    ('["connect",null,{"code":"NOPE1","token":"0123456789abcdef0123"}]', "unknown_event"),
    ('["*","sync",{}]', "unknown_event"),
    ('[7,{"cid":"n1"}]', "bad_request"),
    ('[["sync"],{}]', "bad_request"),
    ('[{"event":"sync"}]', "bad_request"),
    ('[]', "bad_request"),
    ('{"0":"sync"}', "bad_request"),
    ('', "bad_request"),
]


@pytest.fixture(params=["eventlet", "gevent", "threading"])
def any_runtime(request, live, room_servers):
    """A session on this module's server (eventlet), or on one of another runtime."""
    return live if request.param == live.async_mode else \
        room_servers(request.param).new_session("trust.yaml")


def ack_of(ws, n: int) -> str:
    """The acknowledgement with id n, past the pushes (and pings) that come first."""
    while True:
        received = ws.recv()
        if received == "2":                                      # engine.io ping
            ws.send("3")
        elif received.startswith(f"43/phone,{n}["):
            return received
        else:
            assert received.startswith("42/phone,"), received[:200]   # a push: skipped


def test_every_event_name_is_answered_on_every_runtime(any_runtime):
    import websocket
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{any_runtime.port}/socket.io/?EIO=4&transport=websocket", timeout=5)
    try:
        ws.recv()                                                # engine.io open
        ws.send("40")                                            # the default namespace, "/"
        assert ws.recv().startswith("44"), "no namespace of ours: refused, not left unanswered"
    finally:
        ws.close()
    ws = raw_phone(any_runtime)
    try:
        ws.send('42/phone,1["join",{"cid":"j1","name":"Wire"}]')
        assert '"ok":true' in ack_of(ws, 1)
        for n, (data, code) in enumerate(WIRE_NAMES, start=2):
            ws.send(f"42/phone,{n}{data}")
            assert f'"error":"{code}"' in ack_of(ws, n), data
        # Still connected, still the participant that joined: no lifecycle handler ran.
        ws.send('42/phone,99["sync",{}]')
        ack = ack_of(ws, 99)
        assert '"ok":true' in ack and '"name":"Wire"' in ack, ack[:300]
    finally:
        ws.close()
    assert "Traceback" not in any_runtime.log.read_text()


REPLAY_APP = """
import tempfile
from workshop.extensions import socketio
from workshop.realtime import wire
from workshop.training.replay_app import create_replay_app
create_replay_app({"DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/workshop.db",
                   "ASYNC_MODE": "threading"})
assert socketio.server.packet_class is wire.Packet, socketio.server.packet_class
assert socketio.server.namespaces == ["/replay"], socketio.server.namespaces
"""


def test_the_replay_app_reads_packets_as_the_live_one():
    # `workshop replay` makes an app of its own (a process of its own here: a second app in
    # this one would take the shared SocketIO's server from the first).
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", REPLAY_APP], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]


# --- the session's language -----------------------------------------------------------------

def test_errors_speak_the_session_language(live):
    dutch_session = live.new_session("vertrouwen.yaml")
    phone = Phone(live.url, dutch_session.code).connect()
    try:
        phone.join()
        assert phone.view["language"] == "nl"
        ack = send(phone, "vote", "not a dict")
        assert_error(ack, "bad_request")
        # The Dutch the translators wrote (the .po source, not the compiled catalogue the
        # server reads: an uncompiled or stale catalogue must fail here, not pass in English).
        with open(ROOT / "workshop/translations/nl/LC_MESSAGES/messages.po", "rb") as po:
            dutch = read_po(po)["That request was not understood."].string
        assert dutch and dutch != "That request was not understood."
        assert ack["message"] == dutch
    finally:
        phone.disconnect()
