"""The editor's preview of a step (workshop/preview.py, issue 15 item 4): the live screen and
phone pages, drawn by their own page code from the view a live session at that step would
send, in the script's language; only for a facilitator; nothing stored."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser import launch, needs_chromium
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


@needs_chromium
def test_a_facilitator_sees_the_step_as_the_room_will(room_servers):
    """In Chromium, as the editor frames them: a Dutch poll on the projector and a phone, an
    English pair exercise's prompt on the phone, and the warning for a step too big."""
    from playwright.sync_api import sync_playwright

    server = room_servers()
    poll = index_of(DUTCH, "poll", id="feel-safe")
    pair = index_of(ENGLISH, "pair")
    long_info = index_of(ENGLISH, "info")
    from workshop.script import parse_script
    first_info = parse_script(ENGLISH).steps[long_info]
    too_long = ENGLISH.replace(first_info.body.splitlines()[0],
                               first_info.body.splitlines()[0] + (" A very long sentence." * 120), 1)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
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
            return frame

        screen = framed("screen", DUTCH, poll, 1280, 720)
        screen.wait_for_selector("body[data-step]")
        assert "Hoe veilig voel jij je" in screen.inner_text("#step")
        assert screen.locator(".preview-warning").count() == 0

        phone = framed("phone", DUTCH, poll, 360, 740)
        phone.wait_for_selector("#app button, #app input")
        text = phone.inner_text("#app")
        assert "Hoe veilig voel jij je" in text
        # A tap is answered, in Dutch, and nothing is sent.
        phone.locator("#app button").first.click()
        phone.wait_for_function("() => document.body.innerText.includes('voorbeeld')")

        phone = framed("phone", ENGLISH, pair, 360, 740)
        phone.wait_for_function("() => /Speaker|Listener|Partner A|Partner B/.test("
                                "document.querySelector('#app').innerText)")
        step = parse_script(ENGLISH).steps[pair]
        prompts = set(step.rounds[0].prompts.values())
        assert any(prompt.split()[0] in phone.inner_text("#app") for prompt in prompts)

        screen = framed("screen", too_long, long_info, 1280, 720)
        screen.wait_for_selector(".preview-warning")
        assert "1280x720" in screen.inner_text(".preview-warning")
        assert errors == []
        browser.close()
