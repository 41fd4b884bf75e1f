"""The message queue between processes (Redis), as python-socketio's RedisManager, counting
its connections: every one after the first is a reconnect, after which what was emitted while
the queue was away never arrives (Redis's pub/sub keeps nothing). presence.watch notices and
sends this process's clients every view again (presence.heal)."""
from __future__ import annotations

import socketio


class QueueManager(socketio.RedisManager):
    connects = 0

    def _redis_connect(self):
        super()._redis_connect()
        self.connects += 1

    @property
    def listening(self) -> bool:
        """Subscribed again: emits from the other processes arrive from now on."""
        pubsub = getattr(self, "pubsub", None)
        return bool(pubsub is not None and pubsub.subscribed)


def queue_manager(config) -> dict:
    """Flask-SocketIO's options for the queue: ours for Redis, its own for anything else."""
    url = config.get("MESSAGE_QUEUE") or ""
    if not url.startswith(("redis://", "rediss://")):
        return {}
    return {"client_manager": QueueManager(url, channel=config["QUEUE_CHANNEL"])}
