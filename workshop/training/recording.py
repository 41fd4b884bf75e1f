"""Recordings: a session's script and event log, read from the store or a JSONL file.

A recording is what replay, the timing report and `workshop export` work on. An exported
recording is anonymised (`anonymise`): participant ids (and console aliases) become P1..Pn
in the order people joined, and what could name or re-identify a person (names, token hashes, client-made command
ids) or what was private to a pair (`pair_note*` events, `note_text` fields) or to the facilitator
(`private_word*` events), and the answers to private steps, are left out. Of the questions
for the facilitator only those shown on the screen or answered (and on the list) stay, without
who asked; their upvotes stay as counts, each voter a stand-in of that question alone.

The JSONL file: the first line is the header (script text, times, kind), every further line
one event as it was logged, with its time `at` (epoch seconds).
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ..live.state import LiveSession, apply
from ..live import questions as live_questions
from ..live import state as live_state
from ..script import Script, ScriptError, parse_script

FORMAT = "workshop-recording"
VERSION = 1
# Never in an export: what names a person or lets someone act as them, and a pair's notes.
DROPPED_FIELDS = frozenset({"name", "token", "token_hash", "note_text", "cid"})
DROPPED_EVENT_PREFIXES = ("pair_note", "private_word")   # a private word: the console's alone
PLACEHOLDER_TOKEN = "recorded:"   # stands in for a dropped token hash; never a SHA-256 hex


class RecordingError(Exception):
    """A recording that cannot be read or used; the message says why."""


@dataclass
class Recording:
    code: str
    script_name: str
    script_text: str
    created_at: float
    ended_at: float | None
    events: list[dict]
    kind: str = "live"                 # live or rehearsal
    owner: str | None = None           # who may replay it here; None for a file
    anonymised: bool = False
    meta: dict = field(default_factory=dict)

    @cached_property
    def script(self) -> Script:
        return parse_script(self.script_text, self.script_name)

    @property
    def ended(self) -> bool:
        return any(e["type"] == "session_ended" for e in self.events)

    @property
    def last_at(self) -> float:
        times = [e["at"] for e in self.events]
        return max([self.created_at, *times, *([self.ended_at] if self.ended_at else [])])

    def new_state(self) -> LiveSession:
        return LiveSession(self.code, self.script, self.owner or "", self.created_at)

    def foldable(self) -> list[dict]:
        """The events `apply` can fold, in log order, with placeholders for dropped fields."""
        known = getattr(live_state, "EVENT_TYPES", None)
        out = []
        for event in self.events:
            if known is not None and event["type"] not in known:
                continue    # a type this version does not know: from a newer installation
            if event["type"] == "participant_joined" and "token_hash" not in event:
                event = {**event, "token_hash": PLACEHOLDER_TOKEN + event["pid"]}
            out.append(event)
        return out

    def fold(self, until: float | None = None) -> LiveSession:
        state = self.new_state()
        for event in self.foldable():
            if until is not None and event["at"] > until:
                break
            apply(state, event)
        return state


# --- reading ---------------------------------------------------------------------------------

def from_store(store, code: str) -> Recording | None:
    row = next((r for r in store.session_rows() if r["code"] == code), None)
    if row is None:
        return None
    return Recording(code=row["code"], script_name=row["script_name"],
                     script_text=row["script_text"], created_at=row["created_at"],
                     ended_at=row["ended_at"], events=store.events_of(row["code"]),
                     kind=row.get("kind") or "live", owner=row["owner"])


def read_jsonl(path: str | Path) -> Recording:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordingError(f"{path}: cannot read: {exc}") from exc
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise RecordingError(f"{path}:{number}: not JSON: {exc.msg}") from exc
    if not rows or not isinstance(rows[0], dict) or rows[0].get("format") != FORMAT:
        raise RecordingError(f"{path}:1: not a workshop recording (the first line is its header)")
    header, events = rows[0], rows[1:]
    if header.get("version") != VERSION:
        raise RecordingError(f"{path}:1: recording version {header.get('version')!r} is not {VERSION}")
    for number, event in enumerate(events, start=2):
        if not (isinstance(event, dict) and isinstance(event.get("type"), str)
                and isinstance(event.get("at"), (int, float))):
            raise RecordingError(f"{path}:{number}: an event needs a 'type' and a time 'at'")
    try:
        recording = Recording(code=str(header["code"]), script_name=str(header["script_name"]),
                              script_text=str(header["script_text"]),
                              created_at=float(header["created_at"]),
                              ended_at=header.get("ended_at"), events=events,
                              kind=header.get("kind", "live"),
                              anonymised=bool(header.get("anonymised")), meta=header)
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordingError(f"{path}:1: the header lacks {exc}") from exc
    try:
        recording.script    # a script this version cannot read is an error now, not mid-replay
    except ScriptError as exc:
        raise RecordingError(f"{path}: the recorded script does not load here:\n{exc}") from exc
    return recording


# --- anonymising and writing -----------------------------------------------------------------

def anonymise(recording: Recording) -> Recording:
    """A copy fit to leave the installation: pseudonyms for participants, nothing private."""
    pids = [e["pid"] for e in recording.events if e["type"] == "participant_joined"]
    names = {pid: f"P{i}" for i, pid in enumerate(dict.fromkeys(pids), start=1)}
    # Participant ids may turn up anywhere (e.g. in a couple), as a value, key or part of one.
    pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True)))) \
        if names else None

    def clean(value):
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items() if k not in DROPPED_FIELDS}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, str) and pattern is not None:
            return pattern.sub(lambda m: names[m.group(0)], value)
        return value

    # What each partner answered alone stays out too: not even a pseudonym's answer leaves.
    script = recording.script
    private = {step.id for step in script.steps if getattr(step, "private", False)}
    if script.check_in:
        private.add(script.check_in.id)
    events = [clean(e) for e in _questions_kept(recording)
              if not e["type"].startswith(DROPPED_EVENT_PREFIXES)
              and not (e["type"] in ("vote_cast", "reflection_written") and e.get("step") in private)]
    for event in events:
        if event["type"] == "participant_joined" and "alias" in event:
            # What the console called them by: the pseudonym now, whatever it was made from.
            event["alias"] = event["pid"]
    return replace(recording, events=events, owner=None, anonymised=True)


QUESTION_EVENTS = ("question_asked", "question_voted", "question_moderated",
                   "question_answered", "question_on_screen")


def _questions_kept(recording: Recording) -> list[dict]:
    """The log without the questions an export leaves out (live/questions.kept decides: on
    the list at the end, and on the screen or answered), and without who asked or voted: a
    voter is "v1", "v2", … of that question alone, so the count (and a vote taken back) folds
    as it did, and nothing links two questions' voters or a voter to a participant."""
    has_questions = any(e["type"] in QUESTION_EVENTS for e in recording.events)
    kept = {q.qid for q in live_questions.kept(recording.fold())} if has_questions else set()
    voters: dict = {}
    out = []
    for e in recording.events:
        if e["type"] not in QUESTION_EVENTS:
            out.append(e)
        elif e.get("qid") is None or e["qid"] in kept:
            clean = {k: v for k, v in e.items() if k != "by"}
            if e["type"] == "question_voted":
                ids = voters.setdefault(e["qid"], {})
                clean["by"] = ids.setdefault(e["by"], f"v{len(ids) + 1}")
            out.append(clean)
    return out


def header(recording: Recording) -> dict:
    script = recording.script
    return {"format": FORMAT, "version": VERSION, "anonymised": recording.anonymised,
            "code": recording.code, "kind": recording.kind, "title": script.title,
            "language": script.language, "script_name": recording.script_name,
            "script_text": recording.script_text, "created_at": recording.created_at,
            "ended_at": recording.ended_at,
            "participants": sum(1 for e in recording.events if e["type"] == "participant_joined"),
            "events": len(recording.events), "exported_at": time.time()}


def write_jsonl(recording: Recording, out) -> None:
    """Write an anonymised recording to a text stream."""
    if not recording.anonymised:
        recording = anonymise(recording)
    out.write(json.dumps(header(recording), ensure_ascii=False) + "\n")
    for event in recording.events:
        out.write(json.dumps(event, ensure_ascii=False) + "\n")


# --- importing -------------------------------------------------------------------------------

def import_into(store, recording: Recording, owner: str) -> str:
    """Add a recording to this installation's store as an ended session; returns its code.

    The imported session is ended (if the recording was not, an ended event is added at its
    last moment), so that no phone can join it and no console can change it.
    """
    from ..hub import new_code

    recording = anonymise(recording)    # a no-op for our own exports; a guard for others'
    for row in store.session_rows():
        if row["created_at"] == recording.created_at and row["script_text"] == recording.script_text:
            raise RecordingError(f"this recording is already here, as session {row['code']}")
    code = recording.code
    while not re.fullmatch(r"[A-Z0-9]{1,16}", code) or store.code_taken(code):
        code = new_code()
    events = recording.foldable()
    end = recording.last_at
    if not recording.ended:
        events.append({"type": "session_ended", "by": "import", "imported": True, "at": end})
    # Check that the log folds before it is stored: a broken import must leave no trace.
    try:
        replace(recording, code=code, events=events).fold()
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordingError(f"the recorded events do not fold into a session: {exc!r}") from exc
    store.add_session(code, recording.script_name, recording.script_text, owner,
                      recording.kind, recording.created_at)
    store.append(code, events, after=0)
    store.end_session(code, recording.ended_at or end)
    return code
