"""The application factory: one app per call, configured from one object."""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, g, has_request_context, request
from flask.ctx import RequestContext
from flask.sessions import SecureCookieSessionInterface

from .access import limiter as login_limiter
from .config import ROOT, Config
from .extensions import babel, socketio
from .hub import Hub
from .realtime import outbox, queue, wire
from .store import Store

LANGUAGES = ("nl", "en")


def create_app(overrides: dict | None = None) -> Flask:
    app = WorkshopFlask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"))
    app.config.from_object(Config)
    app.config.update(overrides or {})
    if not app.config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'workshop.db'}"

    store = Store(app.config["DATABASE_URL"])
    # Kept in the database so that links and cookies outlive a restart.
    app.secret_key = store.setting("secret_key", lambda: secrets.token_hex(32))
    if not app.config["HOST_TOKEN"]:
        app.config["HOST_TOKEN"] = store.setting("host_token", lambda: secrets.token_urlsafe(18))
    app.session_interface = CookieSessions()
    app.extensions["workshop.store"] = store
    # With a message queue, other processes write to the same log.
    app.extensions["workshop.hub"] = Hub(store, shared=bool(app.config["MESSAGE_QUEUE"]))

    babel.init_app(app, locale_selector=_locale)
    # Login rate limits: in memory in one process; in Redis, shared, with a message queue.
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["MESSAGE_QUEUE"] or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", app.config["QUEUE_CHANNEL"])
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")   # no double burst at a window's edge
    login_limiter.init_app(app)
    # The handlers, imported before the first server exists: Flask-SocketIO keeps for every
    # later app (each test's in-process app) only the handlers registered before its first
    # init_app; one imported after would be on the first server alone.
    from .realtime import host, pairs, phone, private_word, questions, screen  # noqa: F401  (handlers)
    from .training import replay_ns  # noqa: F401  (the /replay handlers)
    # Our namespaces only: python-socketio also takes connections to "/" by default, where no
    # handler would answer an event. Packets are read by realtime/wire.py.
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"],
                      message_queue=app.config["MESSAGE_QUEUE"],
                      channel=app.config["QUEUE_CHANNEL"],
                      **queue.queue_manager(app.config),
                      max_http_buffer_size=64 * 1024, json=wire, serializer=wire.Packet,
                      namespaces=list(wire.NAMESPACES),
                      ping_interval=app.config["PING_INTERVAL"],
                      ping_timeout=app.config["PING_TIMEOUT"])
    # engine.io's own packets with a JSON that refuses what is not JSON, as engine.io expects
    # (python-socketio gave it ours, above): browsers' upgrades to WebSocket work (wire.py).
    from engineio import packet as engine_packet
    engine_packet.Packet.json = wire.EngineJson
    # What the server holds for one client is capped (realtime/outbox.py).
    outbox.install(socketio.server.eio, app.config["CLIENT_QUEUE_LIMIT"])
    _http_defences(app)

    from . import web
    from .realtime import limits, presence
    app.extensions["workshop.presence"] = presence.make_presence(app)
    app.extensions["workshop.limits"] = limits.make_limits(app.config)
    app.register_blueprint(web.bp)
    from .training.web import bp as training_bp   # replay pages, /replay and the timing report
    app.register_blueprint(training_bp)
    from .results.web import bp as results_bp     # the results report and its CSV
    app.register_blueprint(results_bp)
    from .library.web import bp as library_bp     # the script library and editor
    app.register_blueprint(library_bp)
    from .preview import bp as preview_bp         # the editor's preview of a step
    app.register_blueprint(preview_bp)
    if app.config.get("PAIR_CLOCK", True):
        pairs.start_clock(app)
    if app.extensions["workshop.presence"].shared:
        presence.watch(app)
    return app


def _http_defences(app):
    """CSRF tokens on every state-changing request, security headers on every response, the
    Secure cookie, and the client's scheme and address from the proxy (docs/security.md,
    "HTTP: CSRF and headers"). Socket.io never reaches Flask's request hooks: the engine.io
    middleware answers /socket.io/ before Flask dispatches."""
    from flask_wtf.csrf import CSRFProtect
    from werkzeug.middleware.proxy_fix import ProxyFix

    from . import headers, pages

    CSRFProtect(app)
    headers.init_app(app)
    # Pages, styles and modules compressed (brotli or gzip, as the browser accepts): a phone's
    # first load on a venue's Wi-Fi is a fifth of its size (docs/performance.md). Flask-Compress
    # because it does exactly this, for every response the app makes, files included.
    from flask_compress import Compress
    Compress(app)
    pages.init_app(app)
    if str(app.config.get("PUBLIC_URL") or "").lower().startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
    if app.config.get("BEHIND_PROXY"):
        # Outermost, around the socket.io middleware too: one proxy's X-Forwarded-For and
        # X-Forwarded-Proto (deploy/nginx.conf) give every handler the client's address and
        # scheme. Only behind a proxy: otherwise any client could claim any address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)


def _locale():
    # A page about a session speaks the script's language; other pages the browser's.
    return getattr(g, "lang", None) or request.accept_languages.best_match(LANGUAGES) or "en"


class SocketEventContext(RequestContext):
    """The request context of a socket.io event from a connected client. Flask-SocketIO makes
    one per event from the connection's first request and gives it the client's own session
    (`saved_session`, a copy of the cookie's at connect): opening the cookie again, only to be
    replaced, and matching the URL /socket.io/ against the pages' routes (it has no view of
    ours) were a sixth of the context's cost, which every vote pays (docs/performance.md)."""

    def match_request(self) -> None:
        pass


class WorkshopFlask(Flask):
    def request_context(self, environ):
        saved = environ.get("saved_session")
        if saved is not None:
            return SocketEventContext(self, environ, session=saved)
        return super().request_context(environ)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's cookie sessions with one signing serializer per app instead of one per request:
    Flask-SocketIO handles every socket event in a request context, so a vote built one each
    time (about a tenth of a vote's cost, docs/performance.md)."""

    def __init__(self):
        self._serializers = {}

    def get_cookie_secure(self, app):
        # Secure with an https PUBLIC_URL, and for a request that came over https (ProxyFix).
        return bool(app.config["SESSION_COOKIE_SECURE"] or (has_request_context() and
                                                            request.is_secure))

    def get_signing_serializer(self, app):
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if key not in self._serializers:
            self._serializers[key] = super().get_signing_serializer(app)
        return self._serializers[key]
