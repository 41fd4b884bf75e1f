"""The live sessions of this process: the core's state, kept in step with the event log.

`run` is the one way to change a session: the command yields events against the current
state, the events are stored, and only then applied and announced. A lock per session keeps
two commands from both checking against the same stale state.
"""
from __future__ import annotations

import secrets
import threading
import time
from pathlib import Path

from .live.state import LiveSession, apply
from .script import parse_script
from .store import Store

# Easy to read aloud and type: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 5


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


class Hub:
    def __init__(self, store: Store, clock=time.time):
        self.store = store
        self.clock = clock
        self.sessions: dict[str, LiveSession] = {}
        self.kinds: dict[str, str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._load()

    def _load(self):
        """Rebuild every session from the log: this is how a restart resumes."""
        for row in self.store.session_rows():
            script = parse_script(row["script_text"], row["script_name"])
            state = LiveSession(row["code"], script, row["owner"], row["created_at"])
            for event in self.store.events_of(row["code"]):
                apply(state, event)
            self._add(state, row["kind"])

    def _add(self, state: LiveSession, kind: str):
        self.sessions[state.code] = state
        self.kinds[state.code] = kind
        self._locks[state.code] = threading.Lock()

    def start(self, script_path: str | Path, owner: str, kind: str = "live") -> LiveSession:
        path = Path(script_path)
        text = path.read_text(encoding="utf-8")
        script = parse_script(text, path.name)
        code = new_code()
        while code in self.sessions or self.store.code_taken(code):
            code = new_code()
        now = self.clock()
        self.store.add_session(code, path.name, text, owner, kind, now)
        state = LiveSession(code, script, owner, now)
        self._add(state, kind)
        return state

    def get(self, code: str) -> LiveSession | None:
        return self.sessions.get(normalise_code(code))

    def run(self, code: str, command, *args) -> list[dict]:
        """Apply command(state, *args, now) -> events: stored first, then applied."""
        state = self.sessions[code]
        with self._locks[code]:
            events = command(state, *args, self.clock())
            self.store.append(code, events)
            for event in events:
                apply(state, event)
        if any(e["type"] == "session_ended" for e in events):
            self.store.end_session(code, events[-1]["at"])
        return events

    def owned_by(self, owner: str) -> list[LiveSession]:
        return [s for s in self.sessions.values() if s.owner == owner]
