"""An asyncio client of the socket.io protocol (docs/protocol.md): phones, screens and hosts.

The same API as `workshop.client` (Phone, Screen, Host; `connect`, `call`, `sync`, `wait_for`,
`join`, `vote`, `next`, …: the command methods of both are made from `workshop.protocol`'s
table) with every network call a coroutine, built on python-socketio's
`AsyncClient` (which needs aiohttp). One event loop can drive thousands of these, where the
thread-based client needs a few threads per connection: this is what `workshop bench` uses.

Clients may share one `aiohttp.ClientSession` (`http=`): a load generator with thousands of
phones then keeps one cookie jar and one connector instead of one per phone. The session's
connector must not limit connections (`aiohttp.TCPConnector(limit=0)`): every websocket holds
one for as long as it is open.
"""
from __future__ import annotations

import asyncio
import secrets
import time

import socketio

from .protocol import HOST, PHONE, SCREEN, ServerRefused, commands, new_cid

__all__ = ["Client", "Phone", "Screen", "Host", "ServerRefused", "new_cid"]


class Client:
    namespace = "/"
    push_event = None

    def __init__(self, url: str, code: str, timeout: float = 10, http=None,
                 record: bool = True, on_push=None, reconnection: bool = True):
        """`record=False` keeps no `received` list (a load generator's phones need none);
        `on_push(client, data)` is called for every push, when it arrives."""
        self.url = url.rstrip("/")
        self.code = code
        self.timeout = timeout
        self.view = None
        self.record = record
        self.on_push = on_push
        self.received: list[tuple[str, object]] = []
        self._changed = asyncio.Event()
        options = {"http_session": http} if http is not None else {}
        self.sio = socketio.AsyncClient(reconnection=reconnection, reconnection_delay=0.2,
                                        reconnection_delay_max=1, handle_sigint=False,
                                        **options)
        self.sio.on("connect", self._on_connect, namespace=self.namespace)
        if self.push_event:
            self.sio.on(self.push_event, self._on_push, namespace=self.namespace)

    def auth(self) -> dict:
        return {"code": self.code}

    async def connect(self, transports=("websocket",)):
        await self.sio.connect(self.url, namespaces=[self.namespace], auth=self.auth(),
                               transports=list(transports), wait_timeout=self.timeout)
        await self.sync()
        return self

    async def disconnect(self):
        await self.sio.disconnect()

    async def _on_connect(self):
        # On a reconnect the server knows nothing of us: ask for the whole view again.
        if self.view is not None:
            self.sio.start_background_task(self._resync)

    async def _resync(self):
        try:
            await self.sync()
        except Exception:   # the next reconnect will try again
            pass

    async def _on_push(self, data):
        if self.record:
            self.received.append((self.push_event, data))
        self._merge(data)
        if self.on_push is not None:
            self.on_push(self, data)
        self._changed.set()

    def _merge(self, data):
        self.view = data

    async def call(self, event: str, data=None, raw=False, keep=None):
        """Send a command and return its acknowledgement; a refusal raises ServerRefused.

        `keep` ("view" or "me"): the part of an ok acknowledgement to keep, kept when the
        acknowledgement is read, in its place among the pushes (as workshop.client does)."""
        answered = asyncio.get_running_loop().create_future()

        def on_ack(*args):
            ack = args[0] if len(args) == 1 else (list(args) or None)
            if self.record:
                self.received.append(("ack:" + event, ack))
            if keep and isinstance(ack, dict) and ack.get("ok"):
                self._keep_view(ack["view"]) if keep == "view" else self._own_view(ack["me"])
            if not answered.done():
                answered.set_result(ack)
        await self.sio.emit(event, data, namespace=self.namespace, callback=on_ack)
        try:
            ack = await asyncio.wait_for(answered, self.timeout)
        except asyncio.TimeoutError:
            raise socketio.exceptions.TimeoutError() from None
        if raw:
            return ack
        if not isinstance(ack, dict) or not ack.get("ok"):
            raise ServerRefused(ack if isinstance(ack, dict) else {"error": repr(ack)})
        return ack

    async def sync(self):
        """The whole view again (Phone, Screen and Host have theirs from the protocol table)."""
        await self.call("sync", {}, keep="view")
        return self.view

    def _keep_view(self, view):
        self.view = view
        self._changed.set()

    async def wait_for(self, predicate, timeout: float | None = None):
        """Wait until predicate(view) is true; return the view."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            if self.view is not None and predicate(self.view):
                return self.view
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{type(self).__name__} waited in vain; view: {self.view!r:.500}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(left, 0.2))
            except asyncio.TimeoutError:
                pass


@commands(asynchronous=True)
class Phone(Client):
    namespace = PHONE
    push_event = "session"

    def __init__(self, url, code, token: str | None = None, timeout: float = 10, **options):
        super().__init__(url, code, timeout, **options)
        self.token = token or secrets.token_urlsafe(24)
        self.sio.on("me", self._on_me, namespace=self.namespace)
        self.sio.on("questions", self._on_questions, namespace=self.namespace)

    async def _on_questions(self, data):
        """The question list, pushed to every phone when it changed (coalesced)."""
        if self.record:
            self.received.append(("questions", data))
        self.view = {**(self.view or {}), "question_list": data["question_list"]}
        self._changed.set()

    async def _on_me(self, me):
        """Our own part of the view, pushed to this phone alone."""
        self._own_view(me)

    def _own_view(self, me):
        if self.record:
            self.received.append(("me", me))
        self.view = {**(self.view or {}), "me": me}
        self._changed.set()

    def auth(self):
        return {"code": self.code, "token": self.token}

    def _merge(self, data):
        # Pushes carry the shared part only; our own answers stay as the last sync said.
        self.view = {**(self.view or {}), **data}

    @property
    def me(self) -> dict:
        return (self.view or {}).get("me") or {}

    async def confirm(self) -> dict:
        """Say yes to the first partner asking to join our couple."""
        view = await self.wait_for(lambda v: ((v.get("me") or {}).get("couple") or {}).get("requests"))
        return await self.answer_partner(view["me"]["couple"]["requests"][0]["id"], True)


@commands(asynchronous=True)
class Screen(Client):
    namespace = SCREEN
    push_event = "screen"


@commands(asynchronous=True)
class Host(Client):
    namespace = HOST
    push_event = "host"

    def __init__(self, url, code, token: str, timeout: float = 10, **options):
        super().__init__(url, code, timeout, **options)
        self.token = token

    def auth(self):
        return {"code": self.code, "token": self.token}

    async def command(self, event: str, **fields):
        """Any host command by its event name, with its payload's fields."""
        return await self.call(event, {"cid": fields.pop("cid", None) or new_cid(), **fields})
