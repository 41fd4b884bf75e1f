"""Configuration in one object; every value can come from the environment."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Config:
    DATABASE_URL = os.environ.get("WORKSHOP_DATABASE_URL")     # default: instance/workshop.db
    PUBLIC_URL = os.environ.get("WORKSHOP_PUBLIC_URL")         # what phones reach; default LAN address
    HOST_TOKEN = os.environ.get("WORKSHOP_HOST_TOKEN")         # default: made once, kept in the database
    MESSAGE_QUEUE = os.environ.get("WORKSHOP_MESSAGE_QUEUE")   # redis://… for several processes
    QUEUE_CHANNEL = os.environ.get("WORKSHOP_QUEUE_CHANNEL", "workshop")  # one per installation
    ASYNC_MODE = os.environ.get("WORKSHOP_ASYNC_MODE", "eventlet")
    # How long after a session ends its personal data is kept (workshop/retention.py): "24h",
    # "90m", "7d", or "0" for at once. 24 hours: phones can still fetch their take-home card.
    RETENTION = os.environ.get("WORKSHOP_RETENTION", "24h")
    SESSIONS_DIR = Path(os.environ.get("WORKSHOP_SESSIONS_DIR", ROOT / "sessions"))
    # The scripts the product ships: read-only templates in the script library (library/).
    SCRIPT_TEMPLATES_DIR = ROOT / "sessions"
    # The largest request body Flask reads (a script upload is at most 1 MB); socket.io's own
    # requests are engine.io's, which has its own limit (app.py, max_http_buffer_size).
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    VENDOR_DIR = ROOT / "node_modules"
    SESSION_COOKIE_SAMESITE = "Lax"
    # HTTP defences (docs/security.md, "HTTP: CSRF and headers"). The session cookie is Secure
    # when PUBLIC_URL is https or the request came over https (behind a proxy: ProxyFix).
    BEHIND_PROXY = os.environ.get("WORKSHOP_BEHIND_PROXY", "").lower() in ("1", "true", "yes")
    SCREEN_FRAME_ANCESTORS = os.environ.get("WORKSHOP_SCREEN_FRAME_ANCESTORS", "*")
    WTF_CSRF_TIME_LIMIT = None    # a token lasts as long as the browser's session: a console
                                  # or home page stays open for a whole evening
    WTF_CSRF_SSL_STRICT = False   # Referrer-Policy: no-referrer sends no Referer to compare
    # Facilitator logins (docs/security.md, "Facilitator accounts"): every login POST counts,
    # per account name and per client address; a login not seen for this long has ended.
    LOGIN_LIMIT_PER_NAME = os.environ.get("WORKSHOP_LOGIN_LIMIT_PER_NAME", "5 per minute")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("WORKSHOP_LOGIN_LIMIT_PER_ADDRESS", "20 per minute")
    LOGIN_IDLE_TIMEOUT = float(os.environ.get("WORKSHOP_LOGIN_IDLE_TIMEOUT", 12 * 3600))  # seconds
    # Per person (their token, whatever connection they use): a few taps a second at most.
    COMMANDS_PER_SECOND = 5.0
    COMMAND_BURST = 12
    # A question for the facilitator (live/questions.py) per person at most every so many
    # seconds; 0: no such limit.
    QUESTION_INTERVAL = float(os.environ.get("WORKSHOP_QUESTION_INTERVAL", 20))
    # Per client address (realtime/limits.py): a venue's whole Wi-Fi may share one.
    JOINS_PER_SECOND = float(os.environ.get("WORKSHOP_JOINS_PER_SECOND", 20))
    JOINS_BURST = int(os.environ.get("WORKSHOP_JOINS_BURST", 1000))
    # Wrong guesses, in the `limits` library's notation; shared by every process (Redis).
    SESSION_CODE_GUESSES = os.environ.get("WORKSHOP_SESSION_CODE_GUESSES", "20 per minute")
    COUPLE_CODE_GUESSES = os.environ.get("WORKSHOP_COUPLE_CODE_GUESSES", "5 per minute")
    SCREEN_SYNCS_PER_SECOND = float(os.environ.get("WORKSHOP_SCREEN_SYNCS_PER_SECOND", 20))
    SCREEN_SYNCS_BURST = int(os.environ.get("WORKSHOP_SCREEN_SYNCS_BURST", 60))
    # Pings (docs/architecture.md, "Slow clients and sleeping phones"): engine.io's own values.
    # A client is pinged PING_INTERVAL seconds after its last answer and dropped when it has
    # not answered PING_TIMEOUT seconds later.
    PING_INTERVAL = float(os.environ.get("WORKSHOP_PING_INTERVAL", 25))
    PING_TIMEOUT = float(os.environ.get("WORKSHOP_PING_TIMEOUT", 20))
    # What the server holds for one client, not yet sent, is capped: a client holding more
    # than CLIENT_QUEUE_LIMIT bytes is dropped, and reconnects and syncs; 0 for no cap
    # (realtime/outbox.py; docs/architecture.md, "Slow clients and sleeping phones").
    CLIENT_QUEUE_LIMIT = int(os.environ.get("WORKSHOP_CLIENT_QUEUE_LIMIT", 4 * 1024 * 1024))
