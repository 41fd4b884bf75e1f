"""One way to translate: the Babel catalogue, for the live pages, training's pages and theme names.

In process (Flask's test client, no server): a page about a recording speaks the recording's
language, whatever the browser asks for; a count with a word takes its plural form from the
catalogue, on the server (ngettext) and in the page (plural() of static/js/strings.js, run in node
on the very strings the page is given); and every word the replay and report pages had in their
own dictionary (the old workshop/training/strings.py) is in the catalogue, in Dutch too.
"""
from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from workshop.app import create_app
from workshop.live import commands

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "workshop" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
TOKEN = "test-token"
SCRIPTS = {"nl": ROOT / "sessions" / "vertrouwen.yaml", "en": ROOT / "sessions" / "trust.yaml"}
OTHER = {"nl": "en", "en": "nl"}


@pytest.fixture
def app(tmp_path):
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'workshop.db'}",
                       "HOST_TOKEN": TOKEN, "PAIR_CLOCK": False, "ASYNC_MODE": "threading"})


def recorded(app, language: str, participants: int) -> str:
    """A session of the script in `language`, with that many participants, run and ended."""
    hub = app.extensions["workshop.hub"]
    code = hub.start(SCRIPTS[language], "local").code
    for i in range(participants):
        hub.run(code, commands.join, f"p{i}", f"a{i}", f"hash{i}", None)
    hub.run(code, commands.next_step, "c-next")
    hub.run(code, commands.end, "c-end")
    return code


def page(app, path: str, browser: str) -> str:
    response = app.test_client().get(f"{path}?token={TOKEN}", headers={"Accept-Language": browser})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def json_script(text: str, node_id: str):
    found = re.search(rf'<script id="{node_id}" type="application/json"([^>]*)>(.*?)</script>',
                      text, re.S)
    assert found, node_id
    counts = re.search(r'data-counts="([^"]*)"', found.group(1))
    return json.loads(found.group(2)), json.loads(html.unescape(counts.group(1))) if counts else None


def po_catalogue():
    """The Dutch catalogue as the .po file has it (whether or not it is compiled)."""
    with open(PO, "rb") as f:
        catalog = read_po(f)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return catalog, Translations(mo)


# --- the replay and report pages speak the recording's language ------------------------------

PAGE_WORDS = {
    "nl": {"console": ["Terugkijken", "Opname", "Afspelen", "Vanaf het begin", "Snelheid", "Tijdlijn",
                       "Tijdsverslag", "Scherm openen"],
           "report": ["Tijdsverslag", "gepland", "werkelijk", "verschil", "antwoorden", "onderdeel",
                      "Totaal", "Wachtruimte", "Terugkijken"],
           "screen": ["Opname", "Terugkijken: "]},
    "en": {"console": ["Replay", "Play", "From the start", "Speed", "Timeline", "Timing report",
                       "Open screen"],
           "report": ["Timing report", "planned", "actual", "difference", "answers", "section",
                      "Total", "Lobby", "Replay"],
           "screen": ["Replay", "Replay of "]},
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_replay_pages_speak_the_recordings_language(app, language):
    code = recorded(app, language, 2)
    browser = OTHER[language]       # the browser asks for the other language: the recording wins
    console = page(app, f"/replay/{code}", browser)
    report = page(app, f"/replay/{code}/report", browser)
    screen = page(app, f"/replay/{code}/screen", browser)
    for word in PAGE_WORDS[language]["console"]:
        assert word in console, word
    for word in PAGE_WORDS[language]["report"]:
        assert word in report, word
    for word in PAGE_WORDS[language]["screen"]:
        assert word in screen, word
    for text in (console, report, screen):
        assert f'<html lang="{language}"' in text
    words = {"nl": ["Afspelen", "Tijdsverslag", "Opname"], "en": ["Play", "Timing report"]}
    for word in words[OTHER[language]]:
        assert word not in console and word not in report, word
    # The strings static/replay.js is given, with {name} for it to fill.
    strings, _ = json_script(console, "replay-strings")
    assert strings["overrun"] == {"nl": "Totale uitloop: {time}", "en": "Total overrun: {time}"}[language]
    assert strings["at_time"] == {"nl": "{elapsed} van {total}", "en": "{elapsed} of {total}"}[language]
    # Theme names are the catalogue's, in the script's language.
    theme = {"nl": "Als het herstel samen niet lukt", "en": "When repair does not work"}[language]
    assert f'<span class="theme">{theme}</span>' in report


@pytest.mark.parametrize("language, participants, expected", [
    ("nl", 1, "1 deelnemer"), ("nl", 2, "2 deelnemers"),
    ("en", 1, "1 participant"), ("en", 2, "2 participants"),
])
def test_report_counts_participants_in_the_right_form(app, language, participants, expected):
    code = recorded(app, language, participants)
    report = page(app, f"/replay/{code}/report", OTHER[language])
    assert f"· {expected}\n" in report
    from workshop.training.timing import participants as cli_words
    assert cli_words(participants, language) == expected


def test_theme_names_follow_the_script(app):
    from workshop.live.views import host_view
    from workshop.script import THEMES, load_script
    from workshop.script.agenda import agenda_lines

    assert THEMES["foundation"]["nl"] == "Vertrouwen als basis"
    assert THEMES["foundation"]["en"] == "Trust as the foundation"
    hub = app.extensions["workshop.hub"]
    for language, name in (("nl", "Vertrouwen als basis"), ("en", "Trust as the foundation")):
        state = hub.start(SCRIPTS[language], "local")
        assert name in {item["theme"] for item in host_view(state)["agenda"]}
        assert any(f"[{name}]" in line for line in agenda_lines(load_script(SCRIPTS[language])))
    _, dutch = po_catalogue()
    for theme in THEMES.values():
        assert dutch.gettext(theme.msgid) == theme["nl"] and theme["nl"]


# --- plurals on the server ------------------------------------------------------------------

@pytest.mark.parametrize("language, one, two", [
    ("nl", "Je hebt hier al 1 reflectie verstuurd.", "Je hebt hier al 2 reflecties verstuurd."),
    ("en", "You have already sent 1 reflection here.", "You have already sent 2 reflections here."),
])
def test_refusals_with_a_count_take_its_form(app, language, one, two):
    from workshop.messages import message
    with app.test_request_context("/"):
        assert message("too_many", language, limit=1) == one
        assert message("too_many", language, limit=2) == two
        assert message("too_long", language, limit=2).endswith(
            {"nl": "2 tekens).", "en": "2 characters)."}[language])
        # What the replay namespace says when a console tries to change something.
        assert message("read_only", language) == {
            "nl": "Dit is een opname: er kan niets worden veranderd.",
            "en": "This is a replay: nothing can be changed."}[language]


@pytest.mark.parametrize("browser, words", [
    ("nl", ["149 minuten", "30 stappen", "20 gesimuleerde deelnemers"]),
    ("en", ["149 minutes", "30 steps", "20 simulated participants"]),
])
def test_home_page_counts_with_ngettext(app, browser, words):
    client = app.test_client()
    client.get(f"/host?token={TOKEN}")       # the printed link logs the facilitator in
    home = client.get("/", headers={"Accept-Language": browser}).get_data(as_text=True)
    for word in words:
        assert word in home, word


@pytest.mark.parametrize("browser, forms", [
    ("nl", ["1 minuut", "2 minuten", "1,5 minuten", "0,5 minuten"]),
    ("en", ["1 minute", "2 minutes", "1.5 minutes", "0.5 minutes"]),
])
def test_a_script_length_takes_the_form_of_its_minutes(app, browser, forms):
    """As the home page says a script's length; a fraction of a minute reads as a plural, with the
    language's decimal sign."""
    from flask import render_template_string
    line = ("{{ ngettext('%(num)s minute', '%(num)s minutes', plural_count(m),"
            " num=m|decimalformat) }}")
    with app.test_request_context("/", headers={"Accept-Language": browser}):
        assert [render_template_string(line, m=m) for m in (1, 2, 1.5, 0.5)] == forms


def test_plural_counts_give_every_form():
    from workshop.messages import plural_counts, plural_rule
    for language in ("nl", "en"):
        assert plural_rule(language) == (2, "(n != 1)")
        assert plural_counts(language) == (1, 0)


# --- plurals in the page: static/js/strings.js, on the strings the page is given ---------------

HARNESS = r"""
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const nodes = input.nodes;
const document = {
  documentElement: { lang: input.lang },
  getElementById: (id) => id in nodes
    ? { textContent: nodes[id].text, getAttribute: (name) => nodes[id].attrs[name] ?? null }
    : null,
};
import(require("url").pathToFileURL(input.script)).then(({ fromPage }) => {
  const { plural } = fromPage(document);
  process.stdout.write(JSON.stringify(input.cases.map(([key, n]) => plural(key, n))));
});
"""


def run_page_helper(text: str, lang: str, cases: list) -> list[str]:
    nodes = {}
    for found in re.finditer(r'<script id="([\w-]+)" type="application/json"([^>]*)>(.*?)</script>',
                             text, re.S):
        attrs = {name: html.unescape(value)
                 for name, value in re.findall(r'([\w-]+)="([^"]*)"', found.group(2))}
        nodes[found.group(1)] = {"text": found.group(3), "attrs": attrs}
    payload = {"nodes": nodes, "lang": lang, "cases": cases,
               "script": str(ROOT / "static" / "js" / "strings.js")}
    done = subprocess.run(["node", "-e", HARNESS], input=json.dumps(payload), text=True,
                          capture_output=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


PAGE_PLURALS = {
    "nl": {("joined", 1): "1 persoon doet mee", ("joined", 2): "2 mensen doen mee",
           ("answered", 1): "1 persoon heeft geantwoord", ("answered", 2): "2 mensen hebben geantwoord",
           ("answered", 0): "0 mensen hebben geantwoord",
           ("results_appear_at", 1): "De uitslag verschijnt zodra minstens 1 persoon heeft geantwoord.",
           ("couples_count", 1): "1 stel", ("couples_count", 2): "2 stellen",
           ("singles_count", 2): "2 zonder partner",
           ("moments", 1): "1 heeft even tijd nodig", ("moments", 2): "2 hebben even tijd nodig"},
    "en": {("joined", 1): "1 person joined", ("joined", 2): "2 people joined",
           ("answered", 1): "1 person answered", ("answered", 2): "2 people answered",
           ("answered", 0): "0 people answered",
           ("results_appear_at", 1): "Results appear when at least 1 person has answered.",
           ("couples_count", 1): "1 couple", ("couples_count", 2): "2 couples",
           ("singles_count", 2): "2 without a partner",
           ("moments", 1): "1 needs a moment", ("moments", 2): "2 need a moment"},
}


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
@pytest.mark.parametrize("language", ["nl", "en"])
def test_page_plural_helper_picks_the_catalogues_form(app, language):
    code = recorded(app, language, 1)
    console = page(app, f"/replay/{code}", OTHER[language])   # the console page, in the recording's
    forms, counts = json_script(console, "common-plurals")
    assert counts == [1, 0] and len(forms) == 2
    cases = list(PAGE_PLURALS[language])
    assert run_page_helper(console, language, cases) == [PAGE_PLURALS[language][c] for c in cases]


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_page_plural_helper_follows_the_language_it_is_given():
    """A language with three forms (as Polish has) takes its own forms, not English's."""
    forms = [{"x": "one {n}"}, {"x": "few {n}"}, {"x": "many {n}"}]
    text = ('<script id="common-plurals" type="application/json" data-counts="[1, 2, 5]">'
            f'{json.dumps(forms)}</script>')
    assert run_page_helper(text, "pl", [["x", 1], ["x", 3], ["x", 5], ["x", 22], ["x", 12]]) == [
        "one 1", "few 3", "many 5", "few 22", "many 12"]


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_phone_page_word_hint_is_a_plural(app):
    hub = app.extensions["workshop.hub"]
    code = hub.start(SCRIPTS["nl"], "local").code
    phone = app.test_client().get(f"/j/{code}").get_data(as_text=True)
    assert run_page_helper(phone, "nl", [["up_to_words", 1], ["up_to_words", 3]]) == [
        "Typ één woord.", "Typ maximaal 3 woorden, één per vak."]
    # A multiple choice poll's limit, which a script may set to 1.
    assert run_page_helper(phone, "nl", [["choose_up_to", 1], ["choose_up_to", 3],
                                         ["max_choices", 1], ["max_choices", 2]]) == [
        "Kies er één.", "Kies er maximaal 3.",
        "Je kunt er maar één kiezen. Haal eerst je andere keuze weg.",
        "Je kunt er maximaal 2 kiezen. Haal er eerst een weg."]


# --- the old training dictionary is all in the catalogue ----------------------------------------

# workshop/training/strings.py as it was: key -> (English, Dutch), with {name} placeholders.
OLD_STRINGS = {
    "replay": ("Replay", "Terugkijken"),
    "replay_of": ("Replay of {code}", "Terugkijken: {code}"),
    "rehearsal": ("rehearsal", "oefensessie"),
    "play": ("Play", "Afspelen"),
    "pause": ("Pause", "Pauze"),
    "restart": ("From the start", "Vanaf het begin"),
    "speed": ("Speed", "Snelheid"),
    "open_screen": ("Open screen", "Scherm openen"),
    "report": ("Timing report", "Tijdsverslag"),
    "timeline": ("Timeline", "Tijdlijn"),
    "timeline_hint": ("Planned against actual time per step; click a step to jump to it.",
                      "Geplande tegenover werkelijke tijd per stap; klik op een stap om erheen te gaan."),
    "planned": ("planned", "gepland"),
    "actual": ("actual", "werkelijk"),
    "diff": ("difference", "verschil"),
    "answers": ("answers", "antwoorden"),
    "section": ("section", "onderdeel"),
    "skipped": ("skipped", "overgeslagen"),
    "total": ("Total", "Totaal"),
    "lobby": ("Lobby", "Wachtruimte"),
    "overrun": ("Total overrun: {time}", "Totale uitloop: {time}"),
    "underrun": ("No overrun: {time} under the plan", "Geen uitloop: {time} binnen de planning"),
    "finished": ("End of the recording", "Einde van de opname"),
    "at_time": ("{elapsed} of {total}", "{elapsed} van {total}"),
    "read_only": ("This is a replay: nothing can be changed.",
                  "Dit is een opname: er kan niets worden veranderd."),
    "not_recorded": ("The recorded session never reached this step.",
                     "De opgenomen sessie is nooit bij deze stap gekomen."),
    "replay_badge": ("Replay", "Opname"),
    "participants": ("{n} participants", "{n} deelnemers"),
    "step": ("step", "stap"),
    "not_ended": ("The session had not ended when this was recorded.",
                  "De sessie was nog niet afgelopen toen dit werd opgenomen."),
    "report_title": ("Timing report", "Tijdsverslag"),
    "rehearse": ("Rehearse", "Oefenen"),
    # Reworded since (a native's words); still one message, a plural.
    "rehearse_hint": ("Start a practice run with 20 simulated participants; the session is marked as a rehearsal.",
                      "Start een oefensessie met 20 gesimuleerde deelnemers; de sessie is herkenbaar als oefening."),
}
PARAMS = {"code": "K7QF", "time": "3:05", "elapsed": "1:00", "total": "2:30:00", "n": 3}

REHEARSE_HINT = ("Start a practice run with %(num)d simulated participant; the session is marked as a rehearsal.",
                 "Start a practice run with %(num)d simulated participants; the session is marked as a rehearsal.")
# Where each key went: (msgctxt, msgid, msgid_plural or None, the count a plural is asked about).
MOVED = {key: (None, english.replace("{", "%(").replace("}", ")s"), None, None)
         for key, (english, _) in OLD_STRINGS.items()}
MOVED["replay_badge"] = ("badge", "Replay", None, None)
MOVED["participants"] = (None, "%(num)d participant", "%(num)d participants", 3)
MOVED["rehearse_hint"] = (None, *REHEARSE_HINT, 20)


def say(translations, key):
    context, msgid, plural, count = MOVED[key]
    if plural:
        return translations.ngettext(msgid, plural, count) % {"num": count}
    text = translations.pgettext(context, msgid) if context else translations.gettext(msgid)
    return text % PARAMS if "%(" in text else text


def test_every_old_training_string_is_in_the_catalogue_in_dutch():
    catalog, dutch = po_catalogue()
    english = NullTranslations()
    for key, (old_english, old_dutch) in OLD_STRINGS.items():
        context, msgid, plural, _ = MOVED[key]
        entry = catalog.get(msgid, context)
        assert entry is not None, f"{key}: {msgid!r} is not in messages.po"
        assert not entry.fuzzy, key
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(s.strip() for s in strings), f"{key}: {msgid!r} has no Dutch"
        assert (plural is not None) == isinstance(entry.id, tuple), key
        assert say(english, key) == old_english.format(**PARAMS), key
        assert say(dutch, key) == old_dutch.format(**PARAMS), key


def test_no_fuzzy_or_empty_entries_and_every_placeholder_kept():
    catalog, _ = po_catalogue()
    assert [m.id for m in catalog if m.id and m.fuzzy] == []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(s.strip() for s in strings), m.id
    assert list(catalog.check()) == []
