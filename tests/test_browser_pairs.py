"""Two phone pages become a couple through a QR code, then do a pair step together."""
from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from browser import PHONE, decode_qr, launch, needs_chromium
from workshop.client import Host
from workshop.script import load_script

ROOT = Path(__file__).resolve().parents[1]
STEPS = load_script(ROOT / "sessions/trust.yaml").steps


def join(page, url, name):
    page.goto(url)
    page.fill("#join-name", name)
    page.get_by_role("button", name=re.compile("^join", re.I)).click()


@needs_chromium
def test_a_couple_forms_by_qr_code_and_exchanges_notes(server):
    host = Host(server.url, server.code, server.token).connect()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            ada = browser.new_context(**PHONE).new_page()
            join(ada, f"{server.url}/j/{server.code}", "Ada")
            ada.get_by_role("button", name="Show our couple code").click()
            qr = ada.locator(".couple svg")
            expect(qr).to_be_visible()
            couple_url = decode_qr(ada.screenshot())
            code = ada.locator(".big-code").inner_text()
            assert couple_url == f"{server.url}/j/{server.code}?couple={code}"

            bo = browser.new_context(**PHONE).new_page()
            join(bo, couple_url, "Bo")
            # The code alone does not let anyone in: Ada's phone asks, and Bo sees nothing yet.
            expect(bo.locator("main")).to_contain_text("Waiting for your partner to say yes")
            expect(ada.locator("main")).to_contain_text("Bo wants to link phones with you")
            ada.get_by_role("button", name="Yes, this is my partner").click()
            expect(bo.locator("main")).to_contain_text("You’re a couple with Ada")
            expect(ada.locator("main")).to_contain_text("You’re a couple with Bo")

            listening = next(i for i, s in enumerate(STEPS) if s.id == "listening")
            host.jump(listening)
            roles = [page.locator(".role-badge").inner_text() for page in (ada, bo)]
            assert sorted(roles) == ["Listener", "Speaker"]

            promise = next(i for i, s in enumerate(STEPS) if s.id == "small-promise")
            host.jump(promise)
            for page in (ada, bo):
                expect(page.locator(".role-badge")).to_have_count(1)
            assert {ada.locator(".role-badge").inner_text(), bo.locator(".role-badge").inner_text()} \
                == {"Partner A", "Partner B"}
            for page in (ada, bo):       # round 1 has no note: both tap done
                page.get_by_role("button", name="Done").click()
            notes = {ada: "I will call when I am late.", bo: "I will put my phone away at dinner."}
            for page, text in notes.items():
                page.locator("textarea").fill(text)
                page.get_by_role("button", name="Send to my partner").click()
                expect(page.locator("main")).to_contain_text(re.compile("Sent|partner", re.I))
            expect(ada.locator(".note-shown blockquote").filter(has_text=notes[bo])).to_be_visible()
            expect(bo.locator(".note-shown blockquote").filter(has_text=notes[ada])).to_be_visible()
            console = json.dumps(host.sync())
            assert notes[ada] not in console and notes[bo] not in console
        finally:
            browser.close()
            host.disconnect()
