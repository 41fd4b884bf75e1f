"""A script's YAML text, edited through its data without losing what a person wrote.

The editor's form changes the script as plain data (what PyYAML reads, as JSON); this module
puts those changes back into the text with ruamel.yaml's round-trip loader: comments, key
order, quoting and block scalars (`|`, `>-`) of everything that did not change stay as they
were, and text whose data did not change comes back byte for byte.
"""
from __future__ import annotations

import io

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

# How PyYAML (YAML 1.1, what `workshop check` reads) may spell a boolean that ruamel.yaml
# (YAML 1.2) reads as a string: `questions: off` must not be rewritten as `false`.
YAML11_BOOLS = {"yes": True, "no": False, "on": True, "off": False, "y": True, "n": False}


def _round_trip() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096             # never re-wrap a long line a person wrote on one line
    rt.indent(mapping=2, sequence=4, offset=2)   # the style of sessions/*.yaml
    return rt


def plain(text: str):
    """The text as the checks read it (PyYAML), or None when it is not YAML."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def merge_into(text: str, data) -> str:
    """The text with `data` in it. Unchanged data: the text itself. Raises ValueError when the
    text is not YAML (the form cannot be merged into what cannot be read)."""
    if plain(text) == data:
        return text
    rt = _round_trip()
    try:
        tree = rt.load(text) if text.strip() else None
    except Exception as exc:      # ruamel's errors share no base class with a message
        raise ValueError(str(exc)) from exc
    tree = _merged(tree, data)
    out = io.StringIO()
    rt.dump(tree, out)
    return out.getvalue()


def _merged(old, new):
    """`new`, reusing `old`'s nodes (with their comments and styles) where they match."""
    if isinstance(new, dict) and isinstance(old, CommentedMap):
        end = _take_tail(old)
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = _merged(old[key], value) if key in old else _fresh(value)
        _put_tail(old, end)
        return old
    if isinstance(new, list) and isinstance(old, CommentedSeq):
        return _merged_list(old, new)
    return _scalar(old, new)


def _merged_list(old: CommentedSeq, new: list) -> CommentedSeq:
    """The list in its new order. ruamel.yaml keeps the comment lines above an item (`# ---
    repair`) as the tail of the item before it: they are taken off first and put back above
    the same item wherever it went, and the comments after the list stay after it."""
    items = list(old)
    heads = {id(items[i]): _take_tail(old, i - 1) for i in range(1, len(items))}
    end = _take_tail(old, len(items) - 1) if items else ""
    merged = _matched(items, new)
    moved = [heads.get(id(item), "") for item in merged]
    del old[:]
    old.extend(_merged(item, value) if item is not None else _fresh(value)
               for item, value in zip(merged, new))
    for n in range(1, len(old)):
        _put_tail(old, moved[n], n - 1)
    if moved and moved[0]:
        _put_above(old, moved[0])
    _put_tail(old, end, len(old) - 1)
    return old


def _put_above(seq: CommentedSeq, lines: str):
    """Comment lines above a list's first item: where ruamel.yaml keeps those it read there."""
    if not lines.strip():
        return
    if seq.ca.comment is None:
        seq.ca.comment = [None, []]
    if seq.ca.comment[1] is None:
        seq.ca.comment[1] = []
    for line in lines.splitlines():
        if line.strip():
            column = len(line) - len(line.lstrip())
            seq.ca.comment[1].append(CommentToken(line.lstrip() + "\n", CommentMark(column), None))


def _tail_slot(node, index=None):
    """(the comment list, its slot) where ruamel.yaml keeps the comment after `node` (or after
    its item `index`): on the deepest last key or item."""
    while True:
        if isinstance(node, CommentedMap) and node and index is None:
            index = list(node)[-1]
        if index is None or not isinstance(node, (CommentedMap, CommentedSeq)):
            return None
        if isinstance(node, CommentedSeq) and not 0 <= index < len(node):
            return None
        value = node[index]
        if isinstance(value, (CommentedMap, CommentedSeq)) and value:
            node, index = value, (len(value) - 1 if isinstance(value, CommentedSeq) else None)
            continue
        slot = 2 if isinstance(node, CommentedMap) else 0
        return node.ca.items.setdefault(index, [None, None, None, None]), slot, value


def _take_tail(node, index=None) -> str:
    """The whole comment lines after a node, taken off it (its end-of-line comment stays)."""
    found = _tail_slot(node, index)
    token = found[0][found[1]] if found else None
    if not isinstance(token, CommentToken):
        return ""
    if isinstance(found[2], (LiteralScalarString, FoldedScalarString)):
        own, rest = "", token.value     # a block has ended its own line: all of it is after
    else:
        own, _, rest = token.value.partition("\n")
    if own.strip():
        token.value = own + "\n"
    else:
        found[0][found[1]] = None
    return rest


def _put_tail(node, lines: str, index=None):
    if not lines:
        return
    found = _tail_slot(node, index)
    if found is None:
        return
    token = found[0][found[1]]
    if isinstance(token, CommentToken):
        token.value = token.value.rstrip("\n") + "\n" + lines
    else:
        # After a `|` block the line has ended already; after any other value it has not.
        ended = isinstance(found[2], (LiteralScalarString, FoldedScalarString))
        found[0][found[1]] = CommentToken(lines if ended else "\n" + lines, CommentMark(0), None)


def _matched(old_items: list, new_items: list) -> list:
    """For each of the new list's items, the old item it is (or None): the step with the same id,
    else the item with the same title, else the one at the same place (moved steps keep their
    comments; a reworded item keeps its place's)."""
    free = list(range(len(old_items)))

    def take(test):
        for i in free:
            if test(old_items[i]):
                free.remove(i)
                return old_items[i]
        return None

    chosen = []
    for value in new_items:
        match = None
        if isinstance(value, dict):
            for key in ("id", "title", "name"):
                if isinstance(value.get(key), str):
                    match = take(lambda old, k=key: isinstance(old, CommentedMap)
                                 and old.get(k) == value[k])
                    if match is not None:
                        break
        chosen.append(match)
    for n, value in enumerate(new_items):
        if chosen[n] is None and n in free and _same_shape(old_items[n], value):
            free.remove(n)
            chosen[n] = old_items[n]
    return chosen


def _same_shape(old, new) -> bool:
    return (isinstance(old, CommentedMap) and isinstance(new, dict)) or \
        (isinstance(old, CommentedSeq) and isinstance(new, list))


def _scalar(old, new):
    if isinstance(old, str) and isinstance(new, bool) and YAML11_BOOLS.get(old.lower()) is new:
        return old
    if type(new) is type(old) or (isinstance(old, str) and isinstance(new, str)) or \
            (_number(old) and _number(new)):
        if old == new:
            return old          # keeps its quotes, its block style, its number format
    if isinstance(new, str):
        # A text keeps the style it was written in; a new text of several lines becomes a
        # `|` block, which reads as it will show.
        if isinstance(old, FoldedScalarString):
            return FoldedScalarString(new)
        if isinstance(old, LiteralScalarString) or "\n" in new.strip("\n"):
            return LiteralScalarString(new)
        if type(old) is not str and isinstance(old, str):
            return type(old)(new)       # single- or double-quoted
    return _fresh(new)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fresh(value):
    """Data that was not in the text, as round-trip nodes (so that a new multi-line text is a
    block, like the rest of the file)."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _fresh(item)
        return node
    if isinstance(value, list):
        return CommentedSeq([_fresh(item) for item in value])
    if isinstance(value, str) and "\n" in value.strip("\n"):
        return LiteralScalarString(value)
    return value
