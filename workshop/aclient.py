"""An asyncio client of the socket.io protocol (docs/protocol.md): phones, screens and hosts.

The same API as `workshop.client` (Phone, Screen, Host; `connect`, `call`, `sync`, `wait_for`,
`join`, `vote`, `next`, …) with every network call a coroutine, built on python-socketio's
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

from .client import ServerRefused, new_cid

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

    async def call(self, event: str, data=None, raw=False):
        """Send a command and return its acknowledgement; a refusal raises ServerRefused."""
        if data is None:
            ack = await self.sio.call(event, namespace=self.namespace, timeout=self.timeout)
        else:
            ack = await self.sio.call(event, data, namespace=self.namespace, timeout=self.timeout)
        if self.record:
            self.received.append(("ack:" + event, ack))
        if raw:
            return ack
        if not isinstance(ack, dict) or not ack.get("ok"):
            raise ServerRefused(ack if isinstance(ack, dict) else {"error": repr(ack)})
        return ack

    async def sync(self):
        ack = await self.call("sync", {})
        self.view = ack["view"]
        self._changed.set()
        return self.view

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


class Phone(Client):
    namespace = "/phone"
    push_event = "session"

    def __init__(self, url, code, token: str | None = None, timeout: float = 10, **options):
        super().__init__(url, code, timeout, **options)
        self.token = token or secrets.token_urlsafe(24)
        self.sio.on("me", self._on_me, namespace=self.namespace)

    async def _on_me(self, me):
        """Our own part of the view, pushed to this phone alone."""
        self._own_view(me)

    def _own_view(self, me):
        if self.record:
            self.received.append(("me", me))
        self.view = {**(self.view or {}), "me": me}
        self._changed.set()

    def _own(self, ack):
        self._own_view(ack["me"])
        return ack

    def auth(self):
        return {"code": self.code, "token": self.token}

    def _merge(self, data):
        # Pushes carry the shared part only; our own answers stay as the last sync said.
        self.view = {**(self.view or {}), **data}

    async def join(self, name: str | None = None):
        ack = await self.call("join", {"cid": new_cid(), "name": name})
        self.view = ack["view"]
        return ack

    async def vote(self, step: str, answer, cid: str | None = None):
        return await self.call("vote", {"cid": cid or new_cid(), "step": step, "answer": answer})

    async def reflect(self, step: str, text: str, cid: str | None = None):
        return await self.call("reflect", {"cid": cid or new_cid(), "step": step, "text": text})

    @property
    def me(self) -> dict:
        return (self.view or {}).get("me") or {}

    # --- couples and pair exercises ---------------------------------------------------------
    async def create_couple(self, one_phone: bool = False) -> str:
        ack = self._own(await self.call("couple_create", {"cid": new_cid(), "one_phone": one_phone}))
        return ack["me"]["couple"]["code"]

    async def join_couple(self, couple_code: str):
        return self._own(await self.call("couple_join", {"cid": new_cid(), "couple": couple_code}))

    async def leave_couple(self):
        return self._own(await self.call("couple_leave", {"cid": new_cid()}))

    async def done(self, step: str, round_: int):
        return self._own(await self.call("pair_done", {"cid": new_cid(), "step": step,
                                                       "round": round_}))

    async def write_note(self, step: str, round_: int, text: str, seat: int | None = None):
        return self._own(await self.call("pair_note", {"cid": new_cid(), "step": step,
                                                       "round": round_, "text": text,
                                                       "seat": seat}))

    async def share_note(self, step: str, round_: int, author: int):
        return self._own(await self.call("pair_share", {"cid": new_cid(), "step": step,
                                                        "round": round_, "author": author}))

    async def care(self, kind: str):
        return self._own(await self.call("care", {"cid": new_cid(), "kind": kind}))


class Screen(Client):
    namespace = "/screen"
    push_event = "screen"


class Host(Client):
    namespace = "/host"
    push_event = "host"

    def __init__(self, url, code, token: str, timeout: float = 10, **options):
        super().__init__(url, code, timeout, **options)
        self.token = token

    def auth(self):
        return {"code": self.code, "token": self.token}

    async def command(self, event: str, **fields):
        return await self.call(event, {"cid": fields.pop("cid", None) or new_cid(), **fields})

    async def next(self):
        return await self.command("next")

    async def previous(self):
        return await self.command("previous")

    async def jump(self, index: int):
        return await self.command("jump", index=index)

    async def close_poll(self, step: str):
        return await self.command("close_poll", step=step)

    async def reopen_poll(self, step: str):
        return await self.command("reopen_poll", step=step)

    async def show_results(self, step: str, shown: bool = True):
        return await self.command("show_results", step=step, shown=shown)

    async def moderate(self, reflection_id: str, status: str):
        return await self.command("moderate", id=reflection_id, status=status)

    async def end(self):
        return await self.command("end")

    async def pair_up(self, *aliases: str):
        return await self.command("pair_up", participants=list(aliases))

    async def unpair(self, couple: str):
        return await self.command("unpair", couple=couple)

    async def extend(self, minutes: float):
        return await self.command("pair_extend", minutes=minutes)

    async def finish_pairs(self):
        return await self.command("pair_finish")
