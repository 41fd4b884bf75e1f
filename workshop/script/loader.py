"""Reading a script file and turning every problem into a `file:line:col: message` a
facilitator can act on. All errors of a file are reported, not only the first."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args, get_origin

import yaml
from pydantic import ValidationError

from .model import STEP_KINDS, Round, Scale, Script, Section
from .problems import PYDANTIC_TYPES, RULE_TYPES, TYPE_ERRORS, either, say

MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    # The field it is about, as keys and list indexes from the top ("sections", 0, "steps", 2,
    # "scale", "min"), where known: the editor shows the message next to that field.
    path: tuple | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ScriptError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def load_script(path: str | Path) -> Script:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError([Problem(str(path), 1, 1, say("unreadable", reason=exc))]) from exc
    return parse_script(text, str(path))


def parse_script(text: str, filename: str = "<script>") -> Script:
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ScriptError([Problem(filename, 1, 1, say("too_large", kb=MAX_BYTES // 1024))])
    located = _Located(filename)
    data = located.read(text)
    problems = located.problems
    if data is not None and not isinstance(data, dict):
        problems.append(located.problem((), say("not_a_mapping")))
    elif data is not None:
        problems += _duplicate_ids(data, located)
        try:
            script = Script.model_validate(data)
        except ValidationError as exc:
            problems += [_explain(err, data, located) for err in exc.errors()]
        else:
            if not problems:
                return script
    problems.sort(key=lambda p: (p.line, p.column))
    raise ScriptError(problems)


class _Located:
    """The YAML document as plain data, with the position of every value and key."""

    def __init__(self, filename: str):
        self.filename = filename
        self.values: dict[tuple, yaml.Mark] = {}
        self.keys: dict[tuple, yaml.Mark] = {}
        self.problems: list[Problem] = []

    def read(self, text: str):
        try:
            loader = yaml.SafeLoader(text)
            try:
                node = loader.get_single_node()
                if node is None:
                    self.problems.append(Problem(self.filename, 1, 1, say("empty")))
                    return None
                data = loader.construct_document(node)
            finally:
                loader.dispose()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = getattr(exc, "problem", None) or str(exc)
            message = say("yaml", problem=problem, hint=_yaml_hint(exc))
            self.problems.append(Problem(self.filename, line, col, message))
            return None
        self._walk(node, ())
        return data

    def _walk(self, node, path):
        self.values[path] = node.start_mark
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if key in seen:
                    self.problems.append(self._at(key_node.start_mark,
                                                  say("duplicate_key", key=key, line=seen[key]),
                                                  path + (key,)))
                seen[key] = key_node.start_mark.line + 1
                self.keys[path + (key,)] = key_node.start_mark
                self._walk(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, path + (i,))

    def _at(self, mark, message, path=None) -> Problem:
        return Problem(self.filename, mark.line + 1, mark.column + 1, message, path)

    def mark(self, path: tuple, key=False):
        """The closest known position: the key itself, or else the nearest parent value."""
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path) or self.values[()]

    def problem(self, path, message, key=False) -> Problem:
        return self._at(self.mark(tuple(path), key), message, tuple(path))


def _yaml_hint(exc) -> str:
    """Where PyYAML's own words do not say what to fix: the unclosed bracket, the indentation."""
    problem = getattr(exc, "problem", None) or ""
    context = getattr(exc, "context", None) or ""
    mark, at = getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)
    if mark is not None and at is not None and "flow" in context and mark.line != at.line:
        bracket = "[" if "sequence" in context else "{"
        return say("yaml_unclosed", bracket=bracket, line=mark.line + 1)
    if problem.startswith("expected <block end>"):
        return say("yaml_indentation")
    return ""


def _duplicate_ids(data: dict, located: _Located) -> list[Problem]:
    first: dict[str, tuple] = {}
    problems = []
    for path, step in _steps(data):
        step_id = step.get("id")
        if not isinstance(step_id, str):
            continue
        if step_id in first:
            line = located.mark(first[step_id] + ("id",)).line + 1
            problems.append(located.problem(path + ("id",),
                f"{_context(step)}: " + say("duplicate_id", id=step_id, line=line)))
        else:
            first[step_id] = path
    return problems


def _steps(data):
    sections = data.get("sections")
    for i, section in enumerate(sections if isinstance(sections, list) else []):
        steps = section.get("steps") if isinstance(section, dict) else None
        for j, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, dict):
                yield ("sections", i, "steps", j), step


def _context(step: dict) -> str:
    kind = step.get("kind") if isinstance(step.get("kind"), str) else "step"
    kind = kind if kind in STEP_KINDS else "step"
    return f"{kind} '{step.get('id', '?')}'"


def _explain(err: dict, data: dict, located: _Located) -> Problem:
    """One pydantic error as a located problem in our words: by its `type`, `ctx`, `loc` and
    `input` (pydantic's stable API), never by its English `msg` (see problems.py)."""
    loc = list(err["loc"])
    # Pydantic puts the discriminator tag ('poll') into the path; the file has no such level.
    if len(loc) > 4 and loc[0] == "sections" and loc[2] == "steps" and loc[4] in STEP_KINDS:
        del loc[4]
    kind, ctx = err["type"], err.get("ctx") or {}
    key_error = False
    if kind in RULE_TYPES:
        # One of our rules: our template, our values, and the field it is about.
        message = say(kind, **ctx)
        loc += [int(p) if p.isdigit() else p for p in ctx.get("at", "").split(".") if p]
    elif kind == "value_error" and ctx.get("error") is not None:
        # A plain ValueError from a validator: its text is ours (msg would add 'Value error, ').
        message = str(ctx["error"])
    else:
        message, loc, key_error = _from_pydantic(kind, ctx, err.get("input"), loc, data)
    step = _step_at(loc, data)
    prefix = _context(step) + ": " if step is not None else ""
    return located.problem(loc, prefix + message, key=key_error)


def _from_pydantic(kind, ctx, value, loc, data):
    """(message, where, whether `where` is a key) for one of pydantic's own error types."""
    field = loc[-1] if loc else "script"
    if kind == "missing":
        step = _step_at(loc, data)
        if step is not None and len(loc) == 5:
            a_kind = f"{_article(step.get('kind'))} {step.get('kind')}"
            return say("missing_for_kind", field=field, a_kind=a_kind), loc[:-1], False
        return say("missing", field=field), loc[:-1], False
    if kind in ("extra_forbidden", "invalid_key"):
        allowed = ", ".join(_allowed_keys(loc, data))
        # The file's keys are located by their text; a key YAML read as a number is 5, not '5'.
        return say(kind, field=field, allowed=allowed), loc[:-1] + [str(field)], True
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = repr(value.get("kind")) if isinstance(value, dict) else ""
        where = loc + ["kind"] if kind == "union_tag_invalid" else loc
        return say(kind, value=tag, kinds=", ".join(STEP_KINDS)), where, False
    name = _name(loc)
    if loc and loc[-1] == "[key]":
        # A mapping key of the wrong type: point at that key, not at the whole mapping.
        loc, key = loc[:-2] + [str(loc[-2])], True
    else:
        key = False
    if kind == "literal_error" and (allowed := _literal_values(loc, data)):
        return say(kind, name=name, value=repr(value), allowed=either(allowed)), loc, key
    if kind in TYPE_ERRORS and value is None:
        return say("no_value", name=name), loc, key
    if kind not in PYDANTIC_TYPES or kind == "literal_error":
        return say("invalid", name=name, type=kind), loc, key
    values = {k: _number(v) for k, v in ctx.items()}
    values.update(name=name, value=repr(value), length=len(value) if hasattr(value, "__len__") else "?")
    message = say(kind, **values)
    if kind == "string_type" and isinstance(value, (bool, int, float)):
        message += say("yaml_quotes")
    return message, loc, key


def _name(loc) -> str:
    """How a message names the value: 'title', item 2 of 'options', a key of 'prompts'."""
    if len(loc) > 2 and loc[-1] == "[key]":
        return say("key_of", mapping=loc[-3])
    field = loc[-1] if loc else "script"
    if isinstance(field, int) and len(loc) > 1:
        return say("item", n=field + 1, list=loc[-2])
    return say("field", field=field)


def _number(value):
    # A bound of a float field arrives as 0.0 or 240.0; a facilitator wrote 0 and 240.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _literal_values(loc, data) -> list:
    """The values a Literal field allows, read from the model (not from pydantic's message)."""
    model = _model_at(loc, data)
    info = model.model_fields.get(loc[-1]) if model and loc else None
    found, todo = [], [info.annotation] if info else []
    while todo:
        annotation = todo.pop(0)
        if get_origin(annotation) is Literal:
            found += get_args(annotation)
        else:
            todo += get_args(annotation)
    return found


def _step_at(loc, data):
    if len(loc) >= 4 and loc[0] == "sections" and loc[2] == "steps":
        try:
            step = data["sections"][loc[1]]["steps"][loc[3]]
        except (KeyError, IndexError, TypeError):
            return None
        return step if isinstance(step, dict) else None
    return None


def _model_at(loc, data):
    parent = [p for p in loc[:-1] if not isinstance(p, int)]
    last = parent[-1] if parent else None
    if last is None:
        return Script
    if last == "sections":
        return Section
    if last == "steps":
        step = _step_at(loc, data) or {}
        return STEP_KINDS.get(step.get("kind"))
    return {"scale": Scale, "rounds": Round}.get(last)


def _allowed_keys(loc, data):
    model = _model_at(loc, data)
    return list(model.model_fields) if model else []


def _article(word) -> str:
    return "an" if str(word)[:1] in "aeiou" else "a"
