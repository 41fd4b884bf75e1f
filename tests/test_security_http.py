"""HTTP defences (issue 10, items 4 and 5): CSRF tokens, security headers, the Secure cookie and
the proxy's scheme, against running servers.

Every refusal has its control: the same request with a valid token succeeds, so a passing test
shows the attack reached the server and was stopped.
"""
from __future__ import annotations

import base64
import hashlib
import re

import pytest
import requests

from browser import PHONE, launch, needs_chromium
from conftest import ROOT, Server, verb
from workshop.client import Screen

GENEROUS = {"WORKSHOP_LOGIN_LIMIT_PER_NAME": "1000 per minute",
            "WORKSHOP_LOGIN_LIMIT_PER_ADDRESS": "1000 per minute"}
REFUSED = "This form did not come from this site"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("http"), ROOT / "sessions/trust.yaml", env=GENEROUS,
                 name="http").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def https_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("http_tls")
    srv = Server(tmp, None, env=GENEROUS, name="http_tls", public_url="https://workshop.example")
    yield srv.start()
    srv.stop()


@pytest.fixture(scope="module")
def proxy_server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("http_proxy"), None, env=GENEROUS, name="http_proxy",
                 extra_args=["--behind-proxy"])
    yield srv.start()
    srv.stop()


# --- helpers ---------------------------------------------------------------------------------
def csrf(web, url) -> str:
    """The hidden csrf_token of the page at url."""
    tags = [t for t in re.findall(r"<input[^>]*>", web.get(url).text) if 'name="csrf_token"' in t]
    assert tags, f"no csrf_token on {url}"
    return re.search(r'value="([^"]+)"', tags[0]).group(1)


def facilitator(server) -> requests.Session:
    """A browser logged in with the printed link."""
    web = requests.Session()
    web.get(f"{server.url}/host", params={"token": server.token})
    assert is_host(web, server)
    return web


def is_host(web, server) -> bool:
    return "/host/start" in web.get(f"{server.url}/").text


def sessions(web, server) -> set[str]:
    """The session codes the home page lists."""
    return set(re.findall(r'href="/host/(\w+)"', web.get(f"{server.url}/").text))


def add_account(server, name, password):
    verb("facilitator", "add", name, "--database", server.database, "--password", password)


def set_cookie(answer) -> str:
    return answer.headers.get("Set-Cookie", "")


# --- CSRF ------------------------------------------------------------------------------------
def test_starting_a_session_needs_a_valid_csrf_token(server):
    web = facilitator(server)
    other = facilitator(server)   # another browser: its token is valid, but not for `web`
    before = sessions(web, server)

    refused = [web.post(f"{server.url}/host/start", data={"script": "trust.yaml"}),
               web.post(f"{server.url}/host/start",
                        data={"script": "trust.yaml", "csrf_token": "forged"}),
               web.post(f"{server.url}/host/start",
                        data={"script": "trust.yaml", "csrf_token": csrf(other, server.url)}),
               web.post(f"{server.url}/rehearse/start",
                        data={"script": "trust.yaml", "phones": "0"})]
    for answer in refused:
        assert answer.status_code == 400
        assert REFUSED in answer.text
    assert sessions(web, server) == before

    # Control: the same POSTs with the page's token start a session and a rehearsal.
    token = csrf(web, server.url)
    answer = web.post(f"{server.url}/host/start", data={"script": "trust.yaml", "csrf_token": token})
    assert answer.status_code == 200 and re.search(r"/host/\w+$", answer.url)
    answer = web.post(f"{server.url}/rehearse/start",
                      data={"script": "trust.yaml", "phones": "0", "csrf_token": token})
    assert answer.status_code == 200 and re.search(r"/host/\w+$", answer.url)
    assert len(sessions(web, server) - before) == 2


def test_the_refusal_speaks_the_pages_language(server):
    answer = requests.post(f"{server.url}/logout", headers={"Accept-Language": "nl"})
    assert answer.status_code == 400
    assert "Dit formulier komt niet van deze site" in answer.text


def test_login_needs_a_csrf_token_even_with_the_right_password(server):
    add_account(server, "csrf-ada", "correct horse")
    web = requests.Session()
    web.get(f"{server.url}/login")   # a browser that has the login page's cookie, not its form
    answer = web.post(f"{server.url}/login", data={"name": "csrf-ada", "password": "correct horse"})
    assert answer.status_code == 400 and REFUSED in answer.text
    assert not is_host(web, server)
    # Another site's page cannot hand in a token either: it has no cookie to match one.
    stranger = requests.Session()
    answer = stranger.post(f"{server.url}/login",
                           data={"name": "csrf-ada", "password": "correct horse",
                                 "csrf_token": csrf(requests.Session(), f"{server.url}/login")})
    assert answer.status_code == 400 and not is_host(stranger, server)

    # Control: with the form's token the same login succeeds.
    answer = web.post(f"{server.url}/login",
                      data={"name": "csrf-ada", "password": "correct horse",
                            "csrf_token": csrf(web, f"{server.url}/login")})
    assert answer.status_code == 200 and is_host(web, server)


def test_logout_needs_a_csrf_token(server):
    web = facilitator(server)
    for data in ({}, {"csrf_token": "forged"}):
        answer = web.post(f"{server.url}/logout", data=data)
        assert answer.status_code == 400 and REFUSED in answer.text
        assert is_host(web, server)
    # Control: with the home page's token the facilitator is logged out.
    answer = web.post(f"{server.url}/logout", data={"csrf_token": csrf(web, server.url)})
    assert answer.status_code == 200 and not is_host(web, server)


def test_socketio_polling_is_not_behind_csrf(server):
    """engine.io's long-polling POSTs carry no form token; they must keep working."""
    screen = Screen(server.url, server.code).connect(transports=("polling",))
    try:
        assert screen.view["code"] == server.code
        assert screen.sio.transport() == "polling"
    finally:
        # Not screen.disconnect(): python-engineio's client over polling can lose its own close
        # packet there (its write loop, still posting socket.io's disconnect, sees the state
        # change and stops before sending it), and then waits for the server's next ping,
        # 25 s. Nothing in flight first, then engine.io's close alone, which ends the namespace
        # on the server all the same.
        screen.sio.eio.queue.join()
        screen.sio.eio.disconnect()


# --- headers ---------------------------------------------------------------------------------
def directives(csp: str) -> dict[str, list[str]]:
    parts = (d.split() for d in csp.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def import_map_hash(html: str) -> str:
    """The CSP source that allows a page's one inline script, its import map, by its text."""
    maps = re.findall(r'<script type="importmap">(.*?)</script>', html, re.S)
    assert len(maps) == 1, maps
    return "'sha256-" + base64.b64encode(hashlib.sha256(maps[0].encode()).digest()).decode() + "'"


def test_security_headers_on_every_page(server):
    web = facilitator(server)
    code = server.code
    pages = {"home": "/", "login": "/login", "console": f"/host/{code}", "phone": f"/j/{code}",
             "screen": f"/s/{code}", "static": "/static/js/dom.js",
             "vendor": "/vendor/socket.io.esm.min.js", "qr": f"/qr/{code}.svg",
             "unknown code": "/j/NOPE", "report": "/replay/NOPE/report"}
    allowed = import_map_hash(web.get(f"{server.url}/j/{code}").text)
    for what, path in pages.items():
        answer = web.get(f"{server.url}{path}", allow_redirects=False)
        assert answer.status_code in (200, 404), (what, answer.status_code)
        headers = answer.headers
        assert headers.get("X-Content-Type-Options") == "nosniff", what
        assert headers.get("Referrer-Policy") == "no-referrer", what
        csp = directives(headers.get("Content-Security-Policy", ""))
        # This origin's files, and the one inline script whose text the page has: its import map.
        assert csp.get("script-src") == ["'self'", allowed], (what, csp)
        if headers.get("Content-Type", "").startswith("text/html") and "<script" in answer.text:
            assert import_map_hash(answer.text) == allowed, what
        assert csp.get("style-src") == ["'self'"], (what, csp)
        assert csp.get("default-src") == ["'self'"] and csp.get("object-src") == ["'none'"]
        assert csp.get("base-uri") == ["'none'"] and csp.get("form-action") == ["'self'"]
        sources = [s for values in csp.values() for s in values]
        assert not any("unsafe" in s for s in sources), (what, csp)
        # No third-party origin: only 'self', data: images and this origin's WebSocket.
        assert not any(re.match(r"https?:|\*\.", s) for s in sources), (what, csp)
        if what == "screen":
            # Read only, may be embedded by a web-based streaming tool (docs/security.md).
            assert csp["frame-ancestors"] == ["*"] and "X-Frame-Options" not in headers
        else:
            assert csp["frame-ancestors"] == ["'none'"], what
            assert headers.get("X-Frame-Options") == "DENY", what


def test_console_page_is_really_the_console(server):
    """The header test's console answer is the console, not a redirect to the login."""
    answer = facilitator(server).get(f"{server.url}/host/{server.code}", allow_redirects=False)
    assert answer.status_code == 200 and "host-auth" in answer.text


def test_pages_have_no_inline_code():
    """No inline script code, event handler or style in the templates (CSP: 'self' only)."""
    for path in sorted((ROOT / "templates").glob("*.html")):
        html = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", html):
            # The import map, in base.html only, is the one inline script: the CSP names its hash.
            if tag == '<script type="importmap">' and path.name == "base.html":
                continue
            assert "src=" in tag or 'type="application/json"' in tag, (path.name, tag)
        assert not re.search(r"\son[a-z]+\s*=", html), path.name
        assert not re.search(r"\sstyle\s*=|<style", html), path.name
        assert "javascript:" not in html, path.name


# --- the Secure cookie and the proxy --------------------------------------------------------
def test_session_cookie_is_secure_with_an_https_public_url(server, https_server):
    answer = requests.get(f"{https_server.url}/host", params={"token": https_server.token},
                          allow_redirects=False)
    assert answer.status_code == 302 and "session=" in set_cookie(answer)
    assert "; Secure" in set_cookie(answer)
    # Control: a server with an http public URL sets the same cookie without Secure.
    answer = requests.get(f"{server.url}/host", params={"token": server.token},
                          allow_redirects=False)
    assert "session=" in set_cookie(answer) and "Secure" not in set_cookie(answer)


def test_behind_the_proxy_the_scheme_comes_from_it(server, proxy_server):
    https = {"X-Forwarded-Proto": "https"}
    answer = requests.get(f"{proxy_server.url}/host", params={"token": proxy_server.token},
                          headers=https, allow_redirects=False)
    assert "; Secure" in set_cookie(answer)
    # The cookie of an https login works over the proxy, with no Referer (no-referrer): a
    # session starts with the page's token.
    cookie = {"Cookie": set_cookie(answer).split(";")[0], **https}
    home = requests.get(f"{proxy_server.url}/", headers=cookie)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home.text).group(1)
    assert "; Secure" in set_cookie(home)   # the session now holds the token's secret too
    cookie["Cookie"] = set_cookie(home).split(";")[0]
    started = requests.post(f"{proxy_server.url}/host/start", headers=cookie,
                            data={"script": "trust.yaml", "csrf_token": token},
                            allow_redirects=False)
    assert started.status_code == 302 and "/host/" in started.headers["Location"]
    refused = requests.post(f"{proxy_server.url}/host/start", headers=cookie,
                            data={"script": "trust.yaml"}, allow_redirects=False)
    assert refused.status_code == 400

    # Controls: the proxy's server over plain http, and a server not behind a proxy that is
    # sent the same header by a client, set no Secure cookie.
    answer = requests.get(f"{proxy_server.url}/host", params={"token": proxy_server.token},
                          allow_redirects=False)
    assert "session=" in set_cookie(answer) and "Secure" not in set_cookie(answer)
    answer = requests.get(f"{server.url}/host", params={"token": server.token}, headers=https,
                          allow_redirects=False)
    assert "session=" in set_cookie(answer) and "Secure" not in set_cookie(answer)


# --- the pages run under the policy --------------------------------------------------------
@needs_chromium
def test_pages_run_under_the_content_security_policy(server):
    from playwright.sync_api import expect, sync_playwright

    violations = []

    def watch(page):
        page.on("console", lambda m: violations.append((page.url, m.text))
                if "Content Security Policy" in m.text else None)
        return page

    with sync_playwright() as p:
        browser = launch(p)
        try:
            host = watch(browser.new_page())
            host.goto(f"{server.url}/host?token={server.token}")
            expect(host.get_by_role("button", name="Start session").first).to_be_visible()
            host.goto(f"{server.url}/host/{server.code}")
            expect(host.locator("body")).to_contain_text(server.code)
            screen = watch(browser.new_page(viewport={"width": 1280, "height": 720}))
            screen.goto(f"{server.url}/s/{server.code}")
            expect(screen.locator("body")).to_contain_text(server.code)
            phone = watch(browser.new_context(**PHONE).new_page())
            phone.goto(f"{server.url}/j/{server.code}")
            phone.fill("#join-name", "Csp")
            phone.get_by_role("button", name=re.compile("join", re.I)).click()
            expect(phone.locator("main")).to_contain_text(re.compile("wait", re.I))
            # A form posted by the browser carries its token: Start session opens a console.
            host.goto(f"{server.url}/")
            host.get_by_role("button", name="Start session").first.click()
            expect(host).to_have_url(re.compile(r"/host/\w+$"))
            # The pages' inline styles (result bars, font sizes) go through the CSSOM.
            assert screen.evaluate('import("/static/js/dom.js").then((dom) =>'
                                   ' dom.el("div", {style: "width:40%; --points:3"}).style.width)') == "40%"
            host.wait_for_timeout(300)
            assert violations == []
            # Control: a style attribute is refused and reported, so the watch above sees one.
            screen.evaluate('document.body.setAttribute("style", "color: red")')
            screen.wait_for_timeout(300)
            assert len(violations) == 1 and "inline style" in violations[0][1]
        finally:
            browser.close()
