"""Every word the server says, from the Babel catalogue (`workshop/translations/`).

Refusals as messages a person can read, in the session's language; text said outside a
request or in a language of its own (a theme name in its script's language); and the pages'
plural plumbing: the catalogue's plural rule and, for each of its forms, a count that takes it,
so that a template can give the page every form of a message (see `templates/base.html`).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from babel import support
from flask_babel import force_locale, gettext, ngettext

if TYPE_CHECKING:
    from .live.commands import Refused

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
# English, the language of the msgids, has no catalogue: its rule is gettext's default.
DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def N_(text: str) -> str:
    """Marks a message for the catalogue; it is translated when it is sent."""
    return text


ERRORS = {
    "bad_request": N_("That request was not understood."),
    "unknown_event": N_("That command does not exist here."),
    "too_fast": N_("Slow down a little: too many requests at once."),
    "try_again": N_("Not saved: please try again."),
    "not_joined": N_("Please join the session first."),
    "not_current": N_("This step is no longer current."),
    "session_ended": N_("This session has ended."),
    "not_a_poll": N_("This step is not a poll."),
    "poll_closed": N_("This poll is closed."),
    "bad_answer": N_("That answer does not fit this poll."),
    "not_a_reflection": N_("This step does not ask for a reflection."),
    # A count with a word: the form follows the count.
    "too_many": lambda limit, **_: ngettext(
        "You have already sent %(limit)s reflection here.",
        "You have already sent %(limit)s reflections here.", limit, limit=limit),
    "too_long": lambda limit, **_: ngettext(
        "That text is too long (at most %(limit)s character).",
        "That text is too long (at most %(limit)s characters).", limit, limit=limit),
    "empty": N_("Please write something first."),
    "at_end": N_("This is the last step."),
    "at_start": N_("This is the first step."),
    "no_such_reflection": N_("There is no such reflection."),
    "not_allowed": N_("You may not do that."),
    "already_coupled": N_("You are already linked to a partner."),
    "no_such_couple": N_("There is no couple with that code. Check the code on your partner’s phone."),
    "couple_full": N_("That couple is already complete."),
    "no_such_request": N_("That request to link phones is no longer open."),
    "no_partner": N_("You are not linked to a partner yet."),
    "pick_two": N_("Pick two people (or three, for a trio)."),
    "not_single": N_("Everyone you pick must have joined and not be in a couple yet."),
    "not_a_pair": N_("This step is not a paired exercise."),
    "not_current_round": N_("That round is over; you are on another one now."),
    "pair_finished": N_("The facilitator has ended this exercise."),
    "no_note_here": N_("This round has no note to write."),
    "note_written": N_("You have already written your note for this round."),
    "no_such_note": N_("That note cannot be shared (yet)."),
    "already_asked": N_("You have already asked; the facilitator will come to you."),
    "no_private_word": N_("That request to the facilitator is no longer open."),
    "questions_closed": N_("Questions are not open right now."),
    "question_too_soon": N_("You have just asked a question: you can ask another in a moment."),
    "too_many_questions": lambda limit, **_: ngettext(
        "You already have %(limit)s question waiting for an answer. You can ask another once it is answered.",
        "You already have %(limit)s questions waiting for an answer. You can ask another once one is answered.",
        limit, limit=limit),
    "no_such_question": N_("That question is not on the list (any more)."),
    "unknown_code": N_("There is no session with code %(code)s. Check the code on the screen."),
    # A replay (/replay) changes nothing.
    "read_only": N_("This is a replay: nothing can be changed."),
    "not_recorded": N_("The recorded session never reached this step."),
}


def message(error: str, language: str | None = None, **params) -> str:
    text = ERRORS.get(error, ERRORS["bad_request"])
    if language:
        with force_locale(language):
            return _say(text, params)
    return _say(text, params)


def _say(text, params: dict) -> str:
    return text(**params) if callable(text) else gettext(text, **params)


def refusal(exc: Refused, language: str | None) -> dict:
    return {"ok": False, "error": exc.code, "message": message(exc.code, language, **exc.params)}


# --- outside a request, or in a language of its own ---------------------------------------------

@lru_cache(maxsize=None)
def catalogue(language: str) -> support.NullTranslations:
    """A language's compiled catalogue (English, or one not compiled: the msgids themselves),
    for words said outside a request (the CLI) or in another language than the request's."""
    return support.Translations.load(str(TRANSLATIONS), [language])


def counted(singular: str, plural: str, n: int, language: str = "en") -> str:
    """ngettext outside a request (the CLI speaks English): `%(num)d` is the count."""
    return catalogue(language).ngettext(singular, plural, n) % {"num": n}


def translate(msgid: str, language: str, **params) -> str:
    text = catalogue(language).gettext(msgid)
    return text % params if params else text


# --- plurals for the pages ---------------------------------------------------------------------

@lru_cache(maxsize=None)
def plural_rule(language: str) -> tuple[int, str]:
    """The catalogue's plural rule: how many forms a message has, and the C expression that
    gives the form for a count `n` (the catalogue's `Plural-Forms`, as gettext reads it)."""
    header = catalogue(language).info().get("plural-forms") or DEFAULT_PLURAL_FORMS
    found = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+)", header)
    if not found:
        found = re.search(r"nplurals=(\d+); plural=([^;]+)", DEFAULT_PLURAL_FORMS)
    return int(found.group(1)), found.group(2).strip()


@lru_cache(maxsize=None)
def plural_counts(language: str) -> tuple[int, ...]:
    """For each plural form, in the catalogue's order, the smallest count that takes it:
    ngettext asked about these counts gives every form of a message ((1, 0) in Dutch)."""
    forms, _ = plural_rule(language)
    pick = catalogue(language).plural
    counts = []
    for form in range(forms):
        count = next((n for n in range(1000) if pick(n) == form), None)
        counts.append(count if count is not None else (counts[-1] if counts else 1))
    return tuple(counts)


def plural_count(amount: float) -> int:
    """The count to ask ngettext about for an amount: gettext's plural rules know whole numbers
    only, and a fraction reads as a plural (1.5 minutes, 0.5 minuten): the next whole number
    above it that is not one."""
    whole = int(amount)
    return whole if whole == amount else max(2, math.ceil(amount))


def page_helpers(language: str) -> dict:
    """What a template needs for counts with a word: `plural_counts`, to give the page every
    form of a message, and `plural_count` for an amount that may be a fraction."""
    return {"plural_counts": plural_counts(language), "plural_count": plural_count}
