"""Every step of every shipped script fits the projector, in Chromium at 1280x720 and at
1920x1080: nothing falls off the bottom or the side of the stage (the screen does not scroll,
so what does not fit is simply gone for the room), polls with their results drawn. And
`workshop check`'s estimate (workshop/script/projector.py) says the same as Chromium about
steps just inside and well outside what the smallest type can hold."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from browser import PageErrors, launch, needs_chromium
from conftest import verb
from workshop.bench.load import answer_for
from workshop.client import Host, Phone
from workshop.script import load_script, projector

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
    voters = [Phone(session.url, session.code).connect() for _ in range(3)]   # min_answers
    for i, phone in enumerate(voters):
        phone.join(f"Voter {i}")
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
                if step.kind == "poll":
                    vote(host, voters, step)
                for (width, height), page in zip(SIZES, screens):
                    page.wait_for_function(
                        "i => document.body.dataset.step == String(i)", arg=index)
                    if step.kind == "poll":      # the results as the room sees them
                        page.wait_for_selector(".screen-results .bar, .screen-results .cloud")
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
            for phone in voters:
                phone.disconnect()
    assert not misfits, "\n".join(map(str, misfits))


def vote(host, voters, step):
    """Every voter answers the poll; results the facilitator reveals are shown."""
    for i, phone in enumerate(voters):
        shown = phone.wait_for(lambda v: (v.get("step") or {}).get("id") == step.id)["step"]
        phone.vote(step.id, answer_for(shown, i))
    if step.results == "reveal":
        host.show_results(step.id)


WORDS = ("trust grows in small moments when a partner keeps a promise and says so, "
         "vertrouwen groeit in kleine momenten waarin je partner er gewoon is").split()


def _grown(make, target: float) -> int:
    """The first n = 1, 2, … for which the estimate puts make(n) at `target` or more of the
    stage's height at the smallest type."""
    from workshop.script import ScriptError

    def reaches(n):                    # a step too long to be valid is past any target
        try:
            return projector.share(make(n)) >= target
        except ScriptError:
            return True
    low, high = 0, 1                   # make(low) is below the target, make(high) reaches it
    while not reaches(high):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if reaches(middle) else (middle, high)
    make(high)                         # (valid, the target being reachable)
    return high


def _info_yaml(n: int) -> str:
    """Paragraphs of 40 words, 8 words more for each n."""
    words = [WORDS[i % len(WORDS)] for i in range(8 * n)]
    body = "\n\n".join(" ".join(words[i:i + 40]) for i in range(0, len(words), 40))
    return ("kind: info\nminutes: 1\ntitle: A step that says a lot\nnotes: Long.\nbody: |\n"
            + "\n".join("  " + line for line in body.splitlines()))


def _poll_yaml(n: int) -> str:
    """Twelve options, one word more in one of them for each n."""
    options = "".join(f"\n  - 'Answer {i}: " + " ".join(
        WORDS[(i + j) % len(WORDS)] for j in range(n // 12 + (i < n % 12))) + "'" for i in range(12))
    question = " ".join(WORDS[i % len(WORDS)] for i in range(30))
    return (f"kind: poll\nminutes: 1\ntype: single\nquestion: {question}?"
            "\nnotes: Many long options.\noptions:" + options)


@needs_chromium
def test_the_checks_estimate_agrees_with_the_projector(room_servers, tmp_path):
    """Steps the estimate puts just inside (90%) and outside (an info step 125%, a poll 108%:
    options are at most 200 characters) the stage at the smallest type: Chromium fits the
    first and cannot fit the second, and `workshop check` warns about the second only, at its
    line, without failing."""
    import yaml

    from workshop.script.loader import parse_script

    def step_of(text, n):
        doc = {"title": "t", "language": "en", "description": "d", "min_answers": 1,
               "sections": [{"title": "s", "theme": "opening",
                             "steps": [{"id": "x", **yaml.safe_load(text(n))}]}]}
        return parse_script(yaml.safe_dump(doc)).steps[0]

    cases = []                                   # (id, the step's YAML, fits)
    for kind, text, outside in (("info", _info_yaml, 1.25), ("poll", _poll_yaml, 1.08)):
        for target, fits in ((0.9, True), (outside, False)):
            n = _grown(lambda n: step_of(text, n), target)
            cases.append((f"{kind}-{'inside' if fits else 'outside'}", text(n), fits))
    script = tmp_path / "estimate.yaml"
    script.write_text("title: Estimate\nlanguage: en\ndescription: Long steps.\nmin_answers: 1\n"
                      "help:\n  - name: Your GP\n    for: Help near you\n"
                      "sections:\n  - title: Long\n    theme: opening\n    steps:\n" + "".join(
                          f"      - id: {id}\n" + "".join(f"        {line}\n" for line in text.splitlines())
                          for id, text, _ in cases))
    checked = verb("check", script)
    warned = [line.split(": warning: step '")[1].split("'")[0]
              for line in checked.stderr.splitlines() if ": warning: " in line]
    assert warned == [id for id, _, fits in cases if not fits], checked.stderr
    assert "2 warnings" in checked.stdout

    session = room_servers().new_session(script)
    host = Host(session.url, session.code, session.token).connect()
    voter = Phone(session.url, session.code).connect()
    voter.join("Voter")
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(f"{session.url}/s/{session.code}")
            fitted = {}
            for index, (id, _, _) in enumerate(cases):
                host.jump(index)
                page.wait_for_function("i => document.body.dataset.step == String(i)", arg=index)
                if id.startswith("poll"):
                    vote(host, [voter], load_script(script).steps[index])
                    page.wait_for_selector(".screen-results .bar")
                    page.wait_for_function("() => document.querySelector('.screen-step').dataset.fit")
                fitted[id] = page.locator(".screen-step").get_attribute("data-fit")
        finally:
            browser.close()
            host.disconnect()
            voter.disconnect()
    for id, _, fits in cases:
        assert (fitted[id] != "no") == fits, (id, fitted)
        if fits:    # and it took the smaller type to fit
            assert float(fitted[id]) < 1, (id, fitted)
