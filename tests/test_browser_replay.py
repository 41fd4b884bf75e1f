"""A real browser on the replay pages: the live console and screen page code, started by
replay.js on /replay (no global `io` taken over), with the replay bar driving both."""
from __future__ import annotations

from playwright.sync_api import expect, sync_playwright

from browser import STEPS, PageErrors, launch, needs_chromium
from workshop.client import Host, Phone


@needs_chromium
def test_the_replay_pages_run_the_console_and_screen_on_replay(server):
    host = Host(server.url, server.code, server.token).connect()
    phone = Phone(server.url, server.code).connect()
    phone.join()
    poll = next(i for i, s in enumerate(STEPS) if s.kind == "poll" and s.type == "single")
    host.jump(poll)
    phone.vote(STEPS[poll].id, 0)
    host.jump(poll + 1)
    host.end()
    host.disconnect()
    phone.disconnect()

    errors = PageErrors()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            console = errors.watch(browser.new_page())
            console.goto(f"{server.url}/replay/{server.code}?token={server.token}")
            # The timeline came over /replay: the steps the room saw, and the ones it skipped.
            rows = console.locator(".timeline-step")
            expect(rows).to_have_count(len(STEPS))
            expect(rows.nth(0)).to_have_class("timeline-step skipped")
            expect(rows.nth(poll)).not_to_have_class("timeline-step skipped")
            expect(console.locator("#replay-time")).not_to_have_text("")

            screen = errors.watch(browser.new_page(viewport={"width": 1280, "height": 720}))
            screen.goto(f"{server.url}/replay/{server.code}/screen?token={server.token}")
            expect(screen.locator("#lobby")).to_be_visible()

            # A click on the timeline jumps the replay: the console (agenda, heading) and the
            # screen (the poll's question) both follow, each on its own /replay socket.
            rows.nth(poll).click()
            expect(console.locator("#now-heading")).to_have_text(STEPS[poll].question)
            expect(console.locator(".agenda-item.current")).to_contain_text(STEPS[poll].question)
            expect(rows.nth(poll)).to_have_class("timeline-step current")
            expect(screen.locator("#step .screen-question")).to_have_text(STEPS[poll].question)
            # As the room saw it when it got there: before the vote.
            expect(screen.locator("#step .answered")).to_have_text("0 people answered")
            errors.assert_none()
        finally:
            browser.close()
