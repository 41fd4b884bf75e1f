"""What every page gets from the server besides its own content (templates/base.html).

- The import map: the page code is native ES modules (static/js/) and imports the npm packages
  by name ("socket.io-client"); the map points those names at `/vendor/<file>`, served from
  node_modules (web.VENDOR_FILES). It is inline, so the Content-Security-Policy allows exactly
  this text by its hash (headers.py): no 'unsafe-inline'.
- The limits the server enforces on what people type (defined once, in the core: live/), so
  that the fields in the page cut a text where the server would refuse it.
- `module_preloads(entry)`: every module an entry module imports, directly or not (read from
  the files' static `import … from` lines; a dynamic `import()`, such as the QR library's, is
  left out), as the `<link rel="modulepreload">` hints of the page's <head>. Without them the
  browser learns of a module only once the one that imports it has arrived: on a phone with
  a 400 ms round trip each level of imports was another round trip (docs/performance.md).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import posixpath
import re

from markupsafe import Markup

from .config import ROOT
from .live import commands, pairs, questions

# Bare module names the page code imports -> the file /vendor/ serves for it.
IMPORTS = {"socket.io-client": "/vendor/socket.io.esm.min.js",
           "qrcode-generator": "/vendor/qrcode.mjs",
           "sortablejs": "/vendor/sortable.esm.js"}

# The exact text between <script type="importmap"> and </script>: the hash is of these bytes.
IMPORT_MAP = json.dumps({"imports": IMPORTS}, separators=(",", ":"), sort_keys=True)

def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


IMPORT_MAP_HASH = _hash(IMPORT_MAP)

# The editor's preview pages (workshop/preview.py): the live pages with their connection to
# the server replaced by the view the page was given: the phone's page code imports its
# socket from phone-boot.js, which this map points at preview-boot.js.
PREVIEW_IMPORT_MAP = json.dumps({"imports": {**IMPORTS,
                                             "/static/js/phone-boot.js": "/static/js/preview-boot.js"}},
                                separators=(",", ":"), sort_keys=True)
PREVIEW_IMPORT_MAP_HASH = _hash(PREVIEW_IMPORT_MAP)

LIMITS = {"name": commands.MAX_NAME, "word": commands.MAX_WORD,
          "reflection": commands.MAX_REFLECTION, "note": pairs.MAX_NOTE,
          "question": questions.MAX_QUESTION,
          "couple_code": pairs.COUPLE_CODE_LENGTH, "group": list(pairs.GROUP_SIZES)}


def init_app(app):
    app.context_processor(_page_context)


def _page_context():
    # The map is our own constant JSON (no user text): safe to put in the page unescaped.
    return {"import_map": Markup(IMPORT_MAP), "page_limits": LIMITS, "module_preloads": ()}


# `import … from "x"`, `export … from "x"` and `import "x"`, each at the start of a line.
STATIC_IMPORT = re.compile(r"""^\s*(?:(?:import|export)\b[^;'"]*?\bfrom\s*|import\s*)["']([^"']+)["']""",
                           re.MULTILINE)
STATIC = ROOT / "static"


@functools.lru_cache(maxsize=None)
def module_preloads(entry: str) -> tuple[str, ...]:
    """The URLs of the modules a page with the entry module `entry` (a path under static/,
    "js/phone.js") runs: the npm packages it imports, directly or not, first (the biggest, and
    the last to be found without a hint), then `entry`, then the page's other modules, each
    once. Read once per process."""
    found: list[str] = []
    vendor: list[str] = []

    def visit(path: str):
        try:
            text = (STATIC / path).read_text(encoding="utf-8")
        except OSError:
            return
        for name in STATIC_IMPORT.findall(text):
            if name in IMPORTS:
                if IMPORTS[name] not in vendor:
                    vendor.append(IMPORTS[name])
                continue
            if not name.startswith("."):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), name))
            if target not in found and target != entry:
                found.append(target)
                visit(target)

    visit(entry)
    return tuple(vendor) + tuple(f"/static/{path}" for path in [entry, *found])
