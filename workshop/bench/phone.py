"""`workshop bench phone`: a cheap phone on bad Wi-Fi, in Debian's Chromium through Playwright.

Issue 13, item 4. Chromium's own emulation (DevTools protocol, on the page's CDP session):
`Network.emulateNetworkConditions` with `latency` 400 ms and 400 kbit/s each way
(`downloadThroughput`/`uploadThroughput` are bytes per second: 400,000 / 8 = 50,000), and
`Emulation.setCPUThrottlingRate` 4. CDP's `latency` is "minimum latency from request sent to
response headers received": Chromium adds it once to every request (not to each TCP or TLS
round trip, which on 127.0.0.1 cost nothing), so 400 ms there is one 400 ms round trip a
request, the way a phone on a bad Wi-Fi pays about one round trip for each request on a
connection it already has. The throughput is shared by every request the page has in flight.

Two figures, each on a fresh browser context (cold cache, no token: a phone that opens the
link for the first time), against `workshop serve` started for the run on 127.0.0.1 whose
facilitator (a `workshop.client.Host`) has moved from the lobby to the script's first poll:

- **link -> join form**: from the navigation's start (the page's time origin) until the join
  form's button is in the page and enabled: the page, its styles and modules, socket.io's
  connection and the `sync` that brings the view the form is drawn from;
- **Join -> step**: from the tap on Join (the click event's time stamp) until the current
  step (the poll) is drawn.

Both are taken in the page itself (a MutationObserver installed before the page's own code),
so Playwright's polling is not in them. Baselines, measured in every run:

- **one request**: the same server's smallest static file (`/static/js/ids.js`, about 1 KB)
  opened in a fresh context under the same emulation: what a single request costs on this
  network with this CPU, the floor every figure is built from. A figure divided by it is
  about how many requests' worth of waiting the phone does one after the other; that ratio
  hardly moves with the load on the machine, unlike the figures themselves.
- **unemulated**: the same two figures without any emulation, in the same run: what the page
  costs on this machine with no network in the way (and the proof that the emulation applied).

Optionally (`--warm`) a reload of the joined page in the same context (cache warm, token
kept): reload -> step.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from ..config import ROOT

TARGETS_MS = {"join_form_ms": 3000, "join_step_ms": 1000}

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
FLOOR_PATH = "/static/js/ids.js"

# Installed before the page's own scripts: time stamps (ms since the navigation started) of
# the join form becoming usable, the tap on Join and the step being drawn.
MARKS = """(() => {
  const marks = window.__bench = {};
  const check = () => {
    if (!marks.form) {
      const button = document.querySelector("form.join button[type=submit]");
      if (button && !button.disabled) marks.form = performance.now();
    }
    if (!marks.step && document.querySelector("#app .step")) marks.step = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  addEventListener("click", (e) => {
    if (!marks.tap && e.target.closest && e.target.closest("form.join")) marks.tap = e.timeStamp;
  }, true);
})();"""

# What the page fetched, from Resource Timing (ms since the navigation started).
WATERFALL = """() => [performance.getEntriesByType("navigation")[0],
                      ...performance.getEntriesByType("resource")].map((e) => ({
  name: e.name, type: e.initiatorType || "navigation", start: e.startTime,
  response: e.responseStart, end: e.responseEnd, bytes: e.transferSize}))"""


@dataclass
class PhoneOptions:
    runs: int = 5
    latency_ms: float = 400
    kbps: float = 400
    cpu: float = 4
    width: int = 390
    warm: bool = False
    unemulated: bool = True
    async_mode: str = "eventlet"
    script: Path = ROOT / "sessions" / "trust.yaml"
    timeout_s: float = 60
    waterfall: bool = False
    ws_latency: bool = True         # the relay (relay.py): WebSocket frames pay the round trip
    think_ms: float = 0             # from the form to the tap: reading it, typing a name


class ChromiumMissing(RuntimeError):
    pass


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ChromiumMissing("`workshop bench phone` needs Playwright's Python package "
                              "(the `test` extra: `make setup`, or pip install playwright); "
                              "it drives Debian's Chromium, never a downloaded browser")
    if not Path(CHROMIUM).exists():
        raise ChromiumMissing(f"{CHROMIUM} not found: install Debian's chromium package")
    return sync_playwright


def emulate(page, options: PhoneOptions):
    """Chromium's network and CPU emulation on this page (before it navigates)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    rate = options.kbps * 1000 / 8          # bytes per second
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": options.latency_ms,
        "downloadThroughput": rate, "uploadThroughput": rate})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": options.cpu})
    return cdp


def _marks(page, key, timeout_s):
    page.wait_for_function(f"() => window.__bench && window.__bench.{key} !== undefined",
                           polling=100, timeout=timeout_s * 1000)
    return page.evaluate("() => window.__bench")


def one_phone(browser, url, options: PhoneOptions, emulated: bool, warm: bool = False) -> dict:
    """A phone that opens the join link for the first time, joins, and sees the step."""
    context = browser.new_context(**{**PHONE, "viewport": {"width": options.width,
                                                            "height": 844}})
    try:
        context.add_init_script(MARKS)
        page = context.new_page()
        sockets = []
        page.on("websocket", lambda ws: sockets.append((time.time() * 1000, ws.url)))
        if emulated:
            emulate(page, options)
        page.goto(url, wait_until="commit", timeout=options.timeout_s * 1000)
        marks = _marks(page, "form", options.timeout_s)
        out = {"join_form_ms": round(marks["form"], 1)}
        origin = page.evaluate("() => performance.timeOrigin")
        waterfall = page.evaluate(WATERFALL)
        waterfall += [{"name": u, "type": "websocket", "start": t - origin, "response": None,
                       "end": None, "bytes": None} for t, u in sockets]
        if options.think_ms:         # a person reads the form and types a name first
            page.wait_for_timeout(options.think_ms)
        page.locator("form.join button[type=submit]").click(timeout=options.timeout_s * 1000)
        marks = _marks(page, "step", options.timeout_s)
        out["join_step_ms"] = round(marks["step"] - marks["tap"], 1)
        out["requests"] = len([w for w in waterfall if w["type"] != "websocket"])
        out["bytes"] = sum(w["bytes"] or 0 for w in waterfall)
        out["waterfall"] = sorted(waterfall, key=lambda w: w["start"])
        if warm:
            page.reload(wait_until="commit", timeout=options.timeout_s * 1000)
            out["warm_step_ms"] = round(_marks(page, "step", options.timeout_s)["step"], 1)
        return out
    finally:
        context.close()


def one_request(browser, url, options: PhoneOptions) -> float:
    """The smallest static file of the same server, fresh context, same emulation: ms from the
    navigation's start to the last byte of its response."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        emulate(page, options)
        page.goto(url + FLOOR_PATH, timeout=options.timeout_s * 1000)
        return round(page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].responseEnd"), 1)
    finally:
        context.close()


def first_poll(script: Path) -> int:
    from ..script import load_script
    return next(i for i, s in enumerate(load_script(script).steps) if s.kind == "poll")


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def run(options: PhoneOptions, command: str = "", progress=None) -> dict:
    import datetime
    import os

    from ..client import Host
    from .relay import Relay
    from .run import Options
    from .server import ServerProcess

    sync_playwright = _playwright()
    started = datetime.datetime.now(datetime.timezone.utc)
    server = ServerProcess("workshop", Options(async_mode=options.async_mode,
                                               script=options.script))
    runs = []
    relay = None
    try:
        server.start()
        relay = Relay(server.port, options.latency_ms if options.ws_latency else 0)
        host = Host(server.url, server.code, server.token).connect()
        try:
            host.jump(first_poll(options.script))
            path = f"/j/{server.code}"
            join, direct = relay.url + path, server.url + path
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                try:
                    # One page before anything is measured: the server's first request warms
                    # its templates and compression, which no phone in a room would pay.
                    one_phone(browser, direct, options, emulated=False)
                    for i in range(options.runs):
                        one = {"floor_ms": one_request(browser, relay.url, options)}
                        one["emulated"] = one_phone(browser, join, options, emulated=True,
                                                    warm=options.warm)
                        if options.unemulated:
                            one["unemulated"] = one_phone(browser, direct, options,
                                                          emulated=False)
                        runs.append(one)
                        if progress:
                            progress(i, one)
                finally:
                    browser.close()
        finally:
            host.disconnect()
    finally:
        if relay:
            relay.close()
        server.stop()
    report = summarise(options, runs, command, started, os.cpu_count())
    report["options"]["ws_latency"] = options.ws_latency
    report["websockets_delayed"] = relay.upgraded if relay else 0
    return report


def summarise(options: PhoneOptions, runs: list[dict], command: str, started, cpus) -> dict:
    import datetime
    import sys

    def each(key, kind="emulated"):
        return [r[kind].get(key) for r in runs if kind in r]

    figures = {}
    for key in ("join_form_ms", "join_step_ms", "warm_step_ms", "requests", "bytes"):
        values = each(key)
        if any(v is not None for v in values):
            figures[key] = {"median": median(values), "runs": values}
    floor = [r["floor_ms"] for r in runs]
    figures["floor_ms"] = {"median": median(floor), "runs": floor}
    ratio = {}
    for key in ("join_form_ms", "join_step_ms"):
        # The median of each run's ratio: both figures of a run were measured a moment apart.
        ratio[key] = {
            "per_request": median([r["emulated"][key] / r["floor_ms"] for r in runs
                                   if r["floor_ms"]]),
            "to_unemulated": median([r["emulated"][key] / r["unemulated"][key] for r in runs
                                     if "unemulated" in r and r["unemulated"][key]]),
        }
    unemulated = {key: {"median": median(each(key, "unemulated")), "runs": each(key, "unemulated")}
                  for key in ("join_form_ms", "join_step_ms")} if options.unemulated else None
    return {
        "date": started.isoformat(timespec="seconds"),
        "command": command,
        "options": {"runs": options.runs, "latency_ms": options.latency_ms,
                    "kbps": options.kbps, "cpu": options.cpu, "width": options.width,
                    "async_mode": options.async_mode, "script": str(options.script),
                    "think_ms": options.think_ms},
        "machine": {"cpus": cpus, "python": sys.version.split()[0]},
        "emulated": figures,
        "unemulated": unemulated,
        "ratio": ratio,
        "targets": {key: {"target_ms": limit, "value": figures[key]["median"],
                          "met": figures[key]["median"] is not None
                          and figures[key]["median"] <= limit}
                    for key, limit in TARGETS_MS.items()},
        "waterfall": runs[-1]["emulated"]["waterfall"] if runs else [],
        "seconds": round((datetime.datetime.now(datetime.timezone.utc) - started)
                         .total_seconds(), 1),
    }


LABELS = [("join_form_ms", "link -> join form (ms)"), ("join_step_ms", "Join -> step (ms)"),
          ("warm_step_ms", "reload -> step, warm (ms)"), ("requests", "requests, first load"),
          ("bytes", "bytes over the wire, first load"), ("floor_ms", "one request (ms)")]


def tapped(options: dict) -> str:
    think = options.get("think_ms") or 0
    return "at once" if not think else f"{think:g} ms after the form"


def table(report: dict, waterfall: bool = False) -> str:
    o = report["options"]
    lines = [f"phone on {o['latency_ms']:g} ms a request, {o['kbps']:g} kbit/s, "
             f"{o['cpu']:g}x CPU, {o['width']} px; Join tapped {tapped(o)}; "
             f"{o['runs']} runs, medians "
             f"({report['seconds']} s)", ""]
    head = f"{'figure':34} {'emulated':>9} {'unemul.':>9} {'/request':>9} {'/unemul.':>9}  each run"
    lines += [head, "-" * len(head)]
    for key, label in LABELS:
        fig = report["emulated"].get(key)
        if not fig:
            continue
        un = (report["unemulated"] or {}).get(key) or {}
        r = report["ratio"].get(key, {})

        def cell(v, suffix=""):
            return f"{v:g}{suffix}" if isinstance(v, (int, float)) else "—"
        lines.append(f"{label:34} {cell(fig['median']):>9} {cell(un.get('median')):>9} "
                     f"{cell(r.get('per_request'), 'x'):>9} {cell(r.get('to_unemulated'), 'x'):>9}"
                     f"  {', '.join(cell(v) for v in fig['runs'])}")
    lines.append("")
    for key, t in report["targets"].items():
        label = dict(LABELS)[key].split(" (")[0]
        lines.append(f"target {label} <= {t['target_ms'] / 1000:g} s: "
                     f"{'met' if t['met'] else 'MISSED'} ({t['value']} ms)")
    if waterfall and report["waterfall"]:
        lines += ["", "waterfall of the last emulated first load (ms from the link):",
                  f"{'start':>7} {'headers':>7} {'end':>7} {'bytes':>7}  request"]
        for w in report["waterfall"]:
            def n(v):
                return f"{v:7.0f}" if isinstance(v, (int, float)) else "      —"
            name = w["name"].split("//", 1)[-1].split("/", 1)[-1]
            lines.append(f"{n(w['start'])} {n(w['response'])} {n(w['end'])} "
                         f"{n(w['bytes'])}  {w['type']:>14} /{name[:70]}")
    return "\n".join(lines)
