"""Projections: what each audience may see of a live session.

Privacy is enforced here and only here. Screen and console views never carry a participant
id, token or name next to an answer; a phone's own part carries only its own answers.
"""
from __future__ import annotations

from collections import Counter

from ..script.markup import to_html
from ..script.model import THEMES, PollStep
from . import pair_views, private_word, questions, take_home
from .state import LiveSession


def public_step(state: LiveSession) -> dict | None:
    step = state.step
    if step is None:
        return None
    out = {"index": state.index, "total": len(state.script.steps), "id": step.id,
           "kind": step.kind, "minutes": step.minutes, "started_at": state.step_started_at,
           "content_note": step.content_note, "title": getattr(step, "title", None)}
    if step.kind == "info":
        out["body_html"] = to_html(step.body)
    elif step.kind == "poll":
        out.update(poll_fields(step))
    elif step.kind == "reflection":
        out.update(prompt=step.prompt, private=step.private)
    elif step.kind == "pair":
        out.update(roles=step.roles,
                   rounds=[{"minutes": r.minutes, "note": bool(r.note)} for r in step.rounds])
    elif step.kind == "break":
        out["message"] = step.message
    return out


def poll_fields(step: PollStep) -> dict:
    return dict(question=step.question, type=step.type, options=step.options,
                scale=step.scale.model_dump() if step.scale else None,
                max_words=step.max_words, max_choices=step.max_choices,
                results=step.results, private=step.private, on_screen=step.screen_shows)


def check_in(state: LiveSession) -> dict | None:
    """The script's check-in, as a phone draws it (in join and sync)."""
    step = state.script.check_in
    return None if step is None else {"id": step.id, "kind": "poll", "check_in": True,
                                      **poll_fields(step)}


def results(state: LiveSession, console: bool = False, step=None) -> dict | None:
    """A poll's results (the current step's, or `step`'s) as the screen shows them, or
    (`console`) as the console does: a private poll's aggregate reaches the console, and the
    screen only if the script says so."""
    step = step or state.step
    if not isinstance(step, PollStep):
        return None
    poll = state.poll(step.id)
    answered = len(poll.votes)
    shown = poll.shown if poll.shown is not None else step.results == "live"
    if step.private:
        shown = console or (step.screen_shows and shown)
    # A result over two or three people can give them away: hold it below the minimum.
    enough = answered >= state.script.min_answers
    visible = bool(enough and shown)
    return {"step": step.id, "type": step.type, "answered": answered, "closed": poll.closed,
            "enough": enough, "shown": bool(shown), "min_answers": state.script.min_answers,
            "visible": visible, "tally": tally(step, poll.votes.values()) if visible else None}


def tally(step: PollStep, answers) -> object:
    if step.type == "single":
        counts = [0] * len(step.options)
        for a in answers:
            counts[a] += 1
        return counts
    if step.type == "multiple":
        counts = [0] * len(step.options)
        for a in answers:
            for i in a:
                counts[i] += 1
        return counts
    if step.type == "scale":
        counts = Counter(answers)
        total = sum(counts.values())
        mean = sum(v * n for v, n in counts.items()) / total if total else None
        values = range(step.scale.min, step.scale.max + 1)
        return {"counts": {str(v): counts.get(v, 0) for v in values},
                "mean": round(mean, 2) if mean is not None else None}
    words = Counter(w.lower() for a in answers for w in a)
    return [[w, n] for w, n in sorted(words.items(), key=lambda wn: (-wn[1], wn[0]))[:60]]


def wall(state: LiveSession, statuses=("shown",)) -> list[dict]:
    step = state.step
    if step is not None and step.kind == "pair":
        # Notes a couple agreed, both of them, to share anonymously.
        return [{**note, "status": "shown"} for note in pair_views.shared_wall(state)]
    return reflection_wall(state, step, statuses)


def reflection_wall(state: LiveSession, step, statuses=("shown",)) -> list[dict]:
    """A reflection step's reflections with one of `statuses` (the current step's for the
    screen and console, every step's for the results report)."""
    if step is None or step.kind != "reflection" or step.private:
        return []                    # a private reflection is its writer's alone
    # Ordered by the random id, so the wall's order says nothing of who wrote first.
    items = sorted((r for r in state.reflections.values()
                    if r.step == step.id and r.status in statuses), key=lambda r: r.rid)
    return [{"id": r.rid, "text": r.text, "status": r.status} for r in items]


def screen_view(state: LiveSession, console: bool = False) -> dict:
    """The screen's view; with `console`, the results as the console sees them (host_view)."""
    return {"code": state.code, "title": state.script.title, "language": state.script.language,
            "phase": state.phase, "joined": len(state.participants),
            "step": public_step(state), "results": results(state, console=console),
            "wall": [{"id": r["id"], "text": r["text"]} for r in wall(state)],
            **questions.for_screen(state)}


def host_view(state: LiveSession, online=frozenset()) -> dict:
    view = screen_view(state, console=True)
    agenda, index = [], 0
    for section in state.script.sections:
        for step in section.steps:
            agenda.append({"index": index, "id": step.id, "kind": step.kind,
                           "title": getattr(step, "title", None) or _headline(step),
                           "minutes": step.minutes, "section": section.title,
                           "theme": THEMES[section.theme][state.script.language]})
            index += 1
    step = state.step
    if state.script.check_in:
        view["check_in"] = check_in(state)
        view["check_in_results"] = results(state, console=True, step=state.script.check_in)
    view.update(agenda=agenda, index=state.index, step_started_at=state.step_started_at,
                notes=step.notes if step else None,
                answered=_answered(state), queue=wall(state, ("shown", "held", "hidden")),
                private_words=private_word.for_host(state),
                questions=questions.for_host(state), questions_setting=questions.setting(state),
                top_questions_shown=state.top_questions_shown,
                **pair_views.couples_grid(state, online))
    return view


def _headline(step) -> str:
    return getattr(step, "question", None) or getattr(step, "prompt", None) or \
        getattr(step, "message", None) or step.id


def _answered(state: LiveSession) -> int:
    step = state.step
    if step is None:
        return 0
    if step.kind == "poll":
        return len(state.poll(step.id).votes)
    if step.kind == "reflection":
        return len({r.pid for r in state.reflections.values() if r.step == step.id})
    return 0


def phone_shared(state: LiveSession) -> dict:
    """The part of the phone view that is the same for every phone: sent once to the room."""
    step = state.step
    poll = {"closed": state.poll(step.id).closed} if isinstance(step, PollStep) else None
    return {"phase": state.phase, "step": public_step(state), "poll": poll,
            "questions": questions.setting(state)}


def help_entries(state: LiveSession) -> list[dict]:
    """The script's help, for the phone's Help button: on the phone before it is needed, so
    opening it asks the server nothing."""
    return [{"name": e.name, "for": e.for_, "phone": e.phone, "web": e.web, "hours": e.hours}
            for e in state.script.help]


def phone_view(state: LiveSession, pid: str | None, online=frozenset()) -> dict:
    view = {"code": state.code, "title": state.script.title, "language": state.script.language,
            **phone_shared(state), "help": help_entries(state), "check_in": check_in(state),
            "question_list": questions.listed(state), "me": None}
    if pid in state.participants:
        view["me"] = my_view(state, pid, online)
    return view


def my_view(state: LiveSession, pid: str, online=frozenset()) -> dict:
    """The phone's own part: its answers, its couple, its round. Sent to that phone only."""
    answers = {step_id: poll.votes[pid] for step_id, poll in state.polls.items()
               if pid in poll.votes}
    mine: dict[str, list] = {}
    for r in state.reflections.values():
        if r.pid == pid:
            mine.setdefault(r.step, []).append({"id": r.rid, "text": r.text, "status": r.status})
    return {"name": state.participants[pid].name, "answers": answers, "reflections": mine,
            "couple": pair_views.couple_view(state, pid, online),
            "couple_request": pair_views.request_view(state, pid),
            "pair": pair_views.pair_view(state, pid),
            "care": state.pairs.care.get(pid),
            "private_word": private_word.mine(state, pid),
            "questions": questions.mine(state, pid),
            "card": pair_views.take_home(state, pid),
            # Once it is over: their own answers and texts, to take home (live/take_home.py).
            "take_home": take_home.summary(state, pid) if state.ended else None}
