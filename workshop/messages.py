"""Refusals as messages a person can read, in the session's language (Flask-Babel)."""
from __future__ import annotations

from flask_babel import force_locale, gettext

from .live.commands import Refused

def N_(text: str) -> str:
    """Marks a message for the catalogue; it is translated when it is sent."""
    return text


ERRORS = {
    "bad_request": N_("That request was not understood."),
    "unknown_event": N_("That command does not exist here."),
    "too_fast": N_("Slow down a little: too many requests at once."),
    "not_joined": N_("Please join the session first."),
    "not_current": N_("This step is no longer current."),
    "session_ended": N_("This session has ended."),
    "not_a_poll": N_("This step is not a poll."),
    "poll_closed": N_("This poll is closed."),
    "bad_answer": N_("That answer does not fit this poll."),
    "not_a_reflection": N_("This step does not ask for a reflection."),
    "too_many": N_("You have already sent %(limit)s reflections here."),
    "too_long": N_("That text is too long (at most %(limit)s characters)."),
    "empty": N_("Please write something first."),
    "at_end": N_("This is the last step."),
    "at_start": N_("This is the first step."),
    "no_such_reflection": N_("There is no such reflection."),
    "not_allowed": N_("You may not do that."),
    "already_coupled": N_("You are already in a couple."),
    "no_such_couple": N_("There is no couple with that code. Check the code on your partner's phone."),
    "couple_full": N_("That couple is already complete."),
    "no_partner": N_("You are not in a couple yet."),
    "pick_two": N_("Pick two people (or three, for a trio)."),
    "not_single": N_("Everyone you pick must be joined and not yet in a couple."),
    "not_a_pair": N_("This step is not a paired exercise."),
    "not_current_round": N_("That round is over; you are on another one now."),
    "pair_finished": N_("The facilitator has ended this exercise."),
    "no_note_here": N_("This round has no note to write."),
    "note_written": N_("You have already written your note for this round."),
    "no_such_note": N_("That note cannot be shared (yet)."),
    "unknown_code": N_("There is no session with code %(code)s. Check the code on the screen."),
}


def message(error: str, language: str | None = None, **params) -> str:
    text = ERRORS.get(error, ERRORS["bad_request"])
    if language:
        with force_locale(language):
            return gettext(text, **params)
    return gettext(text, **params)


def refusal(exc: Refused, language: str | None) -> dict:
    return {"ok": False, "error": exc.code, "message": message(exc.code, language, **exc.params)}
