"""A private word with the facilitator: a participant asks, only the console sees it.

Not "I need a moment" (pairs.care), which tells the partner: a person who is not safe with
their partner needs a way to reach the facilitator that the partner never learns of. So the
request is in no view but the asker's own part (`mine`) and the console's list (`for_host`):
never in the couple's view, the partner's phone, the screen or an export.

The requests' state, how events change it, and the views; the commands that ask, withdraw
and answer are in live/commands.py with the others.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .state import LiveSession

WAITING, SEEN, WITHDRAWN = "waiting", "seen", "withdrawn"


@dataclass
class PrivateWord:
    wid: str          # random: what the console answers by; never the participant's id
    pid: str
    at: float
    status: str = WAITING
    seen_at: float | None = None


def open_word(state: LiveSession, pid: str) -> PrivateWord | None:
    """The person's request the facilitator has not answered yet, if any."""
    wid = state.words_open.get(pid)
    return state.words[wid] if wid else None


# --- how the events change the state (live/state.py folds them) ------------------------------

def _asked(state, e):
    state.words[e["wid"]] = PrivateWord(e["wid"], e["by"], e["at"])
    state.words_open[e["by"]] = e["wid"]


def _withdrawn(state, e):
    word = state.words[e["wid"]]
    word.status = WITHDRAWN
    state.words_open.pop(word.pid, None)


def _seen(state, e):
    word = state.words[e["wid"]]
    word.status, word.seen_at = SEEN, e["at"]
    state.words_open.pop(word.pid, None)


HANDLERS = {"private_word_asked": _asked, "private_word_withdrawn": _withdrawn,
            "private_word_seen": _seen}


# --- views ----------------------------------------------------------------------------------

def mine(state: LiveSession, pid: str) -> dict | None:
    """The asker's own phone: waiting, or the facilitator knows (the last answered request)."""
    word = open_word(state, pid)
    if word is None:
        answered = [w for w in state.words.values() if w.pid == pid and w.status == SEEN]
        word = max(answered, key=lambda w: w.at, default=None)
    return None if word is None else {"id": word.wid, "status": word.status, "at": word.at}


def for_host(state: LiveSession) -> list[dict]:
    """The console's list, newest first: who (their name, the console's alias for them, their
    couple's number, to find them in the room), since when, and whether it was answered."""
    numbers = state.pairs.numbers()
    out = []
    for word in sorted(state.words.values(), key=lambda w: w.at, reverse=True):
        if word.status == WITHDRAWN:
            continue
        person = state.participants[word.pid]
        out.append({"id": word.wid, "name": person.name, "alias": person.alias,
                    "couple": numbers.get(state.pairs.couple_of.get(word.pid)),
                    "at": word.at, "status": word.status})
    return out
