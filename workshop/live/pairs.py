"""Commands for couples and paired exercises: forming couples, rounds, private notes, care.

Pure, like commands.py: ids and the time come from the caller. A note is stored so that it
survives a restart, but no view shows it to anyone but the couple (see pair_views.py).
"""
from __future__ import annotations

from ..script.model import PairStep
from .commands import Refused, clean_text, current_step, open_session, yields
from .pair_state import Progress
from .state import LiveSession

MAX_NOTE = 500
COUPLE_CODE_LENGTH = 4    # letters and digits in the code a couple links its phones with
GROUP_SIZES = (2, 3)      # people the facilitator pairs: two, or three when numbers are odd
CARE_KINDS = ("pause", "skip", "ok")


def seats(couple) -> int:
    """How many people write and tap: a one-phone couple is still two people."""
    return 2 if couple.one_phone else len(couple.members)


def peek(state: LiveSession, step_id: str, couple_id: str) -> Progress:
    """A couple's progress without creating it (commands must not change the state)."""
    return state.pairs.progress.get((step_id, couple_id)) or Progress(started_at=state.step_started_at)


def deadline(state: LiveSession, step: PairStep, p: Progress) -> float | None:
    if p.round >= len(step.rounds):
        return None
    return p.started_at + step.rounds[p.round].minutes * 60 + p.extra


# --- forming couples ------------------------------------------------------------------------

def _single(state, pid):
    open_session(state)
    if pid not in state.participants:
        raise Refused("not_joined")
    if pid in state.pairs.couple_of:
        raise Refused("already_coupled")


def fresh_code(state: LiveSession, candidates) -> str:
    """The first candidate code no couple of this session has ever had: a new couple must not
    inherit a dissolved one's progress or card."""
    return next(code for code in candidates if code not in state.pairs.codes_used)


@yields("couple_formed")
def create_couple(state: LiveSession, pid: str, cid: str, candidates, one_phone, now: float):
    _single(state, pid)
    if not isinstance(one_phone, bool):     # 1, "yes" or null is neither
        raise Refused("bad_request", field="one_phone")
    couple_id = fresh_code(state, candidates)
    return [{"type": "couple_formed", "couple": couple_id, "members": [pid],
             "one_phone": one_phone, "by": pid, "cid": cid, "at": now}]


@yields("partner_asked")
def join_couple(state: LiveSession, pid: str, cid: str, couple_code, request_id: str, now: float):
    """Ask to join a couple by its code. Nothing of the couple is shown to the asker until the
    phone that made it says yes: a code seen over a shoulder is not a way in."""
    _single(state, pid)
    code = couple_code.strip().upper() if isinstance(couple_code, str) else None
    couple = state.pairs.couples.get(code)
    if couple is None:
        raise Refused("no_such_couple")
    if couple.one_phone or len(couple.members) >= 2:
        raise Refused("couple_full")
    return [{"type": "partner_asked", "couple": couple.cid, "request": request_id, "by": pid,
             "cid": cid, "at": now}]


@yields("partner_answered")
def answer_partner(state: LiveSession, pid: str, cid: str, request_id, yes, now: float):
    """The couple's first phone says whether the one asking is really their partner."""
    open_session(state)
    couple_id = state.pairs.couple_of.get(pid)
    asking = state.pairs.requests.get(couple_id, {}) if couple_id else {}
    if not isinstance(request_id, str) or request_id not in asking:
        raise Refused("no_such_request")
    if not isinstance(yes, bool):
        raise Refused("bad_request", field="yes")
    member = asking[request_id]
    couple = state.pairs.couples[couple_id]
    if yes and (len(couple.members) >= 2 or member in state.pairs.couple_of):
        raise Refused("couple_full")
    return [{"type": "partner_answered", "couple": couple_id, "request": request_id,
             "member": member, "yes": yes, "by": pid, "cid": cid, "at": now}]


@yields("couple_dissolved")
def leave_couple(state: LiveSession, pid: str, cid: str, now: float):
    open_session(state)
    couple_id = state.pairs.couple_of.get(pid)
    if couple_id is None:
        raise Refused("no_partner")
    return [{"type": "couple_dissolved", "couple": couple_id, "by": pid, "cid": cid, "at": now,
             "members": list(state.pairs.couples[couple_id].members)}]


@yields("couple_formed")
def pair_up(state: LiveSession, cid: str, aliases, candidates, now: float):
    """The facilitator pairs people who came alone: two, or three when numbers are odd."""
    open_session(state)
    if not isinstance(aliases, list) or len(aliases) not in GROUP_SIZES or len(set(map(str, aliases))) != len(aliases):
        raise Refused("pick_two")
    by_alias = {p.alias: p.pid for p in state.participants.values()}
    members = []
    for alias in aliases:
        pid = by_alias.get(alias) if isinstance(alias, str) else None
        if pid is None or pid in state.pairs.couple_of:
            raise Refused("not_single")
        members.append(pid)
    return [{"type": "couple_formed", "couple": fresh_code(state, candidates), "members": members,
             "formed_by": "facilitator", "by": "host", "cid": cid, "at": now}]


@yields("couple_dissolved")
def unpair(state: LiveSession, cid: str, couple_id, now: float):
    open_session(state)
    if not isinstance(couple_id, str) or couple_id not in state.pairs.couples:
        raise Refused("no_such_couple")
    return [{"type": "couple_dissolved", "couple": couple_id, "by": "host", "cid": cid, "at": now,
             "members": list(state.pairs.couples[couple_id].members)}]


# --- running a pair step --------------------------------------------------------------------

def _in_round(state, pid, step_id, round_):
    step = current_step(state, pid, step_id)
    if not isinstance(step, PairStep):
        raise Refused("not_a_pair")
    couple_id = state.pairs.couple_of.get(pid)
    if couple_id is None:
        raise Refused("no_partner")
    if step.id in state.pairs.finished:
        raise Refused("pair_finished")
    p = peek(state, step.id, couple_id)
    if not isinstance(round_, int) or isinstance(round_, bool) or round_ != p.round \
            or p.round >= len(step.rounds):
        raise Refused("not_current_round")
    return step, state.pairs.couples[couple_id], p


@yields("pair_done")
def done(state: LiveSession, pid: str, cid: str, step_id, round_, now: float):
    step, couple, p = _in_round(state, pid, step_id, round_)
    events = [{"type": "pair_done", "step": step.id, "couple": couple.cid, "round": p.round,
               "by": pid, "cid": cid, "at": now}]
    if set(couple.members) <= p.done | {pid}:
        events.append(_next_round(step, couple, p, now, "done"))
    return events


def _next_round(step, couple, p, now, reason):
    return {"type": "pair_round_started", "step": step.id, "couple": couple.cid,
            "round": p.round + 1, "reason": reason, "at": now}


@yields("pair_note_written")
def write_note(state: LiveSession, pid: str, cid: str, step_id, round_, seat, text, now: float):
    step, couple, p = _in_round(state, pid, step_id, round_)
    if not step.rounds[p.round].note:
        raise Refused("no_note_here")
    seat = _seat(couple, pid, seat)
    if seat in p.notes.get(p.round, {}):
        raise Refused("note_written")
    text = clean_text(text, MAX_NOTE, "text")
    return [{"type": "pair_note_written", "step": step.id, "couple": couple.cid, "round": p.round,
             "seat": seat, "by": pid, "text": text, "cid": cid, "at": now}]


def _seat(couple, pid, seat):
    """The seat that writes: named on a one-phone couple (0 or 1); a phone of two is its own
    seat, and names none (null) or a number. Never a float: 0.0 == 0, but a note stored
    under 0.0 showed as seat "0.0"."""
    if seat is not None and not _index(seat):
        raise Refused("bad_request", field="seat")
    if couple.one_phone:
        if seat not in (0, 1):
            raise Refused("bad_request", field="seat")
        return seat
    return couple.members.index(pid)


@yields("pair_share_consented")
def consent_to_share(state: LiveSession, pid: str, cid: str, step_id, round_, author, wall_id: str,
                     now: float):
    """Share one note to the room's wall, anonymously, once every partner has agreed."""
    step = current_step(state, pid, step_id)
    couple_id = state.pairs.couple_of.get(pid)
    if not isinstance(step, PairStep) or couple_id is None:
        raise Refused("not_a_pair")
    couple = state.pairs.couples[couple_id]
    p = peek(state, step.id, couple_id)
    notes = p.notes.get(round_) if _index(round_) else None
    if not notes or len(notes) < seats(couple) or not _index(author) or author not in notes:
        raise Refused("no_such_note")
    if (round_, author) in p.shared:
        return []
    agreed = p.consents.get((round_, author), set()) | {pid}
    events = [{"type": "pair_share_consented", "step": step.id, "couple": couple_id,
               "round": round_, "author": author, "by": pid, "cid": cid, "at": now}]
    if set(couple.members) <= agreed:
        events.append({"type": "pair_note_shared", "step": step.id, "couple": couple_id,
                       "round": round_, "author": author, "wall_id": wall_id, "at": now})
    return events


def _index(value) -> bool:
    """A round or seat number as a phone sends it: an int, and no bool (True == 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


@yields("care_signal")
def care(state: LiveSession, pid: str, cid: str, kind, now: float):
    """'I need a moment' or 'skip this one', privately; 'ok' when it has passed."""
    open_session(state)
    if pid not in state.participants:
        raise Refused("not_joined")
    if kind not in CARE_KINDS:
        raise Refused("bad_request", field="kind")
    step = state.step
    return [{"type": "care_signal", "kind": kind, "step": step.id if step else None, "by": pid,
             "cid": cid, "at": now}]


# --- the facilitator and the clock ----------------------------------------------------------

def _pair_step(state):
    open_session(state)
    step = state.step
    if not isinstance(step, PairStep):
        raise Refused("not_a_pair")
    return step


@yields("pair_time_extended")
def extend(state: LiveSession, cid: str, minutes, now: float):
    step = _pair_step(state)
    if not isinstance(minutes, (int, float)) or isinstance(minutes, bool) or not 0 < minutes <= 30:
        raise Refused("bad_request", field="minutes")
    return [{"type": "pair_time_extended", "step": step.id, "seconds": minutes * 60, "by": "host",
             "cid": cid, "at": now}]


@yields("pair_step_finished")
def finish(state: LiveSession, cid: str, now: float):
    step = _pair_step(state)
    return [{"type": "pair_step_finished", "step": step.id, "by": "host", "cid": cid, "at": now}]


def tick(state: LiveSession, now: float):
    """Couples whose round time is up move on to the next round."""
    step = state.step
    if state.ended or not isinstance(step, PairStep) or step.id in state.pairs.finished:
        return []
    events = []
    for couple in state.pairs.couples.values():
        p = peek(state, step.id, couple.cid)
        end = deadline(state, step, p)
        if end is not None and now >= end:
            events.append(_next_round(step, couple, p, now, "time"))
    return events
