"""Python clients of /replay (see replay_ns.py), on `workshop.client.Client`: for tests and tools."""
from __future__ import annotations

from ..client import Client, new_cid


class _ReplayClient(Client):
    namespace = "/replay"
    audience = ""

    def __init__(self, url, code, token: str, timeout: float = 10):
        super().__init__(url, code, timeout)
        self.token = token

    def auth(self):
        return {"code": self.code, "token": self.token, "audience": self.audience}


class ReplayScreen(_ReplayClient):
    """What a projector showing the replay receives: `screen` pushes."""
    audience = "screen"
    push_event = "screen"


class ReplayConsole(_ReplayClient):
    """The trainer's replay console: `host` pushes, `replay` status, and the controls."""
    audience = "host"
    push_event = "host"

    def __init__(self, url, code, token: str, timeout: float = 10):
        super().__init__(url, code, token, timeout)
        self.status = None
        self.sio.on("replay", self._on_status, namespace=self.namespace)

    def _on_status(self, data):
        self.received.append(("replay", data))
        with self._changed:
            self.status = data
            self._changed.notify_all()

    def _ack(self, event, data=None):
        ack = self.call(event, data or {})
        with self._changed:
            self.status = ack.get("status", self.status)
            self._changed.notify_all()
        return ack

    def play(self):
        return self._ack("play")

    def pause(self):
        return self._ack("pause")

    def set_speed(self, speed: float):
        return self._ack("speed", {"speed": speed})

    def seek(self, at: float):
        return self._ack("seek", {"at": at})

    def jump(self, index: int):
        return self._ack("jump", {"cid": new_cid(), "index": index})

    def next(self):
        return self._ack("next", {"cid": new_cid()})

    def previous(self):
        return self._ack("previous", {"cid": new_cid()})

    def timeline(self) -> dict:
        return self._ack("timeline")["report"]

    def wait_for_status(self, predicate, timeout: float | None = None):
        import time
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._changed:
            while not (self.status is not None and predicate(self.status)):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"replay status waited in vain: {self.status!r:.300}")
                self._changed.wait(min(left, 0.2))
        return self.status
