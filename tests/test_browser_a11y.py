"""WCAG 2.2 AA in a real browser. axe-core (node_modules/axe-core, a devDependency) finds no
violation on any page and in any state these tests reach on the phone, the screen, the console
and the replay pages; the keyboard alone joins and votes, with a focus one can see; every tap
target on a phone is at least 44x44 px; reduced motion stops animations and transitions; a new
step is said to screen readers (a polite live region on the phone and the screen)."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from browser import PHONE, SMALL_TARGETS, STEPS, PageErrors, launch, needs_chromium
from browser import join as browser_join   # (this module's join also waits for the lobby)
from workshop.client import Host, Phone

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

step_of = {s.id: i for i, s in enumerate(STEPS)}
POLL = step_of["hard-topic"]            # one choice, results revealed by the facilitator
PILLARS = step_of["trust-pillars"]      # several choices, live results
WORDS = step_of["trust-word"]           # a word cloud
REFLECTION = step_of["safe-moment"]
MODERATED = step_of["rebuilding-trust"]  # a reflection the facilitator approves
PAIR = step_of["small-promise"]         # round 2 asks for a note
BREAK = step_of["break"]

# axe's findings, one line per rule and up to three of the nodes it failed on, each with why.
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.slice(0, 3)
    .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\\s+/g, ' ')}`).join('\\n'));
}"""


# The narrowest and the lowest of the tap targets on the page, in CSS px.
SMALLEST = """() => [...document.querySelectorAll('button, a[href], summary, input, select, textarea')]
  .filter((n) => n.checkVisibility()).map((n) => n.getBoundingClientRect())
  .reduce(([w, h], r) => [Math.min(w, r.width), Math.min(h, r.height)], [1e9, 1e9])"""


@pytest.fixture(scope="module")
def browser():
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: `make setup` installs the devDependencies")
    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


class Audit:
    """axe on every state a test passes through, and the phone's small tap targets there; the
    findings are kept and asserted at the end, so one run shows them all."""

    def __init__(self):
        self.found: list[str] = []
        self.states = 0
        self.seconds = 0.0
        self.smallest = [float("inf"), float("inf")]

    def __str__(self):
        told = f"{self.states} states checked by axe in {self.seconds:.1f} s"
        if self.smallest[0] != float("inf"):
            told += ", the narrowest tap target {:.0f} px, the lowest {:.0f} px".format(*self.smallest)
        return told

    def check(self, page, state, phone=False):
        started = time.monotonic()
        if not page.evaluate("() => !!window.axe"):
            page.add_script_tag(path=str(AXE))   # the context bypasses the CSP for it
        self.states += 1
        for violation in page.evaluate(AXE_RUN, TAGS):
            self.found.append(f"{state}: {violation}")
        if phone:
            self.smallest = [min(a, b) for a, b in zip(self.smallest, page.evaluate(SMALLEST))]
            small = page.evaluate(SMALL_TARGETS)
            if small:
                self.found.append(f"{state}: tap targets under 44x44 px: {small}")
        self.seconds += time.monotonic() - started

    def assert_none(self):
        assert not self.found, "\n" + "\n".join(self.found)


def join(page, url, name=None):
    browser_join(page, url, name)
    expect(page.locator("main")).to_contain_text("You are in.")


@needs_chromium
def test_the_phone_has_no_axe_violation_and_no_small_tap_target(room_servers, browser):
    session = room_servers().new_session()
    host = Host(session.url, session.code, session.token).connect()
    bo = Phone(session.url, session.code).connect()
    bo.join(name="Bo")
    audit, errors = Audit(), PageErrors()
    context = browser.new_context(**PHONE, bypass_csp=True)
    try:
        page = errors.watch(context.new_page())
        page.goto(f"{session.url}/j/{session.code}")
        page.wait_for_selector("#join-name")
        audit.check(page, "phone: join form", phone=True)
        join(page, f"{session.url}/j/{session.code}", "Ada")
        audit.check(page, "phone: lobby", phone=True)

        page.get_by_role("button", name="Show our couple code").click()
        expect(page.locator(".couple svg")).to_be_visible()
        audit.check(page, "phone: our couple code", phone=True)
        bo.join_couple(page.locator(".big-code").inner_text())
        expect(page.locator("main")).to_contain_text("Bo wants to link phones with you")
        audit.check(page, "phone: a partner asks", phone=True)
        page.get_by_role("button", name="Yes, this is my partner").click()
        expect(page.locator("main")).to_contain_text("You and Bo are linked")

        host.jump(0)
        expect(page.locator(".prose")).to_be_visible()
        audit.check(page, "phone: an info step", phone=True)
        host.jump(POLL)
        expect(page.locator(".question")).to_have_text(STEPS[POLL].question)
        audit.check(page, "phone: a poll", phone=True)
        page.locator("button.choice").first.click()
        expect(page.locator(".notice-ok")).to_have_text("Your answer is saved ✓")
        audit.check(page, "phone: a poll answered", phone=True)
        host.jump(WORDS)
        expect(page.locator("input.word")).to_have_count(STEPS[WORDS].max_words)
        audit.check(page, "phone: a words poll", phone=True)

        host.jump(REFLECTION)
        page.get_by_role("button", name=re.compile("^send", re.I)).click()
        expect(page.locator(".notice-error")).to_have_text("Write something first.")
        audit.check(page, "phone: an error shown", phone=True)
        page.fill("#reflection-text", "A walk by the sea.")
        page.get_by_role("button", name=re.compile("^send", re.I)).click()
        expect(page.locator(".my-reflections")).to_contain_text("A walk by the sea.")
        audit.check(page, "phone: a reflection sent", phone=True)

        host.jump(PAIR)
        expect(page.locator(".role-badge")).to_have_count(1)
        audit.check(page, "phone: a pair step, a couple linked", phone=True)
        page.get_by_role("button", name="Done").click()
        bo.done(STEPS[PAIR].id, 0)
        page.locator("textarea").fill("I will call when I am late.")
        audit.check(page, "phone: a pair note being written", phone=True)
        page.get_by_role("button", name="Send to my partner").click()
        bo.write_note(STEPS[PAIR].id, 1, "I will put my phone away at dinner.")
        expect(page.locator(".note-shown").filter(has_text="Your partner’s note")).to_be_visible()
        audit.check(page, "phone: notes exchanged", phone=True)
        page.get_by_role("button", name="Our notes").click()
        expect(page.get_by_role("dialog")).to_contain_text("I will put my phone away at dinner.")
        audit.check(page, "phone: the notes card", phone=True)
        # A modal sheet: the focus goes into it, the page behind cannot be reached, and the
        # focus comes back to the button that opened it.
        expect(page.get_by_role("button", name="Print / save")).to_be_focused()
        assert page.locator("#app").evaluate("n => n.inert")
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(page.get_by_role("button", name="Our notes")).to_be_focused()

        host.jump(BREAK)
        expect(page.locator(".countdown-phone")).to_be_visible()
        page.get_by_role("button", name="I need a moment").click()
        expect(page.locator(".care-banner")).to_be_visible()
        audit.check(page, "phone: a break, taking a moment", phone=True)
        host.end()
        expect(page.locator("main")).to_contain_text("The session has ended.")
        audit.check(page, "phone: ended", phone=True)
        errors.assert_none()
    finally:
        context.close()
        host.disconnect()
        bo.disconnect()
    print(f"\nphone: {audit}")
    audit.assert_none()


def voters(session, n=3):
    phones = [Phone(session.url, session.code).connect() for _ in range(n)]
    for phone in phones:
        phone.join()
    return phones


@needs_chromium
def test_the_screen_console_and_replay_have_no_axe_violation(room_servers, browser):
    session = room_servers().new_session()
    host = Host(session.url, session.code, session.token).connect()
    phones = voters(session)
    audit, errors = Audit(), PageErrors()
    context = browser.new_context(bypass_csp=True)
    try:
        page = errors.watch(context.new_page())
        page.goto(f"{session.url}/login")
        audit.check(page, "login page")
        page.goto(f"{session.url}/host?token={session.token}")      # logs in, then home
        expect(page.locator(".sessions")).to_contain_text(session.code)
        audit.check(page, "home page, logged in")
        console = errors.watch(context.new_page())
        console.set_viewport_size({"width": 1280, "height": 800})
        console.goto(f"{session.url}/host/{session.code}")
        expect(console.locator("#now-heading")).to_have_text(re.compile("Press Next"))
        audit.check(console, "console: lobby")
        screen = errors.watch(context.new_page())
        screen.set_viewport_size({"width": 1280, "height": 720})
        screen.goto(f"{session.url}/s/{session.code}")
        expect(screen.locator("#joined")).to_have_text("3 people joined")
        audit.check(screen, "screen: lobby with the QR code")

        host.jump(PILLARS)
        for i, phone in enumerate(phones):
            phone.vote(STEPS[PILLARS].id, [i % 2, 2])
        expect(screen.locator(".bar")).to_have_count(len(STEPS[PILLARS].options))
        audit.check(screen, "screen: a poll with results")
        expect(console.locator(".console-results .bar")).to_have_count(len(STEPS[PILLARS].options))
        audit.check(console, "console: a poll with results")
        host.jump(WORDS)
        for word, phone in zip(["safety", "calm", "safety"], phones):
            phone.vote(STEPS[WORDS].id, [word])
        expect(screen.locator(".cloud-word")).to_have_count(2)
        audit.check(screen, "screen: a word cloud")

        host.jump(MODERATED)
        for i, phone in enumerate(phones):
            phone.reflect(STEPS[MODERATED].id, f"Reflection number {i + 1}.")
        expect(console.locator(".queue-item")).to_have_count(3)
        queue = host.sync()["queue"]                  # one shown, one hidden, one waiting
        host.moderate(queue[0]["id"], "shown")
        host.moderate(queue[2]["id"], "hidden")
        expect(console.locator(".queue-shown")).to_have_count(1)
        expect(console.locator(".queue-hidden")).to_have_count(1)
        audit.check(console, "console: the reflection queue")
        expect(screen.locator(".wall-card")).to_have_count(1)
        audit.check(screen, "screen: the wall")

        phones[0].couple_with(phones[1])
        host.jump(PAIR)
        expect(screen.locator(".rounds .round")).to_have_count(len(STEPS[PAIR].rounds))
        audit.check(screen, "screen: a pair step")
        expect(console.locator(".couple-tile")).to_have_count(1)
        audit.check(console, "console: a pair step, its couples")
        host.jump(BREAK)
        expect(screen.locator(".countdown-screen")).to_be_visible()
        audit.check(screen, "screen: a break")
        host.end()
        expect(screen.locator("#ended")).to_be_visible()
        audit.check(screen, "screen: ended")
        expect(console.locator("#ended-banner")).to_be_visible()
        audit.check(console, "console: ended")

        page.goto(f"{session.url}/replay/{session.code}")
        expect(page.locator(".timeline-step")).to_have_count(len(STEPS))
        page.locator(".timeline-step").nth(PILLARS).click()
        expect(page.locator("#now-heading")).to_have_text(STEPS[PILLARS].question)
        audit.check(page, "replay: console")
        page.goto(f"{session.url}/replay/{session.code}/screen")     # where the replay is
        expect(page.locator("#step .screen-question")).to_have_text(STEPS[PILLARS].question)
        audit.check(page, "replay: screen")
        page.goto(f"{session.url}/replay/{session.code}/report")
        audit.check(page, "replay: timing report")
        errors.assert_none()
    finally:
        context.close()
        host.disconnect()
        for phone in phones:
            phone.disconnect()
    print(f"\nscreen, console, replay: {audit}")
    audit.assert_none()


# The focused element's outline: its width in px and its contrast with the page's background
# and with a card's (white), by WCAG's relative luminance.
FOCUS_RING = """() => {
  const node = document.activeElement;
  const style = getComputedStyle(node);
  const rgb = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = (c) => rgb(c).map((v) => v / 255).map((v) => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const page = getComputedStyle(document.body).backgroundColor;
  return { id: node.id, text: node.textContent.trim().slice(0, 30), style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    contrast: Math.min(contrast(style.outlineColor, page), contrast(style.outlineColor, 'rgb(255, 255, 255)')) };
}"""


def tab_to(page, accessible_name, most=12):
    """Press Tab until the focus is on the control of that name; every stop on the way has a
    focus ring of at least 2 px and 3:1. Returns the rings seen."""
    rings = []
    for _ in range(most):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        rings.append(ring)
        assert ring["style"] != "none" and ring["width"] >= 2 and ring["contrast"] >= 3, ring
        if page.evaluate("() => document.activeElement.textContent.trim()") == accessible_name \
                or page.evaluate("() => document.activeElement.id") == accessible_name:
            return rings
    raise AssertionError(f"Tab never reached {accessible_name!r}: {rings}")


@needs_chromium
def test_the_keyboard_alone_joins_votes_and_says_i_came_alone_with_a_visible_focus(room_servers, browser):
    session = room_servers().new_session()
    host = Host(session.url, session.code, session.token).connect()
    context = browser.new_context(viewport=PHONE["viewport"])     # a phone with a keyboard
    try:
        page = context.new_page()
        page.goto(f"{session.url}/j/{session.code}")
        page.wait_for_selector("#join-name")
        tab_to(page, "join-name")
        page.keyboard.type("Ada")
        tab_to(page, "Join")
        page.keyboard.press("Enter")
        expect(page.locator("main")).to_contain_text("You are in.")

        host.jump(POLL)
        first = STEPS[POLL].options[0]
        expect(page.locator(".question")).to_have_text(STEPS[POLL].question)
        tab_to(page, first)
        page.keyboard.press("Enter")
        chosen = page.get_by_role("button", name=first)
        expect(chosen).to_have_attribute("aria-pressed", "true")
        expect(chosen).to_be_focused()                 # drawn again, the focus stays on it
        tab_to(page, STEPS[POLL].options[1])
        page.keyboard.press("Space")
        expect(page.get_by_role("button", name=STEPS[POLL].options[1])) \
            .to_have_attribute("aria-pressed", "true")

        # Came alone: one visible control during a step, nothing to unfold first.
        expect(page.get_by_role("button", name="Show our couple code")).to_be_hidden()
        expect(page.get_by_role("button", name="I came alone")).to_be_visible()
        tab_to(page, "I came alone")
        page.keyboard.press("Enter")
        expect(page.locator("main")).to_contain_text("The facilitator will pair you with someone.")
    finally:
        context.close()
        host.disconnect()


@needs_chromium
def test_reduced_motion_stops_animations_and_transitions(room_servers, browser):
    session = room_servers().new_session()
    seen = {}
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(**PHONE, reduced_motion=motion)
        try:
            page = context.new_page()
            join(page, f"{session.url}/j/{session.code}")
            seen[motion] = page.evaluate("""() => [
                getComputedStyle(document.querySelector('.pulse')).animationName,
                getComputedStyle(document.querySelector('.button')).transitionDuration]""")
        finally:
            context.close()
    assert seen["no-preference"] == ["pulse", "0.15s, 0.15s"]    # the lobby's pulse, a button's
    assert seen["reduce"] == ["none", "0s"]


@needs_chromium
def test_a_new_step_is_said_to_screen_readers_on_the_phone_and_the_screen(room_servers, browser):
    session = room_servers().new_session()
    host = Host(session.url, session.code, session.token).connect()
    context = browser.new_context(**PHONE)
    try:
        phone = context.new_page()
        join(phone, f"{session.url}/j/{session.code}")
        screen = context.new_page()
        screen.goto(f"{session.url}/s/{session.code}")
        expect(screen.locator("#lobby")).to_be_visible()
        for page in (phone, screen):
            live = page.locator("#announce")
            assert live.get_attribute("aria-live") == "polite"
            expect(live).to_have_text("")
        for index, heading in ((0, STEPS[0].title), (POLL, STEPS[POLL].question),
                               (BREAK, STEPS[BREAK].message)):
            host.jump(index)
            for page in (phone, screen):
                expect(page.locator("#announce")).to_have_text(heading)
    finally:
        context.close()
        host.disconnect()
