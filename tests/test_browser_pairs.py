"""Two phone pages become a couple through a QR code, then do a pair step together (with no
console error or uncaught exception on either page)."""
from __future__ import annotations

import json
import re

from playwright.sync_api import expect, sync_playwright

from browser import PHONE, STEPS, PageErrors, decode_qr, join, launch, needs_chromium, seconds
from workshop.client import Host


@needs_chromium
def test_a_couple_forms_by_qr_code_and_exchanges_notes(server):
    host = Host(server.url, server.code, server.token).connect()
    errors = PageErrors()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            ada = errors.watch(browser.new_context(**PHONE).new_page())
            join(ada, f"{server.url}/j/{server.code}", "Ada")
            ada.get_by_role("button", name="Show our couple code").click()
            qr = ada.locator(".couple svg")
            expect(qr).to_be_visible()
            couple_url = decode_qr(ada.screenshot())
            code = ada.locator(".big-code").inner_text()
            assert couple_url == f"{server.url}/j/{server.code}?couple={code}"

            bo = errors.watch(browser.new_context(**PHONE).new_page())
            join(bo, couple_url, "Bo")
            # The code alone does not let anyone in: Ada's phone asks, and Bo sees nothing yet.
            expect(bo.locator("main")).to_contain_text("Waiting for your partner to say yes")
            expect(ada.locator("main")).to_contain_text("Bo wants to link phones with you")
            ada.get_by_role("button", name="Yes, this is my partner").click()
            expect(bo.locator("main")).to_contain_text("You and Ada are linked")
            expect(ada.locator("main")).to_contain_text("You and Bo are linked")

            screen = errors.watch(browser.new_page(viewport={"width": 1280, "height": 720}))
            screen.goto(f"{server.url}/s/{server.code}")
            listening = next(i for i, s in enumerate(STEPS) if s.id == "listening")
            host.jump(listening)
            roles = [page.locator(".role-badge").inner_text() for page in (ada, bo)]
            assert sorted(roles) == ["Listener", "Speaker"]
            # Two countdowns, each saying what it counts: the phones their round, the screen
            # the whole exercise (with each round's length in its plan), so they never clash.
            step = STEPS[listening]
            expect(ada.locator(".countdown-label")).to_have_text("Time left in this round")
            expect(ada.locator(".countdown-pair")).to_have_text(re.compile(r"^\d+:\d\d$"))
            expect(screen.locator(".pair-time .countdown-label")).to_have_text("Time left for the exercise")
            expect(screen.locator(".countdown-pair-screen")).to_have_text(re.compile(r"^\d+:\d\d$"))
            expect(screen.locator(".round h3").first).to_have_text(f"Round 1 · {step.rounds[0].minutes:g} min")
            left = [seconds(ada.locator(".countdown-pair").inner_text()),
                    seconds(screen.locator(".countdown-pair-screen").inner_text())]
            assert step.rounds[0].minutes * 60 - 5 <= left[0] <= step.rounds[0].minutes * 60, left
            assert step.minutes * 60 - 5 <= left[1] <= step.minutes * 60, left

            promise = next(i for i, s in enumerate(STEPS) if s.id == "small-promise")
            host.jump(promise)
            for page in (ada, bo):       # the new step's roles, once its push has come
                expect(page.locator(".role-badge")).to_have_text(re.compile(r"^Partner [AB]$"))
            assert {ada.locator(".role-badge").inner_text(), bo.locator(".role-badge").inner_text()} \
                == {"Partner A", "Partner B"}
            for page in (ada, bo):       # round 1 has no note: both tap done
                page.get_by_role("button", name="Done").click()
            notes = {ada: "I will call when I am late.", bo: "I will put my phone away at dinner."}
            # Ada writes first: once the server has her note, her form gives way to the note
            # as sent, and the confirmation says the partner's comes when it is written.
            ada.locator("textarea").fill(notes[ada])
            ada.get_by_role("button", name="Send to my partner").click()
            expect(ada.locator(".note-sent")).to_have_text(
                "Sent. You’ll see your partner’s note once they have written theirs.")
            expect(ada.locator("textarea")).to_have_count(0)
            expect(ada.locator(".note-shown").filter(has_text="Your note")).to_contain_text(notes[ada])
            expect(ada.locator(".note-shown blockquote").filter(has_text=notes[bo])).to_have_count(0)
            # Bo writes second: both notes are revealed to both of them, and no more waiting.
            bo.locator("textarea").fill(notes[bo])
            bo.get_by_role("button", name="Send to my partner").click()
            for page, partner in ((ada, bo), (bo, ada)):
                expect(page.locator(".note-shown").filter(has_text="Your partner’s note")) \
                    .to_contain_text(notes[partner])
                expect(page.locator(".note-shown").filter(has_text="Your note")) \
                    .to_contain_text(notes[page])
                expect(page.locator(".note-sent")).to_have_count(0)
            console = json.dumps(host.sync())
            assert notes[ada] not in console and notes[bo] not in console
            errors.assert_none()
        finally:
            browser.close()
            host.disconnect()
