"""Emotional safety on real phone pages (issue: help one tap away, a private word).

Help opens from a step of every kind on the phones of a couple, in Dutch and English: the
page sends nothing when it opens (every WebSocket frame and HTTP request of the page is
watched), adds no history entry and stores nothing, and closing it shows the step it was on.
A private word goes from a phone to the console page, which marks it seen, and the phone then
says the facilitator knows, while the partner's page receives nothing of it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import PHONE, browsing, join, needs_chromium
from test_browser_a11y import Audit
from workshop.script import load_script

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("info", "poll", "reflection", "pair", "break")
TEXT = {
    "trust.yaml": {"help": "Help", "join": "Join", "code": "Show our couple code",
                   "yes": "Yes, this is my partner", "close": "Close", "entry": "Your GP",
                   "word": "A private word"},
    "vertrouwen.yaml": {"help": "Hulp", "join": "Meedoen", "code": "Toon onze koppelcode",
                        "yes": "Ja, dit is mijn partner", "close": "Sluiten",
                        "entry": "Veilig Thuis", "word": "Even apart"},
}
# What the page has sent, what it keeps and where it is, as a partner picking it up would see.
TRACES = "() => [history.length, JSON.stringify(Object.entries(localStorage).sort()), " \
         "JSON.stringify(Object.entries(sessionStorage).sort()), location.href]"


class Sent:
    """Every frame a page sends over its WebSockets and every request it makes, but the
    engine.io heartbeat's answers (a pong, '3', is the protocol's, not the page's)."""

    def __init__(self, page):
        self.items: list[str] = []
        page.on("websocket", lambda ws: ws.on(
            "framesent", lambda payload: None if payload in ("2", "3") else
            self.items.append(f"ws {payload!s:.80}")))
        page.on("request", lambda r: self.items.append(f"{r.method} {r.url}"))


def hearing(page) -> list:
    """Every frame the page's WebSockets receive from now on (set before it connects)."""
    heard = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: heard.append(payload)))
    return heard


def couple_up(browser, session, text, errors):
    # (Ada's context lets axe be injected; Bo's keeps the page's own CSP, watched by `errors`.)
    ada = errors.watch(browser.new_context(**PHONE, bypass_csp=True).new_page())
    ada.sent = Sent(ada)
    join(ada, f"{session.url}/j/{session.code}", "Ada", text["join"])
    ada.get_by_role("button", name=text["code"]).click()
    code = ada.locator(".big-code").inner_text()
    bo = errors.watch(browser.new_context(**PHONE).new_page())
    bo.heard = hearing(bo)
    bo.sent = Sent(bo)
    join(bo, f"{session.url}/j/{session.code}?couple={code}", "Bo", text["join"])
    ada.get_by_role("button", name=text["yes"]).click()
    expect(ada.locator("main")).to_contain_text("Bo")
    expect(bo.locator("main")).to_contain_text("Ada")
    for page in (ada, bo):      # what they sent to join and link is seen, over the WebSocket
        assert any(item.startswith("ws 42/phone") for item in page.sent.items), page.sent.items
    return ada, bo


def shown_step(page) -> str:
    return page.locator("#app h1").first.inner_text()


@needs_chromium
@pytest.mark.parametrize("script", list(TEXT))
def test_help_opens_from_every_kind_of_step_and_leaves_no_trace(room_servers, script):
    text = TEXT[script]
    steps = load_script(ROOT / "sessions" / script).steps
    session = room_servers().new_session(script)
    audit = Audit()
    with browsing(session) as (browser, host, errors):
        ada, bo = couple_up(browser, session, text, errors)
        sent = {page: page.sent for page in (ada, bo)}
        for n, kind in enumerate(KINDS):
            index = next(i for i, s in enumerate(steps) if s.kind == kind)
            host.jump(index)
            # Each kind on one of the two pages in turn (the page code is the same), and
            # the pair step, where each partner's page differs by role, on both.
            for page in (ada, bo) if kind == "pair" else ((ada, bo)[n % 2],):
                page.wait_for_function("i => document.querySelector('.step') && "
                                       "document.querySelector('.step-' + i)", arg=kind)
                before, traces = shown_step(page), page.evaluate(TRACES)
                count = len(sent[page].items)
                page.get_by_role("button", name=text["help"], exact=True).click()
                sheet = page.get_by_role("dialog")
                expect(sheet).to_contain_text(text["entry"])
                # From its top: the first entry (the emergency number) is what one sees.
                expect(sheet.locator(".help-entry").first).to_be_in_viewport()
                if kind == "info" and page is ada:
                    audit.check(page, f"{script} help sheet", phone=True)
                page.wait_for_timeout(200)           # anything it would send, it has sent
                assert sent[page].items[count:] == [], (kind, sent[page].items[count:])
                sheet.get_by_role("button", name=text["close"]).click()
                expect(sheet).to_have_count(0)
                assert shown_step(page) == before
                assert page.evaluate(TRACES) == traces, kind
                assert sent[page].items[count:] == [], (kind, sent[page].items[count:])
        # Open while the facilitator moves on: closed, it shows the step as it is now.
        ada.get_by_role("button", name=text["help"], exact=True).click()
        host.jump(0)
        ada.wait_for_timeout(300)
        expect(ada.get_by_role("dialog")).to_be_visible()
        ada.get_by_role("button", name=text["close"]).click()
        expect(ada.locator("#app h1").first).to_have_text(steps[0].title)
        audit.assert_none()
        errors.assert_none()


@needs_chromium
def test_a_private_word_reaches_the_console_page_and_the_phone_hears_back(room_servers):
    text = TEXT["trust.yaml"]
    session = room_servers().new_session("trust.yaml")
    with browsing(session) as (browser, host, errors):
        ada, bo = couple_up(browser, session, text, errors)
        host.jump(0)
        for page in (ada, bo):
            expect(page.locator(".step-info")).to_have_count(1)
        console = errors.watch(browser.new_page(viewport={"width": 1280, "height": 800}))
        console.goto(f"{session.url}/host/{session.code}?token={session.token}")
        expect(console.locator("#now-heading")).not_to_have_text("Connecting…")
        since = len(bo.heard)
        assert since, "Bo's page is heard over its WebSocket"

        ada.get_by_role("button", name=text["word"]).click()
        sheet = ada.get_by_role("dialog")
        expect(sheet).to_contain_text("Only the facilitator sees this request: not your partner")
        sheet.get_by_role("button", name="Ask the facilitator").click()
        expect(sheet).to_contain_text("Sent. Only the facilitator sees it")

        words = console.locator("#private-words")
        expect(words).to_contain_text("Ada (couple #1)")
        expect(console.locator(".toast")).to_contain_text("Ada (couple #1) asks for a private word")
        words.get_by_role("button", name="Seen").click()
        expect(words).to_contain_text("Seen ✓")
        expect(sheet).to_contain_text("The facilitator knows and will come to you.")
        sheet.get_by_role("button", name="Close").click()
        expect(ada.locator("#word-button")).to_have_text(text["word"] + " ✓")

        # The partner's page heard nothing of it: not a frame (but the heartbeat) meanwhile.
        heard = bo.heard[since:]
        assert [f for f in heard if f not in ("2", "3")] == [], heard
        assert "private_word" not in json.dumps(bo.evaluate("() => document.body.innerText"))
        errors.assert_none()


@needs_chromium
def test_the_check_in_comes_first_and_private_steps_say_so(room_servers, tmp_path):
    from test_private_steps import SCRIPT
    path = tmp_path / "alone.yaml"
    path.write_text(SCRIPT)
    session = room_servers().new_session(path)
    with browsing(session) as (browser, host, errors):
        phone = errors.watch(browser.new_context(**PHONE).new_page())
        join(phone, f"{session.url}/j/{session.code}", "Ada", TEXT["trust.yaml"]["join"])
        expect(phone.locator(".step-check-in")).to_contain_text("How are you arriving tonight?")
        expect(phone.locator(".private-note")).to_contain_text("Only you see your answer")
        phone.get_by_role("button", name="Curious").click()
        phone.get_by_role("button", name="Continue").click()
        expect(phone.locator("main")).to_contain_text("You are in.")
        assert host.sync()["check_in_results"]["answered"] == 1

        screen = errors.watch(browser.new_page(viewport={"width": 1280, "height": 720}))
        screen.goto(f"{session.url}/s/{session.code}")
        host.next()
        expect(phone.locator(".private-note")).to_be_visible()
        expect(screen.locator(".private-screen")).to_contain_text("Each of you answers this one alone")
        errors.assert_none()


@needs_chromium
def test_at_the_end_each_phone_takes_home_what_it_wrote_made_on_the_phone(room_servers):
    """The end page offers Ada her answers, her reflection, the couple's notes and the help, to
    save as a file or print; opening and saving send nothing; Bo's answers are not in it."""
    from workshop.client import Phone
    text = TEXT["trust.yaml"]
    steps = load_script(ROOT / "sessions" / "trust.yaml").steps
    session = room_servers().new_session("trust.yaml")
    with browsing(session) as (browser, host, errors):
        # The join form says where to read what happens to what one shares, in a new tab.
        visitor = errors.watch(browser.new_context(**PHONE).new_page())
        visitor.goto(f"{session.url}/j/{session.code}")
        with visitor.context.expect_page() as opened:
            visitor.get_by_role("link", name="What happens to what I share?").click()
        expect(opened.value.locator("h1")).to_have_text("Your privacy in this workshop")
        expect(visitor.locator("#join-name")).to_be_visible()
        visitor.context.close()
        ada_page, bo_page = couple_up(browser, session, text, errors)
        # Their answers go in through their own tokens, as their pages would send them.
        key = f"workshop-token-{session.code}"
        ada, bo = (Phone(session.url, session.code, token=page.evaluate(
            "k => localStorage.getItem(k)", key)).connect() for page in (ada_page, bo_page))
        poll = next(s for s in steps if s.kind == "poll" and s.type == "single")
        reflection = next(s for s in steps if s.kind == "reflection")
        pair = next(s for s in steps if s.kind == "pair" and any(r.note for r in s.rounds))
        note_round = next(r for r, round_ in enumerate(pair.rounds) if round_.note)
        host.jump(steps.index(poll))
        ada.vote(poll.id, 1)
        bo.vote(poll.id, 0)
        host.jump(steps.index(reflection))
        ada.reflect(reflection.id, "<i>Ada's own reflection</i>")
        bo.reflect(reflection.id, "Bo's reflection, not Ada's")
        host.jump(steps.index(pair))
        for r in range(note_round):
            for phone in (ada, bo):
                phone.done(pair.id, r)
        ada.wait_for(lambda v: v["me"]["pair"]["round"] == note_round)
        ada.write_note(pair.id, note_round, "Ada's note for Bo")
        bo.write_note(pair.id, note_round, "Bo's note for Ada")
        host.end()

        page = ada_page
        page.get_by_role("button", name="Take home what I wrote").click()
        sheet = page.get_by_role("dialog")
        for shown in (poll.question, poll.options[1], reflection.prompt,
                      "<i>Ada's own reflection</i>", "Ada's note for Bo", "Bo's note for Ada",
                      "Where to find help", text["entry"]):
            expect(sheet).to_contain_text(shown)
        assert "Bo's reflection" not in sheet.inner_text()
        count = len(page.sent.items)
        with page.expect_download() as download:
            sheet.get_by_role("button", name="Save as a file").click()
        saved = Path(download.value.path()).read_text(encoding="utf-8")
        assert download.value.suggested_filename.endswith(".html")
        assert "&lt;i&gt;Ada's own reflection&lt;/i&gt;" in saved, "typed text stays text"
        assert poll.options[1] in saved and "Bo's note for Ada" in saved
        assert "Save as a file" not in saved and "Bo's reflection" not in saved
        page.wait_for_timeout(200)
        assert page.sent.items[count:] == [], "made on the phone: nothing sent"
        page.emulate_media(media="print")       # printed, the sheet is all there is
        expect(page.locator("#app")).to_be_hidden()
        expect(sheet).to_contain_text("Ada's note for Bo")
        errors.assert_none()
        for phone in (ada, bo):
            phone.disconnect()
