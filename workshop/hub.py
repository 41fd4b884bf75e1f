"""The live sessions of this process: the core's state, kept in step with the event log.

`run` is the one way to change a session: the command yields events against the current
state, the events are stored, and only then applied and announced. A lock per session keeps
two commands from both checking against the same stale state.

Votes and joins are written in small batches ("group commit"): those that arrive within a
few milliseconds of each other are checked, stored in one transaction and applied together,
and each is acknowledged only after that transaction. Neither depends on another vote or join,
so checking a batch against the same state is what checking them one after the other would
have been; everything else still runs alone, under the session's lock. With SQLite's
synchronous=FULL a transaction costs a disk flush, which blocks the whole process under
eventlet and gevent: a thousand phones joining or voting must not be a thousand flushes.
"""
from __future__ import annotations

import secrets
import threading
import time
from pathlib import Path

from .live import commands
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


# Commands whose checks no other command of these kinds can change: a batch of them checked
# against one state is what they would have been one after the other.
BATCHED = frozenset({commands.vote, commands.join})


def _identity(state: LiveSession, event: dict):
    """What makes an event the same request sent again, and whether the state already has it."""
    if "cid" in event:
        key = (event.get("by", "host"), event["cid"])
        return key, key in state.receipts
    if event["type"] == "participant_joined":
        return ("token", event["token_hash"]), event["token_hash"] in state.by_token
    return None, False


class _Batch:
    """Commands gathered for one transaction; `results[i]` is request i's events or error."""

    def __init__(self):
        self.requests: list[tuple] = []
        self.results: list = []
        self.done = threading.Event()


class Hub:
    """`shared`: other processes write to the same log (several workers behind a proxy). Then
    each write first takes the session's lock in the database and reads what others added."""

    def __init__(self, store: Store, clock=time.time, shared: bool = False):
        self.store = store
        self.clock = clock
        self.shared = shared
        self.sessions: dict[str, LiveSession] = {}
        self.kinds: dict[str, str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._open: dict[str, _Batch] = {}     # session code -> the batch still gathering
        self._gate = threading.Lock()          # guards _open
        self.gather_seconds = 0.002            # how long a batch waits for more votes
        self._load()

    def _load(self):
        """Rebuild every session from the log: this is how a restart resumes."""
        for row in self.store.session_rows():
            self._load_one(row)

    def _load_one(self, row) -> LiveSession:
        script = parse_script(row["script_text"], row["script_name"])
        state = LiveSession(row["code"], script, row["owner"], row["created_at"])
        for event in self.store.events_of(row["code"]):
            apply(state, event)
        self._add(state, row["kind"])
        return state

    def catch_up(self, state: LiveSession, db=None):
        """Fold in what other processes wrote since (nothing to do with one process)."""
        if self.shared:
            for event in self.store.events_after(state.code, state.applied, db):
                apply(state, event)

    def fresh(self, state: LiveSession) -> LiveSession:
        """The state with every other process's events: before a view is built from it."""
        if self.shared:
            with self._locks[state.code]:
                self.catch_up(state)
        return state

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
        code = normalise_code(code)
        state = self.sessions.get(code)
        if state is None and self.shared and code:
            row = self.store.session_row(code)   # started on another process
            state = self._load_one(row) if row else None
        return state

    def run(self, code: str, command, *args) -> list[dict]:
        """Apply command(state, *args, now) -> events: stored first, then applied."""
        if command in BATCHED:
            return self._run_batched(code, command, args)
        state = self.sessions[code]
        with self._locks[code]:
            with self.store.writing(code, exclusive=self.shared) as db:
                self.catch_up(state, db)
                events = command(state, *args, self.clock())
                self.store.append(code, events, db)
            for event in events:
                apply(state, event)
        if any(e["type"] == "session_ended" for e in events):
            self.store.end_session(code, events[-1]["at"])
        return events

    def _run_batched(self, code: str, command, args) -> list[dict]:
        """`run` for a batched command: the first of a batch gathers, writes it and tells the
        others; every caller returns (or raises) only once its events are stored and applied."""
        with self._gate:
            batch = self._open.get(code)
            leader = batch is None
            if leader:
                batch = self._open[code] = _Batch()
            slot = len(batch.requests)
            batch.requests.append((command, args))
            batch.results.append(RuntimeError("the batch was not written"))
        if leader:
            try:
                time.sleep(self.gather_seconds)     # cooperative under eventlet and gevent
            finally:
                with self._gate:
                    del self._open[code]
                try:
                    self._write_batch(code, batch)
                finally:
                    batch.done.set()
        else:
            batch.done.wait()
        result = batch.results[slot]
        if isinstance(result, BaseException):
            raise result
        return result

    def _write_batch(self, code: str, batch: _Batch):
        state = self.sessions[code]
        with self._locks[code]:
            try:
                with self.store.writing(code, exclusive=self.shared) as db:
                    self.catch_up(state, db)
                    stored = self._check_batch(state, batch)
                    self.store.append(code, stored, db)
            except Exception as exc:            # nothing was stored: nothing is applied
                batch.results = [r if isinstance(r, BaseException) else exc
                                 for r in batch.results]
                return
            for event in stored:
                apply(state, event)

    def _check_batch(self, state: LiveSession, batch: _Batch) -> list[dict]:
        """Each request's events (or refusal) against the same state; returns all events."""
        stored, seen = [], set()
        for i, (command, args) in enumerate(batch.requests):
            try:
                events = command(state, *args, self.clock())
            except Exception as exc:        # a refusal: this request's alone
                batch.results[i] = exc
                continue
            keys, again = set(), False
            for event in events:
                key, known = _identity(state, event)
                if key is not None:
                    keys.add(key)
                    again = again or known or key in seen
            if again:
                events = []                 # the same request sent again: applied once
            seen |= keys
            batch.results[i] = events
            stored.extend(events)
        return stored

    def owned_by(self, owner: str) -> list[LiveSession]:
        return [s for s in self.sessions.values() if s.owner == owner]
