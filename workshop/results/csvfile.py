"""The results as CSV: one row per poll option, scale value or word, with its count.

Never a row per person: the rows are `report.PollResult`'s counts, which hold no more than the
console showed. A poll below the script's minimum of answers has no rows, as it has no counts.
"""
from __future__ import annotations

import csv
import io

from .report import ResultsReport

HEADER = ("step", "question", "option", "count")
# A cell a spreadsheet would run as a formula ("=HYPERLINK(…)"), typed by a participant as a
# word: written with a leading apostrophe, as spreadsheets do themselves.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows(report: ResultsReport):
    yield HEADER
    for poll in report.polls:
        if not poll.enough:
            continue
        if poll.type == "words":
            for word in poll.words:
                yield (poll.id, poll.question, word.word, word.count)
        else:
            for bar in poll.bars:
                yield (poll.id, poll.question, bar.label, bar.count)


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(report: ResultsReport) -> str:
    """The CSV text, with a byte-order mark so that spreadsheets read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows(report):
        writer.writerow([_cell(v) for v in row])
    return "\ufeff" + out.getvalue()
