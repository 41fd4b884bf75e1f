"""Limits that belong to a person or an address, never to a connection, against a running
server with small limits. Each attack comes with a control that succeeds first."""
from __future__ import annotations

import time

import pytest
import socketio

from conftest import ROOT, Server
from workshop.client import Phone, Screen, ServerRefused
from workshop.config import Config

JOINS_BURST, GUESSES_BURST, SCREEN_BURST = 4, 3, 5


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {"WORKSHOP_JOINS_BURST": str(JOINS_BURST), "WORKSHOP_JOINS_PER_SECOND": "0.01",
           "WORKSHOP_SESSION_CODE_GUESSES": f"{GUESSES_BURST} per hour",
           "WORKSHOP_SCREEN_SYNCS_BURST": str(SCREEN_BURST),
           "WORKSHOP_SCREEN_SYNCS_PER_SECOND": "0.01"}
    server = Server(tmp_path_factory.mktemp("limits"), ROOT / "sessions/trust.yaml", env=env)
    yield server.start()
    server.stop()
    log = server.log.read_text()
    assert "Traceback" not in log, log[-3000:]


def test_a_participants_budget_survives_reconnecting(server):
    phone = Phone(server.url, server.code).connect()
    phone.join()                                            # one of the address's joins
    acks = [phone.call("sync", {}, raw=True) for _ in range(30)]
    assert acks[0]["ok"]                                    # control: answered at first
    assert acks[-1]["error"] == "too_fast"
    phone.disconnect()
    left = time.monotonic()
    again = Phone(server.url, server.code, token=phone.token)
    try:
        again.connect()                                     # connect's own sync
        answered = 1
    except ServerRefused as refused:
        assert refused.ack["error"] == "too_fast"
        answered = 0
    answered += sum(bool(again.call("sync", {}, raw=True).get("ok")) for _ in range(12))
    # Only what the person's own budget refilled meanwhile (5 a second), not the burst of 12 a
    # new connection would get if the budget were the connection's.
    refilled = (time.monotonic() - left) * Config.COMMANDS_PER_SECOND
    assert answered <= int(refilled) + 1, (answered, refilled)
    again.disconnect()


def test_joining_is_limited_per_address_but_a_participant_keeps_their_own_budget(server):
    # Each new participant costs the address one join; the test above spent one.
    joined, refused = [], None
    for _ in range(JOINS_BURST):
        phone = Phone(server.url, server.code)
        try:
            phone.connect()
            phone.join()
            joined.append(phone)
        except ServerRefused as exc:
            refused = exc.ack
            phone.disconnect()
            break
    assert joined                                            # control: the first ones join
    assert refused and refused["error"] == "too_fast"
    # The address is spent, but those who joined are people with their own budget.
    assert joined[0].call("sync", {}, raw=True)["ok"]
    for phone in joined:
        phone.disconnect()


def test_guessing_session_codes_is_limited_per_address(server):
    def connect(code):
        client = socketio.Client(reconnection=False)
        said = []
        client.on("connect_error", lambda data: said.append(str(data)), namespace="/screen")
        try:
            client.connect(server.url, namespaces=["/screen"], auth={"code": code},
                           transports=["websocket"], wait_timeout=5)
            return "connected"
        except socketio.exceptions.ConnectionError:
            return " ".join(said)
        finally:
            client.disconnect()
    answers = [connect(f"ZZZZ{i}") for i in range(GUESSES_BURST + 1)]
    assert all("ZZZZ" in a for a in answers[:GUESSES_BURST])    # control: each told "no such"
    assert "Slow down" in answers[-1] and "ZZZZ" not in answers[-1]


def test_the_screens_sync_is_limited(server):
    screen = Screen(server.url, server.code).connect()         # its first sync
    try:
        acks = [screen.call("sync", {}, raw=True) for _ in range(SCREEN_BURST + 2)]
        assert acks[0]["ok"]                                    # control
        assert acks[-1]["error"] == "too_fast"
    finally:
        screen.disconnect()

