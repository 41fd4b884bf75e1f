"""The results report as a facilitator prints it: Debian's Chromium opens it from the ended
console of a real server, prints it to PDF (page.pdf, A4) and the PDF's text holds every poll
question and result and the wall, and none of the held or hidden reflections, the private
reflection, the pair's notes or the participants' names. The session itself is run in-process
on the server's database first (tests/results_session.py), which the server reads from its log.
The page also has no axe violation (WCAG 2.2 AA, as in test_browser_a11y.py)."""
from __future__ import annotations

import io
import re

import pytest

import results_session as walk
from browser import PageErrors, launch, needs_chromium
from conftest import Server
from inprocess import Room, make_app
from test_browser_a11y import AXE, Audit

pytestmark = needs_chromium


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(pdf))
    # Spaces as a person reads them: Chromium may split a line into several runs.
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_printed_report_holds_the_results_and_nothing_private(tmp_path):
    from playwright.sync_api import sync_playwright

    database = f"sqlite:///{tmp_path / 'workshop.db'}"
    room = Room(make_app(database, COMMAND_BURST=100))
    code = walk.build(room, tmp_path)
    pids = list(room.hub.get(code).participants)
    server = Server(tmp_path, None, database=database).start()
    errors = PageErrors()
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = errors.watch(browser.new_page())
            page.goto(f"{server.url}/host?token={server.token}")        # the printed link
            page.goto(f"{server.url}/host/{code}")
            link = page.locator("#results-link")
            link.wait_for(state="visible")                               # the session ended
            link.click()
            page.wait_for_url(f"**/host/{code}/results")
            assert page.get_by_role("link", name="Download the results (CSV)").is_visible()
            pdf = page.pdf(format="A4")
            if AXE.exists():          # WCAG 2.2 AA, as every page (test_browser_a11y.py)
                audited = browser.new_context(bypass_csp=True).new_page()   # axe is injected
                audited.goto(f"{server.url}/host/{code}/results?token={server.token}")
                audit = Audit()
                audit.check(audited, "results report")
                audit.assert_none()
            browser.close()
    finally:
        server.stop()
    errors.assert_none()                      # no style or script the CSP refused
    text = pdf_text(pdf)
    assert "Results walk" in text and "4 participants" in text
    for question in walk.QUESTIONS:
        assert question in text, question
    for label, count in {**walk.SINGLE, **walk.MULTIPLE}.items():
        assert re.search(rf"{re.escape(label)} {count} · \d+%", text), label
    assert "Keeping promises 2 · 50%" in text and "Date night 3 · 100%" in text
    assert "1 · Closed 0 · 0%" in text and "4 2 · 50%" in text and "5 · Wide open 1 · 25%" in text
    assert "Average: 3.75" in text
    for word, count in walk.WORDS.items():
        assert f"{word} {count}" in text, word
    assert "Fewer than 3 people answered" in text
    for wall_text in walk.ON_WALL:
        assert wall_text in text, wall_text
    assert "Timing: planned and actual" in text and "Small promises" in text
    for never in (*walk.NEVER, *pids):
        assert never not in text, never
