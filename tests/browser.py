"""Debian's Chromium driven by Playwright's Python API (never a browser download)."""
from __future__ import annotations

from contextlib import contextmanager

import io
import re
import shutil
from pathlib import Path

import pytest

from workshop.script import load_script

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}

# Every visible button (link-style ones too), link and field a finger taps that is smaller than
# 44x44 px (WCAG 2.5.5's size; 2.5.8, AA, asks for 24).
SMALL_TARGETS = """() => [...document.querySelectorAll('button, a[href], summary, input, select, textarea')]
  .filter((n) => n.checkVisibility())
  .map((n) => [n.textContent.trim().slice(0, 30) || n.tagName, n.getBoundingClientRect()])
  .filter(([, r]) => r.width < 44 || r.height < 44)
  .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`)"""

# The steps of the script the `server` fixture runs (conftest.py), for the browser tests.
STEPS = load_script(Path(__file__).resolve().parents[1] / "sessions/trust.yaml").steps

needs_chromium = pytest.mark.skipif(not shutil.which("chromium"),
                                    reason="Debian's chromium is not installed (.ci/run installs it)")


def join(page, url, name=None, label="Join"):
    """Open a join link and join as a participant does: a name (if any), then the button."""
    page.goto(url)
    if name:
        page.fill("#join-name", name)
    page.get_by_role("button", name=re.compile("^" + label, re.I)).click()


def seconds(countdown: str) -> int:
    """A countdown's text (m:ss) in seconds."""
    minutes, secs = re.fullmatch(r"(\d+):(\d\d)", countdown.strip()).groups()
    return int(minutes) * 60 + int(secs)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)


@contextmanager
def browsing(session):
    """Chromium, the session's console over socket.io and a watch for page errors, closed
    after: (browser, host, errors)."""
    from playwright.sync_api import sync_playwright

    from workshop.client import Host
    host = Host(session.url, session.code, session.token).connect()
    try:
        with sync_playwright() as p:
            browser = launch(p)
            try:
                yield browser, host, PageErrors()
            finally:
                browser.close()
    finally:
        host.disconnect()


def decode_qr(png: bytes) -> str:
    """The text in the QR code of a screenshot, read as a phone's camera would."""
    import zxingcpp
    from PIL import Image

    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    texts = [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert texts, "no QR code found in the screenshot"
    return texts[0]


class PageErrors:
    """Every console error and uncaught exception of the pages it watches: a module that fails
    to load, an import the import map does not resolve, a script the Content-Security-Policy
    blocks all say so in the console, and a test that draws nothing would otherwise just wait."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []

    def watch(self, page):
        page.on("console", lambda m: self.errors.append((page.url, m.text))
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append((page.url, str(e))))
        return page

    def forgive(self, text: str) -> list[tuple[str, str]]:
        """Take out the errors that contain text (those a test caused on purpose, such as a
        page's requests failing while it is offline) and return them."""
        taken = [e for e in self.errors if text in e[1]]
        self.errors = [e for e in self.errors if text not in e[1]]
        return taken

    def assert_none(self):
        assert self.errors == [], self.errors
