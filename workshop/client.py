"""A Python client of the socket.io protocol (docs/protocol.md): phones, screens and hosts.

Used by the tests, and by rehearsal bots and the benchmark. Every client keeps what the
server sent it (`received`), so tests can assert what an audience saw and did not see.

The command methods (`join`, `vote`, `next`, `pair_up`, …) are made from the table in
`workshop.protocol`, as are those of the asyncio client `workshop.aclient`.
"""
from __future__ import annotations

import secrets
import threading
import time

import engineio
import socketio

from .protocol import HOST, PHONE, SCREEN, ServerRefused, commands, new_cid

__all__ = ["Client", "Phone", "Screen", "Host", "ServerRefused", "new_cid"]


class _InOrderEngineIO(engineio.Client):
    """engine.io's client hands every message to a thread of its own, so two pushes that
    arrive close together were applied in either order: a console could keep the results
    push of the step before over the push of the new step, and wait for a step it had been
    sent. A browser handles messages in the order they came; so does this client (our
    handlers only store what came and never wait)."""

    def _trigger_event(self, event, *args, **kwargs):
        if event == "message":
            kwargs["run_async"] = False
        return super()._trigger_event(event, *args, **kwargs)


class _InOrderSocketIO(socketio.Client):
    def _engineio_client_class(self):
        return _InOrderEngineIO


class Client:
    namespace = "/"
    push_event = None

    def __init__(self, url: str, code: str, timeout: float = 10):
        self.url = url.rstrip("/")
        self.code = code
        self.timeout = timeout
        self.view = None
        self.connects = 0
        self.received: list[tuple[str, object]] = []
        self._changed = threading.Condition()
        self.sio = _InOrderSocketIO(reconnection=True, reconnection_delay=0.2,
                                   reconnection_delay_max=1)
        self.sio.on("connect", self._on_connect, namespace=self.namespace)
        if self.push_event:
            self.sio.on(self.push_event, self._on_push, namespace=self.namespace)

    def auth(self) -> dict:
        return {"code": self.code}

    def connect(self, transports=("websocket",)):
        self.sio.connect(self.url, namespaces=[self.namespace], auth=self.auth(),
                         transports=list(transports), wait_timeout=self.timeout)
        self.sync()
        return self

    def disconnect(self):
        self.sio.disconnect()

    def _on_connect(self):
        self.connects += 1
        # On a reconnect the server knows nothing of us: ask for the whole view again.
        if self.view is not None:
            self.sio.start_background_task(self._resync)

    def _resync(self):
        # Until it is answered: a client whose one sync after a reconnect failed (refused, or
        # lost to the next drop) would otherwise show the old view until some later push.
        # (Not asked whether `sio.connected`: a reconnect says so only after this handler.)
        for pause in (0, 0.2, 0.5, 1, 2, 4):
            time.sleep(pause)
            try:
                self.sync()
                return
            except Exception:
                continue

    def _on_push(self, data):
        self.received.append((self.push_event, data))
        self._merge(data)
        with self._changed:
            self._changed.notify_all()

    def _merge(self, data):
        self.view = data

    def call(self, event: str, data=None, raw=False, keep=None):
        """Send a command and return its acknowledgement; a refusal raises ServerRefused.

        `keep` ("view" or "me"): the part of an ok acknowledgement to keep, kept when the
        acknowledgement is read, in its place among the pushes (kept later, in the caller's
        thread, it could overwrite a newer push that came after it)."""
        answered = threading.Event()
        acks = []

        def on_ack(*args):
            ack = args[0] if len(args) == 1 else (list(args) or None)
            self.received.append(("ack:" + event, ack))
            if keep and isinstance(ack, dict) and ack.get("ok"):
                self._keep_view(ack["view"]) if keep == "view" else self._own_view(ack["me"])
            acks.append(ack)
            answered.set()
        self.sio.emit(event, data, namespace=self.namespace, callback=on_ack)
        if not answered.wait(self.timeout):
            raise socketio.exceptions.TimeoutError()
        ack = acks[0]
        if raw:
            return ack
        if not isinstance(ack, dict) or not ack.get("ok"):
            raise ServerRefused(ack if isinstance(ack, dict) else {"error": repr(ack)})
        return ack

    def sync(self):
        """The whole view again (Phone, Screen and Host have theirs from the protocol table)."""
        self.call("sync", {}, keep="view")
        return self.view

    def _keep_view(self, view):
        self.view = view
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, predicate, timeout: float | None = None):
        """Wait until predicate(view) is true; return the view."""
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._changed:
            while True:
                if self.view is not None and predicate(self.view):
                    return self.view
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"{type(self).__name__} waited in vain ({self.connects} connects, "
                        f"{len(self.received)} messages kept); view: {self.view!r:.500}")
                self._changed.wait(min(left, 0.2))


@commands(asynchronous=False)
class Phone(Client):
    namespace = PHONE
    push_event = "session"

    def __init__(self, url, code, token: str | None = None, timeout: float = 10):
        super().__init__(url, code, timeout)
        self.token = token or secrets.token_urlsafe(24)
        self.sio.on("me", self._own_view, namespace=self.namespace)
        self.sio.on("questions", self._on_questions, namespace=self.namespace)

    def _own_view(self, me):
        """Our own part of the view, pushed to this phone alone or in an acknowledgement."""
        self.received.append(("me", me))
        self.view = {**(self.view or {}), "me": me}
        with self._changed:
            self._changed.notify_all()

    def _on_questions(self, data):
        """The question list, pushed to every phone when it changed (coalesced)."""
        self.received.append(("questions", data))
        self.view = {**(self.view or {}), "question_list": data["question_list"]}
        with self._changed:
            self._changed.notify_all()

    def auth(self):
        return {"code": self.code, "token": self.token}

    def _merge(self, data):
        # Pushes carry the shared part only; our own answers stay as the last sync said.
        self.view = {**(self.view or {}), **data}

    @property
    def me(self) -> dict:
        return (self.view or {}).get("me") or {}

    def confirm(self, name=None) -> dict:
        """Say yes to the (first, or named) partner asking to join our couple."""
        def asking(view):
            requests = ((view.get("me") or {}).get("couple") or {}).get("requests") or []
            return [r for r in requests if name is None or r["name"] == name]
        request = asking(self.wait_for(asking))[0]
        return self.answer_partner(request["id"], True)

    def couple_with(self, partner: "Phone") -> str:
        """Make a couple, the partner asks to join it, we say yes; returns its code."""
        code = self.create_couple()
        partner.join_couple(code)
        self.confirm()
        partner.wait_for(lambda v: (v["me"].get("couple") or {}).get("complete"))
        return code


@commands(asynchronous=False)
class Screen(Client):
    namespace = SCREEN
    push_event = "screen"


@commands(asynchronous=False)
class Host(Client):
    namespace = HOST
    push_event = "host"

    def __init__(self, url, code, token: str, timeout: float = 10):
        super().__init__(url, code, timeout)
        self.token = token

    def auth(self):
        return {"code": self.code, "token": self.token}

    def command(self, event: str, **fields):
        """Any host command by its event name, with its payload's fields."""
        return self.call(event, {"cid": fields.pop("cid", None) or new_cid(), **fields})
