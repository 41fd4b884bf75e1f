"""`workshop check` for the editor: a script's text -> what the page shows beside the form.

The same checks and the same messages as the command (script/loader.py, warnings.py), each
with the field it is about; the script as plain data for the form; and the running clock,
which is drawn even while the script has errors (a step without minutes counts as none).
"""
from __future__ import annotations

import json

from ..script import ScriptError, parse_script
from ..script.agenda import clock
from ..script.warnings import text_warnings
from .yaml_text import plain


def check(text: str, filename: str = "script.yaml") -> dict:
    try:
        script = parse_script(text, filename)
    except ScriptError as exc:
        problems, found = exc.problems, []
    else:
        problems, found = [], text_warnings(text, filename, script)
    data = form_data(text)
    return {"valid": not problems, "data": data,
            "problems": [_shown(p) for p in problems], "warnings": [_shown(p) for p in found],
            "clock": running_clock(data)}


def form_data(text: str):
    """The script as JSON the form can draw, or None (not YAML, or not a mapping)."""
    data = plain(text)
    if not isinstance(data, dict):
        return None
    try:
        return json.loads(json.dumps(data, default=str))
    except (TypeError, ValueError):     # a key YAML can have and JSON cannot (a list)
        return None


def _shown(problem) -> dict:
    return {"line": problem.line, "column": problem.column, "message": problem.message,
            "path": list(problem.path) if problem.path is not None else None}


def running_clock(data) -> dict:
    at, steps = 0.0, []
    sections = data.get("sections") if isinstance(data, dict) else None
    for s, section in enumerate(sections if isinstance(sections, list) else []):
        items = section.get("steps") if isinstance(section, dict) else None
        for t, step in enumerate(items if isinstance(items, list) else []):
            minutes = step.get("minutes") if isinstance(step, dict) else None
            if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or minutes < 0:
                minutes = 0
            steps.append({"path": ["sections", s, "steps", t], "start": clock(at),
                          "id": step.get("id") if isinstance(step, dict) else None,
                          "minutes": minutes})
            at += minutes
    return {"steps": steps, "total": clock(at), "total_minutes": at}
