"""Facilitator access: the printed token, accounts with hashed passwords, own sessions only."""
from __future__ import annotations

import re
import sqlite3

import pytest
import requests
import socketio

from workshop.client import Host

from conftest import verb


def add_account(server, name, password):
    verb("facilitator", "add", name, "--database", server.database, "--password", password)


def csrf(web, url) -> dict:
    """The page's hidden CSRF token as form data (CSRFProtect refuses a POST without it)."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', web.get(url).text)
    assert token, f"no csrf_token on {url}"
    return {"csrf_token": token.group(1)}


def login(server, name, password) -> requests.Session:
    web = requests.Session()
    answer = web.post(f"{server.url}/login",
                      data={**csrf(web, f"{server.url}/login"), "name": name, "password": password})
    assert answer.status_code == 200, answer.text[:200]
    return web


def start(server, web) -> str:
    answer = web.post(f"{server.url}/host/start",
                      data={**csrf(web, f"{server.url}/"), "script": "trust.yaml"})
    code = re.search(r"/host/(\w+)$", answer.url)
    assert code, answer.url
    return code.group(1)


def host_with_cookie(server, web, code):
    sio = socketio.Client(reconnection=False)
    cookie = "; ".join(f"{k}={v}" for k, v in web.cookies.items())
    sio.connect(server.url, namespaces=["/host"], auth={"code": code},
                headers={"Cookie": cookie}, transports=["websocket"])
    return sio


def test_accounts_see_and_run_only_their_own_sessions(room_servers):
    server = room_servers()
    add_account(server, "ada", "correct horse")
    add_account(server, "bo", "battery staple")
    stored = sqlite3.connect(server.database.removeprefix("sqlite:///")).execute(
        "select password_hash from facilitators").fetchall()
    assert all("correct horse" not in h and "battery staple" not in h for (h,) in stored)

    web = requests.Session()
    wrong = {**csrf(web, f"{server.url}/login"), "name": "ada", "password": "wrong"}
    assert web.post(f"{server.url}/login", data=wrong).status_code == 401
    ada, bo = login(server, "ada", "correct horse"), login(server, "bo", "battery staple")
    code = start(server, ada)
    assert code in ada.get(f"{server.url}/").text
    assert code not in bo.get(f"{server.url}/").text
    assert bo.get(f"{server.url}/host/{code}").status_code == 403
    assert "Facilitator login" in requests.get(f"{server.url}/host/{code}").text

    sio = host_with_cookie(server, ada, code)
    assert sio.call("next", {"cid": "one"}, namespace="/host")["ok"]
    sio.disconnect()
    with pytest.raises(socketio.exceptions.ConnectionError):
        host_with_cookie(server, bo, code)
    # The printed token runs the token's own sessions, not an account's.
    with pytest.raises(socketio.exceptions.ConnectionError):
        Host(server.url, code, server.token).connect()


def test_the_printed_link_logs_the_facilitator_in(room_servers):
    server = room_servers()
    assert re.search(r"^Facilitator: http://\S+/host\?token=\S+$", server.output, re.M)
    anonymous = requests.get(f"{server.url}/")
    assert "/host/start" not in anonymous.text
    web = requests.Session()
    assert web.get(f"{server.url}/host", params={"token": "guess"}).url.endswith("/login")
    web.get(f"{server.url}/host", params={"token": server.token})
    code = start(server, web)
    assert Host(server.url, code, server.token).connect().view["code"] == code


def test_serve_prints_three_lines_and_a_qr_code(server):
    lines = server.output.splitlines()
    assert lines[0].startswith(f"Facilitator: {server.url}/host/{server.code}?token=")
    assert lines[1] == f"Screen: {server.url}/s/{server.code}"
    assert lines[2] == f"Join: {server.url}/j/{server.code}"
    assert len(server.code) == 5 and not set(server.code) & set("0O1IL")
