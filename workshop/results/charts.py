"""The geometry of a poll's bar chart, drawn as inline SVG by `templates/results.html`.

Numbers only: the template writes the SVG (so Jinja escapes every label), and the page's
stylesheet colours it (the Content-Security-Policy allows no style attributes). One row per
option or scale value: its label above a bar whose length is its share of the people who
answered, and the count and percentage after the bar.
"""
from __future__ import annotations

from dataclasses import dataclass

from .report import Bar, PollResult

WIDTH = 640           # the viewBox's width; the SVG is as wide as the page
BAR_SPACE = 500       # the longest bar (100 %); room after it for "100 · 100 %"
ROW = 40              # a row's height: its label line and its bar
BAR_HEIGHT = 14
LABEL_BASELINE = 14
BAR_TOP = 20


@dataclass
class Row:
    label: str
    count: int
    percent: int
    label_y: int
    bar_y: int
    bar_width: float
    value_x: float
    value_y: int


@dataclass
class BarChart:
    width: int
    height: int
    bar_space: int
    bar_height: int
    rows: list[Row]


def bar_chart(bars: list[Bar], labels: list[str] | None = None) -> BarChart:
    rows = []
    for i, bar in enumerate(bars):
        top = i * ROW
        width = max(1.0, round(BAR_SPACE * bar.percent / 100, 1))
        rows.append(Row(labels[i] if labels else bar.label, bar.count, bar.percent,
                        top + LABEL_BASELINE, top + BAR_TOP, width, BAR_SPACE + 8,
                        top + BAR_TOP + BAR_HEIGHT - 2))
    return BarChart(WIDTH, max(1, len(bars)) * ROW, BAR_SPACE, BAR_HEIGHT, rows)


def poll_chart(poll: PollResult) -> BarChart:
    """A poll's chart; a scale's lowest and highest values carry the script's labels."""
    labels = None
    if poll.type == "scale" and poll.scale_labels and poll.bars:
        labels = [bar.label for bar in poll.bars]
        labels[0] = f"{labels[0]} · {poll.scale_labels[0]}"
        labels[-1] = f"{labels[-1]} · {poll.scale_labels[1]}"
    return bar_chart(poll.bars, labels)
