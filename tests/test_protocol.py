"""The command table (workshop/protocol.py): both clients send every command of it, each the same
payload, and every command of it is an event the server handles — and no handled event is
missing from it."""
from __future__ import annotations

import asyncio
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

from workshop import aclient, client, protocol
from workshop.protocol import COMMANDS, HOST, PHONE, SCREEN

ROOT = Path(__file__).resolve().parents[1]
CLASSES = {PHONE: "Phone", SCREEN: "Screen", HOST: "Host"}
# Handlers every namespace has that no client sends as a command.
NOT_COMMANDS = {"connect", "disconnect", "*"}

# The app's handlers, from a process of its own: Flask-SocketIO registers the handlers, when
# their modules are first imported, with the server of the app being made, so a second app in
# one process (another test's) would have none.
HANDLERS = """
import json, sys, tempfile
from workshop.app import create_app
from workshop.extensions import socketio
create_app({"DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/workshop.db", "HOST_TOKEN": "t",
            "PAIR_CLOCK": False, "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None})
json.dump({ns: sorted(events) for ns, events in socketio.server.handlers.items()}, sys.stdout)
"""


@pytest.fixture(scope="module")
def handlers() -> dict:
    done = subprocess.run([sys.executable, "-c", HANDLERS], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def args_for(command):
    """Arguments for the method of `command`: each parameter gets its own name as its value."""
    positional = [f"<{p.name}>" for p in command.params if not p.many]
    many = [f"<{p.name}:{n}>" for p in command.params if p.many for n in (1, 2)]
    return positional + many


def expected_payload(command, cid):
    data = {"cid": cid} if command.cid else {}
    for p in command.params:
        data[p.key] = [f"<{p.name}:1>", f"<{p.name}:2>"] if p.many else f"<{p.name}>"
    return data


ACK = {"ok": True, "view": {"me": {"couple": {"code": "ABCD"}}},
       "me": {"couple": {"code": "ABCD"}}}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: f"{c.namespace}:{c.event}")
def test_both_clients_send_each_command_with_the_same_payload(command):
    sent = {}
    for module in (client, aclient):
        cls = getattr(module, CLASSES[command.namespace])
        method = getattr(cls, command.method, None)
        assert method is not None, f"{module.__name__}.{cls.__name__} lacks {command.method}"
        assert getattr(method, "command", None) is command, "made from the table"
        assert inspect.iscoroutinefunction(method) == (module is aclient)

        calls = []
        token = ("t",) if command.namespace != SCREEN else ()
        instance = cls("http://127.0.0.1:9", "CODE", *token)
        if module is client:
            instance.call = lambda event, data, keep=None: calls.append((event, data, keep)) or ACK
        else:
            async def call(event, data, keep=None):
                calls.append((event, data, keep))
                return ACK
            instance.call = call
        args = args_for(command)
        cid_args = {"cid": "given-cid"} if command.cid else {}
        result = getattr(instance, command.method)(*args, **cid_args)
        if module is aclient:
            result = asyncio.run(result)
        assert result == (command.result(ACK) if command.result else ACK)
        assert calls == [(command.event, expected_payload(command, "given-cid"), command.keep)]
        sent[module.__name__] = list(calls)

        if command.cid:     # without one, each call makes a new cid
            calls.clear()
            for _ in range(2):
                again = getattr(instance, command.method)(*args)
                if module is aclient:
                    asyncio.run(again)
            cids = [data["cid"] for _, data, _ in calls]
            assert len(set(cids)) == 2 and all(isinstance(c, str) and c for c in cids)
    assert sent["workshop.client"] == sent["workshop.aclient"]


def test_every_command_of_the_table_is_handled_by_the_server(handlers):
    for command in COMMANDS:
        assert command.event in handlers.get(command.namespace, []), \
            f"the server has no {command.event!r} handler in {command.namespace}"


def test_every_event_the_server_handles_is_in_the_table(handlers):
    for namespace in CLASSES:
        events = set(handlers[namespace]) - NOT_COMMANDS
        listed = {c.event for c in COMMANDS if c.namespace == namespace}
        assert events <= listed, f"{namespace}: not in workshop/protocol.py: {events - listed}"


def test_the_table_lists_each_command_and_method_once():
    assert len({(c.namespace, c.event) for c in COMMANDS}) == len(COMMANDS)
    assert len({(c.namespace, c.method) for c in COMMANDS}) == len(COMMANDS)
    assert set(protocol.BY_EVENT) == {(c.namespace, c.event) for c in COMMANDS}


def test_a_payload_for_a_raw_send_checks_its_fields():
    vote = protocol.lookup(PHONE, "vote")
    data = vote.payload(step="s", answer=1)
    assert data["step"] == "s" and data["answer"] == 1 and data["cid"]
    assert vote.payload(step="s", answer=1, cid="mine")["cid"] == "mine"
    with pytest.raises(TypeError):
        vote.payload(step="s", anwser=1)
    assert protocol.lookup(SCREEN, "sync").payload() == {}


def test_a_client_cannot_write_a_command_method_of_its_own():
    with pytest.raises(TypeError):
        @protocol.commands(asynchronous=False)
        class Twice(client.Client):
            namespace = HOST

            def next(self):
                return self.call("next", {})
