"""`workshop check`'s warnings: a valid script that the room would still notice is not ready.

Printed as errors are (file:line:col), but they do not fail the check: a facilitator may
rehearse a script before its local help numbers are known.
"""
from __future__ import annotations

from pathlib import Path

from . import projector
from .loader import Problem, _Located
from .model import Script
from .problems import say


def warnings(path: str | Path, script: Script) -> list[Problem]:
    return text_warnings(Path(path).read_text(encoding="utf-8"), str(path), script)


def text_warnings(text: str, filename: str, script: Script) -> list[Problem]:
    """The warnings of a script read from `text` (the editor checks text that is no file)."""
    located = _Located(filename)
    located.read(text)

    def warn(where, key, **values):
        return located.problem(where, say("warning", message=say(key, **values)), key=True)

    found = []
    if not script.help:
        found.append(warn(("help",), "no_help"))
    for n, entry in enumerate(script.help):
        if entry.placeholder():
            found.append(warn(("help", n), "help_placeholder", n=n + 1, name=entry.name))
    for s, section in enumerate(script.sections):
        for t, step in enumerate(section.steps):
            taken = projector.share(step)
            if taken is not None and taken > 1:
                found.append(warn(("sections", s, "steps", t, "id"), "projector_overflow",
                                  id=step.id, percent=round(taken * 100)))
    return sorted(found, key=lambda p: (p.line, p.column))
