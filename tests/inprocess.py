"""The product's app and socket handlers in the test's own process: `workshop.client`'s Phone,
Screen and Host over Flask-SocketIO's test client instead of a socket.

For refusal, validation and view cases, which need the real handlers, hub and store but no
server process: a case costs milliseconds, not a server. What only a real server shows (the
wire, reconnects, SIGKILL, the runtimes, several processes, the browser) stays with it.
"""
from __future__ import annotations

import logging
import time
from contextlib import contextmanager

import socketio

# The handler modules, imported before any app is made: Flask-SocketIO then keeps their
# handlers for the server of every app made later in this process (see test_push_coalescing).
from workshop.realtime import host, pairs, phone, questions, screen  # noqa: F401
from workshop.training import replay_ns  # noqa: F401
from workshop import client
from workshop.app import create_app
from workshop.extensions import socketio as server_side
from workshop.training import replay_client

HOST_TOKEN = "in-process-host-token"


def make_app(database: str, **config):
    """The app as `workshop serve` makes it, on the threading runtime, without the pair clock
    (tests of the clock call it with a chosen time)."""
    return create_app({"DATABASE_URL": database, "PUBLIC_URL": "http://in-process",
                       "ASYNC_MODE": "threading", "PAIR_CLOCK": False,
                       "HOST_TOKEN": HOST_TOKEN, **config})


class TestSocket:
    """What `workshop.client.Client` uses of python-socketio's Client, over the test client."""

    def __init__(self, app, handlers):
        self.app, self.handlers = app, handlers
        self.test_client = None
        self.namespace = None

    @property
    def connected(self):
        return bool(self.test_client and self.test_client.is_connected(self.namespace))

    def connect(self, url, namespaces, auth, transports=None, wait_timeout=None):
        self.namespace = namespaces[0]
        self.test_client = server_side.test_client(self.app, namespace=self.namespace, auth=auth)
        if not self.connected:
            raise socketio.exceptions.ConnectionError("the server refused the connection")

    def disconnect(self):
        if self.connected:
            self.test_client.disconnect(self.namespace)

    def on(self, event, handler, namespace=None):
        self.handlers.setdefault(namespace or "/", {})[event] = handler

    def call(self, event, data=None, namespace=None, timeout=None):
        # As python-socketio: a tuple is the list of arguments, None no argument at all.
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        ack = self.test_client.emit(event, *args, namespace=namespace, callback=True)
        self.deliver()
        return ack

    def emit(self, event, data=None, namespace=None, callback=None):
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        ack = self.test_client.emit(event, *args, namespace=namespace,
                                    callback=callback is not None)
        # On the wire what a handler pushed comes before its acknowledgement.
        self.deliver()
        if callback is not None:
            callback(ack)

    def raw(self, packet: str, *attachments: bytes):
        """Hand the server one socket.io packet as it came off the wire (`2/phone,7[1,{}]`: an
        event with ack id 7), and its binary attachments: what no client library would send.
        The arguments of the acknowledgement, or None when there was none."""
        test_client = self.test_client
        server = test_client.socketio.server
        test_client.acks = None
        server._handle_eio_message(test_client.eio_sid, packet)
        for attachment in attachments:
            server._handle_eio_message(test_client.eio_sid, attachment)
        ack, test_client.acks = test_client.acks, None
        self.deliver()
        return None if ack is None else ack["args"]

    def deliver(self):
        """Hand what the server sent this client to its handlers, as a socket would. Popped
        one at a time: a push from a background task may be appended meanwhile."""
        queue = self.test_client.queue
        while queue:
            message = queue.pop(0)
            handler = self.handlers.get(message["namespace"], {}).get(message["name"])
            if handler:
                handler(*message["args"])

    def start_background_task(self, fn, *args):
        fn(*args)


class InProcess:
    """Mixed into a client class: the same commands and views, over a TestSocket."""

    app = None

    def __init__(self, *args, **kwargs):
        super().__init__("http://in-process", *args, **kwargs)
        self.sio = TestSocket(self.app, self.sio.handlers)

    def wait_for(self, predicate, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            self.sio.deliver()
            if self.view is not None and predicate(self.view):
                return self.view
            if time.monotonic() > deadline:
                raise TimeoutError(f"{type(self).__name__} waited in vain; view: {self.view!r:.500}")
            time.sleep(0.01)


class Room:
    """An app in this process with its sessions: clients by code, the host's token kept."""

    def __init__(self, app):
        self.app = app
        self.hub = app.extensions["workshop.hub"]
        self.Phone = type("Phone", (InProcess, client.Phone), {"app": app})
        self.Screen = type("Screen", (InProcess, client.Screen), {"app": app})
        self.Host = type("Host", (InProcess, client.Host), {"app": app})
        self.ReplayConsole = type("ReplayConsole", (InProcess, replay_client.ReplayConsole),
                                  {"app": app})
        self.ReplayScreen = type("ReplayScreen", (InProcess, replay_client.ReplayScreen),
                                 {"app": app})

    def start(self, script="sessions/trust.yaml") -> str:
        return self.hub.start(script, "local").code

    def host(self, code, token=HOST_TOKEN):
        return self.Host(code, token)

    def screen(self, code):
        return self.Screen(code)

    def phone(self, code, **kwargs):
        return self.Phone(code, **kwargs)

    def replay_console(self, code, token=HOST_TOKEN):
        """The replay (/replay) of a session of the store, as its facilitator's console."""
        return self.ReplayConsole(code, token)

    def replay_screen(self, code, token=HOST_TOKEN):
        return self.ReplayScreen(code, token)


@contextmanager
def errors_logged():
    """Every log record at ERROR or above while inside: a handler's traceback is one."""
    records = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield records
    finally:
        root.removeHandler(handler)
