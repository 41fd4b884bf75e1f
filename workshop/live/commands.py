"""Commands: a request checked against the current state, yielding events or a refusal.

Pure functions: no I/O, no clock, no randomness (ids and the time come from the caller). A
refusal is a `Refused` with a code the edge turns into a message in the session's language.
"""
from __future__ import annotations

import re
import unicodedata

from ..script.model import PollStep, ReflectionStep
from . import private_word, questions
from .state import LiveSession

MAX_NAME = 40
MAX_WORD = 30
MAX_REFLECTION = 500
MAX_REFLECTIONS_PER_STEP = 5
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Bidirectional embeddings, overrides and isolates can make a text on the wall read otherwise
# than it was typed (U+202A-U+202E, U+2066-U+2069): removed.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _blank(char: str) -> bool:
    """Spaces, format characters (zero-width spaces and joiners) and controls."""
    return unicodedata.category(char)[0] in "CZ"


def _trim(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    text = text[start:end]
    # Marks alone (a combining accent with no letter) show nothing either.
    return text if any(unicodedata.category(c)[0] not in "CZM" for c in text) else ""


class Refused(Exception):
    """A command that cannot be applied; `code` names why (see docs/protocol.md)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def yields(event_type: str):
    """Marks which event is a command's receipt (the last of its events with the request's
    cid): the hub refuses a cid sent again with a command of another kind."""
    def mark(command):
        command.yields = frozenset({event_type})
        return command
    return mark


def clean_text(value, limit: int, field: str, allow_empty=False) -> str:
    if not isinstance(value, str):
        raise Refused("bad_request", field=field)
    # NFC: the same letters typed on two phones are the same text (é, or e and a combining ´).
    text = _trim(_BIDI.sub("", _CONTROL.sub("", unicodedata.normalize("NFC", value))))
    if len(text) > limit:
        raise Refused("too_long", field=field, limit=limit)
    if not text and not allow_empty:
        raise Refused("empty", field=field)
    return text


# --- phones -------------------------------------------------------------------------------

def join(state: LiveSession, pid: str, alias: str, token_hash: str, name, now: float) -> list[dict]:
    open_session(state)
    if name is not None and not isinstance(name, str):   # 0, false or [] is no "no name"
        raise Refused("bad_request", field="name")
    name = clean_text(name or "", MAX_NAME, "name", allow_empty=True)
    return [{"type": "participant_joined", "pid": pid, "alias": alias, "token_hash": token_hash,
             "name": name, "at": now}]


@yields("vote_cast")
def vote(state: LiveSession, pid: str, cid: str, step_id, answer, now: float) -> list[dict]:
    step = _poll_to_answer(state, pid, step_id)
    if not isinstance(step, PollStep):
        raise Refused("not_a_poll")
    if state.poll(step.id).closed:
        raise Refused("poll_closed")
    answer = check_answer(step, answer)
    return [{"type": "vote_cast", "step": step.id, "by": pid, "cid": cid, "answer": answer,
             "at": now}]


def check_answer(step: PollStep, answer):
    """The answer in its stored form, or `Refused('bad_answer')`."""
    def is_int(v):
        return isinstance(v, int) and not isinstance(v, bool)

    if step.type == "single":
        if is_int(answer) and 0 <= answer < len(step.options):
            return answer
    elif step.type == "multiple":
        limit = step.max_choices or len(step.options)
        if (isinstance(answer, list) and 1 <= len(answer) <= limit
                and all(is_int(a) and 0 <= a < len(step.options) for a in answer)
                and len(set(answer)) == len(answer)):
            return sorted(answer)
    elif step.type == "scale":
        if is_int(answer) and step.scale.min <= answer <= step.scale.max:
            return answer
    elif step.type == "words":
        if isinstance(answer, list) and 1 <= len(answer) <= step.max_words:
            try:
                words = [clean_text(w, MAX_WORD, "word") for w in answer]
            except Refused:         # a word that is no string, empty or too long
                raise Refused("bad_answer") from None
            if len({w.lower() for w in words}) == len(words):
                return words
    raise Refused("bad_answer")


@yields("reflection_written")
def reflect(state: LiveSession, pid: str, cid: str, rid: str, step_id, text, now: float) -> list[dict]:
    step = current_step(state, pid, step_id)
    if not isinstance(step, ReflectionStep):
        raise Refused("not_a_reflection")
    text = clean_text(text, MAX_REFLECTION, "text")
    mine = sum(1 for r in state.reflections.values() if r.pid == pid and r.step == step.id)
    if mine >= MAX_REFLECTIONS_PER_STEP:
        raise Refused("too_many", limit=MAX_REFLECTIONS_PER_STEP)
    status = "private" if step.private else "held" if step.approval else "shown"
    return [{"type": "reflection_written", "rid": rid, "step": step.id, "by": pid, "cid": cid,
             "text": text, "status": status, "at": now}]


# --- a private word with the facilitator (live/private_word.py): the console alone sees it

@yields("private_word_asked")
def ask_facilitator(state: LiveSession, pid: str, cid: str, wid: str, now: float) -> list[dict]:
    _joined(state, pid)
    if private_word.open_word(state, pid):
        raise Refused("already_asked")
    step = state.step
    return [{"type": "private_word_asked", "wid": wid, "step": step.id if step else None,
             "by": pid, "cid": cid, "at": now}]


@yields("private_word_withdrawn")
def withdraw_word(state: LiveSession, pid: str, cid: str, now: float) -> list[dict]:
    _joined(state, pid)
    word = private_word.open_word(state, pid)
    if word is None:
        raise Refused("no_private_word")
    return [{"type": "private_word_withdrawn", "wid": word.wid, "by": pid, "cid": cid,
             "at": now}]


@yields("private_word_seen")
def word_seen(state: LiveSession, cid: str, wid, now: float) -> list[dict]:
    open_session(state)
    if not isinstance(wid, str) or wid not in state.words:
        raise Refused("no_private_word")
    if state.words[wid].status != private_word.WAITING:
        raise Refused("no_private_word")
    return [{"type": "private_word_seen", "wid": wid, "by": "host", "cid": cid, "at": now}]


# --- anonymous questions for the facilitator (live/questions.py) ---------------------------

@yields("question_asked")
def ask_question(state: LiveSession, pid: str, cid: str, qid: str, text, now: float) -> list[dict]:
    _joined(state, pid)
    step = state.step
    if not state.script.questions_open(step.id if step else None):
        raise Refused("questions_closed")
    text = clean_text(text, questions.MAX_QUESTION, "text")
    if questions.open_count(state, pid) >= questions.MAX_OPEN:
        raise Refused("too_many_questions", limit=questions.MAX_OPEN)
    status = questions.HELD if state.script.questions_approval else questions.LISTED
    return [{"type": "question_asked", "qid": qid, "step": step.id if step else None,
             "by": pid, "cid": cid, "text": text, "status": status, "at": now}]


@yields("question_voted")
def upvote(state: LiveSession, pid: str, cid: str, qid, up, now: float) -> list[dict]:
    """An upvote (`up`), or taking it back; one per person and question, so a second upvote
    (or taking back what was not given) changes nothing and stores nothing."""
    _joined(state, pid)
    question = _listed(state, qid)
    if not isinstance(up, bool):
        raise Refused("bad_request", field="up")
    if (pid in question.voters) == up:
        return []
    return [{"type": "question_voted", "qid": question.qid, "by": pid, "cid": cid, "up": up,
             "at": now}]


@yields("question_moderated")
def moderate_question(state: LiveSession, cid: str, qid, status, now: float) -> list[dict]:
    open_session(state)
    question = _question(state, qid)
    if status not in (questions.LISTED, questions.HIDDEN):
        raise Refused("bad_request", field="status")
    return [{"type": "question_moderated", "qid": question.qid, "status": status, "by": "host",
             "cid": cid, "at": now}]


@yields("question_answered")
def answer_question(state: LiveSession, cid: str, qid, answered, now: float) -> list[dict]:
    open_session(state)
    question = _question(state, qid)
    if not isinstance(answered, bool):
        raise Refused("bad_request", field="answered")
    return [{"type": "question_answered", "qid": question.qid, "answered": answered,
             "by": "host", "cid": cid, "at": now}]


@yields("question_on_screen")
def show_question(state: LiveSession, cid: str, qid, now: float) -> list[dict]:
    """Show a question large on the screen (approving a held one is a separate step), or,
    with `qid` None, show none."""
    open_session(state)
    if qid is not None:
        qid = _listed(state, qid).qid
    return [{"type": "question_on_screen", "qid": qid, "by": "host", "cid": cid, "at": now}]


@yields("top_questions_shown")
def show_top_questions(state: LiveSession, cid: str, shown, now: float) -> list[dict]:
    open_session(state)
    if not state.script.questions_on:
        raise Refused("questions_closed")
    if not isinstance(shown, bool):
        raise Refused("bad_request", field="shown")
    return [{"type": "top_questions_shown", "shown": shown, "by": "host", "cid": cid, "at": now}]


def _question(state: LiveSession, qid):
    if not isinstance(qid, str) or qid not in state.questions:
        raise Refused("no_such_question")
    return state.questions[qid]


def _listed(state: LiveSession, qid):
    question = _question(state, qid)
    if question.status != questions.LISTED:      # held or hidden: not the room's to see
        raise Refused("no_such_question")
    return question


# --- facilitator --------------------------------------------------------------------------

@yields("step_changed")
def go_to(state: LiveSession, cid: str, index, now: float) -> list[dict]:
    open_session(state)
    if not isinstance(index, int) or isinstance(index, bool):
        raise Refused("bad_request", field="index")
    if index < -1:
        raise Refused("at_start")
    if index >= len(state.script.steps):
        raise Refused("at_end")
    return [{"type": "step_changed", "index": index, "by": "host", "cid": cid, "at": now}]


@yields("step_changed")
def next_step(state: LiveSession, cid: str, now: float) -> list[dict]:
    return go_to(state, cid, state.index + 1, now)


@yields("step_changed")
def previous_step(state: LiveSession, cid: str, now: float) -> list[dict]:
    return go_to(state, cid, state.index - 1, now)


@yields("poll_closed")
def close(state: LiveSession, cid: str, step_id, now: float) -> list[dict]:
    return close_poll(state, cid, step_id, True, now)


@yields("poll_closed")
def reopen(state: LiveSession, cid: str, step_id, now: float) -> list[dict]:
    return close_poll(state, cid, step_id, False, now)


def close_poll(state: LiveSession, cid: str, step_id, closed: bool, now: float) -> list[dict]:
    step = _host_poll(state, step_id)
    return [{"type": "poll_closed", "step": step.id, "closed": closed, "by": "host", "cid": cid,
             "at": now}]


@yields("results_shown")
def show_results(state: LiveSession, cid: str, step_id, shown, now: float) -> list[dict]:
    step = _host_poll(state, step_id)
    if not isinstance(shown, bool):
        raise Refused("bad_request", field="shown")
    return [{"type": "results_shown", "step": step.id, "shown": shown, "by": "host", "cid": cid,
             "at": now}]


@yields("reflection_moderated")
def moderate(state: LiveSession, cid: str, rid, status, now: float) -> list[dict]:
    open_session(state)
    if not isinstance(rid, str) or rid not in state.reflections \
            or state.reflections[rid].status == "private":    # never the console's to see
        raise Refused("no_such_reflection")
    if status not in ("shown", "hidden"):
        raise Refused("bad_request", field="status")
    return [{"type": "reflection_moderated", "rid": rid, "status": status, "by": "host",
             "cid": cid, "at": now}]


@yields("session_ended")
def end(state: LiveSession, cid: str, now: float) -> list[dict]:
    open_session(state)
    return [{"type": "session_ended", "by": "host", "cid": cid, "at": now}]


# --- checks shared by commands ------------------------------------------------------------

def _joined(state: LiveSession, pid: str) -> bool:
    open_session(state)
    if pid not in state.participants:
        raise Refused("not_joined")
    return True


def open_session(state: LiveSession):
    if state.ended:
        raise Refused("session_ended")


def _poll_to_answer(state: LiveSession, pid: str, step_id):
    """The current step, or the check-in, which is answered whichever step the room is on."""
    _joined(state, pid)
    check_in = state.script.poll_named(step_id) if isinstance(step_id, str) else None
    return check_in or current_step(state, pid, step_id)


def current_step(state: LiveSession, pid: str, step_id):
    _joined(state, pid)
    if not isinstance(step_id, str):
        raise Refused("bad_request", field="step")
    step = state.step
    if step is None or step.id != step_id:
        raise Refused("not_current")
    return step


def _host_poll(state: LiveSession, step_id):
    open_session(state)
    step = state.step
    if not isinstance(step_id, str):
        raise Refused("bad_request", field="step")
    if step is None or step.id != step_id:
        raise Refused("not_current")
    if not isinstance(step, PollStep):
        raise Refused("not_a_poll")
    return step
