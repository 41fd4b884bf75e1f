"""Limits that belong to a client address or a person, never to a connection.

Floods (joining, the projector's sync) are slowed per address, per process: generous, as a
whole venue shares one address (the Wi-Fi's NAT): 300 phones joining within a minute pass.
Kept for the most recent addresses only (a bounded map an attacker cannot grow without end).

Guesses (a wrong couple code, a connect with an unknown session code) are counted with the
`limits` library (Flask-Limiter's own), in Redis when a message queue is configured: a guesser
who reconnects to another process finds the same count there.
"""
from __future__ import annotations

import logging
from collections import OrderedDict

from flask import current_app, request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..live.commands import Refused
from .edge import Throttle

log = logging.getLogger(__name__)

ADDRESSES_KEPT = 10_000


class Buckets:
    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self.buckets: OrderedDict[str, Throttle] = OrderedDict()

    def of(self, key: str) -> Throttle:
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = Throttle(self.rate, self.burst)
            if len(self.buckets) > ADDRESSES_KEPT:
                self.buckets.popitem(last=False)
        else:
            self.buckets.move_to_end(key)
        return bucket


class Guesses:
    """Wrong guesses in a moving window, seen by every process."""

    def __init__(self, url: str, prefix: str):
        options = {"key_prefix": prefix} if url.startswith(("redis", "unix")) else {}
        self.limiter = MovingWindowRateLimiter(storage_from_string(url, **options))

    def check(self, limit: str, *key):
        """Refuse with too_fast when the guesses are spent (nothing is counted)."""
        try:
            allowed = self.limiter.test(parse(limit), *map(str, key))
        except Exception as exc:      # Redis away: let the guess through rather than fail
            log.warning("guess limit not read: %s", exc)
            return
        if not allowed:
            raise Refused("too_fast")

    def spend(self, limit: str, *key):
        try:
            self.limiter.hit(parse(limit), *map(str, key))
        except Exception as exc:
            log.warning("guess not counted: %s", exc)


def make_limits(config) -> dict:
    made = {kind: Buckets(config[f"{kind.upper()}_PER_SECOND"], config[f"{kind.upper()}_BURST"])
            for kind in ("joins", "screen_syncs")}
    queue = config.get("MESSAGE_QUEUE") or ""
    url = queue if queue.startswith(("redis://", "rediss://", "unix://")) else "memory://"
    made["guesses"] = Guesses(url, f"{config['QUEUE_CHANNEL']}:guesses")
    return made


def address() -> str:
    """The client's address (the proxy's client, behind ProxyFix)."""
    return request.remote_addr or ""


def of_address(kind: str) -> Throttle:
    """This request's client address's bucket of `kind`."""
    return current_app.extensions["workshop.limits"][kind].of(address())


def guesses() -> Guesses:
    return current_app.extensions["workshop.limits"]["guesses"]
