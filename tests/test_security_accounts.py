"""Facilitator accounts that hold (issue 10, item 3), against running servers.

Each defence has its control: the same request that is refused after the defence acts
succeeds before it, so a passing test shows the attack reached the server and was stopped.

Two servers for the whole module: `server` with the product's defaults (rate limits, logout,
password change, the printed link; the rate-limit test runs last, it spends the address's
budget), and `open_server` with generous login limits (the event-loop latency, timing of
unknown names). Idle expiry is tested on a chosen clock in test_security_idle.py.
"""
from __future__ import annotations

import base64
import json
import re
import sqlite3
import statistics
import threading
import time
import zlib

import pytest
import requests
import socketio

from conftest import ROOT, Server, verb


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("accounts"), None, name="accounts").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def open_server(tmp_path_factory):
    env = {"WORKSHOP_LOGIN_LIMIT_PER_NAME": "10000 per minute",
           "WORKSHOP_LOGIN_LIMIT_PER_ADDRESS": "10000 per minute"}
    srv = Server(tmp_path_factory.mktemp("accounts_open"), ROOT / "sessions/trust.yaml", env=env,
                 name="accounts_open").start()
    yield srv
    srv.stop()


# --- helpers ---------------------------------------------------------------------------------
def add_account(server, name, password, check=True):
    return verb("facilitator", "add", name, "--database", server.database,
                "--password", password, ok=check)


def form(web, url) -> dict:
    """The hidden csrf_token of the page at url, if it has one (CSRFProtect), as form data."""
    page = web.get(url).text
    for tag in re.findall(r"<input[^>]*>", page):
        if 'name="csrf_token"' in tag:
            value = re.search(r'value="([^"]*)"', tag)
            return {"csrf_token": value.group(1)} if value else {}
    return {}


def post_login(web, server, name, password, **kwargs) -> requests.Response:
    data = {**form(web, f"{server.url}/login"), "name": name, "password": password}
    return web.post(f"{server.url}/login", data=data, **kwargs)


def login(server, name, password) -> requests.Session:
    web = requests.Session()
    answer = post_login(web, server, name, password)
    assert answer.status_code == 200, answer.text[:300]
    return web


def logout(web, server):
    answer = web.post(f"{server.url}/logout", data=form(web, f"{server.url}/"))
    assert answer.status_code == 200, answer.text[:300]


def start(server, web) -> str:
    answer = web.post(f"{server.url}/host/start",
                      data={**form(web, f"{server.url}/"), "script": "trust.yaml"})
    code = re.search(r"/host/(\w+)$", answer.url)
    assert code, answer.url
    return code.group(1)


def is_host(server, cookies) -> bool:
    """Whether a browser with these cookies is a logged-in facilitator (home page)."""
    return "/host/start" in requests.get(f"{server.url}/", cookies=cookies).text


def opens_console(server, cookies, code) -> bool:
    answer = requests.get(f"{server.url}/host/{code}", cookies=cookies, allow_redirects=False)
    return answer.status_code == 200


def host_socket(server, cookies, code):
    sio = socketio.Client(reconnection=False)
    sio.connect(server.url, namespaces=["/host"], auth={"code": code},
                headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
                transports=["websocket"])
    return sio


def cookie_payload(value: str) -> dict:
    """What a Flask session cookie says (signed, not encrypted)."""
    data = value.split(".")[1] if value.startswith(".") else value.split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return json.loads(zlib.decompress(raw) if value.startswith(".") else raw)


def logins(server) -> list[tuple]:
    with sqlite3.connect(server.database.removeprefix("sqlite:///")) as db:
        return db.execute("select id_hash, facilitator from logins").fetchall()


def median_ms(fn, n=20, pause=0.0) -> float:
    times = []
    for _ in range(n):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
        time.sleep(pause)
    return statistics.median(times)


# --- server: defaults ------------------------------------------------------------------------
def test_logout_ends_the_login_and_the_cookie_holds_only_an_id(server):
    add_account(server, "ada", "correct horse")
    ada = login(server, "ada", "correct horse")
    code = start(server, ada)
    kept = dict(ada.cookies)                     # a copy, as a thief of the cookie would keep
    payload = cookie_payload(kept["session"])
    assert "ada" not in json.dumps(payload) and "facilitator" not in payload
    stored = [h for h, who in logins(server) if who == "ada"]
    assert len(stored) == 1 and payload["login"] not in stored[0]   # only its hash is stored
    # Control: the cookie opens the console, the home page and the /host socket.
    assert is_host(server, kept) and opens_console(server, kept, code)
    host_socket(server, kept, code).disconnect()

    logout(ada, server)
    assert not is_host(server, kept)
    assert not opens_console(server, kept, code)
    with pytest.raises(socketio.exceptions.ConnectionError):
        host_socket(server, kept, code)
    assert not [who for _, who in logins(server) if who == "ada"]
    again = login(server, "ada", "correct horse")           # a fresh login works
    assert opens_console(server, dict(again.cookies), code)


def test_a_password_change_ends_every_login(server):
    add_account(server, "bo", "battery staple")
    laptop, phone = login(server, "bo", "battery staple"), login(server, "bo", "battery staple")
    assert is_host(server, dict(laptop.cookies)) and is_host(server, dict(phone.cookies))
    add_account(server, "bo", "new staple")
    assert not is_host(server, dict(laptop.cookies))
    assert not is_host(server, dict(phone.cookies))
    assert post_login(requests.Session(), server, "bo", "battery staple").status_code == 401
    assert is_host(server, dict(login(server, "bo", "new staple").cookies))


def test_the_printed_link_is_a_server_side_login_as_local(server):
    web = requests.Session()
    web.get(f"{server.url}/host", params={"token": server.token})
    kept = dict(web.cookies)
    assert is_host(server, kept) and "local" in [who for _, who in logins(server)]
    logout(web, server)
    assert not is_host(server, kept)


def test_reserved_and_malformed_names_are_refused(server):
    assert add_account(server, "ok.name_1-2", "pw").returncode == 0        # control
    for name in ("local", "LOCAL", "two words", "x" * 41, ""):
        result = add_account(server, name, "pw", check=False)
        assert result.returncode != 0, name
        assert "Invalid value for 'NAME'" in result.stderr, result.stderr
    assert "uses itself" in add_account(server, "local", "pw", check=False).stderr
    with sqlite3.connect(server.database.removeprefix("sqlite:///")) as db:
        names = {n for (n,) in db.execute("select name from facilitators")}
    assert "local" not in {n.casefold() for n in names} and "ok.name_1-2" in names


def test_login_rate_limits_per_name_then_per_address(server):
    """Runs last on `server`: it spends 127.0.0.1's login budget for a minute."""
    add_account(server, "cy", "right one")
    web = requests.Session()
    assert post_login(web, server, "cy", "right one").status_code == 200      # control
    answers = [post_login(web, server, "cy", f"wrong {i}").status_code for i in range(4)]
    assert answers == [401] * 4
    limited = post_login(web, server, "cy", "wrong 5")
    assert limited.status_code == 429 and "Too many login attempts" in limited.text
    right = post_login(web, server, "cy", "right one", headers={"Accept-Language": "nl"})
    assert right.status_code == 429 and "Te veel pogingen" in right.text
    # Other names from the same address: refused only for their password until the address's
    # budget (20 a minute) is spent, then limited too, whatever the name.
    statuses = [post_login(requests.Session(), server, f"guess{i}", "x").status_code
                for i in range(20)]
    assert statuses[0] == 401, statuses                                       # control
    assert 429 in statuses, statuses
    first = statuses.index(429)
    assert set(statuses[:first]) == {401} and set(statuses[first:]) == {429}, statuses
    print(f"\nper-address limit reached after {first} other names")
    assert post_login(requests.Session(), server, "ada", "correct horse").status_code == 429


# --- open_server: generous limits ------------------------------------------------------------
def test_guessing_passwords_does_not_slow_the_join_page(open_server):
    add_account(open_server, "dee", "a long passphrase")
    join = f"{open_server.url}/j/{open_server.code}"
    page = requests.Session()
    page.get(join)
    quiet = median_ms(lambda: page.get(join), pause=0.03)

    stop, guesses = threading.Event(), []

    def guess():
        web = requests.Session()
        data = {**form(web, f"{open_server.url}/login"), "name": "dee"}
        while not stop.is_set():
            answer = web.post(f"{open_server.url}/login", data={**data, "password": "guess"})
            guesses.append(answer.status_code)

    threads = [threading.Thread(target=guess) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 10
        while len(guesses) < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        before = len(guesses)
        busy = median_ms(lambda: page.get(join), pause=0.03)
        during = len(guesses) - before
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    print(f"\njoin page median: {quiet:.1f} ms quiet, {busy:.1f} ms with 3 guessers "
          f"({during} guesses meanwhile, ratio {busy / quiet:.2f})")
    assert set(guesses) == {401}                       # every guess was checked, none limited
    assert during >= 2                                 # the guessers were busy meanwhile
    # Checked on the event loop, each guess would hold every page for a password hash's time
    # (tens of ms, three guessers all the time: ten times slower or worse). Off it, the three
    # hashing threads still take CPU from the server on this machine's two cores, shared with
    # the other test worker: 3.4x was seen on a loaded CI run, so the line is at 5x.
    assert busy < 5 * quiet


def test_an_unknown_name_takes_as_long_as_a_wrong_password(open_server):
    add_account(open_server, "eve", "her passphrase")
    web = requests.Session()
    token = form(web, f"{open_server.url}/login")

    def attempt(name):
        answer = web.post(f"{open_server.url}/login",
                          data={**token, "name": name, "password": "wrong"})
        assert answer.status_code == 401

    attempt("eve"), attempt("nobody")                  # warm up (the dummy hash is made once)
    known, unknown = [], []
    for _ in range(12):                                # interleaved: load affects both alike
        known.append(median_ms(lambda: attempt("eve"), n=1))
        unknown.append(median_ms(lambda: attempt("nobody"), n=1))
    ratio = statistics.median(unknown) / statistics.median(known)
    print(f"\nwrong password {statistics.median(known):.1f} ms, unknown name "
          f"{statistics.median(unknown):.1f} ms (ratio {ratio:.2f})")
    assert 0.5 < ratio < 2
