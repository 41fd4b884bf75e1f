"""Pages of training: the replay console, the replay screen and the timing report.

The replay pages are the live console and screen pages themselves (their templates are
extended, their page code is the live one): `static/js/replay.js` starts the console or the
screen with a socket to `/replay` instead of `/host` or `/screen`, and on the console the replay
controls and the timeline (`static/js/replay-controls.js`).
"""
from __future__ import annotations

from datetime import datetime

from flask import (Blueprint, abort, current_app, g, jsonify, redirect, render_template,
                   request, url_for)

from ..access import LOCAL, begin_login, facilitator, token_owner
# Importing replay_ns registers the /replay handlers.
from .replay_ns import Replays, may_view, replays, store
from .timing import clock

bp = Blueprint("training", __name__)


@bp.record_once
def _setup(state):
    state.app.extensions.setdefault("workshop.replays", Replays())


def _replay_or_login(code, refresh=False):
    """The replay of `code` if this facilitator may see it; else a response to send."""
    token = request.args.get("token")
    if token_owner(token) and store() is not None:
        # As the printed console link does: the token becomes a login (server-side), so the
        # next page needs no token. The app of `workshop replay` has no logins: the token
        # in each link is its way in.
        begin_login(LOCAL, permanent=True)
    replay = replays().get(code, store(), refresh=refresh)
    if replay is None:
        abort(404)
    if not may_view(facilitator(token), replay):
        if "web.login" in current_app.view_functions:
            return None, redirect(url_for("web.login"))
        abort(403)
    g.lang = replay.recording.script.language
    return replay, None


def _context(replay):
    token = request.args.get("token")
    extra = {"token": token} if token else {}
    return {"code": replay.code, "title": replay.recording.script.title, "token": token,
            "kind": replay.recording.kind,
            "screen_url": url_for("training.screen", code=replay.code, **extra),
            "console_url": url_for("training.console", code=replay.code, **extra),
            "report_url": url_for("training.report", code=replay.code, **extra),
            "replay_config": {"code": replay.code, "token": token,
                              "speed": replay.speed}}


@bp.route("/replay/<code>")
def console(code):
    replay, response = _replay_or_login(code, refresh=True)
    if response:
        return response
    context = _context(replay)
    context["replay_config"]["audience"] = "host"
    return render_template("replay_console.html", join_url="", **context)


@bp.route("/replay/<code>/screen")
def screen(code):
    replay, response = _replay_or_login(code)
    if response:
        return response
    context = _context(replay)
    context["replay_config"]["audience"] = "screen"
    return render_template("replay_screen.html", join_url="", qr_svg="", **context)


@bp.route("/replay/<code>/report")
def report(code):
    replay, response = _replay_or_login(code, refresh=True)
    if response:
        return response
    if request.args.get("format") == "json":
        return jsonify(replay.report.as_dict())
    return render_template("replay_report.html", report=replay.report, clock=clock,
                           when=datetime.fromtimestamp(replay.report.created_at),
                           **_context(replay))


# --- rehearsal from the home page (in the app of `workshop serve`) -------------------------------

REHEARSAL_PHONES = 20


@bp.route("/rehearse/start", methods=["POST"])
def rehearse():
    """Start a rehearsal of a script: a live session marked as such, with simulated phones."""
    from pathlib import Path

    from ..script import ScriptError
    from .room import spawn

    owner = facilitator()
    hub = current_app.extensions.get("workshop.hub")
    if not owner or hub is None:
        abort(403)
    path = Path(current_app.config["SESSIONS_DIR"]) / Path(request.form.get("script", "")).name
    if not path.is_file():
        abort(404)
    try:
        phones = min(200, max(0, int(request.form.get("phones", REHEARSAL_PHONES))))
    except ValueError:
        phones = REHEARSAL_PHONES
    try:
        state = hub.start(path, owner, kind="rehearsal")
    except ScriptError as exc:
        return render_template("error.html", message=str(exc)), 400
    if phones:
        # The simulated room talks to this very server, from this machine.
        port = request.environ.get("SERVER_PORT") or "5000"
        spawn(f"http://127.0.0.1:{port}", state.code, phones, script=path)
    return redirect(url_for("web.console", code=state.code))


@bp.app_context_processor
def _training_helpers():
    """For the home page: how many phones a rehearsal has.

    And for every page (this blueprint is in both apps, `workshop serve`'s and `workshop
    replay`'s): what a template needs to give the page its plurals (`messages.page_helpers`),
    in the page's language."""
    from flask_babel import get_locale

    from ..messages import page_helpers

    locale = get_locale()
    return {"rehearsal_phones": REHEARSAL_PHONES,
            **page_helpers(locale.language if locale else "en")}


# --- only in the app of `workshop replay`, which has no live pages ------------------------------

replay_only = Blueprint("training_replay_only", __name__)


@replay_only.route("/")
def home():
    pinned = list(replays().pinned)
    if not pinned:
        abort(404)
    return redirect(url_for("training.console", code=pinned[0], token=request.args.get("token")))


@replay_only.route("/vendor/<name>")
def vendor(name):
    from ..web import send_vendor
    return send_vendor(name)
