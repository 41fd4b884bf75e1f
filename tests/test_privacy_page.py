"""The participants' short privacy page (/privacy, docs/privacy.md): in the language the join
page asks for, with the retention the server is set to. (That the join form links to it:
test_browser_safety.py.)"""
from __future__ import annotations

import pytest

from inprocess import make_app


@pytest.fixture(scope="module")
def http(tmp_path_factory):
    app = make_app(f"sqlite:///{tmp_path_factory.mktemp('privacy') / 'workshop.db'}")
    return app.test_client()


def test_the_page_speaks_the_sessions_language_and_says_how_long(http):
    dutch = http.get("/privacy?lang=nl").get_data(as_text=True)
    assert "Je privacy in deze workshop" in dutch and "24 uur na afloop" in dutch
    english = http.get("/privacy?lang=en").get_data(as_text=True)
    assert "Your privacy in this workshop" in english and "24 hours after the session" in english


def test_a_longer_retention_is_said_in_days(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'workshop.db'}", RETENTION="7d")
    page = app.test_client().get("/privacy?lang=en").get_data(as_text=True)
    assert "deleted 7 days after the session ends" in page
