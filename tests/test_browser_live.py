"""A real browser: the projector screen shows a QR code; two phones scan it, join and vote.

The pages are native ES modules: any console error or uncaught exception (a module that does
not load, an import the import map does not resolve, a script the CSP blocks) fails the test."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from browser import PHONE, PageErrors, decode_qr, launch, needs_chromium
from workshop.client import Host, Phone
from workshop.script import load_script

ROOT = Path(__file__).resolve().parents[1]
STEPS = load_script(ROOT / "sessions/trust.yaml").steps


@needs_chromium
def test_phones_scan_the_screen_and_the_screen_shows_their_votes(server):
    host = Host(server.url, server.code, server.token).connect()
    third = Phone(server.url, server.code).connect()
    errors = PageErrors()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            screen = errors.watch(browser.new_page(viewport={"width": 1280, "height": 720}))
            screen.goto(f"{server.url}/s/{server.code}")
            expect(screen.locator("body")).to_contain_text(server.code)
            join_url = decode_qr(screen.screenshot())
            assert join_url == f"{server.url}/j/{server.code}"

            phones = []
            # The second phone is a small one: 360 px wide, the narrowest we design for.
            for name, width in (("Sam", PHONE["viewport"]["width"]), ("", 360)):
                page = errors.watch(browser.new_context(
                    **{**PHONE, "viewport": {"width": width, "height": 740}}).new_page())
                page.goto(join_url)
                page.fill("#join-name", name)
                page.get_by_role("button", name=re.compile("join", re.I)).click()
                expect(page.locator("main")).to_contain_text(re.compile("wait", re.I))
                phones.append(page)
            # The lobby's count, where the screen shows it (its address has a 2 in it, too).
            expect(screen.locator("#joined")).to_have_text("2 people joined")

            index, poll = next((i, s) for i, s in enumerate(STEPS)
                               if s.kind == "poll" and s.type == "single")
            host.jump(index)
            for i, page in enumerate(phones):
                expect(page.locator("main")).to_contain_text(poll.question)
                page.get_by_role("button", name=poll.options[i]).click()
                expect(page.get_by_role("button", name=poll.options[i])).to_have_attribute(
                    "aria-pressed", "true")
                # Nothing sticks out sideways, on the small phone either.
                assert page.evaluate("document.documentElement.scrollWidth") <= \
                    page.viewport_size["width"]
            expect(screen.locator(".answered")).to_contain_text("2")
            # A third answer passes the anonymity minimum; the facilitator reveals the results.
            third.join()
            third.vote(poll.id, 0)
            host.show_results(poll.id)
            bars = screen.locator(".bar-n")
            expect(bars).to_have_count(len(poll.options))
            assert [bars.nth(i).inner_text() for i in range(3)] == ["2", "1", "0"]
            errors.assert_none()
        finally:
            browser.close()
            host.disconnect()
            third.disconnect()
