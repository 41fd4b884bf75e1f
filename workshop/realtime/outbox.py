"""What the server holds for each client: capped, and a client over the cap is dropped.

python-engineio keeps one queue per connection (`engineio.socket.Socket.queue`): every packet
for that client is put there by `Socket.send`, and taken out by `Socket.poll`, either by the
next long-polling GET or, on a WebSocket, by a writer task that sends each packet with
`ws.send`. That send blocks (cooperatively, under eventlet and gevent alike) as soon as the
kernel's send buffer is full, which a client that does not read fills. Nothing limited the
queue: everything the room is sent piled up for that client. The ping timeout does not help
when the client answers pings: a slow link reads every ping in the end, behind the backlog,
so it was held while it was less than ping_timeout behind, however much that was; a client
that answers pings without reading what came before them (nothing in engine.io checks) was
held for ever.

`CappedSocket` counts what it holds: the bytes of the packets in its queue, plus, on a
WebSocket, those the writer has taken out and not yet handed to the kernel (a blocked writer
holds the whole batch it took). A packet for a client that holds more than `limit`
(`Config.CLIENT_QUEUE_LIMIT`) already drops it, so a client holds at most the cap and one
message: its packets are let go at once, the engine.io session is closed (the namespaces'
disconnect handlers run, as for any lost connection) and its TCP connection is reset, which
also wakes a writer blocked on it and discards what the kernel was holding. No socket.io
DISCONNECT is sent, so the client treats it as a lost connection: it reconnects and syncs,
as after a phone's sleep (docs/architecture.md, "Slow clients and sleeping phones").

What the kernel may hold for a WebSocket is bounded too: `TCP_NOTSENT_LOWAT` keeps at most
`NOT_SENT_LOW_WATER` bytes not yet sent in its send buffer (the writer waits in engine.io's
queue, where the cap sees it) without limiting what a fast client has in flight; without it
Linux let the buffer of a client that does not read grow to `tcp_wmem`'s maximum (4 MB).
A WebSocket also gets the read and write timeout (ping_interval + ping_timeout) that engine.io
sets only under eventlet, and an unanswered ping is acted on when it is due
(`CappedSocket._send_ping`).

Installed per connection on engine.io's connect event (`install`), through engine.io's own
`on()`; only calls every async mode has (`server.start_background_task`, `sleep`,
`create_event`, the server's queue and its Empty exception, plain socket options) are used, so
it works under eventlet, gevent and threading alike.
"""
from __future__ import annotations

import logging
import socket as net
import struct
import time

from engineio import packet
from engineio import socket as eio_socket

log = logging.getLogger(__name__)

NOT_SENT_LOW_WATER = 64 * 1024          # bytes the kernel may hold unsent for one WebSocket
TCP_NOTSENT_LOWAT = getattr(net, "TCP_NOTSENT_LOWAT", None)   # Linux, macOS


def install(eio, limit: int) -> None:
    """Cap what every new connection of this engine.io server may hold at `limit` bytes
    (0: no cap), and check its ping on time (`CappedSocket._send_ping`)."""
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
    writing = 0         # bytes the WebSocket writer took out and has not written yet
    dropped = False
    connection = None   # the WebSocket's TCP socket, to reset when dropped
    answered = None     # set by the pong to the last ping

    def send(self, pkt):
        if self.dropped:
            return
        # Over the cap with what it holds already: one message is always let through, however
        # big (a console's view of a huge room), so that no view can drop every client it goes to.
        if self.limit and self.queued + self.writing > self.limit and not self.closing:
            self._drop()
            return
        super().send(pkt)
        if not self.closed:        # (the ping timeout may have closed it instead)
            self.queued += size(pkt)

    def poll(self):
        packets = super().poll()
        taken = sum(map(size, packets))
        self.queued = max(0, self.queued - taken)
        if self.upgraded:          # the WebSocket writer: they are ours until written
            self.writing = taken
        return packets

    def _websocket_handler(self, ws):
        self.connection = _tcp_socket(ws)
        if self.connection is not None:
            _tune(self.connection)
            if self.connection.gettimeout() is None:
                # What engine.io sets under eventlet (on the WebSocket's `socket`) and cannot
                # find under gevent-websocket: a read or write that waits this long ends the
                # connection. Without it, under gevent, a phone that had gone silent kept its
                # TCP connection and its tasks after engine.io had closed it (for ever, if its
                # network stack was still answering).
                self.connection.settimeout(self.server.ping_interval + self.server.ping_timeout)
        return super()._websocket_handler(_Counted(ws, self))

    def receive(self, pkt):
        if pkt.packet_type == packet.PONG and self.answered is not None:
            self.answered.set()
        super().receive(pkt)

    def _send_ping(self):
        # engine.io's own (4.x), and then a look on time: engine.io notices an unanswered ping
        # on the next packet for this client, or when its service task comes round to it, once
        # every ping_timeout, so a phone gone silent in a quiet room was held up to
        # ping_interval + 2 × ping_timeout. The task ends as soon as the pong comes.
        self.server.sleep(self.server.ping_interval)
        if self.closing or self.closed:
            return
        answered = self.answered = self.server.create_event()
        self.last_ping = time.time()
        self.send(packet.Packet(packet.PING))
        if not answered.wait(timeout=self.server.ping_timeout + 0.5):
            if not self.closing and not self.closed:
                self.check_ping_timeout()

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


class _Counted:
    """The WebSocket as engine.io's writer sees it: each message written is no longer held."""

    def __init__(self, ws, owner: CappedSocket):
        self._ws, self._owner = ws, owner

    def send(self, message):
        self._ws.send(message)
        self._owner.writing = max(0, self._owner.writing - len(message))

    def __getattr__(self, name):   # wait, close, and the attributes engine.io looks for
        return getattr(self._ws, name)


def _tune(connection):
    """A WebSocket's TCP options. TCP_NODELAY: each message goes out when written. Without it
    an acknowledgement written right after a push (a host command's: the console's view,
    then the ack) waited for the client's delayed ACK of the push, 40 ms on Linux: one host
    made 21 step changes a second, 126 with it. TCP_NOTSENT_LOWAT: see the module's doc."""
    options = [(net.TCP_NODELAY, 1)]
    if TCP_NOTSENT_LOWAT is not None:
        options.append((TCP_NOTSENT_LOWAT, NOT_SENT_LOW_WATER))
    for option, value in options:
        try:
            connection.setsockopt(net.IPPROTO_TCP, option, value)
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
