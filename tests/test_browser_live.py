"""A real browser: the projector screen shows a QR code; two phones scan it, join and vote (one of
them, a small one, goes offline on the way and catches up).

The pages are native ES modules: any console error or uncaught exception (a module that does
not load, an import the import map does not resolve, a script the CSP blocks) fails the test."""
from __future__ import annotations

import re

from playwright.sync_api import expect, sync_playwright

from browser import PHONE, STEPS, PageErrors, decode_qr, launch, needs_chromium
from workshop.client import Host, Phone


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
            # The facilitator's console, in the browser too.
            console = errors.watch(browser.new_page(viewport={"width": 1280, "height": 800}))
            console.goto(f"{server.url}/host/{server.code}?token={server.token}")
            expect(console.locator("#joined")).to_have_text("2 people joined")

            index, poll = next((i, s) for i, s in enumerate(STEPS)
                               if s.kind == "poll" and s.type == "single")
            # The small phone loses its connection while the facilitator moves on: it says so,
            # and once back it resyncs to the step the room is on.
            small = phones[1]
            small.context.set_offline(True)
            expect(small.locator("#status")).to_have_text(re.compile("^Offline"))
            host.jump(index)
            expect(phones[0].locator("main")).to_contain_text(poll.question)
            expect(small.locator("main")).not_to_contain_text(poll.question)
            small.context.set_offline(False)
            expect(small.locator("#status")).to_be_hidden(timeout=15000)
            # Its requests failed while it was offline; nothing else may have gone wrong.
            errors.forgive("net::ERR_INTERNET_DISCONNECTED")
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
            expect(console.locator("#now-heading")).to_have_text(poll.question)
            expect(console.locator(".panel-meta strong")).to_have_text("3 people answered")
            expect(console.locator(".console-results .bar-n")).to_have_text(
                ["2", "1"] + ["0"] * (len(poll.options) - 2))
            errors.assert_none()
        finally:
            browser.close()
            host.disconnect()
            third.disconnect()
