"""The timing report: planned against actual time per step and per section, and the overrun.

Worked out from the recorded step changes only: a step's actual time is the sum of every
visit to it (from entering it to leaving it or the end of the session). Answers come from
the state folded to the end of the recording, so they are the counts the room ended with.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from ..live import views
from ..messages import catalogue
from .recording import Recording


@dataclass
class StepTiming:
    index: int
    id: str
    kind: str
    title: str
    section: str
    planned: float                 # seconds
    actual: float = 0.0            # seconds, over every visit
    visits: int = 0
    first_start: float | None = None
    answers: int | None = None     # votes on a poll, reflections written, couples through a pair step

    @property
    def diff(self) -> float:
        return self.actual - self.planned


@dataclass
class SectionTiming:
    title: str
    theme: str
    steps: list[StepTiming] = field(default_factory=list)

    @property
    def planned(self) -> float:
        return sum(s.planned for s in self.steps)

    @property
    def actual(self) -> float:
        return sum(s.actual for s in self.steps)


@dataclass
class TimingReport:
    code: str
    title: str
    kind: str
    created_at: float
    first_step_at: float | None
    end_at: float
    ended: bool
    participants: int
    lobby: float
    sections: list[SectionTiming]

    @property
    def steps(self) -> list[StepTiming]:
        return [s for section in self.sections for s in section.steps]

    @property
    def planned(self) -> float:
        return sum(s.planned for s in self.sections)

    @property
    def actual(self) -> float:
        return sum(s.actual for s in self.sections)

    @property
    def overrun(self) -> float:
        return self.actual - self.planned

    @property
    def skipped(self) -> list[StepTiming]:
        return [s for s in self.steps if not s.visits]

    def as_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "kind": self.kind,
                "created_at": self.created_at, "first_step_at": self.first_step_at,
                "end_at": self.end_at, "ended": self.ended, "participants": self.participants,
                "lobby": self.lobby, "planned": self.planned, "actual": self.actual,
                "overrun": self.overrun,
                "sections": [{"title": s.title, "theme": s.theme, "planned": s.planned,
                              "actual": s.actual,
                              "steps": [{**asdict(step), "diff": step.diff} for step in s.steps]}
                             for s in self.sections]}


def timing(recording: Recording, until: float | None = None) -> TimingReport:
    """The report of a recording; `until` closes a step still running (default: last event)."""
    final = recording.fold()
    agenda = views.host_view(final)["agenda"]
    steps = [StepTiming(item["index"], item["id"], item["kind"], item["title"] or item["id"],
                        item["section"], item["minutes"] * 60) for item in agenda]
    end_at = until if until is not None else recording.last_at
    current, since, first_step_at, ended = -1, recording.created_at, None, False
    lobby = 0.0

    def leave(at):
        nonlocal lobby
        if current >= 0:
            steps[current].actual += max(0.0, at - since)
        elif first_step_at is None:
            lobby += max(0.0, at - since)

    for event in recording.foldable():
        if event["type"] == "step_changed":
            leave(event["at"])
            current, since = event["index"], event["at"]
            if current >= 0:
                first_step_at = first_step_at if first_step_at is not None else since
                steps[current].visits += 1
                if steps[current].first_start is None:
                    steps[current].first_start = since
        elif event["type"] == "session_ended":
            leave(event["at"])
            current, ended, end_at = -2, True, event["at"]
            break
    if not ended:
        leave(end_at)

    for step in steps:
        if step.kind == "poll":
            step.answers = len(final.poll(step.id).votes)
        elif step.kind == "reflection":
            step.answers = sum(1 for r in final.reflections.values() if r.step == step.id)
        elif step.kind == "pair":
            step.answers = _pairs_finished(final, step.id)

    sections: list[SectionTiming] = []
    for item, step in zip(agenda, steps):
        if not sections or sections[-1].title != item["section"] or sections[-1].theme != item["theme"]:
            sections.append(SectionTiming(item["section"], item["theme"]))
        sections[-1].steps.append(step)
    return TimingReport(recording.code, recording.script.title, recording.kind,
                        recording.created_at, first_step_at, end_at, ended,
                        len(final.participants), lobby, sections)


def _pairs_finished(state, step_id: str) -> int | None:
    """Couples that went through every round of a pair step (None without pair exercises)."""
    pairs = getattr(state, "pairs", None)
    if pairs is None:
        return None
    rounds = len(next(s for s in state.script.steps if s.id == step_id).rounds)
    return sum(1 for (sid, _), p in pairs.progress.items() if sid == step_id and p.round >= rounds)


# --- as text ---------------------------------------------------------------------------------

def clock(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    whole = round(abs(seconds))
    text = f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}" if whole >= 3600 \
        else f"{whole // 60}:{whole % 60:02d}"
    return text


def signed(seconds: float) -> str:
    return ("+" if seconds >= 0.5 else "−" if seconds <= -0.5 else "±") + clock(seconds)


def participants(count: int, language: str = "en") -> str:
    return catalogue(language).ngettext("%(num)d participant", "%(num)d participants",
                                        count) % {"num": count}


def report_lines(report: TimingReport) -> list[str]:
    when = datetime.fromtimestamp(report.created_at).strftime("%Y-%m-%d %H:%M")
    status = "ended" if report.ended else "not ended"
    lines = [f"{report.title} · {report.code} · {report.kind} · {when} · "
             f"{participants(report.participants)} · {status}",
             "Planned against actual time per step (m:ss; h:mm:ss from an hour)", ""]
    width = 44
    lines.append(f"{'':<{width}} {'planned':>8} {'actual':>8} {'diff':>9} {'answers':>8}")
    for section in report.sections:
        theme = f" [{section.theme}]" if section.theme and section.theme != section.title else ""
        lines.append(f"{section.title}{theme}")
        for step in section.steps:
            label = f"  {step.index + 1:>2} {step.kind:<10} {step.id}"[:width]
            actual = clock(step.actual) if step.visits else "skipped"
            answers = "" if step.answers is None else str(step.answers)
            lines.append(f"{label:<{width}} {clock(step.planned):>8} {actual:>8} "
                         f"{signed(step.diff):>9} {answers:>8}")
        lines.append(f"{'     section':<{width}} {clock(section.planned):>8} "
                     f"{clock(section.actual):>8} {signed(section.actual - section.planned):>9}")
        lines.append("")
    lines.append(f"{'Lobby (before the first step)':<{width}} {'':>8} {clock(report.lobby):>8}")
    lines.append(f"{'Total':<{width}} {clock(report.planned):>8} {clock(report.actual):>8} "
                 f"{signed(report.overrun):>9}")
    if report.overrun >= 0.5:
        lines.append(f"Total overrun: {clock(report.overrun)} over the planned {clock(report.planned)}")
    else:
        lines.append(f"Total overrun: none ({clock(-report.overrun)} under the planned "
                     f"{clock(report.planned)})")
    if report.skipped:
        lines.append("Skipped steps: " + ", ".join(s.id for s in report.skipped))
    return lines
