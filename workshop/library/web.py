"""The script library and the editor's server side: pages under /scripts, JSON under
/api/scripts (the editor's page code sends the CSRF token as X-CSRFToken).

Only a facilitator gets anything here, and only their own scripts and the templates: another
facilitator's script is answered as one that does not exist.
"""
from __future__ import annotations

import difflib
from datetime import datetime
import os
import tempfile

from flask import (Blueprint, Response, current_app, jsonify, redirect, render_template,
                   request, url_for)
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import pages
from ..access import LOCAL, facilitator
from ..realtime.edge import hub
from ..script import ScriptError, parse_script
from ..script.loader import MAX_BYTES
from .check import check
from .shelf import Conflict, Missing, ReadOnly, Saved, clean_name, shelf_for, slug
from .yaml_text import merge_into

bp = Blueprint("library", __name__)
MAX_UPLOAD = 1024 * 1024        # the bound; a script over MAX_BYTES fails the check


class Refusal(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def _shelf():
    owner = facilitator()
    if owner is None:
        raise Refusal(_("Log in as a facilitator to work on session scripts."), 403)
    return shelf_for(owner, current_app.config, current_app.extensions["workshop.store"])


def _get(shelf, sid) -> Saved:
    try:
        return shelf.get(sid)
    except Missing:
        raise Refusal(_("There is no such script (or it is not yours)."), 404) from None


@bp.errorhandler(Refusal)
def _refused(refusal: Refusal):
    if request.path.startswith("/api/"):
        return jsonify(message=refusal.message), refusal.status
    if refusal.status == 403 and facilitator() is None:
        return redirect(url_for("web.login"))
    return render_template("error.html", message=refusal.message), refusal.status


# --- pages ------------------------------------------------------------------------------------
@bp.route("/scripts")
def library():
    return _library_page(_shelf())


def _library_page(shelf, upload_problems=None, upload_name=""):
    return render_template("library.html", templates=[_entry(s) for s in shelf.templates.all()],
                           scripts=[_entry(s) for s in shelf.scripts()],
                           accounts=facilitator() != LOCAL, upload_problems=upload_problems,
                           upload_name=upload_name)


def _copy_name(source: Saved) -> str:
    return _("%(name)s (copy)", name=source.name)


def _entry(saved: Saved) -> dict:
    """What the library shows of a script: its title, language, length, and whether it can
    be started."""
    try:
        script = parse_script(saved.text)
    except ScriptError as exc:
        return {"saved": saved, "title": saved.name, "language": "", "steps": 0, "minutes": 0,
                "valid": False, "problems": len(exc.problems)}
    return {"saved": saved, "title": script.title, "language": script.language,
            "steps": len(script.steps), "minutes": script.total_minutes, "valid": True,
            "problems": 0}


@bp.route("/scripts/new", methods=["POST"])
def new():
    shelf = _shelf()
    template = request.form.get("template", "")
    if template:
        source = _get(shelf, template)
        name = _copy_name(source)
        text = source.text
    else:
        name, text = _("New workshop"), empty_script()
    saved = shelf.create(clean_name(request.form.get("name")) or name, text)
    return redirect(url_for("library.edit", sid=saved.id), 303)


def empty_script() -> str:
    """A new script that is already valid: one section with one step, to build on."""
    locale = get_locale()
    words = {"title": _("New workshop"), "language": "nl" if locale and locale.language == "nl" else "en",
             "description": _("What this session is about, in a sentence or two."),
             "section": _("Opening"), "notes": _("What you say and do during this step."),
             "step": _("Welcome"), "body": _("A few words for the screen.")}
    words = {key: _quoted(value) for key, value in words.items()}
    return ("title: {title}\n"
            "language: {language}\n"
            "description: {description}\n"
            "sections:\n"
            "  - title: {section}\n"
            "    theme: opening\n"
            "    steps:\n"
            "      - id: welcome\n"
            "        kind: info\n"
            "        minutes: 5\n"
            "        notes: {notes}\n"
            "        title: {step}\n"
            "        body: {body}\n").format(**words)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@bp.route("/scripts/upload", methods=["POST"])
def upload():
    """A YAML file from the facilitator's computer: kept only when it is a valid script;
    otherwise the library shows why, and nothing changed."""
    shelf = _shelf()
    file = request.files.get("file")
    problems = None
    if file is None or not file.filename:
        problems = [_("Choose a YAML file to upload.")]
    else:
        data = file.stream.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            problems = [_("This file is larger than 1 MB: a session script is much smaller.")]
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                problems = [_("This file is not a YAML text file (it is not UTF-8 text).")]
            else:
                found = check(text, os.path.basename(file.filename))
                if not found["valid"]:
                    problems = [f"{p['line']}:{p['column']}: {p['message']}"
                                for p in found["problems"]]
    if problems:
        return _library_page(shelf, problems, file.filename if file else ""), 400
    name = clean_name(os.path.splitext(os.path.basename(file.filename))[0]) or _("Uploaded script")
    saved = shelf.create(name, text)
    return redirect(url_for("library.edit", sid=saved.id), 303)


@bp.route("/scripts/<sid>/duplicate", methods=["POST"])
def duplicate(sid):
    shelf = _shelf()
    source = _get(shelf, sid)
    shelf.create(_copy_name(source), source.text)
    return redirect(url_for("library.library"), 303)


@bp.route("/scripts/<sid>/rename", methods=["POST"])
def rename(sid):
    shelf = _shelf()
    name = clean_name(request.form.get("name"))
    if not name:
        raise Refusal(_("Give the script a name."))
    try:
        shelf.rename(sid, name)
    except ReadOnly:
        raise Refusal(_("A template cannot be renamed: make a copy of it.")) from None
    except Missing:
        _get(shelf, sid)
        raise
    return redirect(url_for("library.library"), 303)


@bp.route("/scripts/<sid>/delete", methods=["POST"])
def delete(sid):
    shelf = _shelf()
    _get(shelf, sid)
    if request.form.get("confirm") != "yes":
        raise Refusal(_("Tick the box to confirm that this script is to be deleted."))
    try:
        shelf.delete(sid)
    except ReadOnly:
        raise Refusal(_("A template cannot be deleted.")) from None
    return redirect(url_for("library.library"), 303)


@bp.route("/scripts/<sid>/download")
def download(sid):
    saved = _get(_shelf(), sid)
    return Response(saved.text.encode("utf-8"), mimetype="application/yaml", headers={
        "Content-Disposition": f'attachment; filename="{_file_name(saved)}"'})


def _file_name(saved: Saved) -> str:
    return f"{slug(saved.name)}.yaml"


@bp.route("/scripts/<sid>/edit")
def edit(sid):
    shelf = _shelf()
    saved = _get(shelf, sid)
    urls = {"api": url_for("library.api_script", sid=saved.id),
            "check": url_for("library.api_check"), "render": url_for("library.api_render"),
            "start": url_for("library.start", sid=saved.id),
            "library": url_for("library.library"),
            "preview_screen": "/scripts/preview/screen", "preview_phone": "/scripts/preview/phone"}
    return render_template("editor.html", sid=saved.id, name=saved.name, template=saved.template,
                           urls=urls, accounts=facilitator() != LOCAL,
                           module_preloads=pages.module_preloads("js/editor.js"))


@bp.route("/scripts/<sid>/start", methods=["POST"])
def start(sid):
    """A live session (or, with kind=rehearsal, a rehearsal) of the script as saved now: the
    session keeps this text, whatever is saved later."""
    shelf = _shelf()
    saved = _get(shelf, sid)
    rehearsal = request.form.get("kind") == "rehearsal"
    try:
        state = hub().start_text(saved.text, f"{saved.name}.yaml", facilitator(),
                                 kind="rehearsal" if rehearsal else "live")
    except ScriptError as exc:
        return render_template("error.html", message=_(
            "This script has errors, so it is kept as a draft and cannot be started yet: %(errors)s",
            errors="; ".join(f"{p.line}:{p.column}: {p.message}" for p in exc.problems))), 400
    if rehearsal:
        _rehearse(state.code, saved.text)
    return redirect(url_for("web.console", code=state.code), 303)


def _rehearse(code: str, text: str):
    """Simulated phones for a rehearsal, as the home page's Rehearse starts them; they read
    the script (for the themes of what they write) from a file of their own."""
    from ..training.room import spawn
    from ..training.web import REHEARSAL_PHONES
    handle, path = tempfile.mkstemp(suffix=".yaml", prefix=f"rehearsal-{code}-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    port = request.environ.get("SERVER_PORT") or "5000"
    spawn(f"http://127.0.0.1:{port}", code, REHEARSAL_PHONES, script=path)


# --- the editor's JSON ----------------------------------------------------------------------
def _json_text(key="text") -> str:
    body = request.get_json(silent=True)
    value = body.get(key) if isinstance(body, dict) else None
    if not isinstance(value, str):
        raise Refusal(_("The request has no script text."))
    if len(value.encode("utf-8")) > MAX_BYTES:
        raise Refusal(_("The script is larger than %(kb)d KB.", kb=MAX_BYTES // 1024), 413)
    return value


def _described(saved: Saved) -> dict:
    return {"id": saved.id, "name": saved.name, "template": saved.template,
            "version": saved.version, "text": saved.text,
            "url": url_for("library.edit", sid=saved.id), **check(saved.text, f"{saved.name}.yaml")}


@bp.route("/api/scripts/<sid>")
def api_script(sid):
    return jsonify(_described(_get(_shelf(), sid)))


@bp.route("/api/scripts/check", methods=["POST"])
def api_check():
    _shelf()
    return jsonify(check(_json_text()))


@bp.route("/api/scripts/render", methods=["POST"])
def api_render():
    """The form's data put into the text (comments and layout kept), and its check."""
    _shelf()
    text = _json_text()
    data = request.get_json(silent=True).get("data")
    if not isinstance(data, dict):
        raise Refusal(_("The request has no script data."))
    try:
        merged = merge_into(text, data)
    except ValueError:
        raise Refusal(_("The YAML text cannot be read: fix it in the YAML tab first.")) from None
    if len(merged.encode("utf-8")) > MAX_BYTES:
        raise Refusal(_("The script is larger than %(kb)d KB.", kb=MAX_BYTES // 1024), 413)
    return jsonify({"text": merged, **check(merged)})


@bp.route("/api/scripts/<sid>", methods=["PUT"])
def api_save(sid):
    """Save what the editor has, valid or not (a draft). The version it started from must
    still be the newest, or nothing is saved: 409 with what is there now and the difference.
    A template is never changed: its save is a new script of the facilitator's own."""
    shelf = _shelf()
    text = _json_text()
    version = (request.get_json(silent=True) or {}).get("version")
    try:
        saved = shelf.save(sid, text, str(version))
        status = 200
    except ReadOnly:
        source = _get(shelf, sid)
        saved, status = shelf.create(_copy_name(source), text), 201
    except Missing:
        _get(shelf, sid)
        raise
    except Conflict as conflict:
        current = conflict.current
        diff = "".join(difflib.unified_diff(
            current.text.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=_("saved meanwhile"), tofile=_("yours")))
        return jsonify(message=_("Someone saved this script in another tab or window since you "
                                 "opened it. Your changes are not saved yet: compare them "
                                 "below, then keep theirs or save yours over it."),
                       version=current.version, text=current.text, diff=diff), 409
    return jsonify(_described(saved)), status


@bp.route("/api/scripts/<sid>/versions")
def api_versions(sid):
    shelf = _shelf()
    _get(shelf, sid)
    return jsonify(versions=[{"version": str(v["version"]), "valid": v["valid"],
                              "saved_at": v["saved_at"]} for v in shelf.versions(sid)])


@bp.route("/api/scripts/<sid>/restore", methods=["POST"])
def api_restore(sid):
    shelf = _shelf()
    _get(shelf, sid)
    version = (request.get_json(silent=True) or {}).get("version")
    try:
        saved = shelf.restore(sid, version)
    except Missing:
        raise Refusal(_("There is no such version of this script."), 404) from None
    except Conflict:
        raise Refusal(_("Someone saved this script meanwhile: reload and try again."), 409) from None
    return jsonify(_described(saved))


@bp.route("/scripts/<sid>/versions")
def history(sid):
    """Every saved version of a script (accounts mode), newest first, each to restore."""
    shelf = _shelf()
    saved = _get(shelf, sid)
    versions = [{**v, "saved_at": datetime.fromtimestamp(v["saved_at"])} for v in shelf.versions(sid)]
    return render_template("script_versions.html", saved=saved, versions=versions)


@bp.route("/scripts/<sid>/restore", methods=["POST"])
def restore(sid):
    shelf = _shelf()
    _get(shelf, sid)
    try:
        shelf.restore(sid, request.form.get("version"))
    except (Missing, Conflict):
        raise Refusal(_("There is no such version of this script."), 404) from None
    return redirect(url_for("library.edit", sid=sid), 303)
