"""A stand-in for a module's `time` that only the test's own thread sees.

Tests that put a clock of their own (or a gathering wait) in place of `edge.time` or
`hub.time` do so for the module, that is for every thread of the process; in a run of the whole
suite in one process (TEST_WORKERS=0) a background task an earlier test left behind (a
coalesced flush still sleeping, say) would then run on this test's clock, or find a function
it lacks, and die with a thread warning. Here the other threads get the real `time` module.
"""
from __future__ import annotations

import threading
import time


class OwnThreadTime:
    def __init__(self, **replaced):
        self._thread = threading.get_ident()
        self._replaced = replaced

    def __getattr__(self, name):
        if threading.get_ident() == self._thread and name in self._replaced:
            return self._replaced[name]
        return getattr(time, name)
