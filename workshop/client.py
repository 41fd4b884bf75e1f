"""A Python client of the socket.io protocol (docs/protocol.md): phones, screens and hosts.

Used by the tests, and by rehearsal bots and the benchmark. Every client keeps what the
server sent it (`received`), so tests can assert what an audience saw and did not see.
"""
from __future__ import annotations

import secrets
import threading
import time

import socketio


def new_cid() -> str:
    return secrets.token_hex(8)


class ServerRefused(Exception):
    def __init__(self, ack: dict):
        super().__init__(f"{ack.get('error')}: {ack.get('message')}")
        self.ack = ack


class Client:
    namespace = "/"
    push_event = None

    def __init__(self, url: str, code: str, timeout: float = 10):
        self.url = url.rstrip("/")
        self.code = code
        self.timeout = timeout
        self.view = None
        self.received: list[tuple[str, object]] = []
        self._changed = threading.Condition()
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.2,
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
        # On a reconnect the server knows nothing of us: ask for the whole view again.
        if self.view is not None:
            self.sio.start_background_task(self._resync)

    def _resync(self):
        try:
            self.sync()
        except Exception:   # the next reconnect will try again
            pass

    def _on_push(self, data):
        self.received.append((self.push_event, data))
        self._merge(data)
        with self._changed:
            self._changed.notify_all()

    def _merge(self, data):
        self.view = data

    def call(self, event: str, data=None, raw=False):
        """Send a command and return its acknowledgement; a refusal raises ServerRefused."""
        args = () if data is None else (data,)
        ack = self.sio.call(event, *args, namespace=self.namespace, timeout=self.timeout) \
            if args else self.sio.call(event, namespace=self.namespace, timeout=self.timeout)
        self.received.append(("ack:" + event, ack))
        if raw:
            return ack
        if not isinstance(ack, dict) or not ack.get("ok"):
            raise ServerRefused(ack if isinstance(ack, dict) else {"error": repr(ack)})
        return ack

    def sync(self):
        ack = self.call("sync", {})
        self.view = ack["view"]
        with self._changed:
            self._changed.notify_all()
        return self.view

    def wait_for(self, predicate, timeout: float | None = None):
        """Wait until predicate(view) is true; return the view."""
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._changed:
            while True:
                if self.view is not None and predicate(self.view):
                    return self.view
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{type(self).__name__} waited in vain; view: {self.view!r:.500}")
                self._changed.wait(min(left, 0.2))


class Phone(Client):
    namespace = "/phone"
    push_event = "session"

    def __init__(self, url, code, token: str | None = None, timeout: float = 10):
        super().__init__(url, code, timeout)
        self.token = token or secrets.token_urlsafe(24)
        self.sio.on("me", self._on_me, namespace=self.namespace)

    def _on_me(self, me):
        """Our own part of the view, pushed to this phone alone."""
        self.received.append(("me", me))
        self.view = {**(self.view or {}), "me": me}
        with self._changed:
            self._changed.notify_all()

    def _own(self, ack):
        self._on_me(ack["me"])
        return ack

    def auth(self):
        return {"code": self.code, "token": self.token}

    def _merge(self, data):
        # Pushes carry the shared part only; our own answers stay as the last sync said.
        self.view = {**(self.view or {}), **data}

    def join(self, name: str | None = None):
        ack = self.call("join", {"cid": new_cid(), "name": name})
        self.view = ack["view"]
        return ack

    def vote(self, step: str, answer, cid: str | None = None):
        return self.call("vote", {"cid": cid or new_cid(), "step": step, "answer": answer})

    def reflect(self, step: str, text: str, cid: str | None = None):
        return self.call("reflect", {"cid": cid or new_cid(), "step": step, "text": text})


    @property
    def me(self) -> dict:
        return (self.view or {}).get("me") or {}

    # --- couples and pair exercises ---------------------------------------------------------
    def create_couple(self, one_phone: bool = False) -> str:
        ack = self._own(self.call("couple_create", {"cid": new_cid(), "one_phone": one_phone}))
        return ack["me"]["couple"]["code"]

    def join_couple(self, couple_code: str):
        return self._own(self.call("couple_join", {"cid": new_cid(), "couple": couple_code}))

    def leave_couple(self):
        return self._own(self.call("couple_leave", {"cid": new_cid()}))

    def done(self, step: str, round_: int):
        return self._own(self.call("pair_done", {"cid": new_cid(), "step": step, "round": round_}))

    def write_note(self, step: str, round_: int, text: str, seat: int | None = None):
        return self._own(self.call("pair_note", {"cid": new_cid(), "step": step, "round": round_,
                                                 "text": text, "seat": seat}))

    def share_note(self, step: str, round_: int, author: int):
        return self._own(self.call("pair_share", {"cid": new_cid(), "step": step,
                                                  "round": round_, "author": author}))

    def care(self, kind: str):
        return self._own(self.call("care", {"cid": new_cid(), "kind": kind}))


class Screen(Client):
    namespace = "/screen"
    push_event = "screen"


class Host(Client):
    namespace = "/host"
    push_event = "host"

    def __init__(self, url, code, token: str, timeout: float = 10):
        super().__init__(url, code, timeout)
        self.token = token

    def auth(self):
        return {"code": self.code, "token": self.token}

    def command(self, event: str, **fields):
        return self.call(event, {"cid": fields.pop("cid", None) or new_cid(), **fields})

    def next(self):
        return self.command("next")

    def previous(self):
        return self.command("previous")

    def jump(self, index: int):
        return self.command("jump", index=index)

    def close_poll(self, step: str):
        return self.command("close_poll", step=step)

    def reopen_poll(self, step: str):
        return self.command("reopen_poll", step=step)

    def show_results(self, step: str, shown: bool = True):
        return self.command("show_results", step=step, shown=shown)

    def moderate(self, reflection_id: str, status: str):
        return self.command("moderate", id=reflection_id, status=status)

    def end(self):
        return self.command("end")

    def pair_up(self, *aliases: str):
        return self.command("pair_up", participants=list(aliases))

    def unpair(self, couple: str):
        return self.command("unpair", couple=couple)

    def extend(self, minutes: float):
        return self.command("pair_extend", minutes=minutes)

    def finish_pairs(self):
        return self.command("pair_finish")
