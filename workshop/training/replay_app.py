"""The app `workshop replay` serves: the replay pages and /replay, and nothing live.

It has no hub and no /phone, /screen or /host handlers, so nobody can join or change a session
through it, whatever the database holds; the store is only read (and its secret key and
facilitator token, so that links and cookies are the same as `workshop serve`'s).
"""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from .. import headers, pages
from ..realtime import wire


def database_url(database: str | None) -> str:
    """The URL given, or the same SQLite file `workshop serve` uses by default."""
    if database:
        return database
    # The instance folder is found from the app module's name, as in `create_app`.
    instance = Path(Flask("workshop.app").instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance / 'workshop.db'}"


def open_store(database: str | None):
    from ..store import Store
    return Store(database_url(database))


def create_replay_app(overrides: dict | None = None) -> Flask:
    from ..app import _locale
    from ..config import ROOT, Config
    from ..extensions import babel, socketio
    from ..store import Store
    from .web import bp, replay_only

    app = Flask("workshop.app", template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"))
    app.config.from_object(Config)
    app.config.update(overrides or {})
    app.config["DATABASE_URL"] = database_url(app.config["DATABASE_URL"])
    store = Store(app.config["DATABASE_URL"])
    app.secret_key = store.setting("secret_key", lambda: secrets.token_hex(32))
    if not app.config["HOST_TOKEN"]:
        app.config["HOST_TOKEN"] = store.setting("host_token", lambda: secrets.token_urlsafe(18))
    app.extensions["workshop.store"] = store
    babel.init_app(app, locale_selector=_locale)
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"],
                      max_http_buffer_size=64 * 1024, json=wire, serializer=wire.Packet,
                      namespaces=["/replay"])     # as create_app's: every event answered
    headers.init_app(app)          # the same headers as the live pages (docs/security.md)
    pages.init_app(app)            # and the same import map and limits in them
    app.register_blueprint(bp)
    app.register_blueprint(replay_only)
    return app
