"""Who may run a session: the holder of the printed token, or a facilitator account.

A facilitator is logged in by a server-side login: the signed cookie holds only a random login
id, the database (table `logins`) its SHA-256 and whose login it is. Every request and /host
socket connect that asks `facilitator()` looks it up, so that logout ends that login, a
password change ends them all, and a login not seen for LOGIN_IDLE_TIMEOUT has ended.
Login attempts are rate limited per account name and per client address (`limiter`).
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
import threading
import time

from flask import current_app, g, request, session
from flask_limiter import Limiter
from werkzeug.security import check_password_hash, generate_password_hash

from .runtime import off_loop

LOCAL = "local"   # the owner of sessions started by whoever holds the printed token
RESERVED_NAMES = frozenset({LOCAL})   # names the product uses itself: never an account
ACCOUNT_NAME = re.compile(r"[A-Za-z0-9._-]{1,40}")
TOUCH_EVERY = 60.0   # seconds: last_seen is written at most this often per login
_COOKIE_KEY = "login"


def token_owner(token) -> str | None:
    expected = current_app.config["HOST_TOKEN"]
    if isinstance(token, str) and hmac.compare_digest(token.encode(), expected.encode()):
        return LOCAL
    return None


def facilitator(token=None) -> str | None:
    """The facilitator of this request: by token, or by the server-side login in the cookie."""
    return token_owner(token) or current_login()


def may_run(owner: str | None, state) -> bool:
    return owner is not None and state is not None and state.owner == owner


# --- account names and passwords --------------------------------------------------------------
def account_name_error(name) -> str | None:
    """Why `name` cannot be an account name, or None."""
    if not isinstance(name, str) or not ACCOUNT_NAME.fullmatch(name):
        return "an account name is 1 to 40 letters, digits, '.', '_' or '-'"
    if name.casefold() in RESERVED_NAMES:
        return f"'{name}' is a name the workshop uses itself"
    return None


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password, made once: an unknown name is checked against it, so that
    it takes as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(16))


def check_password(name, password) -> bool:
    """Whether `password` is `name`'s. The hash runs in an OS thread (runtime.off_loop): scrypt
    takes tens of milliseconds of CPU and would stop every phone's connection meanwhile."""
    stored = None
    if account_name_error(name) is None:
        stored = _store().password_hash(name)
    if not isinstance(password, str):
        password = ""
    with _hashing:
        matches = off_loop(check_password_hash, stored or off_loop(_dummy_hash), password)
    return stored is not None and matches


# At most one hash per core but one at a time: the event loop keeps a core to itself however
# many guesses arrive (others wait, cooperatively: threading is patched under eventlet/gevent).
_hashing = threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) - 1))


# --- server-side logins -----------------------------------------------------------------------
def _store():
    return current_app.extensions["workshop.store"]


def _hash(login_id: str) -> str:
    return hashlib.sha256(login_id.encode()).hexdigest()


def begin_login(name: str, permanent: bool = False):
    """Log this browser in as `name`: a new login id, the cookie holds only that id."""
    login_id = secrets.token_urlsafe(32)
    now = time.time()
    _store().add_login(_hash(login_id), name, now,
                       expired_before=now - current_app.config["LOGIN_IDLE_TIMEOUT"])
    session.clear()            # nothing from before the login carries over
    session[_COOKIE_KEY] = login_id
    session.permanent = permanent
    g.workshop_login = name


def end_login():
    """Logout: this login ends in the database, and the cookie forgets it."""
    login_id = session.get(_COOKIE_KEY)
    if isinstance(login_id, str):
        _store().delete_login(_hash(login_id))
    session.clear()
    g.workshop_login = None


def current_login() -> str | None:
    """The facilitator whose login this request's cookie holds, if that login still counts.
    Looked up once per request; last_seen is written at most every TOUCH_EVERY seconds."""
    if "workshop_login" in g:
        return g.workshop_login
    name = None
    login_id = session.get(_COOKIE_KEY)
    if isinstance(login_id, str):
        id_hash = _hash(login_id)
        row = _store().login(id_hash)
        if row is not None:
            owner, last_seen = row
            now = time.time()
            timeout = current_app.config["LOGIN_IDLE_TIMEOUT"]
            if now - last_seen > timeout:
                _store().delete_login(id_hash)
            else:
                name = owner
                if now - last_seen >= min(TOUCH_EVERY, timeout / 4):
                    _store().touch_login(id_hash, now)
    g.workshop_login = name
    return name


# --- login rate limits ------------------------------------------------------------------------
def _address_key() -> str:
    return "address:" + (request.remote_addr or "")


def _name_key() -> str:
    # One budget per account whatever the case or spacing a guesser sends it in.
    return "name:" + request.form.get("name", "").strip().casefold()[:100]


# Storage and key prefix are set by create_app (RATELIMIT_STORAGE_URI, RATELIMIT_KEY_PREFIX).
limiter = Limiter(key_func=_address_key)


def login_limits(on_breach):
    """The login POST's two limits, from the config at request time; `on_breach` answers."""
    def apply(view):
        view = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
                             key_func=_address_key, methods=["POST"], on_breach=on_breach)(view)
        return limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_NAME"],
                             key_func=_name_key, methods=["POST"], on_breach=on_breach)(view)
    return apply
