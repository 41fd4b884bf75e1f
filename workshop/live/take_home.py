"""What a participant takes home at the end: their own answers and what they wrote.

Sent to that phone alone, once the session has ended (views.my_view); the phone makes the file
or the printout from it itself, so nothing of it is kept on the server for this purpose. The
couple's notes come beside it (pair_views.take_home), the script's help with the view.
"""
from __future__ import annotations

from ..script.model import PollStep, ReflectionStep
from .state import LiveSession


def summary(state: LiveSession, pid: str) -> dict:
    """{"answers": [{"question", "answer": [text, …]}], "reflections": [{"prompt", "texts"}]},
    in the order of the script (the check-in first)."""
    steps = ([state.script.check_in] if state.script.check_in else []) + state.script.steps
    answers, reflections = [], []
    for step in steps:
        if isinstance(step, PollStep):
            poll = state.polls.get(step.id)
            if poll is not None and poll.votes.get(pid) is not None:
                answers.append({"question": step.question,
                                "answer": answer_texts(step, poll.votes[pid])})
        elif isinstance(step, ReflectionStep):
            texts = [r.text for r in state.reflections.values()
                     if r.pid == pid and r.step == step.id]
            if texts:
                reflections.append({"prompt": step.prompt, "texts": texts})
    return {"answers": answers, "reflections": reflections}


def answer_texts(step: PollStep, answer) -> list[str]:
    """A stored answer as the words the participant chose."""
    if step.type == "single":
        return [_option(step, answer)]
    if step.type == "multiple":
        return [_option(step, i) for i in answer]
    if step.type == "scale":
        scale = step.scale
        label = {scale.min: scale.min_label, scale.max: scale.max_label}.get(answer)
        text = f"{answer} ({scale.min}–{scale.max})"
        return [f"{text}: {label}" if label else text]
    return [str(word) for word in answer]


def _option(step: PollStep, index) -> str:
    options = step.options or []
    return options[index] if isinstance(index, int) and 0 <= index < len(options) else str(index)
