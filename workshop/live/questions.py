"""Anonymous questions for the facilitator, with upvotes (docs/protocol.md, "Questions").

A participant asks something they would not ask aloud; the room sees it on the list (at once,
or once the facilitator approved it: the script's `questions_approval`) and upvotes what it
wants answered too. Like reflections, nothing that leaves for the screen, the console or
another phone says who asked or who voted: a question is known by a random id, its votes by
their count. Only the asker's own part (`mine`) says which questions it asked and upvoted.

The questions' state, how events change it, and the views; the commands are in
live/commands.py with the others.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .state import LiveSession

HELD, LISTED, HIDDEN = "held", "listed", "hidden"
MAX_QUESTION = 280
MAX_OPEN = 3             # a person's questions on the list or held, not answered yet
TOP = 5                  # how many the screen shows when the facilitator asks for the top
MAX_LISTED = 100         # what a phone gets of a very long list: the most upvoted


@dataclass
class Question:
    qid: str             # random: what everyone else knows it by; never the asker's id
    pid: str | None      # the asker; None once erased (workshop/retention.py) or exported
    text: str
    at: float
    status: str          # held, listed or hidden
    answered: bool = False
    shown: bool = False                         # was on the screen: large, or in the top
    voters: set = field(default_factory=set)   # pids (or erased stand-ins): one vote each

    @property
    def votes(self) -> int:
        return len(self.voters)


def open_count(state: LiveSession, pid: str) -> int:
    return sum(1 for q in state.questions.values()
               if q.pid == pid and q.status != HIDDEN and not q.answered)


# --- how the events change the state (live/state.py folds them) ------------------------------

def _asked(state, e):
    state.questions[e["qid"]] = Question(e["qid"], e.get("by"), e["text"], e["at"], e["status"])
    _top_seen(state)


def _voted(state, e):
    question = state.questions.get(e["qid"])
    if question is None:            # erased since (never on the list)
        return
    if e["up"]:
        question.voters.add(e["by"])
    else:
        question.voters.discard(e["by"])
    _top_seen(state)


def _moderated(state, e):
    question = state.questions.get(e["qid"])
    if question is not None:
        question.status = e["status"]
        if question.status != LISTED and state.question_on_screen == question.qid:
            state.question_on_screen = None
        _top_seen(state)


def _answered(state, e):
    question = state.questions.get(e["qid"])
    if question is not None:
        question.answered = e["answered"]
        _top_seen(state)


def _on_screen(state, e):
    question = state.questions.get(e["qid"]) if e["qid"] else None
    state.question_on_screen = question.qid if question else None
    if question is not None:
        question.shown = True


def _top_shown(state, e):
    state.top_questions_shown = e["shown"]
    _top_seen(state)


def _top_seen(state):
    """While the screen shows the top questions, each one there has been on the screen."""
    if state.top_questions_shown:
        for question in top(state):
            question.shown = True


def top(state) -> list[Question]:
    return _by_votes(q for q in state.questions.values()
                     if q.status == LISTED and not q.answered)[:TOP]


HANDLERS = {"question_asked": _asked, "question_voted": _voted,
            "question_moderated": _moderated, "question_answered": _answered,
            "question_on_screen": _on_screen, "top_questions_shown": _top_shown}


# --- views ----------------------------------------------------------------------------------

def _public(question: Question) -> dict:
    return {"id": question.qid, "text": question.text, "votes": question.votes,
            "answered": question.answered}


def _by_votes(questions):
    # Ties by the random id: the order says nothing of who asked first.
    return sorted(questions, key=lambda q: (-q.votes, q.qid))


def listed(state: LiveSession) -> list[dict]:
    """What every phone sees: the questions on the list, most upvoted first."""
    if not state.script.questions_on:
        return []
    items = _by_votes(q for q in state.questions.values() if q.status == LISTED)
    return [_public(q) for q in items[:MAX_LISTED]]


def setting(state: LiveSession) -> dict | None:
    """The phones' shared part: whether they may ask now (it changes with the step only)."""
    script = state.script
    if not script.questions_on:
        return None
    step = state.step
    return {"open": not state.ended and script.questions_open(step.id if step else None),
            "approval": script.questions_approval}


def mine(state: LiveSession, pid: str) -> dict | None:
    """The phone's own part: what it asked (with where each stands) and which it upvoted."""
    if not state.script.questions_on:
        return None
    asked = sorted((q for q in state.questions.values() if q.pid == pid), key=lambda q: q.at)
    voted = sorted(q.qid for q in state.questions.values() if pid in q.voters)
    return {"asked": [{**_public(q), "status": q.status} for q in asked], "voted": voted,
            "open": sum(1 for q in asked if q.status != HIDDEN and not q.answered),
            "max_open": MAX_OPEN}


def for_screen(state: LiveSession) -> dict:
    """The screen's part: the one question shown large, and the top ones when asked for."""
    shown = state.questions.get(state.question_on_screen) if state.question_on_screen else None
    listed_top = [_public(q) for q in top(state)] if state.top_questions_shown else None
    return {"question": _public(shown) if shown else None, "top_questions": listed_top}


def for_host(state: LiveSession) -> list[dict]:
    """The console's list, newest first (the page sorts it): every question, held and hidden
    ones too, with its votes; never who asked or voted."""
    items = sorted(state.questions.values(), key=lambda q: q.at, reverse=True)
    return [{**_public(q), "status": q.status, "at": q.at, "shown": q.shown,
             "on_screen": q.qid == state.question_on_screen} for q in items]


def kept(state: LiveSession) -> list[Question]:
    """What the results report and the export keep: on the screen (large, or among the top
    questions) or answered, and on the list (never a hidden or a still-held one), most
    upvoted first."""
    return _by_votes(q for q in state.questions.values()
                     if q.status == LISTED and (q.shown or q.answered))
