"""The JSON of socket.io packets, read so that no payload can end in a traceback.

python-socketio decodes a packet's JSON before any handler runs. The standard decoder recurses
once per level of nesting, so `[[[[…]]]]` 30,000 levels deep (well under the 64 KB buffer
limit) raised RecursionError there: no acknowledgement, a traceback in the log. Here such a
packet, or one that is no JSON at all, decodes as the event MALFORMED, which every namespace's
catch-all handler answers with `bad_request`.
"""
from __future__ import annotations

import json

MAX_DEPTH = 16            # our deepest payload is a list of words in a dict in the event
MALFORMED = "malformed"


def dumps(obj, *args, **kwargs) -> str:
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
        return json.loads(text, *args, **kwargs)
    except (ValueError, RecursionError):
        return [MALFORMED]


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
