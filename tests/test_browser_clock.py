"""One clock: a phone whose own clock is two minutes off shows the same countdown as the
projector, because every view carries the server's time and the pages keep the offset."""
from __future__ import annotations

import re

from playwright.sync_api import expect, sync_playwright

from browser import PHONE, STEPS, PageErrors, launch, needs_chromium, seconds
from workshop.client import Host

BREAK = next(i for i, s in enumerate(STEPS) if s.kind == "break")
SKEW_MS = 120_000        # the phone's clock runs two minutes ahead

# Before any page script: Date (and Date.now) on this phone read two minutes ahead.
SKEWED_CLOCK = f"""(() => {{
  const Real = Date, skew = {SKEW_MS};
  class Skewed extends Real {{
    constructor(...args) {{ if (args.length) super(...args); else super(Real.now() + skew); }}
    static now() {{ return Real.now() + skew; }}
  }}
  globalThis.Date = Skewed;
}})();"""


@needs_chromium
def test_a_phone_with_its_clock_off_counts_down_with_the_screen(session):
    host = Host(session.url, session.code, session.token).connect()
    errors = PageErrors()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            screen = errors.watch(browser.new_page(viewport={"width": 1280, "height": 720}))
            screen.goto(f"{session.url}/s/{session.code}")
            context = browser.new_context(**PHONE)
            context.add_init_script(SKEWED_CLOCK)
            phone = errors.watch(context.new_page())
            phone.goto(f"{session.url}/j/{session.code}")
            phone.get_by_role("button", name=re.compile("^join", re.I)).click()
            assert phone.evaluate("Date.now()") - screen.evaluate("Date.now()") > SKEW_MS - 2000
            host.jump(BREAK)
            on_screen, on_phone = screen.locator(".countdown-screen"), phone.locator(".countdown-phone")
            expect(on_screen).to_have_text(re.compile(r"^\d+:\d\d$"))
            expect(on_phone).to_have_text(re.compile(r"^\d+:\d\d$"))
            planned = STEPS[BREAK].minutes * 60
            both = [seconds(on_screen.inner_text()), seconds(on_phone.inner_text())]
            assert abs(both[0] - both[1]) <= 1, both       # not two minutes apart
            assert planned - 5 <= both[1] <= planned, both
            errors.assert_none()
        finally:
            browser.close()
            host.disconnect()
