"""Anonymous questions on real pages: three phones, the console and the screen in Chromium.

A phone asks; the other two see the question and say "Me too"; the console sorts by votes,
marks it answered and shows it on the screen, which shows it large; taken off it, it is
gone. The phone's sheet is checked by axe, with its tap targets (44 px at least)."""
from __future__ import annotations

from playwright.sync_api import expect, sync_playwright

from browser import PHONE, PageErrors, launch, needs_chromium
from test_browser_a11y import Audit
from test_questions import script


@needs_chromium
def test_a_question_asked_upvoted_answered_and_shown_large(room_servers, tmp_path):
    session = room_servers().new_session(script(tmp_path, name="browser-q.yaml"))
    errors, audit = PageErrors(), Audit()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            # Every page loads at once (one after the other costs a second or two each).
            phones = [errors.watch(browser.new_context(**PHONE, bypass_csp=i == 0).new_page())
                      for i in range(3)]
            console = errors.watch(browser.new_context(viewport={"width": 1280, "height": 900},
                                                       bypass_csp=True).new_page())   # for axe
            screen = errors.watch(browser.new_page(viewport={"width": 1280, "height": 720}))
            for page in phones:
                page.goto(f"{session.url}/j/{session.code}", wait_until="commit")
            console.goto(f"{session.url}/host/{session.code}?token={session.token}", wait_until="commit")
            screen.goto(f"{session.url}/s/{session.code}", wait_until="commit")
            for page, name in zip(phones, ("Ada", "Bo", "Cy")):
                page.fill("#join-name", name)
                page.get_by_role("button", name="Join").click()
            for page in phones:
                expect(page.locator("main")).to_contain_text("You are in.")
            ada, bo, cy = phones
            console.get_by_role("button", name="Next").click()
            expect(screen.locator(".screen-step")).to_contain_text("One")

            # Ada asks, then Bo; Bo and Cy see Ada's, and both say "Me too" to it.
            def ask(page, text):
                page.get_by_role("button", name="Ask a question").click()
                sheet = page.get_by_role("dialog")
                sheet.get_by_label("Your question for the facilitator").fill(text)
                sheet.get_by_role("button", name="Send question").click()
                expect(sheet.locator(".question-list").first).to_contain_text(text)
                expect(sheet).to_contain_text("Sent ✓ Your question is on the list.")
                return sheet
            sheet = ask(ada, "How do we rebuild trust after a lie?")
            audit.check(ada, "questions sheet", phone=True)
            ask(bo, "Is it normal to doubt sometimes?")
            for page in (bo, cy):
                if page is cy:
                    expect(page.locator("#questions-button")).to_have_text("Ask a question (2)")
                    page.get_by_role("button", name="Ask a question (2)").click()
                item = page.locator(".question", has_text="rebuild trust")
                item.get_by_role("button", name="Me too").click()
                expect(item.get_by_role("button", name="Me too")).to_have_attribute("aria-pressed", "true")
            expect(sheet.locator(".question").first).to_contain_text("rebuild trust")
            expect(sheet.locator(".question").first).to_contain_text("2 votes")

            # The console: by votes first; answered; on the screen, large.
            panel = console.locator("#questions")
            expect(panel.locator(".question-item").first).to_contain_text("rebuild trust")
            expect(panel.locator(".question-item").first).to_contain_text("2 votes")
            panel.get_by_label("Sort by").select_option("newest")
            expect(panel.locator(".question-item").first).to_contain_text("normal to doubt")
            panel.get_by_label("Sort by").select_option("votes")
            first = panel.locator(".question-item").first
            first.get_by_role("button", name="Answered").click()
            expect(first.get_by_role("button", name="Answered")).to_have_attribute("aria-pressed", "true")
            audit.check(console, "console's questions")
            first.get_by_role("button", name="Show on screen").click()
            overlay = screen.locator("#question-overlay")
            expect(overlay.locator(".question-large")).to_have_text("How do we rebuild trust after a lie?")
            expect(overlay).to_contain_text("2 votes · answered")
            expect(bo.locator(".question", has_text="rebuild trust")).to_contain_text("answered")

            # Off the screen again (the top questions' toggle is tests/test_questions.py's).
            first.get_by_role("button", name="Take off the screen").click()
            expect(overlay).to_be_hidden()
            # Nobody's name next to a question on the screen or the console's panel.
            for text in (overlay.inner_text(), panel.inner_text(), screen.locator("body").inner_text()):
                assert "Ada" not in text and "Bo" not in text and "Cy" not in text
            audit.assert_none()
            errors.assert_none()
        finally:
            browser.close()
