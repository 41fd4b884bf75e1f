"""A browser's connection upgrades from long-polling to WebSocket, as socket.io-client does it.

engine.io decodes its own packets with the JSON python-socketio was given; ours answered
text that is no JSON (the upgrade's probe, "2probe") with [MALFORMED] instead of raising,
so the probe was refused ("no PING packet") and every browser stayed on long-polling
(realtime/wire.py, EngineJson; found by `workshop bench phone`, docs/performance.md).
"""
from __future__ import annotations

import json

import requests
import websocket


def test_a_long_polling_connection_upgrades_to_websocket(server):
    opened = requests.get(f"{server.url}/socket.io/?EIO=4&transport=polling", timeout=5)
    assert opened.text.startswith("0")
    sid = json.loads(opened.text[1:])["sid"]
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket&sid={sid}", timeout=5)
    try:
        ws.send("2probe")
        assert ws.recv() == "3probe"
        ws.send("5")                                             # upgrade
        ws.send("40/screen," + json.dumps({"code": server.code}))
        answer = ws.recv()
        while answer == "6":                                     # the noop that ended the poll
            answer = ws.recv()
        assert answer.startswith("40/screen,")                   # the namespace, over the socket
    finally:
        ws.close()
