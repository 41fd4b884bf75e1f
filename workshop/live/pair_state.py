"""Couples and paired exercises in the live state: the data and how pair events change it.

A couple is two people (or three, when the facilitator makes a trio; or one phone that serves
both partners). During a `pair` step each couple moves through the rounds at its own pace.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Couple:
    cid: str                      # the couple's id, also the short code a partner types
    members: list                 # pids, in seat order: seat 0 starts in the first role
    one_phone: bool = False
    formed_by: str = "partners"   # partners or facilitator


@dataclass
class Progress:
    """Where one couple is in one pair step."""
    round: int = 0
    started_at: float = 0.0
    extra: float = 0.0                              # seconds the facilitator added to this round
    done: set = field(default_factory=set)          # pids who tapped 'done' this round
    notes: dict = field(default_factory=dict)       # round -> {seat: text}
    consents: dict = field(default_factory=dict)    # (round, author seat) -> {pids who agreed}
    shared: dict = field(default_factory=dict)      # (round, author seat) -> wall id


@dataclass
class PairState:
    couples: dict = field(default_factory=dict)     # couple id -> Couple
    couple_of: dict = field(default_factory=dict)   # pid -> couple id
    codes_used: set = field(default_factory=set)    # every couple id this session ever had
    requests: dict = field(default_factory=dict)    # couple id -> {request id: asking pid}
    asked: dict = field(default_factory=dict)       # asking pid -> (couple id, request id)
    declined: dict = field(default_factory=dict)    # pid -> the couple code that said no
    progress: dict = field(default_factory=dict)    # (step id, couple id) -> Progress
    finished: set = field(default_factory=set)      # step ids the facilitator ended for everyone
    care: dict = field(default_factory=dict)        # pid -> 'pause' or 'skip', while it lasts
    wall: dict = field(default_factory=dict)        # wall id -> (step id, text): shared notes

    def numbers(self) -> dict:
        """Couple id -> the number the console shows it by (#1, #2, … in the order formed)."""
        return {cid: n for n, cid in enumerate(self.couples, start=1)}


def progress(state, step_id: str, couple_id: str) -> Progress:
    key = (step_id, couple_id)
    if key not in state.pairs.progress:
        # A couple starts the first round when the facilitator opens the step.
        state.pairs.progress[key] = Progress(started_at=state.step_started_at)
    return state.pairs.progress[key]


def _formed(state, e):
    pairs = state.pairs
    couple = Couple(e["couple"], list(e["members"]), e.get("one_phone", False),
                    e.get("formed_by", "partners"))
    pairs.couples[couple.cid] = couple
    pairs.codes_used.add(couple.cid)
    for pid in couple.members:
        pairs.couple_of[pid] = couple.cid
        _withdraw(state, pid)
    _first_round_from(state, couple.cid, e["at"])


def _first_round_from(state, couple_id, at):
    """A couple completed during a pair exercise gets its first round in full, from now:
    counted from the step's start, two singles paired late would skip it at the next tick."""
    step = state.step
    if getattr(step, "kind", None) != "pair" or step.id in state.pairs.finished:
        return
    p = progress(state, step.id, couple_id)
    if p.round == 0 and not p.done and not p.notes:
        p.started_at = max(p.started_at, at)


def _partner_joined(state, e):
    """A partner joined by code alone (logs from before partners had to be confirmed)."""
    _add_member(state, e["couple"], e["by"])


def _add_member(state, couple_id, pid):
    pairs = state.pairs
    pairs.couples[couple_id].members.append(pid)
    pairs.couple_of[pid] = couple_id
    _withdraw(state, pid)
    pairs.declined.pop(pid, None)


def _withdraw(state, pid):
    """A participant's pending request, if any, is no longer asked."""
    pairs = state.pairs
    couple_id, request_id = pairs.asked.pop(pid, (None, None))
    pairs.requests.get(couple_id, {}).pop(request_id, None)


def _asked(state, e):
    pairs = state.pairs
    _withdraw(state, e["by"])       # one request at a time: the newest counts
    pairs.requests.setdefault(e["couple"], {})[e["request"]] = e["by"]
    pairs.asked[e["by"]] = (e["couple"], e["request"])
    pairs.declined.pop(e["by"], None)


def _answered(state, e):
    if e["yes"]:
        _add_member(state, e["couple"], e["member"])
        _first_round_from(state, e["couple"], e["at"])
    else:
        _withdraw(state, e["member"])
        state.pairs.declined[e["member"]] = e["couple"]


def _dissolved(state, e):
    pairs = state.pairs
    couple = pairs.couples.pop(e["couple"])
    for pid in couple.members:
        pairs.couple_of.pop(pid, None)
    for asker in pairs.requests.pop(couple.cid, {}).values():
        pairs.asked.pop(asker, None)


def _done(state, e):
    progress(state, e["step"], e["couple"]).done.add(e["by"])


def _round_started(state, e):
    p = progress(state, e["step"], e["couple"])
    p.round = e["round"]
    p.started_at = e["at"]
    p.extra = 0.0
    p.done = set()


def _note(state, e):
    progress(state, e["step"], e["couple"]).notes.setdefault(e["round"], {})[e["seat"]] = e["text"]


def _consent(state, e):
    p = progress(state, e["step"], e["couple"])
    p.consents.setdefault((e["round"], e["author"]), set()).add(e["by"])


def _shared(state, e):
    p = progress(state, e["step"], e["couple"])
    p.shared[(e["round"], e["author"])] = e["wall_id"]
    # After an erasure the note itself is gone and the share carries the wall's copy.
    text = e["text"] if "text" in e else p.notes[e["round"]][e["author"]]
    state.pairs.wall[e["wall_id"]] = (e["step"], text)


def _extended(state, e):
    """More time for the round each couple is in now; their later rounds keep their length."""
    for couple_id in state.pairs.couples:
        progress(state, e["step"], couple_id).extra += e["seconds"]


def _finished(state, e):
    state.pairs.finished.add(e["step"])


def _care(state, e):
    if e["kind"] == "ok":
        state.pairs.care.pop(e["by"], None)
    else:
        state.pairs.care[e["by"]] = e["kind"]


HANDLERS = {
    "couple_formed": _formed,
    "partner_joined": _partner_joined,
    "couple_dissolved": _dissolved,
    "partner_asked": _asked,
    "partner_answered": _answered,
    "pair_done": _done,
    "pair_round_started": _round_started,
    "pair_note_written": _note,
    "pair_share_consented": _consent,
    "pair_note_shared": _shared,
    "pair_time_extended": _extended,
    "pair_step_finished": _finished,
    "care_signal": _care,
}
