"""Limits that belong to a client address, for what happens before anyone is a participant:
joining, connecting with a session code (a wrong one is a guess), the projector's sync.

Generous where a whole venue shares one address (the Wi-Fi's NAT): 300 phones joining within a
minute pass; a script trying session codes does not. Kept per process, for the most recent
addresses only (a bounded map: an attacker cannot grow it without end).
"""
from __future__ import annotations

from collections import OrderedDict

from flask import current_app, request

from .edge import Throttle

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


def make_limits(config) -> dict:
    return {kind: Buckets(config[f"{kind.upper()}_PER_SECOND"], config[f"{kind.upper()}_BURST"])
            for kind in ("joins", "code_guesses", "screen_syncs")}


def of_address(kind: str) -> Throttle:
    """This request's client address's bucket of `kind` (the proxy's client address behind
    ProxyFix)."""
    return current_app.extensions["workshop.limits"][kind].of(request.remote_addr or "")
