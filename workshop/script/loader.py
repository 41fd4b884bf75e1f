"""Reading a script file and turning every problem into a `file:line:col: message` a
facilitator can act on. All errors of a file are reported, not only the first."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from .model import STEP_KINDS, Round, Scale, Script, Section

MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    message: str

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
        raise ScriptError([Problem(str(path), 1, 1, f"cannot read the script: {exc}")]) from exc
    return parse_script(text, str(path))


def parse_script(text: str, filename: str = "<script>") -> Script:
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ScriptError([Problem(filename, 1, 1, f"the script is larger than {MAX_BYTES // 1024} KB")])
    located = _Located(filename)
    data = located.read(text)
    problems = located.problems
    if data is not None and not isinstance(data, dict):
        problems.append(located.problem((), "a script is a mapping with title, language, description and sections"))
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
                    self.problems.append(Problem(self.filename, 1, 1, "the script is empty"))
                    return None
                data = loader.construct_document(node)
            finally:
                loader.dispose()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = getattr(exc, "problem", None) or str(exc)
            problem += _yaml_hint(exc)
            self.problems.append(Problem(self.filename, line, col, f"not valid YAML: {problem}"))
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
                        f"key '{key}' appears twice (first on line {seen[key]})"))
                seen[key] = key_node.start_mark.line + 1
                self.keys[path + (key,)] = key_node.start_mark
                self._walk(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, path + (i,))

    def _at(self, mark, message) -> Problem:
        return Problem(self.filename, mark.line + 1, mark.column + 1, message)

    def mark(self, path: tuple, key=False):
        """The closest known position: the key itself, or else the nearest parent value."""
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path) or self.values[()]

    def problem(self, path, message, key=False) -> Problem:
        return self._at(self.mark(tuple(path), key), message)


def _yaml_hint(exc) -> str:
    """Where PyYAML's own words do not say what to fix: the unclosed bracket, the indentation."""
    problem = getattr(exc, "problem", None) or ""
    context = getattr(exc, "context", None) or ""
    mark, at = getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)
    if mark is not None and at is not None and "flow" in context and mark.line != at.line:
        bracket = "[" if "sequence" in context else "{"
        return f" (the '{bracket}' on line {mark.line + 1} is not closed)"
    if problem.startswith("expected <block end>"):
        return " (check the indentation of this line)"
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
                f"{_context(step)}: duplicate step id '{step_id}' (first used on line {line}); step ids must be unique"))
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
    """One pydantic error as a located, readable problem."""
    loc = list(err["loc"])
    # Pydantic puts the discriminator tag ('poll') into the path; the file has no such level.
    if len(loc) > 4 and loc[0] == "sections" and loc[2] == "steps" and loc[4] in STEP_KINDS:
        del loc[4]
    kind = err["type"]
    message = err["msg"]
    if kind == "value_error":
        message = str(err["ctx"]["error"])
        if message.startswith("@"):
            where, message = message[1:].split("|", 1)
            loc += [int(p) if p.isdigit() else p for p in where.split(".")]
    field = loc[-1] if loc else None
    key_error = False
    if kind == "missing":
        message = f"missing '{field}'{_missing_hint(field, loc, data)}"
        loc = loc[:-1]
    elif kind == "extra_forbidden":
        allowed = ", ".join(_allowed_keys(loc, data))
        message = f"unknown key '{field}'; allowed here: {allowed}"
        key_error = True
    elif kind == "union_tag_invalid":
        message = f"unknown step kind '{err['input'].get('kind')}'; kinds are {', '.join(STEP_KINDS)}"
        loc = loc + ["kind"]
    elif kind == "union_tag_not_found":
        message = f"missing 'kind'; kinds are {', '.join(STEP_KINDS)}"
    elif kind == "literal_error":
        message = f"'{field}' cannot be {err['input']!r}; allowed: {err['ctx']['expected']}"
    elif kind == "string_pattern_mismatch":
        message = f"'{field}' {err['input']!r} may use only letters, digits, '-' and '_'"
    elif kind in ("string_too_short",):
        message = f"'{field}' must not be empty"
    elif kind in ("too_short",):
        message = f"'{field}' needs at least {err['ctx']['min_length']} item(s)"
    elif kind in ("string_too_long", "too_long"):
        message = f"'{field}' is too long (at most {err['ctx']['max_length']})"
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        message = f"'{field}' is {err['input']!r}; it {message.replace('Input should', 'must', 1)}"
    elif kind.endswith("_type") or kind.endswith("_parsing"):
        name = f"item {field + 1} of '{loc[-2]}'" if isinstance(field, int) and len(loc) > 1 else f"'{field}'"
        message = f"{name} {message.replace('Input should', 'should', 1)}, not {err['input']!r}"
        if kind == "string_type" and isinstance(err["input"], (bool, int, float)):
            message += " (YAML reads yes/no/on/off and numbers as such; put the text in quotes)"
    step = _step_at(loc, data)
    prefix = _context(step) + ": " if step is not None else ""
    return located.problem(loc, prefix + message, key=key_error)


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


def _missing_hint(field, loc, data):
    step = _step_at(loc, data)
    if step is not None and len(loc) == 5:
        return f" (required for {_article(step.get('kind'))} {step.get('kind')} step)"
    return ""


def _article(word) -> str:
    return "an" if str(word)[:1] in "aeiou" else "a"
