"""Socket.io packets as the server reads them, so that every event a client sends is answered.

The JSON: python-socketio decodes a packet's JSON before any handler runs. The standard decoder
recurses once per level of nesting, so `[[[[…]]]]` 30,000 levels deep (well under the 64 KB
buffer limit) raised RecursionError there: no acknowledgement, a traceback in the log. Here
such a packet, or one that is no JSON at all, decodes as the event MALFORMED, which every
namespace's catch-all handler answers with `bad_request`. So does one with `NaN` or
`Infinity`, which Python's decoder takes but JSON does not have (and no handler expects).

The event's name (`Packet`): python-socketio dispatches an event packet on the first item of
its data, [name, *arguments]. Data that is no list, an empty list, or a name that is no string
(a list or a dict is not even hashable) raised in its dispatch: no answer, a traceback. And a
few names are its own: `connect` and `disconnect` name the lifecycle handlers, so an event
named `disconnect` ran our disconnect handler on a live connection (the phone was nobody until
it reconnected) and one named `connect` ran the connect handler with the payload as its auth;
`*` names the catch-all, which then took the first argument for the event's name. Such events
are renamed as the packet is decoded, before any dispatch and the same on every runtime
(eventlet, gevent, threading): MALFORMED (`bad_request`) or RESERVED (`unknown_event`, for
the namespace's catch-all handler, like any name it does not know).
"""
from __future__ import annotations

import json

from socketio import packet
from socketio.base_server import BaseServer

MAX_DEPTH = 16            # our deepest payload is a list of words in a dict in the event
MALFORMED = "malformed"
RESERVED = "reserved"     # what an event named connect, disconnect or * is renamed to
RESERVED_NAMES = frozenset(BaseServer.reserved_events) | {"*"}
NAMESPACES = ("/phone", "/screen", "/host", "/replay")    # the only ones a client may connect to


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


# Made once: `json.loads` or `json.dumps` with any option makes a new decoder or encoder each
# time, which every packet paid (a tenth of a vote's JSON work, docs/performance.md).
_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_COMPACT = json.JSONEncoder(separators=(",", ":"))      # what python-socketio asks for


def dumps(obj, *args, **kwargs) -> str:
    if not args and kwargs == {"separators": (",", ":")}:
        return _COMPACT.encode(obj)
    return json.dumps(obj, *args, **kwargs)


def loads(text, *args, **kwargs):
    if isinstance(text, (bytes, bytearray)):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return [MALFORMED]
    # Counting brackets is C-speed: only a packet that could be too deep is scanned.
    if text.count("[") + text.count("{") > MAX_DEPTH and too_deep(text):
        return [MALFORMED]
    try:
        return _DECODER.decode(text) if not args and not kwargs else \
            json.loads(text, *args, parse_constant=_no_constant, **kwargs)
    except (ValueError, RecursionError):
        return [MALFORMED]


class EngineJson:
    """The JSON engine.io decodes its own packets with. python-socketio hands the `json` it is
    given (this module) to engine.io too, which sets it as `engineio.packet.Packet.json`; but
    engine.io expects text that is no JSON to raise ValueError, and keeps it as text: the
    probe of a browser's upgrade from long-polling to WebSocket ("2probe") is such text.
    `loads` answered [MALFORMED] instead, so every upgrade failed ("no PING packet") and every
    browser stayed on long-polling, a request and its round trip for each packet. Here what is
    no JSON, or too deep, raises ValueError; engine.io passes socket.io's packets on as text
    (they start with a digit), and those are decoded by `loads` above."""

    dumps = staticmethod(dumps)

    @staticmethod
    def loads(text, *args, **kwargs):
        if isinstance(text, (bytes, bytearray)):
            text = text.decode("utf-8")          # UnicodeDecodeError is a ValueError
        if text.count("[") + text.count("{") > MAX_DEPTH and too_deep(text):
            raise ValueError("nested too deep")
        try:
            return _DECODER.decode(text) if not args and not kwargs else \
                json.loads(text, *args, parse_constant=_no_constant, **kwargs)
        except RecursionError:
            raise ValueError("nested too deep") from None


def too_deep(text: str) -> bool:
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def event(data) -> list:
    """The data of a client's event packet, [name, *arguments], as it may be dispatched."""
    if not isinstance(data, list) or not data or not isinstance(data[0], str):
        return [MALFORMED]
    if data[0] in RESERVED_NAMES:
        return [RESERVED, *data[1:]]
    return data


class Packet(packet.Packet):
    """python-socketio's packet (its `serializer` option), with the client's events renamed as
    `event` says. Events only: the server's own packets, and connects, are as they were.

    The server sends JSON only, never bytes: python-socketio's search of every payload for
    binary data, each value of it, before it encodes a packet (5 % of the server's CPU at a
    full room voting, docs/performance.md) is left out. A client's binary packets are read
    as before (`decode`, `add_attachment`)."""

    uses_binary_events = False

    def decode(self, encoded_packet):
        attachments = super().decode(encoded_packet)
        if attachments == 0 and self.packet_type in (packet.BINARY_EVENT, packet.BINARY_ACK):
            # "binary" with no attachment to wait for: python-socketio would take the next
            # packet for one, and refuse it, and every packet after it.
            self.packet_type -= packet.BINARY_EVENT - packet.EVENT
        if self.packet_type in (packet.EVENT, packet.BINARY_EVENT):
            self.data = event(self.data)
        return attachments

    def add_attachment(self, attachment):
        try:
            return super().add_attachment(attachment)
        except (IndexError, KeyError, TypeError):    # a placeholder that names no attachment
            self.data = [MALFORMED] if self.packet_type == packet.BINARY_EVENT else []
            return True
