"""The results report and its CSV (workshop/results/), in-process: the real app, handlers and
store (tests/inprocess.py) run the session of tests/results_session.py; the report's page, its
CSV and `workshop results` read it back from the log. The printed page: test_browser_results.py."""
from __future__ import annotations

import csv
import io
import re

import pytest
from werkzeug.security import generate_password_hash

import results_session as walk
from conftest import verb
from inprocess import HOST_TOKEN, Room, make_app
from workshop.live import commands


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("results")
    # One person sends more commands here in a second than a thumb does: no throttle's business.
    room = Room(make_app(f"sqlite:///{tmp / 'workshop.db'}", COMMAND_BURST=100))
    room.database = f"sqlite:///{tmp / 'workshop.db'}"
    room.code = walk.build(room, tmp)
    return room


def get(room, path, **kwargs):
    return room.app.test_client().get(path, **kwargs)


def participant_ids(room) -> list[str]:
    return list(room.hub.get(room.code).participants)


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")          # spreadsheets read it as UTF-8
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_report_page_shows_every_result_and_nothing_private(room):
    page = get(room, f"/host/{room.code}/results?token={HOST_TOKEN}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for question in walk.QUESTIONS:
        assert question in text
    assert "4 participants" in text
    for label, count in walk.SINGLE.items():
        assert re.search(rf">{re.escape(label)}</text>.*?>{count} · {round(100 * count / 4)}%<",
                         text, re.S), label
    assert "Fewer than 3 people answered" in text               # too-few: 2 answered
    assert "Did you sleep well" in text and ">Yes</text>" not in text
    assert "Average: 3.75" in text
    assert re.search(r'class="word size-5">honesty <span class="word-count">3<', text)
    # The wall, escaped as typed; never what was held, hidden, private, a note or a name.
    assert "Keeping small promises every day" in text
    assert "Being listened to &lt;without&gt; judgement &amp; care" in text
    for never in (*walk.NEVER, *participant_ids(room)):
        assert never not in text, never
    assert 'style="' not in text and "<script" not in text      # the CSP allows neither
    assert f"/host/{room.code}/results.csv?token={HOST_TOKEN}" in text
    assert "Small promises" in text and "1 couple went through every round" in text


def test_the_csv_has_a_row_per_option_and_none_per_person(room):
    answer = get(room, f"/host/{room.code}/results.csv?token={HOST_TOKEN}")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    text = answer.get_data(as_text=True)
    header, *rows = csv_rows(text)
    assert header == ["step", "question", "option", "count"]
    by_step: dict[str, dict[str, int]] = {}
    for step, _question, option, count in rows:
        assert option not in by_step.setdefault(step, {}), "one row per option"
        by_step[step][option] = int(count)
    assert by_step["pick-one"] == walk.SINGLE
    assert by_step["pick-many"] == walk.MULTIPLE
    assert by_step["rate"] == walk.SCALE
    assert by_step["words"] == walk.WORDS
    assert sum(by_step["pick-one"].values()) == 4 == sum(by_step["alone"].values())
    assert sum(by_step["check-in"].values()) == 3
    assert "too-few" not in by_step                            # below the minimum: no counts
    assert set(by_step) == {"check-in", "pick-one", "pick-many", "rate", "words", "alone"}
    assert len(rows) == 3 + 3 + 3 + 5 + 3 + 3                  # options, values and words only
    for never in (*walk.NEVER, *participant_ids(room), *walk.ON_WALL):
        assert never not in text, never


def test_the_cli_writes_the_report_and_the_csv(room, tmp_path):
    page, counts = tmp_path / "report.html", tmp_path / "results.csv"
    done = verb("results", room.code.lower(), "--database", room.database,
                "--html", page, "--csv", counts)
    assert f"{room.code}: {page} written" in done.stderr
    html = page.read_text(encoding="utf-8")
    assert "<style>" in html and "@page { size: A4" in html     # stands alone: no server
    assert "results.css" not in html
    assert "results.csv" not in html
    for question in walk.QUESTIONS:
        assert question in html
    served = get(room, f"/host/{room.code}/results.csv?token={HOST_TOKEN}").get_data(as_text=True)
    assert counts.read_bytes().decode("utf-8") == served
    assert verb("results", room.code, "--database", room.database, ok=False).returncode == 2
    missing = verb("results", "NOSUCH", "--database", room.database, "--csv", counts, ok=False)
    assert missing.returncode == 1 and "no session" in missing.stderr


def test_the_ended_console_and_the_home_page_link_to_it(room):
    console = get(room, f"/host/{room.code}?token={HOST_TOKEN}").get_data(as_text=True)
    assert f'id="results-link" class="button small" href="/host/{room.code}/results?token=' in console
    web = room.app.test_client()
    assert web.get(f"/host?token={HOST_TOKEN}").status_code == 302      # the printed link
    assert f'href="/host/{room.code}/results"' in web.get("/").get_data(as_text=True)
    assert web.get(f"/host/{room.code}/results").status_code == 200     # by the login


def login(app, name, password):
    web = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      web.get("/login").get_data(as_text=True)).group(1)
    answer = web.post("/login", data={"csrf_token": token, "name": name, "password": password})
    assert answer.status_code == 302, answer.status_code
    return web


def test_only_the_sessions_own_facilitator_sees_its_report(room, tmp_path):
    store = room.app.extensions["workshop.store"]
    for name in ("ada", "bo"):
        store.set_facilitator(name, generate_password_hash(f"{name} phrase", "pbkdf2:sha256:1000"))
    code = room.hub.start("sessions/trust.yaml", "ada").code
    room.hub.run(code, commands.end, "c-end")
    ada, bo = login(room.app, "ada", "ada phrase"), login(room.app, "bo", "bo phrase")
    assert ada.get(f"/host/{code}/results").status_code == 200
    assert ada.get(f"/host/{code}/results.csv").status_code == 200
    assert f"/host/{code}/results" in ada.get("/").get_data(as_text=True)
    for path in (f"/host/{code}/results", f"/host/{code}/results.csv"):
        assert bo.get(path).status_code == 403                 # another facilitator
        assert get(room, f"{path}?token={HOST_TOKEN}").status_code == 403   # the token's `local`
        anonymous = get(room, path)
        assert anonymous.status_code == 302 and anonymous.location.endswith("/login")
    assert bo.get("/host/NOSUCH/results").status_code == 403   # says nothing of which
    assert ada.get(f"/host/{room.code}/results").status_code == 403      # local's session


def test_the_report_speaks_the_scripts_language(room):
    code = room.hub.start("sessions/vertrouwen.yaml", "local").code
    room.hub.run(code, commands.end, "c-end")
    page = get(room, f"/host/{code}/results?token={HOST_TOKEN}",
               headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="nl">' in page and "Resultatenoverzicht" in page
    assert "0 deelnemers" in page and "Tijd: gepland en werkelijk" in page
