"""The results report's pages: /host/<code>/results (HTML) and /host/<code>/results.csv.

Only the session's own facilitator may see them: the replays' rule (`replay_ns.may_see`),
by the printed token (`?token=`, as on the console) or a login. Without either: the login
page; another facilitator, or a code that is no session: 403, saying nothing of which.
"""
from __future__ import annotations

import time

from flask import Blueprint, current_app, g, make_response, redirect, render_template, request, url_for

from ..access import facilitator
from ..hub import normalise_code
from ..messages import message
from ..training.recording import from_store
from ..training.replay_ns import may_see
from . import csvfile, report as results
from .render import context

bp = Blueprint("results", __name__)


def _report_or_response(code):
    """The report of `code` if this facilitator may see it; else the response to send."""
    owner = facilitator(request.args.get("token"))
    if owner is None:
        return None, redirect(url_for("web.login"))
    recording = from_store(current_app.extensions["workshop.store"], normalise_code(code))
    if recording is None or not may_see(owner, recording):
        return None, (render_template("error.html", message=message("not_allowed")), 403)
    g.lang = recording.script.language
    return results.build(recording, until=None if recording.ended else time.time()), None


def _links(code) -> dict:
    token = request.args.get("token")
    extra = {"token": token} if token else {}
    return {"csv_url": url_for("results.csv", code=code, **extra),
            "console_url": url_for("web.console", code=code, **extra)}


@bp.route("/host/<code>/results")
def report(code):
    found, response = _report_or_response(code)
    if response:
        return response
    return render_template("results.html", **context(found, **_links(found.code)))


@bp.route("/host/<code>/results.csv")
def csv(code):
    found, response = _report_or_response(code)
    if response:
        return response
    out = make_response(csvfile.to_csv(found))
    out.headers["Content-Type"] = "text/csv; charset=utf-8"
    out.headers["Content-Disposition"] = f'attachment; filename="results-{found.code}.csv"'
    return out
