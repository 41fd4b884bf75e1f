"""`workshop check` and `workshop show` on session scripts, run as the facilitator runs them.

Every broken script has one defect and must produce exactly one `file:line:col: message` line,
so a test fails as soon as the location or the wording drifts.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.script import THEMES, load_script

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = Path(sys.executable).parent / "workshop"
SESSIONS = ROOT / "sessions"

# A valid script with every step kind; the broken scripts below are this text with one edit.
# The expected messages depend on its line numbers; the map below the text lists the ones used.
BASE = """\
title: Trust in relationships
language: en
description: An evening for couples about trust.
sections:
  - title: Opening
    theme: opening
    steps:
      - id: welcome
        kind: info
        minutes: 5
        notes: Greet the room, explain the phones.
        title: Welcome
        body: Tonight is about **trust**.
      - id: trust-word
        kind: poll
        minutes: 3
        notes: Read the words aloud.
        question: Which word comes to mind when you hear "trust"?
        type: words
        max_words: 3
  - title: Open communication
    theme: communication
    steps:
      - id: feel-heard
        kind: poll
        minutes: 2
        notes: Show the spread.
        question: How heard do you feel?
        type: scale
        scale: {min: 1, max: 5, min_label: Not at all, max_label: Completely}
      - id: helps-most
        kind: poll
        minutes: 2
        notes: Ask one couple to explain.
        question: What helps you most?
        type: single
        options: [Listening, Keeping promises]
      - id: listening
        kind: pair
        minutes: 8
        notes: Keep time for both rounds.
        title: Listening without fixing
        roles: speaker-listener
        rounds:
          - minutes: 4
            prompts:
              speaker: Tell your partner about your day.
              listener: Listen without interrupting.
      - id: pause
        kind: break
        minutes: 10
        notes: Put the kettle on.
        message: Coffee and tea
"""
# Lines of BASE:  8 welcome id, 14 trust-word id, 19 type: words, 20 max_words,
# 24 feel-heard id, 29 type: scale, 30 scale, 31 helps-most id, 36 type: single,
# 37 options, 38 listening id, 44 rounds, 45 round 1, 46 prompts, 47 speaker, 49 pause id.

MINIMAL = """\
title: Minimal
language: nl
description: Eén stap.
sections:
  - title: Opening
    theme: opening
    steps:
      - id: welcome
        kind: info
        minutes: 1
        notes: Zeg hallo.
        title: Welkom
        body: Hallo.
"""


def edit(text: str, old: str, new: str) -> str:
    """`text` with `old` (which must occur exactly once) replaced, so a case never silently
    tests the unchanged, valid script."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def workshop(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([str(WORKSHOP), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


def check_text(tmp_path: Path, name: str, text: str) -> subprocess.CompletedProcess:
    """Write `text` to `name` in a fresh directory and run `workshop check name` there, so the
    file in every message is just `name`."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    return workshop("check", name, cwd=tmp_path)


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


BROKEN = [
    # --- the file is not YAML, or not a script at all
    ("unclosed-bracket", edit(BASE, "Keeping promises]", "Keeping promises"),
     "38:11: not valid YAML: expected ',' or ']', but got ':' (the '[' on line 37 is not closed)"),
    ("bad-indentation", edit(BASE, "        notes: Read the words", "       notes: Read the words"),
     "17:8: not valid YAML: expected <block end>, but found '<block mapping start>' "
     "(check the indentation of this line)"),
    ("tab-indentation", edit(BASE, "        notes: Read the words", "\tnotes: Read the words"),
     "17:1: not valid YAML: found character '\\t' that cannot start any token"),
    ("duplicate-key", edit(BASE, "        minutes: 3\n", "        minutes: 3\n        minutes: 4\n"),
     "17:9: key 'minutes' appears twice (first on line 16)"),
    ("empty", "",
     "1:1: the script is empty"),
    ("only-comments", "# a script will follow\n\n",
     "1:1: the script is empty"),
    ("not-a-mapping", "- title: Trust\n- language: en\n",
     "1:1: a script is a mapping with title, language, description and sections"),
    # --- keys
    ("unknown-top-level-key", edit(BASE, "language: en\n", "language: en\nauthor: Anna\n"),
     "3:1: unknown key 'author'; allowed here: title, language, description, min_answers, sections"),
    ("unknown-section-key", edit(BASE, "    theme: opening\n", "    theme: opening\n    colour: blue\n"),
     "7:5: unknown key 'colour'; allowed here: title, theme, steps"),
    ("unknown-step-key", edit(BASE, "        options: [", "        optons: ["),
     "37:9: poll 'helps-most': unknown key 'optons'; allowed here: id, minutes, notes, content_note, "
     "kind, question, type, options, max_choices, scale, max_words, results"),
    ("missing-title", edit(BASE, "title: Trust in relationships\n", ""),
     "1:1: missing 'title'"),
    ("missing-notes", edit(BASE, "        notes: Greet the room, explain the phones.\n", ""),
     "8:9: info 'welcome': missing 'notes' (required for an info step)"),
    ("missing-question", edit(BASE, "        question: How heard do you feel?\n", ""),
     "24:9: poll 'feel-heard': missing 'question' (required for a poll step)"),
    ("empty-notes", edit(BASE, "notes: Put the kettle on.", "notes: ''"),
     "52:16: break 'pause': 'notes' must not be empty"),
    ("no-sections", BASE.split("sections:")[0] + "sections: []\n",
     "4:11: 'sections' needs at least 1 item(s)"),
    ("step-not-a-mapping", BASE + "      - coffee\n",
     "54:9: item 5 of 'steps' should be a valid dictionary or object to extract fields from, "
     "not 'coffee'"),
    # --- kinds, enumerations
    ("unknown-kind", edit(BASE, "kind: break", "kind: pauze"),
     "50:15: step 'pause': unknown step kind 'pauze'; kinds are info, poll, reflection, pair, break"),
    ("missing-kind", edit(BASE, "        kind: break\n", ""),
     "49:9: step 'pause': missing 'kind'; kinds are info, poll, reflection, pair, break"),
    ("language-fr", edit(BASE, "language: en", "language: fr"),
     "2:11: 'language' cannot be 'fr'; allowed: 'nl' or 'en'"),
    ("unknown-theme", edit(BASE, "theme: communication", "theme: honesty"),
     "22:12: 'theme' cannot be 'honesty'; allowed: 'opening', 'foundation', 'communication', "
     "'integrity', 'repair', 'building', 'help' or 'closing'"),
    ("unknown-poll-type", edit(BASE, "type: words", "type: text"),
     "19:15: poll 'trust-word': 'type' cannot be 'text'; allowed: 'single', 'multiple', 'scale' or 'words'"),
    ("unknown-roles", edit(BASE, "roles: speaker-listener", "roles: talker-listener"),
     "43:16: pair 'listening': 'roles' cannot be 'talker-listener'; allowed: 'speaker-listener' or 'a-b'"),
    # --- minutes and ids
    ("zero-minutes", edit(BASE, "minutes: 10", "minutes: 0"),
     "51:18: break 'pause': 'minutes' is 0; it must be greater than 0"),
    ("negative-minutes", edit(BASE, "minutes: 5\n", "minutes: -5\n"),
     "10:18: info 'welcome': 'minutes' is -5; it must be greater than 0"),
    ("minutes-not-a-number", edit(BASE, "minutes: 5\n", "minutes: five\n"),
     "10:18: info 'welcome': 'minutes' should be a valid number, unable to parse string as a number, "
     "not 'five'"),
    ("zero-round-minutes", edit(BASE, "          - minutes: 4", "          - minutes: 0"),
     "45:22: pair 'listening': 'minutes' is 0; it must be greater than 0"),
    ("id-with-spaces", edit(BASE, "id: trust-word", "id: trust word"),
     "14:13: poll 'trust word': 'id' 'trust word' may use only letters, digits, '-' and '_'"),
    ("duplicate-step-id", edit(BASE, "id: pause", "id: welcome"),
     "49:13: break 'welcome': duplicate step id 'welcome' (first used on line 8); step ids must be unique"),
    # --- polls
    ("scale-min-above-max", edit(BASE, "{min: 1, max: 5,", "{min: 5, max: 1,"),
     "30:22: poll 'feel-heard': scale min 5 must be below max 1"),
    ("scale-min-equals-max", edit(BASE, "{min: 1, max: 5,", "{min: 3, max: 3,"),
     "30:22: poll 'feel-heard': scale min 3 must be below max 3"),
    ("scale-too-wide", edit(BASE, "{min: 1, max: 5,", "{min: 0, max: 20,"),
     "30:30: poll 'feel-heard': scale 0..20 is too wide; at most 10 points apart"),
    ("scale-without-scale", edit(BASE, "        scale: {min: 1, max: 5, min_label: Not at all, "
                                       "max_label: Completely}\n", ""),
     "29:15: poll 'feel-heard': a scale poll needs 'scale: {min, max, min_label, max_label}'"),
    ("options-on-scale", edit(BASE, "max_label: Completely}\n", "max_label: Completely}\n"
                                    "        options: [Often, Rarely]\n"),
     "31:18: poll 'feel-heard': a scale poll has no 'options'"),
    ("single-without-options", edit(BASE, "        options: [Listening, Keeping promises]\n", ""),
     "36:15: poll 'helps-most': a single choice poll needs 'options': a list of 2 to 12 answers"),
    ("multiple-without-options", edit(BASE, "        type: single\n        options: [Listening, "
                                            "Keeping promises]\n", "        type: multiple\n"),
     "36:15: poll 'helps-most': a multiple choice poll needs 'options': a list of 2 to 12 answers"),
    ("one-option", edit(BASE, "[Listening, Keeping promises]", "[Listening]"),
     "37:18: poll 'helps-most': a choice poll needs 2 to 12 options, not 1"),
    ("repeated-option", edit(BASE, "[Listening, Keeping promises]", "[Listening, Listening]"),
     "37:18: poll 'helps-most': options must be distinct"),
    ("unquoted-yes-no-options", edit(BASE, "[Listening, Keeping promises]", "[Listening, No]"),
     "37:30: poll 'helps-most': item 2 of 'options' should be a valid string, not False "
     "(YAML reads yes/no/on/off and numbers as such; put the text in quotes)"),
    ("max-choices-on-single", edit(BASE, "Keeping promises]\n", "Keeping promises]\n        max_choices: 1\n"),
     "38:22: poll 'helps-most': 'max_choices' belongs to a multiple choice poll only"),
    ("max-words-zero", edit(BASE, "max_words: 3", "max_words: 0"),
     "20:20: poll 'trust-word': 'max_words' is 0; it must be greater than or equal to 1"),
    ("max-words-eleven", edit(BASE, "max_words: 3", "max_words: 11"),
     "20:20: poll 'trust-word': 'max_words' is 11; it must be less than or equal to 10"),
    # --- pair exercises
    ("round-without-prompts", edit(BASE, "            prompts:\n              speaker: Tell your partner "
                                         "about your day.\n              listener: Listen without "
                                         "interrupting.\n", ""),
     "45:13: pair 'listening': missing 'prompts'"),
    ("round-missing-role", edit(BASE, "              listener: Listen without interrupting.\n", ""),
     "47:15: pair 'listening': round 1 needs one prompt per role: speaker and listener (has speaker)"),
    ("round-wrong-roles", edit(BASE, "roles: speaker-listener", "roles: a-b"),
     "47:15: pair 'listening': round 1 needs one prompt per role: a and b (has speaker, listener)"),
    ("pair-without-rounds", edit(BASE, "        rounds:\n          - minutes: 4\n            prompts:\n"
                                       "              speaker: Tell your partner about your day.\n"
                                       "              listener: Listen without interrupting.\n",
                                 "        rounds: []\n"),
     "44:17: pair 'listening': 'rounds' needs at least 1 item(s)"),
]


@pytest.mark.parametrize("name, text, expected", BROKEN, ids=[case[0] for case in BROKEN])
def test_broken_script_names_its_one_problem(tmp_path, name, text, expected):
    result = check_text(tmp_path, f"{name}.yaml", text)
    assert result.returncode != 0
    assert error_lines(result) == [f"{name}.yaml:{expected}"]
    assert result.stdout == ""


def test_enough_distinct_broken_scripts():
    assert len(BROKEN) >= 14
    assert len({name for name, _, _ in BROKEN}) == len(BROKEN)
    assert len({text for _, text, _ in BROKEN}) == len(BROKEN)


SEVERAL = """\
title: Several mistakes
language: fr
description: Five defects in one file.
sections:
  - title: Opening
    theme: opening
    steps:
      - id: welcome
        kind: info
        minutes: 5
        title: Welcome
        body: Hello.
      - id: feel
        kind: poll
        minutes: 2
        notes: Show the spread.
        question: How do you feel?
        type: scale
        scale: {min: 5, max: 5, min_label: Bad, max_label: Good}
  - title: Talking
    theme: talking
    steps:
      - id: welcome
        kind: pair
        minutes: 8
        notes: Keep time.
        title: Listening
        roles: a-b
        rounds:
          - minutes: 4
            prompts: {a: Talk., b: Listen.}
            nte: Write one sentence.
"""


def test_every_problem_of_a_file_is_reported_in_line_order(tmp_path):
    result = check_text(tmp_path, "several.yaml", SEVERAL)
    assert result.returncode != 0
    assert error_lines(result) == [
        "several.yaml:2:11: 'language' cannot be 'fr'; allowed: 'nl' or 'en'",
        "several.yaml:8:9: info 'welcome': missing 'notes' (required for an info step)",
        "several.yaml:19:22: poll 'feel': scale min 5 must be below max 5",
        "several.yaml:21:12: 'theme' cannot be 'talking'; allowed: 'opening', 'foundation', "
        "'communication', 'integrity', 'repair', 'building', 'help' or 'closing'",
        "several.yaml:23:13: pair 'welcome': duplicate step id 'welcome' (first used on line 8); "
        "step ids must be unique",
        "several.yaml:32:13: pair 'welcome': unknown key 'nte'; allowed here: minutes, prompts, note",
    ]


def test_check_reports_every_broken_file_and_passes_the_good_one(tmp_path):
    (tmp_path / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(edit(MINIMAL, "language: nl", "language: fr"), encoding="utf-8")
    result = workshop("check", "bad.yaml", "good.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert error_lines(result) == ["bad.yaml:2:11: 'language' cannot be 'fr'; allowed: 'nl' or 'en'"]
    assert result.stdout.startswith("good.yaml: ok")


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    result = workshop("check", "nowhere.yaml", cwd=tmp_path)
    assert result.returncode != 0
    [line] = error_lines(result)
    assert line.startswith("nowhere.yaml:1:1: cannot read the script:")


@pytest.mark.parametrize("text", [MINIMAL, BASE], ids=["minimal", "every-kind"])
def test_valid_script_is_ok(tmp_path, text):
    result = check_text(tmp_path, "valid.yaml", text)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("valid.yaml: ok")


SECTION_LINE = re.compile(r"^(\d+:\d\d)  (.+?)  \[(.+)\]$")
STEP_LINE = re.compile(r"^(\d+:\d\d)    (\w+)\s+(\S+)\s+([\d.]+) min$")
TOTAL_LINE = re.compile(r"^(\d+:\d\d)  end — total ([\d.]+) min$")


def agenda(output: str) -> dict:
    """The sections, steps and total of `workshop show` output, as plain values."""
    sections, steps, total = [], [], None
    for line in output.splitlines():
        if match := SECTION_LINE.match(line):
            sections.append(match.groups())
        elif match := STEP_LINE.match(line):
            clock, kind, step_id, minutes = match.groups()
            steps.append((clock, kind, step_id, float(minutes)))
        elif match := TOTAL_LINE.match(line):
            total = (match[1], float(match[2]))
    return {"sections": sections, "steps": steps, "total": total}


def show(path: str | Path) -> dict:
    result = workshop("show", str(path))
    assert result.returncode == 0, result.stderr
    return {"output": result.stdout, **agenda(result.stdout)}


def test_show_prints_themes_steps_and_running_clock(tmp_path):
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    shown = show(path)
    assert shown["output"].splitlines()[0] == "Trust in relationships (en)"
    assert shown["sections"] == [
        ("0:00", "Opening", "Opening"),
        ("0:08", "Open communication", "Open communication"),
    ]
    assert shown["steps"] == [
        ("0:00", "info", "welcome", 5),
        ("0:05", "poll", "trust-word", 3),
        ("0:08", "poll", "feel-heard", 2),
        ("0:10", "poll", "helps-most", 2),
        ("0:12", "pair", "listening", 8),
        ("0:20", "break", "pause", 10),
    ]
    assert shown["total"] == ("0:30", 30)


def test_show_of_a_broken_script_fails_with_the_problem(tmp_path):
    (tmp_path / "bad.yaml").write_text(edit(MINIMAL, "theme: opening", "theme: love"), encoding="utf-8")
    result = workshop("show", "bad.yaml", cwd=tmp_path)
    assert result.returncode != 0
    assert error_lines(result)[0].startswith("bad.yaml:6:12: 'theme' cannot be 'love'")
    assert result.stdout == ""


# --- the scripts that ship with the tool

DEFAULT_SCRIPTS = ["vertrouwen.yaml", "trust.yaml"]
SIX_THEMES = ["foundation", "communication", "integrity", "repair", "building", "help"]
INTERACTIVE = {"poll", "reflection", "pair"}


def test_default_scripts_check_ok():
    result = workshop("check", *(f"sessions/{name}" for name in DEFAULT_SCRIPTS))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count(": ok") == len(DEFAULT_SCRIPTS)


def test_dutch_agenda_has_the_six_themes_and_fits_the_evening():
    shown = show("sessions/vertrouwen.yaml")
    for theme in SIX_THEMES:
        assert THEMES[theme]["nl"] in shown["output"]
    assert [THEMES[t]["nl"] for t in SIX_THEMES] == [
        "Vertrouwen als basis", "Open communicatie", "Integriteit en betrouwbaarheid",
        "Het herstellen van vertrouwen", "Bouwen aan vertrouwen", "Als het herstel samen niet lukt"]
    assert shown["total"] is not None
    assert 140 <= shown["total"][1] <= 160


def test_dutch_and_english_scripts_have_the_same_steps():
    dutch, english = (load_script(SESSIONS / name) for name in DEFAULT_SCRIPTS)
    assert (dutch.language, english.language) == ("nl", "en")
    assert [(s.id, s.kind) for s in dutch.steps] == [(s.id, s.kind) for s in english.steps]
    assert [s.theme for s in dutch.sections] == [s.theme for s in english.sections]


@pytest.mark.parametrize("name", DEFAULT_SCRIPTS)
def test_default_script_shape(name):
    script = load_script(SESSIONS / name)
    by_theme = {}
    for section in script.sections:
        by_theme.setdefault(section.theme, []).extend(section.steps)
    assert set(SIX_THEMES) <= set(by_theme)
    for theme in SIX_THEMES:
        kinds = {step.kind for step in by_theme[theme]}
        assert kinds & INTERACTIVE, f"{theme} has no poll, reflection or pair step"
        if theme in ("communication", "integrity", "repair", "building"):
            assert "pair" in kinds, f"{theme} has no pair step"
    help_sections = [s for s in script.sections if s.theme == "help"]
    assert help_sections[-1].steps[-1].kind == "info"
