"""A phone in a real browser tells the truth about what it sent: an error goes as soon as the
field is corrected, and a text over the limit is refused with a message, never cut silently."""
from __future__ import annotations

import re

from playwright.sync_api import expect, sync_playwright

from browser import PHONE, SMALL_TARGETS, STEPS, PageErrors, launch, needs_chromium
from workshop.client import Host

REFLECTION = next(i for i, s in enumerate(STEPS) if s.kind == "reflection")


@needs_chromium
def test_a_reflection_error_clears_and_a_long_one_is_refused_not_cut(session):
    host = Host(session.url, session.code, session.token).connect()
    errors = PageErrors()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            phone = errors.watch(browser.new_context(
                **{**PHONE, "viewport": {"width": 360, "height": 740}}).new_page())
            phone.goto(f"{session.url}/j/{session.code}")
            phone.get_by_role("button", name=re.compile("^join", re.I)).click()
            host.jump(REFLECTION)
            field = phone.locator("#reflection-text")
            send = phone.get_by_role("button", name=re.compile("^send", re.I))

            send.click()                                  # nothing written yet
            error = phone.locator(".notice-error")
            expect(error).to_have_text("Write something first.")
            field.press_sequentially("A")                 # corrected: the error goes at once
            expect(error).to_have_count(0)
            expect(field).to_be_focused()

            long = "x" * 600
            field.fill(long)
            counter = phone.locator(".counter")
            expect(counter).to_have_text("600 / 500")
            expect(counter).to_have_class(re.compile(r"\bover\b"))
            send.click()
            expect(error).to_contain_text("500")          # refused with a message
            assert field.input_value() == long, "nothing was cut"
            assert host.sync()["queue"] == [], "nothing was stored"

            field.fill("A moment at the sea.")
            send.click()
            expect(phone.locator(".my-reflections")).to_contain_text("A moment at the sea.")
            small = phone.evaluate(SMALL_TARGETS)
            assert small == [], f"tap targets under 44x44 px: {small}"
            errors.assert_none()
        finally:
            browser.close()
            host.disconnect()


@needs_chromium
def test_the_first_load_is_light_and_the_qr_library_comes_only_with_a_couple_code(session):
    """At most 100 KB over the wire from the join link to the join form (compressed pages and
    modules; the QR library, 50 KB, only once the phone shows a couple code)."""
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_context(**PHONE).new_page()
            loaded, asked = [], []
            page.on("request", lambda r: asked.append(r.url))
            page.on("requestfinished", lambda r: loaded.append(
                (r.url, r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"])))
            page.goto(f"{session.url}/j/{session.code}")
            page.wait_for_selector("#join-name")      # drawn by the modules: all are in
            expect(page.locator("#status")).to_be_hidden()   # and the socket is connected
            weight = sum(size for _, size in loaded)
            print(f"\nfirst load: {weight / 1024:.1f} KB in {len(loaded)} requests")
            assert weight <= 100 * 1024, sorted(loaded, key=lambda x: -x[1])[:5]
            assert not [u for u in asked if "qrcode" in u]
            page.get_by_role("button", name=re.compile("^join", re.I)).click()
            page.get_by_role("button", name="Show our couple code").click()
            expect(page.locator(".couple svg")).to_be_visible()
            # Asked for (the request comes before the drawing; its end may be reported after).
            assert [u for u in asked if "qrcode" in u], "the QR library came with the code"
        finally:
            browser.close()
