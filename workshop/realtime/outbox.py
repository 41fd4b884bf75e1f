"""What the server holds for each client: capped, and a client over the cap is dropped.

python-engineio keeps one queue per connection (`engineio.socket.Socket.queue`): every packet
for that client is put there by `Socket.send`, and taken out by `Socket.poll`, either by the
next long-polling GET or, on a WebSocket, by a writer task that takes all that is queued and
sends it one message at a time. That send waits as soon as the kernel's send buffer is full,
which a client that does not read fills. Nothing limited the queue: everything the room was
sent piled up for that client. The ping does not help while the client answers pings: a slow
link reads every ping in the end, behind its backlog.

`CappedSocket` counts what it holds: the bytes of the packets in its queue and, on a
WebSocket, the batch the writer took out last (it holds that batch until all of it is
written, and comes back to `poll` only then). A packet for a client that already holds more
than `limit` (`Config.CLIENT_QUEUE_LIMIT`) drops it instead: so a client holds at most the cap
and one message (one message always gets through, however big: a console's view of a huge
room cannot drop every client it goes to). Dropped, its packets are let go at once, the
engine.io session is closed in a task of its own (the namespaces' disconnect handlers run, as
for any lost connection), and its TCP connection is reset, which wakes a writer blocked on it
and lets go what the kernel held. No socket.io DISCONNECT is sent, so the client treats it as
a lost connection: it reconnects and syncs, as after a phone's sleep (docs/architecture.md,
"Slow clients and sleeping phones").

What the kernel holds for a WebSocket is bounded too, by a send buffer of fixed size
(`SO_SNDBUF`, `SEND_BUFFER`): left to itself, Linux grew the buffer of a client that reads
slowly towards `tcp_wmem`'s maximum (4 MB), all of it out of the cap's sight (a phone reading
100 KB/s had 1.5 MB of pushes taken by the kernel and none by the queue). A fixed buffer still
lets a phone on a 400 ms round trip receive at 5 Mbit/s, more than a room ever sends it.

A WebSocket also gets the read and write timeout (ping_interval + ping_timeout) that engine.io
sets only under eventlet. Nothing else is changed: no other socket options, and the ping as
engine.io does it. (A first version also set TCP_NOTSENT_LOWAT and TCP_NODELAY and checked pings itself;
with it some clients stopped receiving pushes in the test suite, so each of those comes back,
if at all, on its own and measured.)

Installed per connection on engine.io's connect event (`install`), through engine.io's own
`on()`; only calls every async mode has (`start_background_task`, the server's queue and its
Empty exception, plain socket calls) are used, so it works under eventlet, gevent and
threading alike.
"""
from __future__ import annotations

import logging
import socket as net
import struct

from engineio import socket as eio_socket

log = logging.getLogger(__name__)

SEND_BUFFER = 128 * 1024    # bytes asked for a WebSocket's send buffer (Linux doubles it)


def install(eio, limit: int) -> None:
    """Cap what every new connection of this engine.io server may hold at `limit` bytes
    (0: no cap; the send buffer is still bounded)."""
    connect = eio.handlers.get("connect")

    def on_connect(sid, environ):
        sock = eio.sockets.get(sid)
        if sock is not None and type(sock) is eio_socket.Socket:
            # engine.io makes its Socket itself (engineio.server, `_handle_connect`) and offers
            # no hook for its class; this is the first moment we see it, before its transport
            # has run. CappedSocket adds methods and counters, no state the base class knows.
            sock.__class__ = CappedSocket
            sock.limit = limit
        return connect(sid, environ) if connect else None
    eio.on("connect", on_connect)


def size(pkt) -> int:
    """A packet's length as sent: its type digit and its data (the open packet's dict, JSON)."""
    data = pkt.data
    if isinstance(data, (str, bytes)):
        return len(data) + 1
    return 1 if data is None else len(pkt.encode())


class CappedSocket(eio_socket.Socket):
    limit = 0           # bytes; 0: no cap
    queued = 0          # bytes of the packets in self.queue
    writing = 0         # bytes of the batch the WebSocket writer took out last
    dropped = False
    connection = None   # the WebSocket's TCP socket, to reset when dropped

    def send(self, pkt):
        if self.dropped:
            return
        if self.limit and self.queued + self.writing > self.limit and not self.closing:
            self._drop()
            return
        super().send(pkt)
        if not self.closed:        # (the ping timeout may have closed it instead)
            self.queued += size(pkt)

    def poll(self):
        # The writer comes back here only once it has written its last batch.
        self.writing = 0
        packets = super().poll()
        taken = sum(map(size, packets))
        self.queued = max(0, self.queued - taken)
        if self.upgraded:
            self.writing = taken
        return packets

    def _websocket_handler(self, ws):
        self.connection = _tcp_socket(ws)
        if self.connection is not None:
            try:
                self.connection.setsockopt(net.SOL_SOCKET, net.SO_SNDBUF, SEND_BUFFER)
            except OSError:
                pass
            if self.connection.gettimeout() is None:
                # What engine.io sets under eventlet (on the WebSocket's `socket`) and cannot
                # find under gevent-websocket: a read or write that waits this long ends the
                # connection. Without it, under gevent, a phone gone silent kept its TCP
                # connection and its tasks after engine.io had closed its session.
                self.connection.settimeout(self.server.ping_interval + self.server.ping_timeout)
        return super()._websocket_handler(ws)

    def _drop(self):
        self.dropped = True
        log.warning("Dropped a client that is not reading: %d bytes waiting for it, over the "
                    "cap of %d (WORKSHOP_CLIENT_QUEUE_LIMIT); it will reconnect and sync",
                    self.queued + self.writing, self.limit)
        empty = self.server.get_queue_empty_exception()
        while True:                # let its packets go now, not when its tasks end
            try:
                self.queue.get(block=False)
            except empty:
                break
            self.queue.task_done()
        self.queued = 0
        # Closing runs the disconnect handlers: in a task of its own, not inside the emit
        # (maybe under a session's lock) that found the client over its cap.
        self.server.start_background_task(self._close_dropped)

    def _close_dropped(self):
        self.close(wait=False, abort=True, reason=self.server.reason.SERVER_DISCONNECT)
        # Gone from the server's sessions at once, as engine.io's disconnect() does: a closed
        # session left there until the service task comes round made a long-polling client's
        # next POST a 500 with a traceback (KeyError 'Session is disconnected').
        self.server.sockets.pop(self.sid, None)
        connection = self.connection
        if connection is not None:
            try:
                # A reset, not a FIN behind the unsent data: the kernel lets its buffer go,
                # and a writer blocked on this socket wakes with an error and ends.
                connection.setsockopt(net.SOL_SOCKET, net.SO_LINGER, struct.pack("ii", 1, 0))
                connection.shutdown(net.SHUT_RDWR)
            except OSError:
                pass


def _tcp_socket(ws):
    """The TCP socket under a WebSocket of eventlet, gevent-websocket or simple-websocket."""
    for path in (("socket",), ("_sock", "handler", "socket"), ("ws", "sock")):
        obj = ws
        for name in path:
            obj = getattr(obj, name, None)
        if obj is not None and hasattr(obj, "shutdown") and hasattr(obj, "setsockopt"):
            return obj
    return None
