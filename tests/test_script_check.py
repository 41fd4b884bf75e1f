"""`workshop check` and `workshop show` on session scripts, run as the facilitator runs them.

Every broken script has one defect and must produce exactly one `file:line:col: message` line,
so a test fails as soon as the location or the message drifts. The expected messages are built
from our own table (workshop/script/problems.py), never from a library's wording, so a pydantic
release cannot break them; the tests at the end prove that the messages come from that table.
"""
from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ValidationError, field_validator

from workshop.script import THEMES, ScriptError, load_script, loader, parse_script
from workshop.script.model import Script
from workshop.script.problems import MESSAGES, PYDANTIC_TYPES, RULE_TYPES, either, say

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
help:
  - name: Your GP
    for: A first step towards help
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
help:
  - name: Je huisarts
    for: Een eerste stap naar hulp
"""


def edit(text: str, old: str, new: str) -> str:
    """`text` with `old` (which must occur exactly once) replaced, so a case never silently
    tests the unchanged, valid script."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def workshop(*args: str, cwd: Path = ROOT, installed: bool = False):
    """`workshop` with these arguments in `cwd`: its exit code, stdout and stderr. In this
    process, through click (the same command code, without an interpreter start per case:
    this file runs it some sixty times); `installed`: the installed command in a subprocess,
    as a facilitator runs it. An exception the command does not turn into a message fails the
    test, as its traceback would."""
    if installed:
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        return subprocess.run([str(WORKSHOP), *args], cwd=cwd, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=60)
    from click.testing import CliRunner

    from workshop import cli
    before = os.getcwd()
    os.chdir(cwd)
    try:
        done = CliRunner().invoke(cli.main, list(args))
    finally:
        os.chdir(before)
    if done.exception and not isinstance(done.exception, SystemExit):
        raise done.exception
    return subprocess.CompletedProcess(args, done.exit_code, done.stdout, done.stderr)


def check_text(tmp_path: Path, name: str, text: str) -> subprocess.CompletedProcess:
    """Write `text` to `name` in a fresh directory and run `workshop check name` there, so the
    file in every message is just `name`."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    return workshop("check", name, cwd=tmp_path)


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


THEME_NAMES = either(["opening", "foundation", "communication", "integrity", "repair", "building",
                      "help", "closing"])
KINDS = "info, poll, reflection, pair, break"
BROKEN = [
    # --- the file is not YAML, or not a script at all (PyYAML's own problem text, our hint)
    ("unclosed-bracket", edit(BASE, "Keeping promises]", "Keeping promises"),
     "38:11: " + say("yaml", problem="expected ',' or ']', but got ':'",
                     hint=say("yaml_unclosed", bracket="[", line=37))),
    ("bad-indentation", edit(BASE, "        notes: Read the words", "       notes: Read the words"),
     "17:8: " + say("yaml", problem="expected <block end>, but found '<block mapping start>'",
                    hint=say("yaml_indentation"))),
    ("tab-indentation", edit(BASE, "        notes: Read the words", "\tnotes: Read the words"),
     "17:1: " + say("yaml", problem="found character '\\t' that cannot start any token", hint="")),
    ("duplicate-key", edit(BASE, "        minutes: 3\n", "        minutes: 3\n        minutes: 4\n"),
     "17:9: " + say("duplicate_key", key="minutes", line=16)),
    ("empty", "",
     "1:1: " + say("empty")),
    ("only-comments", "# a script will follow\n\n",
     "1:1: " + say("empty")),
    ("not-a-mapping", "- title: Trust\n- language: en\n",
     "1:1: " + say("not_a_mapping")),
    # --- keys
    ("unknown-top-level-key", edit(BASE, "language: en\n", "language: en\nauthor: Anna\n"),
     "3:1: " + say("extra_forbidden", field="author",
                   allowed="title, language, description, min_answers, help, check_in, questions, "
                           "questions_approval, sections")),
    ("unknown-section-key", edit(BASE, "    theme: opening\n", "    theme: opening\n    colour: blue\n"),
     "7:5: " + say("extra_forbidden", field="colour", allowed="title, theme, steps")),
    ("unknown-step-key", edit(BASE, "        options: [", "        optons: ["),
     "37:9: poll 'helps-most': " + say("extra_forbidden", field="optons",
        allowed="id, minutes, notes, content_note, kind, question, type, options, max_choices, "
                "scale, max_words, results, private, on_screen")),
    ("numeric-key", edit(BASE, "language: en\n", "language: en\n5: five\n"),
     "3:1: " + say("invalid_key", field=5,
                   allowed="title, language, description, min_answers, help, check_in, questions, "
                           "questions_approval, sections")),
    ("missing-title", edit(BASE, "title: Trust in relationships\n", ""),
     "1:1: " + say("missing", field="title")),
    ("missing-notes", edit(BASE, "        notes: Greet the room, explain the phones.\n", ""),
     "8:9: info 'welcome': " + say("missing_for_kind", field="notes", a_kind="an info")),
    ("missing-question", edit(BASE, "        question: How heard do you feel?\n", ""),
     "24:9: poll 'feel-heard': " + say("missing_for_kind", field="question", a_kind="a poll")),
    ("empty-notes", edit(BASE, "notes: Put the kettle on.", "notes: ''"),
     "52:16: break 'pause': " + say("string_too_short", name="'notes'")),
    ("no-title-value", edit(BASE, "        title: Welcome\n", "        title:\n"),
     "12:15: info 'welcome': " + say("no_value", name="'title'")),
    ("no-sections", BASE.split("sections:")[0] + "sections: []\n",
     "4:11: " + say("too_short", name="'sections'", min_length=1)),
    ("step-not-a-mapping", edit(BASE, "help:\n", "      - coffee\nhelp:\n"),
     "54:9: " + say("model_attributes_type", name="item 5 of 'steps'", value="'coffee'")),
    # --- kinds, enumerations
    ("unknown-kind", edit(BASE, "kind: break", "kind: pauze"),
     "50:15: step 'pause': " + say("union_tag_invalid", value="'pauze'", kinds=KINDS)),
    ("missing-kind", edit(BASE, "        kind: break\n", ""),
     "49:9: step 'pause': " + say("union_tag_not_found", kinds=KINDS)),
    ("language-fr", edit(BASE, "language: en", "language: fr"),
     "2:11: " + say("literal_error", name="'language'", value="'fr'", allowed="'nl' or 'en'")),
    ("unknown-theme", edit(BASE, "theme: communication", "theme: honesty"),
     "22:12: " + say("literal_error", name="'theme'", value="'honesty'", allowed=THEME_NAMES)),
    ("unknown-poll-type", edit(BASE, "type: words", "type: text"),
     "19:15: poll 'trust-word': " + say("literal_error", name="'type'", value="'text'",
                                        allowed="'single', 'multiple', 'scale' or 'words'")),
    ("unknown-roles", edit(BASE, "roles: speaker-listener", "roles: talker-listener"),
     "43:16: pair 'listening': " + say("literal_error", name="'roles'", value="'talker-listener'",
                                       allowed="'speaker-listener' or 'a-b'")),
    # --- minutes and ids
    ("zero-minutes", edit(BASE, "minutes: 10", "minutes: 0"),
     "51:18: break 'pause': " + say("greater_than", name="'minutes'", value=0, gt=0)),
    ("negative-minutes", edit(BASE, "minutes: 5\n", "minutes: -5\n"),
     "10:18: info 'welcome': " + say("greater_than", name="'minutes'", value=-5, gt=0)),
    ("minutes-not-a-number", edit(BASE, "minutes: 5\n", "minutes: five\n"),
     "10:18: info 'welcome': " + say("float_parsing", name="'minutes'", value="'five'")),
    ("zero-round-minutes", edit(BASE, "          - minutes: 4", "          - minutes: 0"),
     "45:22: pair 'listening': " + say("greater_than", name="'minutes'", value=0, gt=0)),
    ("id-with-spaces", edit(BASE, "id: trust-word", "id: trust word"),
     "14:13: poll 'trust word': " + say("string_pattern_mismatch", name="'id'", value="'trust word'")),
    ("duplicate-step-id", edit(BASE, "id: pause", "id: welcome"),
     "49:13: break 'welcome': " + say("duplicate_id", id="welcome", line=8)),
    # --- polls
    ("scale-min-above-max", edit(BASE, "{min: 1, max: 5,", "{min: 5, max: 1,"),
     "30:22: poll 'feel-heard': " + say("scale_order", min=5, max=1)),
    ("scale-min-equals-max", edit(BASE, "{min: 1, max: 5,", "{min: 3, max: 3,"),
     "30:22: poll 'feel-heard': " + say("scale_order", min=3, max=3)),
    ("scale-too-wide", edit(BASE, "{min: 1, max: 5,", "{min: 0, max: 20,"),
     "30:30: poll 'feel-heard': " + say("scale_width", min=0, max=20)),
    ("scale-without-scale", edit(BASE, "        scale: {min: 1, max: 5, min_label: Not at all, "
                                       "max_label: Completely}\n", ""),
     "29:15: poll 'feel-heard': " + say("scale_needed")),
    ("options-on-scale", edit(BASE, "max_label: Completely}\n", "max_label: Completely}\n"
                                    "        options: [Often, Rarely]\n"),
     "31:18: poll 'feel-heard': " + say("options_unused", type="scale")),
    ("single-without-options", edit(BASE, "        options: [Listening, Keeping promises]\n", ""),
     "36:15: poll 'helps-most': " + say("choice_needs_options", type="single")),
    ("multiple-without-options", edit(BASE, "        type: single\n        options: [Listening, "
                                            "Keeping promises]\n", "        type: multiple\n"),
     "36:15: poll 'helps-most': " + say("choice_needs_options", type="multiple")),
    ("one-option", edit(BASE, "[Listening, Keeping promises]", "[Listening]"),
     "37:18: poll 'helps-most': " + say("choice_option_count", count=1)),
    ("repeated-option", edit(BASE, "[Listening, Keeping promises]", "[Listening, Listening]"),
     "37:18: poll 'helps-most': " + say("options_repeated")),
    ("unquoted-yes-no-options", edit(BASE, "[Listening, Keeping promises]", "[Listening, No]"),
     "37:30: poll 'helps-most': " + say("string_type", name="item 2 of 'options'", value=False)
     + say("yaml_quotes")),
    ("max-choices-on-single", edit(BASE, "Keeping promises]\n", "Keeping promises]\n        max_choices: 1\n"),
     "38:22: poll 'helps-most': " + say("max_choices_unused")),
    ("max-choices-too-many", edit(BASE, "type: single\n", "type: multiple\n        max_choices: 3\n"),
     "37:22: poll 'helps-most': " + say("max_choices_too_many", max_choices=3, count=2)),
    ("max-words-zero", edit(BASE, "max_words: 3", "max_words: 0"),
     "20:20: poll 'trust-word': " + say("greater_than_equal", name="'max_words'", value=0, ge=1)),
    ("max-words-eleven", edit(BASE, "max_words: 3", "max_words: 11"),
     "20:20: poll 'trust-word': " + say("less_than_equal", name="'max_words'", value=11, le=10)),
    ("private-with-approval", edit(BASE, "        max_words: 3\n  - title: Open communication\n",
                                   "        max_words: 3\n      - id: alone\n        kind: reflection\n"
                                   "        minutes: 2\n        notes: Quiet.\n        prompt: For you.\n"
                                   "        private: true\n        approval: true\n"
                                   "  - title: Open communication\n"),
     "27:19: reflection 'alone': " + say("approval_private")),
    ("check-in-id-of-a-step", BASE + "check_in:\n  id: welcome\n  question: How are you?\n"
                                     "  type: words\n",
     "58:7: " + say("check_in_id", id="welcome")),
    # --- anonymous questions (more cases in tests/test_questions.py)
    ("questions-unknown-step", BASE + "questions: [welcome, nowhere]\n",
     "57:22: " + say("questions_unknown_step", id="nowhere")),
    ("questions-wrong-value", BASE + "questions: sometimes\n",
     "57:12: " + say("questions_value", value="'sometimes'")),
    # --- pair exercises
    ("round-without-prompts", edit(BASE, "            prompts:\n              speaker: Tell your partner "
                                         "about your day.\n              listener: Listen without "
                                         "interrupting.\n", ""),
     "45:13: pair 'listening': " + say("missing", field="prompts")),
    ("round-missing-role", edit(BASE, "              listener: Listen without interrupting.\n", ""),
     "47:15: pair 'listening': " + say("round_prompts", n=1, roles="speaker and listener", has="speaker")),
    ("round-wrong-roles", edit(BASE, "roles: speaker-listener", "roles: a-b"),
     "47:15: pair 'listening': " + say("round_prompts", n=1, roles="a and b", has="speaker, listener")),
    ("numeric-role", edit(BASE, "              listener: Listen", "              2: Listen"),
     "48:15: pair 'listening': " + say("string_type", name="a key of 'prompts'", value=2)
     + say("yaml_quotes")),
    ("pair-without-rounds", edit(BASE, "        rounds:\n          - minutes: 4\n            prompts:\n"
                                       "              speaker: Tell your partner about your day.\n"
                                       "              listener: Listen without interrupting.\n",
                                 "        rounds: []\n"),
     "44:17: pair 'listening': " + say("too_short", name="'rounds'", min_length=1)),
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
        "several.yaml:2:11: " + say("literal_error", name="'language'", value="'fr'", allowed="'nl' or 'en'"),
        "several.yaml:8:9: info 'welcome': " + say("missing_for_kind", field="notes", a_kind="an info"),
        "several.yaml:19:22: poll 'feel': " + say("scale_order", min=5, max=5),
        "several.yaml:21:12: " + say("literal_error", name="'theme'", value="'talking'", allowed=THEME_NAMES),
        "several.yaml:23:13: pair 'welcome': " + say("duplicate_id", id="welcome", line=8),
        "several.yaml:32:13: pair 'welcome': " + say("extra_forbidden", field="nte",
                                                     allowed="minutes, prompts, note"),
    ]


def test_check_reports_every_broken_file_and_passes_the_good_one(tmp_path):
    (tmp_path / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(edit(MINIMAL, "language: nl", "language: fr"), encoding="utf-8")
    result = workshop("check", "bad.yaml", "good.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert error_lines(result) == ["bad.yaml:2:11: " + say("literal_error", name="'language'", value="'fr'",
                                                           allowed="'nl' or 'en'")]
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
    assert error_lines(result) == ["bad.yaml:6:12: " + say("literal_error", name="'theme'", value="'love'",
                                                           allowed=THEME_NAMES)]
    assert result.stdout == ""


# --- the scripts that ship with the tool

DEFAULT_SCRIPTS = ["vertrouwen.yaml", "trust.yaml"]
SIX_THEMES = ["foundation", "communication", "integrity", "repair", "building", "help"]
INTERACTIVE = {"poll", "reflection", "pair"}


def test_default_scripts_check_ok():
    """Both pass; the English one, tied to no country, warns for each help entry left for the
    facilitator to fill in, and for nothing else."""
    result = workshop("check", *(f"sessions/{name}" for name in DEFAULT_SCRIPTS), installed=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok") == len(DEFAULT_SCRIPTS)
    warnings = error_lines(result)
    placeholders = [e for e in load_script(SESSIONS / "trust.yaml").help if e.placeholder()]
    assert len(placeholders) >= 3 and len(warnings) == len(placeholders), warnings
    assert all(w.startswith("sessions/trust.yaml:") and "still has a placeholder" in w
               for w in warnings), warnings
    dutch = load_script(SESSIONS / "vertrouwen.yaml").help
    assert {"0800-2000", "0800-0113"} <= {e.phone for e in dutch}      # Veilig Thuis, 113
    assert any("huisarts" in e.name.lower() for e in dutch)


def test_a_script_without_help_or_with_placeholders_is_warned_about_not_failed(tmp_path):
    no_help = MINIMAL[:MINIMAL.index("help:")]
    result = check_text(tmp_path, "bare.yaml", no_help)
    assert result.returncode == 0
    assert error_lines(result) == ["bare.yaml:1:1: " + say("warning", message=say("no_help"))]
    assert result.stdout == "bare.yaml: ok (1 step, 1 min, 1 warning)\n"

    left = edit(MINIMAL, "    for: Een eerste stap naar hulp\n",
                "    for: Een eerste stap naar hulp\n  - name: Hulplijn\n"
                "    for: Bij geweld\n    phone: '[fill in: het nummer]'\n")
    result = check_text(tmp_path, "left.yaml", left)
    assert result.returncode == 0
    message = say("help_placeholder", n=2, name="Hulplijn")
    assert error_lines(result) == ["left.yaml:17:5: " + say("warning", message=message)]


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


# --- the messages are ours: by pydantic's error type, never by its English wording

ROUND = ("          - minutes: 4\n            prompts:\n              speaker: Tell your partner "
         "about your day.\n              listener: Listen without interrupting.\n")
CASES = {name: text for name, text, _ in BROKEN}
# One real script for every pydantic error type the table handles.
TRIGGERS = {
    "missing": CASES["missing-title"],
    "extra_forbidden": CASES["unknown-top-level-key"],
    "invalid_key": CASES["numeric-key"],
    "union_tag_invalid": CASES["unknown-kind"],
    "union_tag_not_found": CASES["missing-kind"],
    "literal_error": CASES["language-fr"],
    "string_pattern_mismatch": CASES["id-with-spaces"],
    "string_too_short": CASES["empty-notes"],
    "string_too_long": edit(BASE, "message: Coffee and tea", "message: " + "x" * 201),
    "too_short": CASES["no-sections"],
    "too_long": edit(BASE, ROUND, ROUND * 13),
    "greater_than": CASES["zero-minutes"],
    "greater_than_equal": CASES["max-words-zero"],
    "less_than_equal": CASES["max-words-eleven"],
    "string_type": CASES["unquoted-yes-no-options"],
    "int_type": edit(BASE, "max_words: 3", "max_words: [3]"),
    "int_parsing": edit(BASE, "max_words: 3", "max_words: three"),
    "int_from_float": edit(BASE, "max_words: 3", "max_words: 2.5"),
    "float_type": edit(BASE, "minutes: 10", "minutes: [10]"),
    "float_parsing": CASES["minutes-not-a-number"],
    "bool_type": edit(BASE, "roles: speaker-listener\n", "roles: speaker-listener\n        swap: [yes]\n"),
    "bool_parsing": edit(BASE, "roles: speaker-listener\n", "roles: speaker-listener\n        swap: maybe\n"),
    "dict_type": edit(BASE, ROUND, "          - minutes: 4\n            prompts: Tell and listen.\n"),
    "model_type": edit(BASE, "{min: 1, max: 5, min_label: Not at all, max_label: Completely}", "5"),
    "model_attributes_type": CASES["step-not-a-mapping"],
    "list_type": edit(BASE, "options: [Listening, Keeping promises]", "options: Listening"),
}


def pydantic_errors(text: str) -> list[dict]:
    """What pydantic itself says about a script, type and English msg."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    if not isinstance(data, dict):
        return []
    try:
        Script.model_validate(data)
    except ValidationError as exc:
        return exc.errors()
    return []


def messages(text: str) -> list[str]:
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "t.yaml")
    return [problem.message for problem in caught.value.problems]


def table_pattern(key: str) -> re.Pattern:
    """A message of MESSAGES[key], whatever its values, after an optional "poll 'id': "."""
    template = re.escape(MESSAGES[key])
    template = re.sub(r"\\\{\w+\\\}", ".+?", template)
    quotes = re.escape(say("yaml_quotes"))
    return re.compile(rf"(?:\w+ '[^']*': )?{template}(?:{quotes})?")


def test_every_handled_pydantic_type_has_a_message_and_a_real_script():
    assert set(TRIGGERS) == set(PYDANTIC_TYPES)
    assert set(PYDANTIC_TYPES) | set(RULE_TYPES) <= set(MESSAGES)


@pytest.mark.parametrize("kind", PYDANTIC_TYPES)
def test_a_pydantic_error_type_yields_our_tables_message(kind):
    text = TRIGGERS[kind]
    # The script really makes pydantic report this type (a renamed type fails here, loudly)...
    assert kind in {err["type"] for err in pydantic_errors(text)}
    # ...and the facilitator reads the table's message for it.
    pattern = table_pattern(kind)
    assert any(pattern.fullmatch(message) for message in messages(text)), messages(text)


@pytest.mark.parametrize("text", [*TRIGGERS.values(), *CASES.values()])
def test_no_message_quotes_pydantic(text):
    said = messages(text)
    for err in pydantic_errors(text):
        if err["type"] not in RULE_TYPES:   # a rule's msg is our own template, rendered
            assert not any(err["msg"] in message for message in said), (err, said)
    assert not any("Input should" in message or "Value error" in message for message in said)


def test_a_rule_reads_the_same_through_pydantic_and_through_the_table():
    # Pydantic fills a PydanticCustomError template itself; say() must agree, braces and all.
    for name in ("scale-min-above-max", "scale-without-scale", "round-missing-role",
                 "max-choices-too-many"):
        [err] = pydantic_errors(CASES[name])
        assert err["type"] in RULE_TYPES
        assert err["msg"] == say(err["type"], **err["ctx"])


def explain(model: type[BaseModel], text: str) -> str:
    """The loader's problem for the one error pydantic reports about `text` against `model`."""
    located = loader._Located("t.yaml")
    data = located.read(text)
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    [err] = caught.value.errors()
    return str(loader._explain(err, data, located)), err


def test_an_unknown_pydantic_type_gets_our_fallback_not_its_msg():
    class Dated(BaseModel):
        held: datetime.date

    problem, err = explain(Dated, "held: someday\n")
    assert err["type"] not in PYDANTIC_TYPES
    assert problem == "t.yaml:1:7: " + say("invalid", name="'held'", type=err["type"])
    assert err["msg"] not in problem


def test_a_plain_value_error_shows_our_text_not_pydantics_wrapper():
    class Checked(BaseModel):
        minutes: int

        @field_validator("minutes")
        @classmethod
        def _whole_hour(cls, value):
            raise ValueError("plan whole hours")

    problem, err = explain(Checked, "minutes: 5\n")
    assert err["type"] == "value_error"
    assert problem == "t.yaml:1:10: plan whole hours"
