"""The live sessions of this process: the core's state, kept in step with the event log.

`run` is the one way to change a session: under the session's lock it catches up with the
log, recognises a command sent again (the same `(who, cid)` as one already applied), checks
the command against the current state, stores its events and only then applies them. So two
copies of one `next`, arriving at once on two connections or two processes, move the session
one step: the second finds the first's receipt.

Votes and joins are written in small batches ("group commit"): those that arrive within a
few milliseconds of each other are checked, stored in one transaction and applied together,
and each is acknowledged only after that transaction. Neither depends on another vote or join,
so checking a batch against the same state is what checking them one after the other would
have been; everything else still runs alone, under the session's lock. With SQLite's
synchronous=FULL a transaction costs a disk flush, which blocks the whole process under
eventlet and gevent: a thousand phones joining or voting must not be a thousand flushes.

What this process keeps about a live session beyond the log (throttles, the last pushes,
presence) lives on its `Entry` and goes when the session ends. Ended sessions are not folded
at start: `get` loads one when a page asks for it (a report, a replay, a late phone). Once
its personal data is erased or it is deleted (workshop/retention.py), `forget` drops it.
"""
from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from .live import commands
from .live.commands import Refused
from .live.state import LiveSession, apply
from .script import parse_script
from .store import Store, StoreUnavailable

log = logging.getLogger("workshop.store")

# Easy to read aloud and type: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 5
ENDED_KEPT = 16          # ended sessions kept folded in memory, most recently asked for


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def codes(length: int):
    """Endless fresh candidates; a command takes the first its state has never used."""
    while True:
        yield new_code(length)


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


# Commands whose checks no other command of these kinds can change: a batch of them checked
# against one state is what they would have been one after the other.
BATCHED = frozenset({commands.vote, commands.join})


def already_applied(state: LiveSession, once, command) -> bool:
    """Whether `once` = (who, cid) names a command this session already applied. A cid that
    was used for another kind of command is refused rather than answered with its result."""
    if once is None:
        return False
    receipt = state.receipts.get(once)
    if receipt is None:
        return False
    if receipt["type"] not in getattr(command, "yields", (receipt["type"],)):
        raise Refused("bad_request", field="cid")
    return True


@dataclass
class Entry:
    """A session live on this process: its state and lock, and what the process keeps about it
    that is not in the log (none of it survives the session's end or a restart)."""
    state: LiveSession
    kind: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    throttles: dict = field(default_factory=dict)     # person -> their command throttle
    online: Counter = field(default_factory=Counter)  # pid -> connections to this process
    online_now: frozenset | None = None               # its keys, until the next change
    seen_online: frozenset = frozenset()              # presence as the console last got it
    others_online: tuple = (0.0, frozenset())         # (when read, pids on other processes)
    pushed_at: float = 0.0                            # when screen and console last got a view
    push_pending: bool = False                        # a coalesced push is scheduled
    console_at: float = 0.0                           # when the console last got results
    console_pending: bool = False                     # a coalesced console push is scheduled
    shared_view: dict | None = None                   # the phones' shared view, as last sent
    questions_at: float = 0.0                         # when phones last got the question list
    questions_pending: bool = False                   # a coalesced list push is scheduled
    questions_sent: list | None = None                # the question list, as last sent

    def throttle(self, person: str, make):
        if person not in self.throttles:
            self.throttles[person] = make()
        return self.throttles[person]


@dataclass
class Summary:
    """A session as the home page lists it, without folding its log."""
    code: str
    title: str
    phase: str
    joined: int
    started_at: float
    kind: str


class _Batch:
    """Commands gathered for one transaction; `results[i]` is request i's events or error."""

    def __init__(self):
        self.requests: list[tuple] = []
        self.results: list = []
        self.done = threading.Event()


class StoreHealth:
    """Whether the log can be written, for one clear line per incident in the server's log
    instead of a traceback per command: the first failure says what and that commands are
    refused with try_again; the first success after it says how long and how many."""

    def __init__(self):
        self.since = None          # when the current incident began (monotonic), or None
        self.refused = 0
        self._lock = threading.Lock()

    def failed(self, exc: StoreUnavailable, commands: int = 1):
        with self._lock:
            self.refused += commands
            if self.since is None:
                self.since = time.monotonic()
                log.error("the session log cannot be written (%s): commands are refused with "
                          "try_again until it can", exc.reason)

    def ok(self):
        if self.since is None:     # the usual case: one attribute read per write
            return
        with self._lock:
            if self.since is not None:
                log.warning("the session log can be written again after %.1f s; %d commands "
                            "were refused meanwhile", time.monotonic() - self.since, self.refused)
                self.since, self.refused = None, 0


class Hub:
    """`shared`: other processes write to the same log (several workers behind a proxy). Then
    each write first takes the session's lock in the database and reads what others added."""

    def __init__(self, store: Store, clock=time.time, shared: bool = False):
        self.store = store
        self.clock = clock
        self.shared = shared
        self.entries: dict[str, Entry] = {}            # live sessions on this process
        self._ended: OrderedDict[str, LiveSession] = OrderedDict()
        self._titles: dict[str, str] = {}
        self._open: dict[str, _Batch] = {}     # session code -> the batch still gathering
        self._gate = threading.Lock()          # guards _open and loading
        self.gather_seconds = 0.002            # how long a batch waits for more votes
        self.health = StoreHealth()
        for row in self.store.session_rows(live_only=True):
            self._load(row)                    # a restart resumes every live session

    # --- finding sessions -------------------------------------------------------------------
    def _fold(self, row) -> LiveSession:
        script = parse_script(row["script_text"], row["script_name"])
        self._titles[row["code"]] = script.title
        state = LiveSession(row["code"], script, row["owner"], row["created_at"])
        for event in self.store.events_of(row["code"]):
            apply(state, event)
        return state

    def _load(self, row) -> LiveSession:
        state = self._fold(row)
        if state.ended:
            self._keep_ended(state)
        else:
            self.entries[state.code] = Entry(state, row["kind"])
        return state

    def _keep_ended(self, state: LiveSession):
        self._ended[state.code] = state
        self._ended.move_to_end(state.code)
        while len(self._ended) > ENDED_KEPT:
            self._ended.popitem(last=False)

    def _retire(self, code: str):
        """The session ended: its process state goes, its state stays readable."""
        entry = self.entries.pop(code, None)
        if entry is not None:
            self._keep_ended(entry.state)

    def forget(self, code: str):
        """An ended session erased or deleted (workshop/retention.py): what this process holds
        of it goes; a later `get` folds it again from the log, or finds nothing."""
        with self._gate:
            self._ended.pop(code, None)
            self._titles.pop(code, None)

    def drop_changed(self):
        """Forget the ended sessions held here that another process (or `workshop sessions`)
        has erased or deleted since they were folded."""
        held = {code: state for code, state in list(self._ended.items())}
        for code in self.store.erased_or_gone(held):
            if held[code].erased_at is None or self.store.session_row(code) is None:
                self.forget(code)

    def entry(self, code: str) -> Entry | None:
        """The live session's entry on this process (loaded if another process started it)."""
        code = normalise_code(code)
        entry = self.entries.get(code)
        if entry is None and self.shared and code and code not in self._ended:
            with self._gate:
                entry = self.entries.get(code)
                row = self.store.session_row(code) if entry is None else None
                if row is not None and row["ended_at"] is None:
                    self._load(row)
                    entry = self.entries.get(code)
        return entry

    def get(self, code: str) -> LiveSession | None:
        """A session by its code, live or ended."""
        code = normalise_code(code)
        entry = self.entry(code)
        if entry is not None:
            return entry.state
        state = self._ended.get(code)
        if state is not None:
            self._ended.move_to_end(code)
        elif code:
            row = self.store.session_row(code)
            state = self._load(row) if row else None
        return state

    def live(self) -> list[Entry]:
        return list(self.entries.values())

    def summaries(self, owner: str) -> list[Summary]:
        found = []
        for row in self.store.session_list(owner):
            entry = self.entries.get(row["code"])
            if entry is not None:
                state = entry.state
                found.append(Summary(state.code, state.script.title, state.phase,
                                     len(state.participants), state.started_at, entry.kind))
                continue
            phase = "ended" if row["ended_at"] is not None else "lobby"
            found.append(Summary(row["code"], self._title(row["code"]), phase, row["joined"],
                                 row["created_at"], row["kind"]))
        return found

    def _title(self, code: str) -> str:
        if code not in self._titles:
            row = self.store.session_row(code)
            try:
                self._titles[code] = parse_script(row["script_text"], row["script_name"]).title
            except Exception:       # a script that no longer parses: its file name will do
                self._titles[code] = row["script_name"]
        return self._titles[code]

    # --- keeping up with other processes ----------------------------------------------------
    def catch_up(self, state: LiveSession, db=None):
        """Fold in what other processes wrote since (nothing to do with one process)."""
        if self.shared:
            for event in self.store.events_after(state.code, state.applied, db):
                apply(state, event)
            if state.ended:
                self._retire(state.code)

    def fresh(self, state: LiveSession) -> LiveSession:
        """The state with every other process's events: before a view is built from it."""
        entry = self.entries.get(state.code)
        if self.shared and entry is not None:
            with entry.lock:
                try:
                    self.catch_up(state)
                except SQLAlchemyError as exc:
                    # The database is away: the view as this process knows it beats none;
                    # the next read after it is back catches up.
                    self.health.failed(StoreUnavailable(exc), commands=0)
        return state

    # --- changing sessions ------------------------------------------------------------------
    def start(self, script_path: str | Path, owner: str, kind: str = "live") -> LiveSession:
        path = Path(script_path)
        return self.start_text(path.read_text(encoding="utf-8"), path.name, owner, kind)

    def start_text(self, text: str, name: str, owner: str, kind: str = "live") -> LiveSession:
        """A new session of the script `text` (raises ScriptError for one that is not valid);
        the session keeps this text, whatever happens to the script afterwards."""
        script = parse_script(text, name)
        code = new_code()
        while code in self.entries or self.store.code_taken(code):
            code = new_code()
        now = self.clock()
        self.store.add_session(code, name, text, owner, kind, now)
        state = LiveSession(code, script, owner, now)
        self.entries[code] = Entry(state, kind)
        self._titles[code] = script.title
        return state

    def _live_entry(self, code: str) -> Entry:
        entry = self.entry(code)
        if entry is None:
            raise Refused("session_ended")
        return entry

    def run(self, code: str, command, *args, once=None) -> list[dict]:
        """Apply command(state, *args, now) -> events: stored first, then applied.

        `once` = (who, cid): when the session already applied that request, nothing runs
        again and [] is returned; its receipt is in `state.receipts[once]`."""
        entry = self._live_entry(code)
        if command in BATCHED:
            return self._run_batched(entry, command, args, once)
        state = entry.state
        with entry.lock:
            try:
                with self.store.writing(code, exclusive=self.shared) as db:
                    self.catch_up(state, db)
                    if already_applied(state, once, command):
                        return []
                    events = command(state, *args, self.clock())
                    self.store.append(code, events, state.applied, db)
            except StoreUnavailable as exc:     # nothing was stored: nothing is applied
                self.health.failed(exc)
                raise Refused("try_again") from None
            self.health.ok()
            for event in events:
                apply(state, event)
        if any(e["type"] == "session_ended" for e in events):
            self.store.end_session(code, events[-1]["at"])
            self._retire(code)
        return events

    def _run_batched(self, entry: Entry, command, args, once) -> list[dict]:
        """`run` for a batched command: the first of a batch gathers, writes it and tells the
        others; every caller returns (or raises) only once its events are stored and applied."""
        code = entry.state.code
        with self._gate:
            batch = self._open.get(code)
            leader = batch is None
            if leader:
                batch = self._open[code] = _Batch()
            slot = len(batch.requests)
            batch.requests.append((command, args, once))
            batch.results.append(RuntimeError("the batch was not written"))
        if leader:
            try:
                time.sleep(self.gather_seconds)     # cooperative under eventlet and gevent
            finally:
                with self._gate:
                    del self._open[code]
                try:
                    self._write_batch(entry, batch)
                finally:
                    batch.done.set()
        else:
            batch.done.wait()
        result = batch.results[slot]
        if isinstance(result, BaseException):
            raise result
        return result

    def _write_batch(self, entry: Entry, batch: _Batch):
        state = entry.state
        with entry.lock:
            try:
                with self.store.writing(state.code, exclusive=self.shared) as db:
                    self.catch_up(state, db)
                    stored = self._check_batch(state, batch)
                    self.store.append(state.code, stored, state.applied, db)
            except Exception as exc:            # nothing was stored: nothing is applied
                if isinstance(exc, StoreUnavailable):
                    self.health.failed(exc, len(batch.requests))
                    exc = Refused("try_again")
                # Every request gets the real reason, its own refusal or the batch's failure
                # (not the placeholder of a request the batch never reached).
                batch.results = [r if isinstance(r, Refused) else exc for r in batch.results]
                return
            self.health.ok()
            for event in stored:
                apply(state, event)

    def _check_batch(self, state: LiveSession, batch: _Batch) -> list[dict]:
        """Each request's events (or refusal) against the same state; returns all events.
        A request the state or an earlier one of the batch already holds yields nothing."""
        stored, seen = [], set()
        for i, (command, args, once) in enumerate(batch.requests):
            try:
                if already_applied(state, once, command) or (once and once in seen):
                    batch.results[i] = []
                    continue
                events = command(state, *args, self.clock())
            except Exception as exc:        # a refusal: this request's alone
                batch.results[i] = exc
                continue
            joins = {e["token_hash"] for e in events if e["type"] == "participant_joined"}
            if joins & seen or any(t in state.by_token for t in joins):
                events = []                 # the same phone joining twice: one participant
            seen |= joins | ({once} if once else set())
            batch.results[i] = events
            stored.extend(events)
        return stored
