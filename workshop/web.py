"""HTTP pages: home, facilitator console, projector screen, phone, and vendored assets."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import (Blueprint, abort, current_app, g, make_response, redirect, render_template,
                   request, send_from_directory, url_for)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from . import pages, qr, retention
from .access import (LOCAL, begin_login, check_password, current_login, end_login, facilitator,
                     login_limits, may_run, token_owner)
from .hub import normalise_code
from .messages import message
from .realtime.edge import hub, join_url
from .script import ScriptError, load_script
from .store import StoreUnavailable

bp = Blueprint("web", __name__)

# The only browser files served from node_modules: pinned in package-lock.json. The ES module
# builds, which the pages' import map (pages.IMPORTS) names.
VENDOR_FILES = {"socket.io.esm.min.js": "socket.io-client/dist/socket.io.esm.min.js",
                "socket.io.esm.min.js.map": "socket.io-client/dist/socket.io.esm.min.js.map",
                "qrcode.mjs": "qrcode-generator/dist/qrcode.mjs",
                "sortable.esm.js": "sortablejs/modular/sortable.esm.js"}


@dataclass
class ScriptEntry:
    name: str
    title: str
    language: str
    total_minutes: float
    steps: list
    error: str | None = None


def script_entries() -> list[ScriptEntry]:
    entries = []
    for path in sorted(Path(current_app.config["SESSIONS_DIR"]).glob("*.yaml")):
        try:
            script = load_script(path)
        except ScriptError as exc:
            entries.append(ScriptEntry(path.name, path.name, "", 0, [], str(exc)))
        else:
            entries.append(ScriptEntry(path.name, script.title, script.language,
                                       script.total_minutes, script.steps))
    return entries


@dataclass
class SessionEntry:
    code: str
    title: str
    phase: str
    joined: int
    created_at: datetime
    kind: str


@bp.route("/")
def index():
    owner = facilitator()
    sessions = [SessionEntry(s.code, s.title, s.phase, s.joined,
                             datetime.fromtimestamp(s.started_at), s.kind)
                for s in (hub().summaries(owner) if owner else [])]
    sessions.sort(key=lambda s: s.created_at, reverse=True)
    return render_template("index.html", scripts=script_entries(), is_host=bool(owner),
                           sessions=sessions)


@bp.route("/host")
def host_login_by_token():
    """The printed facilitator link: the token becomes a server-side login as `local`, then
    home."""
    if token_owner(request.args.get("token")):
        begin_login(LOCAL, permanent=True)
        return redirect(url_for("web.index"))
    if current_login():
        return redirect(url_for("web.index"))
    return redirect(url_for("web.login"))


def _too_many_logins(_limit):
    """The answer to a login POST over its rate limit (access.login_limits): 429, a page."""
    response = make_response(render_template(
        "error.html", message=_("Too many login attempts. Wait a minute, then try again.")), 429)
    response.headers["Retry-After"] = "60"
    return response


@bp.route("/login", methods=["GET", "POST"])
@login_limits(on_breach=_too_many_logins)
def login():
    error = None
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        if check_password(name, request.form.get("password", "")):
            begin_login(name)
            return redirect(url_for("web.index"))
        error = True
    return render_template("login.html", error=error), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    end_login()
    return redirect(url_for("web.index"))


@bp.route("/host/start", methods=["POST"])
def start():
    owner = facilitator()
    if not owner:
        abort(403)
    name = request.form.get("script", "")
    path = Path(current_app.config["SESSIONS_DIR"]) / Path(name).name
    if not path.is_file():
        abort(404)
    try:
        state = hub().start(path, owner)
    except ScriptError as exc:
        return render_template("error.html", message=str(exc)), 400
    return redirect(url_for("web.console", code=state.code))


def _own_session(code):
    """(the session, its facilitator, None) when the one asking runs it; else (None, None, the
    response: the login page, unknown code, or not allowed). In the session's language."""
    state = hub().get(code)
    owner = facilitator(request.args.get("token"))
    if owner is None:
        return None, None, redirect(url_for("web.login"))
    if state is None:
        return None, None, _unknown(code)
    if not may_run(owner, state):
        return None, None, (render_template("error.html", message=message("not_allowed")), 403)
    g.lang = state.script.language
    return state, owner, None


@bp.route("/host/<code>")
def console(code):
    state, _owner, refused = _own_session(code)
    if refused:
        return refused
    token = request.args.get("token")
    return render_template("console.html", code=state.code, title=state.script.title,
                           token=token, join_url=join_url(state.code),
                           screen_url=url_for("web.screen", code=state.code),
                           results_url=url_for("results.report", code=state.code,
                                               **({"token": token} if token else {})))


@bp.route("/host/<code>/delete", methods=["POST"])
def delete_session(code):
    """The console's "Delete this session": only its own facilitator, only once it ended, only
    with the box ticked (CSRF is checked before this runs). Nothing of it remains."""
    state, owner, refused = _own_session(code)
    if refused:
        return refused
    if not state.ended:
        return render_template("error.html", message=_(
            "A session can be deleted once it has ended.")), 409
    if request.form.get("confirm") != "yes":
        return render_template("error.html", message=_(
            "Tick the box to confirm that everything of this session is to be deleted.")), 400
    retention.delete_session(current_app.extensions["workshop.store"], hub(), state.code,
                             by=owner)
    return redirect(url_for("web.index"), 303)


@bp.route("/s/<code>")
def screen(code):
    state = hub().get(code)
    if state is None:
        return _unknown(code)
    g.lang = state.script.language
    url = join_url(state.code)
    return render_template("screen.html", code=state.code, title=state.script.title,
                           join_url=url, qr_svg=qr.svg(url))


@bp.route("/j/<code>")
def phone(code):
    state = hub().get(code)
    if state is None:
        return _unknown(code)
    g.lang = state.script.language
    return render_template("phone.html", code=state.code, title=state.script.title,
                           module_preloads=pages.module_preloads("js/phone.js"))


@bp.route("/privacy")
def privacy():
    """What happens to what participants share, in short (docs/privacy.md has it all): in
    the language the join page asks for (?lang=), else the browser's."""
    if request.args.get("lang") in ("nl", "en"):
        g.lang = request.args["lang"]
    return render_template("privacy.html", retention=retention_words())


def retention_words() -> str:
    """How long names and notes are kept after a session ends, as a person says it."""
    from flask_babel import ngettext

    from .retention import parse_duration
    seconds = int(parse_duration(current_app.config["RETENTION"]))
    if seconds >= 2 * 86400 and seconds % 86400 == 0:
        return ngettext("%(num)d day", "%(num)d days", seconds // 86400)
    if seconds >= 3600:
        return ngettext("%(num)d hour", "%(num)d hours", round(seconds / 3600))
    return ngettext("%(num)d minute", "%(num)d minutes", round(seconds / 60))


@bp.route("/qr/<code>.svg")
def qr_code(code):
    state = hub().get(code)
    if state is None:
        abort(404)
    return qr.svg(join_url(state.code)), 200, {"Content-Type": "image/svg+xml"}


@bp.route("/vendor/<name>")
def vendor(name):
    return send_vendor(name)


def send_vendor(name):
    """A pinned browser library from node_modules, if it is one we serve."""
    if name not in VENDOR_FILES:
        abort(404)
    path = Path(current_app.config["VENDOR_DIR"]) / VENDOR_FILES[name]
    # A module is run only with a JavaScript type (and nosniff): not left to mimetypes' guess.
    mimetype = "text/javascript" if name.endswith((".js", ".mjs")) else None
    return send_from_directory(path.parent, path.name, max_age=3600, mimetype=mimetype)


def _unknown(code):
    return render_template("error.html",
                           message=message("unknown_code", code=normalise_code(code)[:12])), 404


@bp.app_errorhandler(CSRFError)
def csrf_refused(_error):
    """A POST without a valid CSRF token (CSRFProtect, app._http_defences): refused before the
    view runs, so nothing changed; a page in the browser's language, 400 (JSON for the
    editor's requests)."""
    message = _("This form did not come from this site, or it is too old. Go back, reload the "
                "page and try again.")
    if request.path.startswith("/api/"):
        return {"message": message}, 400
    return render_template("error.html", message=message), 400


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """A request body over MAX_CONTENT_LENGTH: nothing of it was read or kept."""
    message = _("This is too large to send: a session script is at most 1 MB.")
    if request.path.startswith("/api/"):
        return {"message": message}, 413
    return render_template("error.html", message=message), 413


@bp.app_errorhandler(StoreUnavailable)
@bp.app_errorhandler(SQLAlchemyError)
def store_unavailable(error):
    """A page whose database is away (disk full, database restarting): a page that says so,
    503, and one line in the log per incident (hub.StoreHealth), not a traceback."""
    hub().health.failed(error if isinstance(error, StoreUnavailable) else StoreUnavailable(error))
    response = make_response(render_template("error.html", message=message("try_again")), 503)
    response.headers["Retry-After"] = "5"
    return response
