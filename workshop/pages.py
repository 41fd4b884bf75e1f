"""What every page gets from the server besides its own content (templates/base.html).

- The import map: the page code is native ES modules (static/js/) and imports the npm packages
  by name ("socket.io-client"); the map points those names at `/vendor/<file>`, served from
  node_modules (web.VENDOR_FILES). It is inline, so the Content-Security-Policy allows exactly
  this text by its hash (headers.py): no 'unsafe-inline'.
- The limits the server enforces on what people type (defined once, in the core: live/), so
  that the fields in the page cut a text where the server would refuse it.
"""
from __future__ import annotations

import base64
import hashlib
import json

from markupsafe import Markup

from .live import commands, pairs

# Bare module names the page code imports -> the file /vendor/ serves for it.
IMPORTS = {"socket.io-client": "/vendor/socket.io.esm.min.js",
           "qrcode-generator": "/vendor/qrcode.mjs"}

# The exact text between <script type="importmap"> and </script>: the hash is of these bytes.
IMPORT_MAP = json.dumps({"imports": IMPORTS}, separators=(",", ":"), sort_keys=True)
IMPORT_MAP_HASH = "'sha256-" + base64.b64encode(
    hashlib.sha256(IMPORT_MAP.encode()).digest()).decode() + "'"

LIMITS = {"name": commands.MAX_NAME, "word": commands.MAX_WORD,
          "reflection": commands.MAX_REFLECTION, "note": pairs.MAX_NOTE,
          "couple_code": pairs.COUPLE_CODE_LENGTH, "group": list(pairs.GROUP_SIZES)}


def init_app(app):
    app.context_processor(_page_context)


def _page_context():
    # The map is our own constant JSON (no user text): safe to put in the page unescaped.
    return {"import_map": Markup(IMPORT_MAP), "page_limits": LIMITS}
