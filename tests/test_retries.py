"""Each command applied once, when two copies of it arrive at the same moment (one process).
The same scenario runs across two processes in test_multiprocess.py."""
from __future__ import annotations

from retries import each_applied_once


def test_a_command_sent_twice_at_once_is_applied_once(server):
    each_applied_once(server.url, server.url, server.code, server.token)
