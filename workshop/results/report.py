"""The results report of a session, built from its event log (`Recording.fold()`).

What it may hold is what the console's own views hold after the session: a poll's counts
(`views.results` decides, by the script's minimum of answers, whether there are any), a
reflection step's wall (`views.reflection_wall`: only what was on the wall), and how many
wrote or went through a pair exercise. Never a name, a participant id, a held or hidden
reflection, a private reflection's text, a pair's notes or a private word. Of the questions
for the facilitator, those shown on the screen or answered, with their upvotes (never a hidden
or a still-held one, never who asked or voted).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..live import questions as live_questions, views
from ..script.model import PollStep
from ..training.recording import Recording
from ..training.timing import TimingReport, timing

WORD_SIZES = 5     # a word cloud's words in five sizes, by their count against the largest


@dataclass
class Bar:
    label: str
    count: int
    percent: int            # of the people who answered (several each in a multiple choice)


@dataclass
class Word:
    word: str
    count: int
    size: int               # 1 … WORD_SIZES


@dataclass
class PollResult:
    id: str
    question: str
    type: str               # single, multiple, scale, words
    private: bool
    answered: int
    min_answers: int
    enough: bool            # at least min_answers answered: only then any counts
    shown: bool             # whether the room saw the results
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    words: list[Word] = field(default_factory=list)
    scale_labels: tuple[str, str] | None = None


@dataclass
class WallResult:
    id: str
    prompt: str
    private: bool
    writers: int            # how many people wrote
    texts: list[str] = field(default_factory=list)   # what was on the wall (never a private one's)


@dataclass
class PairResult:
    id: str
    title: str
    couples_finished: int | None


@dataclass
class QuestionResult:
    text: str
    votes: int
    answered: bool


@dataclass
class StepResult:
    index: int
    kind: str
    title: str
    section: str
    theme: str
    poll: PollResult | None = None
    wall: WallResult | None = None
    pair: PairResult | None = None


@dataclass
class ResultsReport:
    code: str
    title: str
    language: str
    kind: str
    created_at: float
    ended: bool
    participants: int
    check_in: PollResult | None
    steps: list[StepResult]
    timing: TimingReport
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def polls(self) -> list[PollResult]:
        found = [self.check_in] if self.check_in else []
        return found + [s.poll for s in self.steps if s.poll]


def build(recording: Recording, until: float | None = None) -> ResultsReport:
    """The report of a recording; `until` closes a step still running (see `timing`)."""
    final = recording.fold()
    script = final.script
    report = timing(recording, until=until)     # its steps: the agenda's titles, in order
    steps = []
    for section in report.sections:
        for planned in section.steps:
            step = script.steps[planned.index]
            item = StepResult(planned.index, step.kind, planned.title, section.title,
                              section.theme)
            if step.kind == "poll":
                item.poll = poll_result(final, step)
            elif step.kind == "reflection":
                item.wall = wall_result(final, step)
            elif step.kind == "pair":
                item.pair = PairResult(step.id, step.title, planned.answers)
            steps.append(item)
    check_in = poll_result(final, script.check_in) if script.check_in else None
    return ResultsReport(recording.code, script.title, script.language, recording.kind,
                         recording.created_at, final.ended, len(final.participants), check_in,
                         steps, report,
                         [QuestionResult(q.text, q.votes, q.answered)
                          for q in live_questions.kept(final)])


def poll_result(state, step: PollStep) -> PollResult:
    # The console's own rule, in the one place it lives: no counts below the minimum.
    seen = views.results(state, console=True, step=step)
    result = PollResult(step.id, step.question, step.type, step.private, seen["answered"],
                        seen["min_answers"], seen["enough"], seen["shown"])
    if step.type == "scale":
        result.scale_labels = (step.scale.min_label, step.scale.max_label)
    if not result.enough:
        return result
    counts = views.tally(step, state.poll(step.id).votes.values())
    answered = result.answered

    def share(n):
        return round(100 * n / answered) if answered else 0

    if step.type in ("single", "multiple"):
        result.bars = [Bar(label, n, share(n)) for label, n in zip(step.options, counts)]
    elif step.type == "scale":
        result.bars = [Bar(value, n, share(n)) for value, n in counts["counts"].items()]
        result.mean = counts["mean"]
    else:
        largest = max((n for _, n in counts), default=1)
        result.words = [Word(w, n, max(1, math.ceil(WORD_SIZES * n / largest)))
                        for w, n in counts]
    return result


def wall_result(state, step) -> WallResult:
    writers = len({r.pid for r in state.reflections.values() if r.step == step.id})
    texts = [item["text"] for item in views.reflection_wall(state, step)]
    return WallResult(step.id, step.prompt, step.private, writers, texts)
