"""What each audience may see of couples and pair exercises.

A note reaches its couple only, and only once every seat has written; the console sees progress
(round, done, offline, a care signal) and never content; the screen sees shared notes only.
"""
from __future__ import annotations

from ..script.model import PairStep
from .pairs import deadline, peek, seats
from .state import LiveSession


def couple_view(state: LiveSession, pid: str, online) -> dict | None:
    couple_id = state.pairs.couple_of.get(pid)
    if couple_id is None:
        return None
    couple = state.pairs.couples[couple_id]
    others = [m for m in couple.members if m != pid]
    return {"code": couple.cid, "one_phone": couple.one_phone, "size": len(couple.members),
            "seat": couple.members.index(pid), "complete": seats(couple) >= 2,
            "partners": [state.participants[m].name for m in others],
            "partner_online": all(m in online for m in others),
            "partner_needs_moment": any(m in state.pairs.care for m in others),
            # Who asks to join, for this phone to confirm: their first name, never more.
            "requests": [{"id": rid, "name": state.participants[asker].name or None}
                         for rid, asker in state.pairs.requests.get(couple_id, {}).items()]}


def request_view(state: LiveSession, pid: str) -> dict | None:
    """The asker's side of a request: which code they asked, and whether it said no. Nothing
    of the couple itself until it said yes."""
    pairs = state.pairs
    if pid in pairs.asked:
        return {"code": pairs.asked[pid][0], "status": "waiting"}
    if pid in pairs.declined:
        return {"code": pairs.declined[pid], "status": "declined"}
    return None


def pair_view(state: LiveSession, pid: str) -> dict | None:
    """This participant's round of the current pair step: their role, prompt, timer, notes."""
    step = state.step
    couple_id = state.pairs.couple_of.get(pid)
    if not isinstance(step, PairStep) or couple_id is None:
        return None
    couple = state.pairs.couples[couple_id]
    p = peek(state, step.id, couple_id)
    finished = p.round >= len(step.rounds) or step.id in state.pairs.finished
    view = {"step": step.id, "round": p.round, "rounds": len(step.rounds), "finished": finished,
            "deadline": None if finished else deadline(state, step, p),
            "done": pid in p.done, "partner_done": bool(set(couple.members) - {pid} <= p.done)
            and len(couple.members) > 1}
    if finished:
        return view
    current = step.rounds[p.round]
    my_seats = [0, 1] if couple.one_phone else [couple.members.index(pid)]
    size = max(2, len(couple.members))
    view["turns"] = []
    for seat in my_seats:
        role = step.role_for(p.round, seat, size)
        view["turns"].append({"seat": seat, "role": role, "prompt": current.prompts[role]})
    view["note"] = note_view(state, step, couple, p, p.round, pid) if current.note else None
    return view


def note_view(state, step, couple, p, round_, pid) -> dict:
    written = p.notes.get(round_, {})
    revealed = len(written) >= seats(couple)
    mine_seats = [0, 1] if couple.one_phone else [couple.members.index(pid)]
    view = {"round": round_, "prompt": step.rounds[round_].note, "revealed": revealed,
            "mine": {str(s): written.get(s) for s in mine_seats}, "partner": None,
            "shares": []}
    if revealed:
        # Only now, and only to the couple: each sees the other's note.
        view["partner"] = {str(s): t for s, t in written.items()
                           if couple.one_phone or s not in mine_seats}
        view["shares"] = [{"author": a, "agreed": pid in p.consents.get((round_, a), set()),
                           "shared": (round_, a) in p.shared} for a in sorted(written)]
    return view


def take_home(state: LiveSession, pid: str) -> list[dict]:
    """The couple's notes for this participant's take-home card: every exchanged one, and
    those they wrote that their partner did not answer."""
    couple_id = state.pairs.couple_of.get(pid)
    if couple_id is None:
        return []
    couple = state.pairs.couples[couple_id]
    card = []
    for step in state.script.steps:
        if not isinstance(step, PairStep) or (step.id, couple_id) not in state.pairs.progress:
            continue
        p = state.pairs.progress[(step.id, couple_id)]
        for round_ in sorted(p.notes):
            note = note_view(state, step, couple, p, round_, pid)
            # Also a note only this partner wrote: it is theirs to take home (the partner's
            # stays unseen until they write too, as during the round).
            if note["revealed"] or any(note["mine"].values()):
                card.append({"title": step.title, **note})
    return card


def couples_grid(state: LiveSession, online) -> dict:
    """The console's grid: progress per couple, never content; and who still needs a partner."""
    step = state.step
    grid = []
    numbers = state.pairs.numbers()
    for couple in state.pairs.couples.values():
        row = {"couple": couple.cid, "number": numbers[couple.cid], "size": len(couple.members),
               "one_phone": couple.one_phone, "formed_by": couple.formed_by,
               "names": [state.participants[m].name for m in couple.members],
               "offline": any(m not in online for m in couple.members),
               "needs_moment": any(m in state.pairs.care for m in couple.members)}
        if isinstance(step, PairStep):
            p = peek(state, step.id, couple.cid)
            # Finished when through every round, or when the facilitator ended the exercise
            # for everyone: as the phones see it (pair_view).
            row.update(round=p.round, rounds=len(step.rounds), done=len(p.done),
                       finished=p.round >= len(step.rounds) or step.id in state.pairs.finished)
        grid.append(row)
    singles = [{"alias": p.alias, "name": p.name, "online": p.pid in online,
                "needs_moment": p.pid in state.pairs.care}
               for p in state.participants.values() if p.pid not in state.pairs.couple_of]
    return {"couples": grid, "singles": singles}


def shared_wall(state: LiveSession) -> list[dict]:
    step = state.step
    if step is None:
        return []
    return [{"id": wid, "text": text} for wid, (step_id, text) in sorted(state.pairs.wall.items())
            if step_id == step.id]
