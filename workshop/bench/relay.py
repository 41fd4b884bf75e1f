"""A TCP relay on 127.0.0.1 that gives WebSocket frames the round trip Chromium's emulation
leaves out, for `workshop bench phone`.

CDP's `Network.emulateNetworkConditions` delays every HTTP request, the WebSocket handshake
included, but not the frames of an open WebSocket: measured on this machine under 400 ms,
the handshake took 431 ms and a socket.io connect over the open socket was answered in
59 ms (2 ms without emulation). A phone on a bad Wi-Fi pays the round trip for a frame as
for a request, so without this relay the tap on Join (an emit over the WebSocket) would look
400 ms faster than it is. The relay passes HTTP through untouched (Chromium delays that
itself) and, once a connection has switched protocols (the server's `101`), holds every
chunk for half the latency in each direction: one round trip a frame, in order.
"""
from __future__ import annotations

import queue
import socket
import threading
import time

from .server import LOOPBACK


class Relay:
    def __init__(self, target_port: int, latency_ms: float):
        self.target = (LOOPBACK, target_port)
        self.delay = latency_ms / 2000          # seconds, each way
        self.listener = socket.create_server((LOOPBACK, 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.closed = False
        self.upgraded = 0                        # connections that became WebSockets
        threading.Thread(target=self._accept, daemon=True, name="relay").start()

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            state = {"ws": False}
            for src, dst, up in ((client, server, True), (server, client, False)):
                lane = queue.Queue()
                threading.Thread(target=self._read, args=(src, lane, state, up),
                                 daemon=True).start()
                threading.Thread(target=self._write, args=(dst, lane), daemon=True).start()

    def _read(self, src, lane, state, up):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if not up and not state["ws"] and data.startswith(b"HTTP/1.1 101"):
                    state["ws"] = True           # the 101 itself went through CDP's delay
                    self.upgraded += 1
                    lane.put((0, data))
                    continue
                lane.put((time.monotonic() + self.delay if state["ws"] else 0, data))
        except OSError:
            pass
        lane.put(None)

    @staticmethod
    def _write(dst, lane):
        try:
            while (item := lane.get()) is not None:
                due, data = item
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                dst.sendall(data)
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self):
        self.closed = True
        self.listener.close()
