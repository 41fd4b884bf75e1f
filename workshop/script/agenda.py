"""The agenda of a script as text: sections with their theme, steps with the running clock."""
from __future__ import annotations

from .model import THEMES, Script


def clock(minutes: float) -> str:
    whole = round(minutes * 60)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}"


def agenda_lines(script: Script) -> list[str]:
    lang = script.language
    lines = [f"{script.title} ({lang})", script.description.strip(), ""]
    at = 0.0
    for section in script.sections:
        lines.append(f"{clock(at)}  {section.title}  [{THEMES[section.theme][lang]}]")
        for step in section.steps:
            lines.append(f"{clock(at)}    {step.kind:<10} {step.id:<28} {step.minutes:>5g} min")
            at += step.minutes
        lines.append("")
    lines.append(f"{clock(at)}  end — total {at:g} min")
    return lines
