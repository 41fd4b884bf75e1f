"""How long a session's personal data is kept, and how it and whole sessions are deleted.

A configurable time after a session ends (RETENTION, from WORKSHOP_RETENTION: "24h", "90m",
"7d", "0" for at once; 24 hours by default, so that phones can still fetch their take-home
card), what a person wrote or said only for themselves, their partner or the facilitator is
erased from the log: participants' names, pair notes (except the copy a couple agreed to put
on the wall), "I need a moment" signals, private words, the answers to private polls and the check-in (their tally stays,
no longer anyone's), private reflections and reflections that were not on the wall when the
session ended (held or hidden), questions for the facilitator not on the list at the end
(held or hidden), and who asked or upvoted every question (its text on the list and its count
stay). What the room saw stays, for the results report, until the
session is deleted: wall reflections, shared notes, poll tallies.

The log stays the truth: erasure is an explicit operation on an ended session, one transaction
that rewrites the events concerned and appends `personal_data_erased` (live/state.py folds the
rewritten log), logged; then the database's files are compacted (store.compact) and the hub
folds the session again from the rewritten log, so nothing served afterwards (or after a
restart) shows what was erased. Deleting a session removes its row and all its events.
"""
from __future__ import annotations

import logging
import re
import secrets
import time

from .live.commands import Refused
from .script import parse_script
from .script.model import PollStep, ReflectionStep
from .store import ERASED

log = logging.getLogger("workshop.retention")

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw]?)")
CHECK_AT_MOST_EVERY = 600.0       # seconds between the background task's passes, at most


def parse_duration(text) -> float:
    """Seconds from "24h", "90m", "7d", "30s", "2w" or "0"; a ValueError that says how else."""
    match = _DURATION.fullmatch(str(text).strip().lower())
    if not match or (not match.group(2) and float(match.group(1)) != 0):
        raise ValueError(f"{text!r} is not a duration: write a number and a unit, as 24h, 90m, "
                         f"7d or 30s (or 0 for at once)")
    return float(match.group(1)) * UNITS[match.group(2) or "s"]


# --- what an erasure changes (pure: the events in, their new versions out) -------------------

def erase_events(log_events: list[dict], script) -> tuple[dict, dict]:
    """({index: the event rewritten}, counts of what was erased) for a session's log."""
    private_polls = {s.id for s in script.steps if isinstance(s, PollStep) and s.private}
    if script.check_in:
        private_polls.add(script.check_in.id)
    private_reflections = {s.id for s in script.steps
                           if isinstance(s, ReflectionStep) and s.private}
    on_wall = {}                   # reflection id -> whether it was on the wall at the end
    for e in log_events:
        if e["type"] == "reflection_written":
            on_wall[e["rid"]] = e["status"] == "shown" and e["step"] not in private_reflections
        elif e["type"] == "reflection_moderated" and e["rid"] in on_wall:
            on_wall[e["rid"]] = e["status"] == "shown"
    listed = {}                    # question id -> whether it was on the list at the end
    for e in log_events:
        if e["type"] in ("question_asked", "question_moderated"):
            listed[e["qid"]] = e["status"] == "listed"
    notes, anonymous = {}, {}
    changes = {}
    counts = dict.fromkeys(("names", "notes", "care", "private_words", "private_answers",
                            "reflections", "questions", "question_voters"), 0)

    def erased(e, what):
        counts[what] += 1
        return {"type": "erased", "at": e["at"]}     # not even what kind of event it was

    for i, e in enumerate(log_events):
        kind = e["type"]
        if kind == "participant_joined" and e.get("name"):
            changes[i] = {k: v for k, v in e.items() if k != "name"}
            counts["names"] += 1
        elif kind == "pair_note_written":
            notes[(e["step"], e["couple"], e["round"], e["seat"])] = e.get("text", "")
            changes[i] = erased(e, "notes")
        elif kind == "pair_note_shared" and "text" not in e:
            # On the wall with both partners' consent: the wall's copy stays, in the share.
            text = notes.get((e["step"], e["couple"], e["round"], e["author"]), "")
            changes[i] = {**e, "text": text}
        elif kind.startswith("private_word"):
            changes[i] = erased(e, "private_words")
        elif kind == "care_signal":          # "I need a moment": the partner's to know, then
            changes[i] = erased(e, "care")
        elif kind == "vote_cast" and e["step"] in private_polls:
            # The tally stays; whose answer it was does not (one new id per person and poll,
            # so a changed vote still counts once).
            key = (e["step"], e["by"])
            anonymous.setdefault(key, "erased-" + secrets.token_hex(8))
            changes[i] = {"type": kind, "step": e["step"], "by": anonymous[key],
                          "answer": e["answer"], "at": e["at"]}
            counts["private_answers"] += 1
        elif kind == "reflection_written" and not on_wall.get(e["rid"]):
            changes[i] = erased(e, "reflections")
        elif kind == "question_asked":
            if listed.get(e["qid"]):      # its text stays, like the wall's; who asked goes
                changes[i] = {k: v for k, v in e.items() if k not in ("by", "cid")}
            else:
                changes[i] = erased(e, "questions")
        elif kind == "question_voted":
            if listed.get(e["qid"]):
                # The count stays (one new id per person and question: a vote taken back
                # still folds as it did), whose vote it was does not.
                key = (e["qid"], e["by"])
                anonymous.setdefault(key, "erased-" + secrets.token_hex(8))
                changes[i] = {"type": kind, "qid": e["qid"], "by": anonymous[key],
                              "up": e["up"], "at": e["at"]}
                counts["question_voters"] += 1
            else:
                changes[i] = {"type": "erased", "at": e["at"]}
    return changes, counts


# --- operations ------------------------------------------------------------------------------

def _ended_row(store, code):
    row = store.session_row(code)
    if row is None:
        raise Refused("unknown_code", code=code)
    if row["ended_at"] is None:
        raise Refused("session_live")
    return row


def erase_personal_data(store, hub, code: str, by: str = "retention", now=None, compact=True):
    """Erase an ended session's personal data (see the module's docstring); the counts of what
    was erased, or None when it had been already. Refused for a session still live."""
    row = _ended_row(store, code)
    script = parse_script(row["script_text"], row["script_name"])
    summary = store.rewrite_log(code, lambda found: erase_events(found, script),
                                {"type": ERASED, "by": by, "at": now or time.time()})
    if compact and summary is not None:
        store.compact()
    if hub is not None:
        hub.forget(code)           # folded again from the rewritten log when next asked for
    if summary is not None:
        log.info("personal data of session %s erased (%s): %s", code, by,
                 ", ".join(f"{n} {what}" for what, n in summary.items()))
    return summary


def delete_session(store, hub, code: str, by: str):
    """Delete an ended session: its row and every event; the hub forgets it."""
    _ended_row(store, code)
    gone = store.delete_session(code)
    store.compact()
    if hub is not None:
        hub.forget(code)
    log.info("session %s deleted by %s (%d events)", code, by, gone)


def apply_retention(store, hub, retention: float, now=None) -> list[str]:
    """Erase the personal data of every session that ended `retention` seconds ago or more;
    the codes erased. A process holding another's erased or deleted session forgets it."""
    now = now or time.time()
    done = []
    for code in store.ended_unerased(now - retention):
        try:
            if erase_personal_data(store, hub, code, now=now, compact=False) is not None:
                done.append(code)
        except Refused:            # deleted or (never) live again meanwhile
            continue
    if done:
        store.compact()
    if hub is not None:
        hub.drop_changed()
    return done


def purge(store, hub, older_than: float, retention: float, now=None) -> tuple[list, list]:
    """Delete every session that ended `older_than` seconds ago or more, then apply retention
    to the rest: (codes deleted, codes erased)."""
    now = now or time.time()
    deleted = []
    for code in store.ended_before(now - older_than):
        store.delete_session(code)
        if hub is not None:
            hub.forget(code)
        log.info("session %s deleted (purge of sessions ended over %g s ago)", code, older_than)
        deleted.append(code)
    if deleted:
        store.compact()
    return deleted, apply_retention(store, hub, retention, now)


def run_in_background(app):
    """`workshop serve`: retention at start, then every so often (a tenth of the retention
    time, from 2 s to 10 min). socketio's own task and sleep: eventlet, gevent or threads."""
    from .extensions import socketio

    try:
        retention = parse_duration(app.config["RETENTION"])
    except ValueError as exc:
        raise SystemExit(f"WORKSHOP_RETENTION: {exc}") from None
    every = app.config.get("RETENTION_CHECK_SECONDS") or min(CHECK_AT_MOST_EVERY,
                                                             max(2.0, retention / 10))
    store, hub = app.extensions["workshop.store"], app.extensions["workshop.hub"]

    def once():
        try:
            apply_retention(store, hub, retention)
        except Exception:          # the database away for a while: the next pass tries again
            log.exception("retention pass failed")

    def loop():
        while True:
            socketio.sleep(every)
            once()

    once()
    socketio.start_background_task(loop)
