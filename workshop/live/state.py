"""The state of a live session, and `apply`: how each event changes it.

State is a fold over the event log: `apply` is the only code that changes it, it does no I/O
and reads no clock (times come inside the events). It changes the state in place rather than
copying it, so that a vote costs O(1) on the hot path with a thousand phones.

After an ended session's personal data is erased (workshop/retention.py) its log is the
rewritten one: names are gone from `participant_joined`, and each event whose content was
personal (a pair note, a private word, a reflection that never reached the wall) is now an
`erased` event with its time alone, which folds to nothing. `personal_data_erased` says when.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..script import Script
from . import pair_state, private_word, questions
from .pair_state import PairState


@dataclass
class Participant:
    pid: str
    token_hash: str
    name: str
    joined_at: float
    alias: str = ""          # what the console may call this person by; never the pid


@dataclass
class PollState:
    votes: dict = field(default_factory=dict)      # pid -> answer; the last vote counts
    closed: bool = False
    shown: bool | None = None                      # None: as the script says (live or reveal)


@dataclass
class Reflection:
    rid: str                                       # random: its order says nothing of its author
    step: str
    pid: str
    text: str
    status: str                                    # shown, held or hidden


@dataclass
class LiveSession:
    code: str
    script: Script
    owner: str
    started_at: float
    index: int = -1                                # -1 is the lobby
    step_started_at: float = 0.0
    ended: bool = False
    participants: dict = field(default_factory=dict)   # pid -> Participant
    by_token: dict = field(default_factory=dict)       # token hash -> pid
    polls: dict = field(default_factory=dict)          # step id -> PollState
    reflections: dict = field(default_factory=dict)    # rid -> Reflection
    receipts: dict = field(default_factory=dict)       # (who, cid) -> result, for retries
    pairs: PairState = field(default_factory=PairState)
    words: dict = field(default_factory=dict)          # wid -> PrivateWord (private_word.py)
    words_open: dict = field(default_factory=dict)     # pid -> wid not answered yet
    questions: dict = field(default_factory=dict)      # qid -> Question (questions.py)
    question_on_screen: str | None = None              # the qid shown large on the screen
    top_questions_shown: bool = False                  # the screen shows the top questions
    applied: int = 0                                   # events folded in so far
    erased_at: float | None = None                     # when its personal data was erased

    @property
    def step(self):
        return self.script.steps[self.index] if 0 <= self.index < len(self.script.steps) else None

    @property
    def phase(self) -> str:
        if self.ended:
            return "ended"
        return "lobby" if self.index < 0 else "step"

    def poll(self, step_id: str) -> PollState:
        return self.polls.setdefault(step_id, PollState())


def apply(state: LiveSession, event: dict) -> LiveSession:
    handler = _HANDLERS[event["type"]]
    handler(state, event)
    state.applied += 1
    if "cid" in event:
        state.receipts[(event.get("by", "host"), event["cid"])] = event
    return state


def _joined(state, e):
    state.participants[e["pid"]] = Participant(e["pid"], e["token_hash"], e.get("name", ""),
                                               e["at"], e.get("alias", ""))
    state.by_token[e["token_hash"]] = e["pid"]


def _step_changed(state, e):
    state.index = e["index"]
    state.step_started_at = e["at"]


def _voted(state, e):
    state.poll(e["step"]).votes[e["by"]] = e["answer"]


def _poll_closed(state, e):
    state.poll(e["step"]).closed = e["closed"]


def _results_shown(state, e):
    state.poll(e["step"]).shown = e["shown"]


def _reflected(state, e):
    state.reflections[e["rid"]] = Reflection(e["rid"], e["step"], e["by"], e["text"], e["status"])


def _moderated(state, e):
    reflection = state.reflections.get(e["rid"])
    if reflection is not None:           # None: a reflection erased since (never on the wall)
        reflection.status = e["status"]


def _ended(state, e):
    state.ended = True


def _erased(state, e):
    state.erased_at = e["at"]


_HANDLERS = {
    "participant_joined": _joined,
    "step_changed": _step_changed,
    "vote_cast": _voted,
    "poll_closed": _poll_closed,
    "results_shown": _results_shown,
    "reflection_written": _reflected,
    "reflection_moderated": _moderated,
    "session_ended": _ended,
    "personal_data_erased": _erased,
    "erased": lambda state, e: None,
    **pair_state.HANDLERS,
    **private_word.HANDLERS,
    **questions.HANDLERS,
}
EVENT_TYPES = frozenset(_HANDLERS)
