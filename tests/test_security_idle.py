"""An idle facilitator login ends (docs/security.md, "Facilitator accounts"), on the clock of
the login code, which the test moves: the product's own timeout (12 hours), no waiting.

In-process (tests/inprocess.py): the real app, its login form with its CSRF token, and the
home page that shows whether this browser is a facilitator.
"""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from werkzeug.security import generate_password_hash

from inprocess import make_app
from workshop import access
from workshop.config import Config

HOUR = 3600.0


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(access, "time", SimpleNamespace(time=clock.time))
    return clock


@pytest.fixture
def app(tmp_path, clock):
    app = make_app(f"sqlite:///{tmp_path / 'idle.db'}")
    app.extensions["workshop.store"].set_facilitator("fay", generate_password_hash("idle phrase"))
    return app


def logged_in(app):
    browser = app.test_client()
    page = browser.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = browser.post("/login", data={"csrf_token": token, "name": "fay",
                                          "password": "idle phrase"})
    assert answer.status_code == 302, answer.status_code
    return browser


def is_host(browser) -> bool:
    return "/host/start" in browser.get("/").get_data(as_text=True)


def test_a_login_in_use_lasts_past_the_timeout(app, clock):
    browser = logged_in(app)
    for _ in range(13):                      # used every hour for 13 hours (control)
        clock.now += HOUR
        assert is_host(browser)


def test_a_login_left_alone_for_the_timeout_ends(app, clock):
    browser = logged_in(app)
    kept = browser.get_cookie("session").value
    clock.now += Config.LOGIN_IDLE_TIMEOUT - 60
    assert is_host(browser)                  # a minute before: still in (and used again)
    clock.now += Config.LOGIN_IDLE_TIMEOUT + 1
    assert not is_host(browser)
    # The same cookie again later is no login either: the login ended on the server.
    clock.now -= Config.LOGIN_IDLE_TIMEOUT
    browser.set_cookie("session", kept)
    assert not is_host(browser)
    assert is_host(logged_in(app))           # a new login works
