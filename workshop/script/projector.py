"""Whether a step's text fits the projector, estimated from the text alone (`workshop check`).

The screen sets a step's text smaller, down to FIT_SMALLEST of its size, until it fits
(static/js/screen-page.js `fit`); what does not fit even then is cut off for the room. Every
size on the screen is in units of the 16:9 stage's width (--u in static/style.css), so whether
a step fits does not depend on the projector's resolution, only on the text: this module
lays the text out line by line with the sizes of static/style.css at FIT_SMALLEST and an
average character width, and says how much of the stage's height it takes. It is an estimate
(the projector's fonts are not ours); tests/test_browser_fit.py checks it against Chromium on
steps just inside and well outside the limit, and on every shipped step.
"""
from __future__ import annotations

import re

from .model import BreakStep, InfoStep, PollStep, ReflectionStep

FIT_SMALLEST = 0.6         # static/js/screen-page.js
HEIGHT = 56.25 - 3.5 - 3   # the stage's height less .screen-stage's padding, in u
WIDTH = 100 - 13 - 5       # its width less the padding, in u
CHAR = 0.55                # an average character's width, in em (wide: rather warn too early)


def lines(text: str, width_em: float) -> int:
    """How many lines `text` takes in a column `width_em` wide: words wrapped greedily."""
    per_line = max(1, int(width_em / CHAR))
    count = 0
    for paragraph in text.split("\n"):
        used, count = None, count + 1
        for word in paragraph.split():
            length = len(word)
            while length > per_line:                # a word longer than a line breaks anywhere
                count, length = count + (used is not None), length - per_line
                used = None
            if used is None:
                used = length
            elif used + 1 + length <= per_line:
                used += 1 + length
            else:
                count, used = count + 1, length
    return count


def _block(text: str, font: float, line_height: float, width: float, after: float = 0) -> float:
    """The height in u of `text` set at `font` u in a column `width` u wide, and the space after it."""
    return lines(text, width / font) * font * line_height + after * font


def _title(text: str, font: float, after: float) -> float:
    return _block(text, font, 1.2, WIDTH) + after


def _prose(body: str, f: float) -> float:
    font = 2.7 * f
    width = min(36 * font, WIDTH)
    height = 0.0
    for block in re.split(r"\n\s*\n", body.strip()):
        rows = [line.strip() for line in block.splitlines() if line.strip()]
        if rows and all(row.startswith("- ") for row in rows):
            height += sum(_block(row[2:], font, 1.45, width - 1.2 * font, 0.25) for row in rows)
            height += 0.25 * font + 0.8 * font
        elif rows:
            height += _block("\n".join(_plain(row) for row in rows), font, 1.45, width, 0.8)
    return height


def _plain(text: str) -> str:
    return text.replace("**", "").replace("*", "")


def _results(step: PollStep, f: float) -> float:
    """The bars of a poll's results, as static/js/screen-page.js `resultsScale` sizes them."""
    if step.type == "scale" and step.scale:
        labels = [str(n) for n in range(step.scale.min, step.scale.max + 1)]
    elif step.options:
        labels = list(step.options)
    else:
        return 0.0                                   # words: a cloud, as big as there is room
    font = min(2.5, 21 / (len(labels) + 2)) * f
    label_width = max(8 * font, (WIDTH - 7.1 * font) * 5 / 11)
    rows = sum(max(lines(label, label_width / font) * 1.25, 1.3) * font for label in labels)
    return 1.8 * font + rows + 0.45 * font * (len(labels) - 1)


def height(step, f: float = FIT_SMALLEST) -> float | None:
    """The height in u a step's content takes at fit `f`; None for a kind whose content is sized
    by the room (a pair step's rounds, a reflection's wall)."""
    if isinstance(step, InfoStep):
        return _title(step.title, 4.6 * f, 2 * f) + _prose(step.body, f)
    if isinstance(step, PollStep):
        return _title(step.question, 3.6 * f, 2.5 * f) + _results(step, f)
    if isinstance(step, ReflectionStep):
        return _title(step.prompt, 3.6 * f, 2.5 * f)
    if isinstance(step, BreakStep):
        return 1.6 * f * 1.5 + _title(step.message, 4.6 * f, 2 * f) + 14
    return None


def share(step) -> float | None:
    """The share of the stage's height the step takes at the smallest type: over 1 is cut off."""
    taken = height(step)
    return None if taken is None else taken / HEIGHT

