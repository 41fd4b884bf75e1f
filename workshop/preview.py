"""The editor's preview: one step of a script as the projector and a phone show it live.

Drawn by the live pages themselves (templates/screen.html and phone.html, their page code),
not a copy: the page gets the view a live session at that step would push, from a session
made in memory only (nothing stored, nothing in the hub, no socket), and its page code reads
it from the page instead of from the server (static/js/preview-*.js). The phone is a
participant called by the preview's name, in a couple with a second one, so that a pair step
shows a role and its prompt.
"""
from __future__ import annotations

import json
import time

from flask import Blueprint, abort, current_app, g, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from . import pages, qr
from .access import facilitator
from .live import commands, pairs, views
from .live.state import LiveSession, apply
from .script import ScriptError, parse_script
from .script import projector
from .script.loader import MAX_BYTES

bp = Blueprint("preview", __name__)
CODE = "PREVIEW"
KINDS = ("screen", "phone")


def staged(script, index: int) -> tuple[LiveSession, str]:
    """A session of `script` on step `index`, two participants in a couple: (it, the first's
    pid). Made by the real commands, applied as the hub would, kept nowhere."""
    now = time.time()       # the step starts now: its countdown shows its whole time
    state = LiveSession(CODE, script, "preview", now)

    def run(command, *args):
        for event in command(state, *args, now):
            apply(state, event)
    run(commands.join, "p-preview-1", "a1", "preview-1", _("Preview"))
    # Nameless, as many join: the phone says "you and your partner", not a made-up name.
    run(commands.join, "p-preview-2", "a2", "preview-2", "")
    run(pairs.pair_up, "c-pair", ["a1", "a2"], ["PRV1"])
    run(commands.go_to, "c-go", index)
    return state, "p-preview-1"


def _view(kind: str, state: LiveSession, pid: str) -> dict:
    online = frozenset(state.participants)
    if kind == "screen":
        view = views.screen_view(state)
        view["join_url"] = _join_url()
    else:
        view = views.phone_view(state, pid, online)
        view["check_in"] = None         # the step, not what a phone answers on joining
    view["now"] = time.time()
    return view


def _join_url() -> str:
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/j/{CODE}"


@bp.route("/scripts/preview/<kind>", methods=["POST"])
def preview(kind):
    if kind not in KINDS:
        abort(404)
    if facilitator() is None:
        return render_template("error.html", import_map=Markup(pages.PREVIEW_IMPORT_MAP),
                               message=_("Log in as a facilitator to work on session scripts.")), 403
    text = request.form.get("text", "")
    try:
        index = int(request.form.get("step", ""))
    except ValueError:
        index = -1
    problems = []
    if len(text.encode("utf-8")) > MAX_BYTES:
        problems = [_("The script is larger than %(kb)d KB.", kb=MAX_BYTES // 1024)]
    else:
        try:
            script = parse_script(text)
        except ScriptError as exc:
            problems = [f"{p.line}:{p.column}: {p.message}" for p in exc.problems]
    if not problems and not 0 <= index < len(script.steps):
        problems = [_("There is no such step in this script.")]
    if problems:
        return render_template("preview_problems.html", problems=problems,
                               import_map=Markup(pages.PREVIEW_IMPORT_MAP)), 400
    g.lang = script.language
    state, pid = staged(script, index)
    data = {"view": _view(kind, state, pid), "message": _("This is a preview: nothing is sent.")}
    if kind == "screen":
        # Said when the screen's own page code finds the step cut off (static/js/preview-screen.js):
        # also for the kinds projector.share cannot estimate (a pair step's rounds).
        data["cut_off"] = _("This step does not fit on the projector at 1280x720: part of it "
                            "is cut off. Shorten its text or split it.")
    view = json.dumps(data)
    common = {"code": CODE, "title": script.title, "preview": True,
              "preview_view": Markup(view.replace("<", "\\u003c")),
              "import_map": Markup(pages.PREVIEW_IMPORT_MAP)}
    if kind == "screen":
        share = projector.share(script.steps[index])
        too_big = round(share * 100) if share is not None and share > 1 else None
        url = _join_url()
        return render_template("screen.html", join_url=url, qr_svg=qr.svg(url),
                               too_big=too_big, **common)
    return render_template("phone.html", **common)
