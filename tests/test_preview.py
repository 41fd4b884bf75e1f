"""The editor's preview of a step (workshop/preview.py, issue 15 item 4): the live screen and
phone pages, drawn by their own page code from the view a live session at that step would
send, in the script's language; only for a facilitator; nothing stored."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from browser import PageErrors, launch, needs_chromium
from inprocess import HOST_TOKEN, make_app

ROOT = Path(__file__).resolve().parent.parent
DUTCH = (ROOT / "sessions" / "vertrouwen.yaml").read_text(encoding="utf-8")
ENGLISH = (ROOT / "sessions" / "trust.yaml").read_text(encoding="utf-8")


def index_of(text, kind, **match):
    from workshop.script import parse_script
    steps = parse_script(text).steps
    return next(i for i, s in enumerate(steps) if s.kind == kind
                and all(getattr(s, k) == v for k, v in match.items()))


@pytest.fixture
def web(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'w.db'}")
    client = app.test_client()
    client.app = app
    return client


def token(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post(client, kind, text, step, **extra):
    return client.post(f"/scripts/preview/{kind}",
                       data={"csrf_token": token(client), "text": text, "step": str(step), **extra})


def embedded_view(page: str) -> dict:
    found = re.search(r'<script id="preview-view" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))["view"]


def test_only_a_facilitator_gets_a_preview(web):
    answer = post(web, "screen", DUTCH, 0)
    assert answer.status_code == 403
    assert "preview-view" not in answer.get_data(as_text=True)


def test_a_preview_needs_the_csrf_token(web):
    web.get(f"/host?token={HOST_TOKEN}")
    answer = web.post("/scripts/preview/screen", data={"text": DUTCH, "step": "0"})
    assert answer.status_code == 400 and "preview-view" not in answer.get_data(as_text=True)


def test_a_broken_script_or_step_gets_its_problems_not_a_traceback(web):
    web.get(f"/host?token={HOST_TOKEN}")
    broken = post(web, "phone", "title: [unclosed\n", 0)
    assert broken.status_code == 400 and "not valid YAML" in broken.get_data(as_text=True)
    nowhere = post(web, "screen", DUTCH, 999)
    assert nowhere.status_code == 400 and "no such step" in nowhere.get_data(as_text=True)
    assert post(web, "screen", DUTCH, "two").status_code == 400


def test_the_preview_is_the_step_in_the_scripts_language_and_escaped(web):
    web.get(f"/host?token={HOST_TOKEN}")
    poll = index_of(DUTCH, "poll", id="trust-word")
    hostile = DUTCH.replace("Welk woord komt als eerste bij je op",
                            "</script><script>alert(1)</script> Welk woord komt als eerste bij je op", 1)
    for kind in ("screen", "phone"):
        answer = post(web, kind, hostile, poll)
        assert answer.status_code == 200
        page = answer.get_data(as_text=True)
        assert '<html lang="nl"' in page
        assert "<script>alert(1)" not in page
        view = embedded_view(page)
        assert view["step"]["id"] == "trust-word" and view["phase"] == "step"
        assert view["step"]["question"].startswith("</script><script>alert(1)")
        # Framed by the editor, on this site only.
        assert "frame-ancestors 'self'" in answer.headers["Content-Security-Policy"]
    # Nothing of it is a session.
    assert web.app.extensions["workshop.hub"].summaries("local") == []
    assert web.app.extensions["workshop.store"].session_list() == []


def test_the_phone_of_a_pair_step_is_one_of_a_couple_with_a_role(web):
    web.get(f"/host?token={HOST_TOKEN}")
    pair = index_of(ENGLISH, "pair")
    view = embedded_view(post(web, "phone", ENGLISH, pair).get_data(as_text=True))
    assert view["me"]["couple"] is not None
    assert view["me"]["couple"]["complete"] and view["me"]["pair"]["turns"][0]["role"] == "speaker"
    assert view["me"]["pair"]["turns"][0]["prompt"]
    # The partner has no name, as many have: the phone says "your partner".
    assert view["me"]["couple"]["partners"] == [""]


def edited(text, step_id, **fields):
    """`text` with the fields of step `step_id` replaced (a script as the editor would send it)."""
    data = yaml.safe_load(text)
    for section in data["sections"]:
        for step in section["steps"]:
            if step["id"] == step_id:
                step.update(fields)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@needs_chromium
def test_a_facilitator_sees_the_step_as_the_room_will(room_servers):
    """In Chromium, framed as the editor frames them: a Dutch poll on the projector and a phone
    with its options, a pair exercise's role and prompt on the phone, and the banner for a step
    that does not fit the projector: by the server's estimate (a long info step) and by the
    screen's own page code (a pair step with more rounds than the stage holds, which the
    estimate does not judge)."""
    from playwright.sync_api import sync_playwright

    from workshop.script import parse_script
    server = room_servers()
    dutch = parse_script(DUTCH).steps
    poll = index_of(DUTCH, "poll", id="hard-topic")
    pair = index_of(DUTCH, "pair", id="listening")
    long_info = index_of(ENGLISH, "info")
    too_long = edited(ENGLISH, parse_script(ENGLISH).steps[long_info].id,
                      body="A very long sentence that goes on. " * 80)
    rounds = [{"minutes": 1, "note": "Schrijf elkaar.",
               "prompts": {"speaker": "Vertel.", "listener": "Luister."}}] * 12
    many_rounds = edited(DUTCH, "listening", rounds=rounds, minutes=12)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors = PageErrors()
        errors.watch(page)
        page.goto(f"{server.url}/host?token={server.token}")

        def framed(kind, text, step, width, height):
            page.evaluate("""([kind, text, step, width, height]) => {
                document.querySelectorAll('iframe[name=pv]').forEach((f) => f.remove());
                const frame = Object.assign(document.createElement('iframe'), {name: 'pv', width, height});
                document.body.append(frame);
                const form = Object.assign(document.createElement('form'),
                    {method: 'post', action: '/scripts/preview/' + kind, target: 'pv'});
                const field = (name, value) => form.append(Object.assign(
                    document.createElement('input'), {type: 'hidden', name, value}));
                field('csrf_token', document.querySelector('input[name=csrf_token]').value);
                field('text', text); field('step', String(step));
                document.body.append(form); form.submit(); form.remove();
            }""", [kind, text, step, width, height])
            page.wait_for_function("""() => {
                const frame = document.querySelector('iframe[name=pv]');
                return frame && frame.contentWindow.location.pathname.startsWith('/scripts/preview/')
                    && frame.contentDocument.readyState === 'complete'; }""")
            frame = page.frame(name="pv")
            frame.wait_for_selector("body[data-step], #app .step, main.home")
            assert frame.locator("main.home").count() == 0, frame.inner_text("body")   # problems
            return frame

        def banner(screen):
            return [words(n.inner_text()) for n in screen.locator(".preview-warning").all()
                    if n.is_visible()]

        # The projector: the question, in Dutch, nothing to warn about.
        screen = framed("screen", DUTCH, poll, 1280, 720)
        assert words(dutch[poll].question) in words(screen.inner_text("#step"))
        assert "mensen hebben geantwoord" in screen.inner_text("#step")
        assert banner(screen) == []

        # The phone: the question and every option to tap, in Dutch, one of a couple.
        phone = framed("phone", DUTCH, poll, 360, 740)
        text = words(phone.inner_text("#app"))
        assert words(dutch[poll].question) in text
        for option in dutch[poll].options:
            assert phone.get_by_text(option, exact=True).is_visible(), option
        assert "Jij en je partner zijn gekoppeld" in text
        # A tap is answered, in Dutch, and nothing is sent.
        phone.get_by_text(dutch[poll].options[0], exact=True).click()
        phone.wait_for_function("() => document.body.innerText.includes('voorbeeld')")

        # A pair exercise on the phone: this partner's role and its prompt for the first round.
        phone = framed("phone", DUTCH, pair, 360, 740)
        text = words(phone.inner_text("#app"))
        assert "Jouw rol:" in text and "Verteller" in text
        assert words(dutch[pair].rounds[0].prompts["speaker"]) in text
        assert "Ronde 1 van 2" in text

        # Too much text: the server's estimate says so, with how much of the screen it takes.
        screen = framed("screen", too_long, long_info, 1280, 720)
        [said] = banner(screen)
        assert "1280x720" in said and "%" in said
        # Twelve rounds: the screen's own fit finds them cut off, and the banner says it, in Dutch.
        screen = framed("screen", many_rounds, pair, 1280, 720)
        screen.wait_for_selector(".screen-step[data-fit='no']")
        screen.wait_for_selector("#preview-cut-off:not([hidden])")
        [said] = banner(screen)
        assert "past niet op de projector" in said and "1280x720" in said
        errors.assert_none()
        browser.close()
