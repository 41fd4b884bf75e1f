"""Security headers on every HTTP response (docs/security.md, "HTTP: CSRF and headers").

The Content-Security-Policy allows scripts, styles and connections from this origin only: no
inline script or event handler, no inline style, no eval, no third-party origin. The one inline
script is the pages' import map (pages.IMPORT_MAP, the same constant text on every page), allowed
by its sha256 hash alone. The pages' `<script type="application/json">` blocks are data, never
executed, so they need no allowance.
Every page refuses to be framed (clickjacking) except the projector screen, which is read only
and may be embedded by a web-based streaming tool (SCREEN_FRAME_ANCESTORS, default `*`).
"""
from __future__ import annotations

from flask import current_app, request

from .pages import IMPORT_MAP_HASH, PREVIEW_IMPORT_MAP_HASH

CSP = (f"default-src 'self'; script-src 'self' {IMPORT_MAP_HASH}; style-src 'self'; "
       "img-src 'self' data:; "
       "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'")

# Read-only pages that may be framed: the live projector screen.
FRAMABLE_ENDPOINTS = frozenset({"web.screen"})
# The editor's previews (workshop/preview.py): framed by the editor, on this site only, and
# with an import map of their own, allowed on these pages alone.
SAME_SITE_FRAMES = frozenset({"preview.preview"})
PREVIEW_CSP = CSP.replace(IMPORT_MAP_HASH, PREVIEW_IMPORT_MAP_HASH)


def init_app(app):
    app.after_request(add_headers)


def add_headers(response):
    headers = response.headers
    if request.endpoint in FRAMABLE_ENDPOINTS:
        ancestors = current_app.config.get("SCREEN_FRAME_ANCESTORS") or "*"
    elif request.endpoint in SAME_SITE_FRAMES:
        ancestors = "'self'"
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    else:
        ancestors = "'none'"
        headers.setdefault("X-Frame-Options", "DENY")
    policy = PREVIEW_CSP if request.endpoint in SAME_SITE_FRAMES else CSP
    headers.setdefault("Content-Security-Policy", f"{policy}; frame-ancestors {ancestors}")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # The printed facilitator link carries the token in its URL: never send it on.
    headers.setdefault("Referrer-Policy", "no-referrer")
    return response
