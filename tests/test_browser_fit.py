"""Every step of every shipped script fits the projector, in Chromium at 1280x720 and at
1920x1080: nothing falls off the bottom or the side of the stage (the screen does not scroll,
so what does not fit is simply gone for the room)."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from browser import PageErrors, launch, needs_chromium
from workshop.client import Host
from workshop.script import load_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p.name for p in (ROOT / "sessions").glob("*.yaml"))
SIZES = [(1280, 720), (1920, 1080)]

# Whether any part of the step's content ends outside the stage, or outside the step's own box
# (the step is a column as high as the stage: what overflows it is cut off).
OVERFLOW = """() => {
  const stage = document.querySelector('.stage').getBoundingClientRect();
  const step = document.querySelector('.screen-step');
  if (!step) return ['no step drawn'];
  const box = step.getBoundingClientRect();
  const out = [];
  if (step.scrollHeight > step.clientHeight + 1) out.push(`step: ${step.scrollHeight} > ${step.clientHeight}`);
  for (const node of step.querySelectorAll('*')) {
    const r = node.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (r.bottom > stage.bottom + 1 || r.right > stage.right + 1 || r.bottom > box.bottom + 1)
      out.push(`${node.tagName.toLowerCase()}.${node.className}: ${node.textContent.slice(0, 40)}`);
  }
  return out.slice(0, 5);
}"""


@needs_chromium
@pytest.mark.parametrize("script", SCRIPTS)
def test_every_step_fits_the_projector(room_servers, script):
    session = room_servers().new_session(script)
    steps = load_script(ROOT / "sessions" / script).steps
    host = Host(session.url, session.code, session.token).connect()
    errors = PageErrors()
    misfits = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            screens = []
            for width, height in SIZES:
                page = errors.watch(browser.new_page(viewport={"width": width, "height": height}))
                page.goto(f"{session.url}/s/{session.code}")
                screens.append(page)
            for index, step in enumerate(steps):
                host.jump(index)
                for (width, height), page in zip(SIZES, screens):
                    page.wait_for_function(
                        "i => document.body.dataset.step == String(i)", arg=index)
                    found = page.evaluate(OVERFLOW)
                    if found:
                        misfits.append((step.id, f"{width}x{height}", found))
            # The join address in the corner is read from the back of the room too.
            corner = screens[1].locator(".corner-url")
            assert corner.evaluate("n => parseFloat(getComputedStyle(n).fontSize)") >= 23.5
            errors.assert_none()
        finally:
            browser.close()
            host.disconnect()
    assert not misfits, "\n".join(map(str, misfits))
