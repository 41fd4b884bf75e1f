"""The words of the replay and report pages, in the languages scripts are written in.

Kept here rather than in the shared Babel catalogue so that training can change without
touching the live pages' translations; a page speaks its recording's language.
"""
from __future__ import annotations

STRINGS = {
    "en": {
        "replay": "Replay",
        "replay_of": "Replay of {code}",
        "rehearsal": "rehearsal",
        "play": "Play",
        "pause": "Pause",
        "restart": "From the start",
        "speed": "Speed",
        "open_screen": "Open screen",
        "report": "Timing report",
        "timeline": "Timeline",
        "timeline_hint": "Planned against actual time per step; click a step to jump to it.",
        "planned": "planned",
        "actual": "actual",
        "diff": "difference",
        "answers": "answers",
        "section": "section",
        "skipped": "skipped",
        "total": "Total",
        "lobby": "Lobby",
        "overrun": "Total overrun: {time}",
        "underrun": "No overrun: {time} under the plan",
        "finished": "End of the recording",
        "at_time": "{elapsed} of {total}",
        "read_only": "This is a replay: nothing can be changed.",
        "not_recorded": "The recorded session never reached this step.",
        "replay_badge": "Replay",
        "participants": "{n} participants",
        "step": "step",
        "not_ended": "The session had not ended when this was recorded.",
        "report_title": "Timing report",
        "rehearse": "Rehearse",
        "rehearse_hint": "Start a rehearsal: a session marked as such, with 20 simulated participants.",
    },
    "nl": {
        "replay": "Terugkijken",
        "replay_of": "Terugkijken: {code}",
        "rehearsal": "oefensessie",
        "play": "Afspelen",
        "pause": "Pauze",
        "restart": "Vanaf het begin",
        "speed": "Snelheid",
        "open_screen": "Scherm openen",
        "report": "Tijdsverslag",
        "timeline": "Tijdlijn",
        "timeline_hint": "Geplande tegenover werkelijke tijd per stap; klik op een stap om erheen te gaan.",
        "planned": "gepland",
        "actual": "werkelijk",
        "diff": "verschil",
        "answers": "antwoorden",
        "section": "onderdeel",
        "skipped": "overgeslagen",
        "total": "Totaal",
        "lobby": "Wachtruimte",
        "overrun": "Totale uitloop: {time}",
        "underrun": "Geen uitloop: {time} binnen de planning",
        "finished": "Einde van de opname",
        "at_time": "{elapsed} van {total}",
        "read_only": "Dit is een opname: er kan niets worden veranderd.",
        "not_recorded": "De opgenomen sessie is nooit bij deze stap gekomen.",
        "replay_badge": "Opname",
        "participants": "{n} deelnemers",
        "step": "stap",
        "not_ended": "De sessie was nog niet afgelopen toen dit werd opgenomen.",
        "report_title": "Tijdsverslag",
        "rehearse": "Oefenen",
        "rehearse_hint": "Start een oefensessie: gemarkeerd als oefening, met 20 gesimuleerde deelnemers.",
    },
}


def strings(language: str) -> dict:
    return {**STRINGS["en"], **STRINGS.get(language, {})}


def text(language: str, key: str, **params) -> str:
    return strings(language)[key].format(**params)
