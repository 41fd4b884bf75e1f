"""Where a facilitator's session scripts are kept: their shelf.

- The templates: the scripts the product ships (sessions/trust.yaml, vertrouwen.yaml), read
  only; a facilitator starts from a copy.
- Token mode (the one facilitator with the printed link, `access.LOCAL`): their own scripts
  are the other `.yaml` files of SESSIONS_DIR, so they stay files to read, diff and edit by
  hand. A file's version is a hash of its bytes.
- Accounts mode: each facilitator's scripts are in the database, private to them (every query
  names the owner), with a version for every save; restoring one saves its text again.

A save names the version it was made from: when the script changed since (another tab),
nothing is written and `Conflict` carries what is there now.
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..access import LOCAL
from ..script import ScriptError, parse_script

TEMPLATE_PREFIX = "template."
STEM = re.compile(r"[A-Za-z0-9_-]{1,100}")
MAX_NAME = 100
_file_lock = threading.Lock()      # one save at a time compares and writes a file


@dataclass(frozen=True)
class Saved:
    """A script as kept: `id` names it in URLs, `version` is what a save must start from."""
    id: str
    name: str
    text: str
    version: str
    template: bool = False
    saved_at: float | None = None


class Missing(Exception):
    """No such script, or not this facilitator's (the two look the same)."""


class ReadOnly(Exception):
    """A template: it cannot be changed, only copied."""


class Conflict(Exception):
    def __init__(self, current: Saved):
        super().__init__(current.id)
        self.current = current


def is_valid(text: str) -> bool:
    try:
        parse_script(text)
    except ScriptError:
        return False
    return True


def clean_name(name) -> str:
    """A script's name as given, on one line, not empty, not too long."""
    name = " ".join(str(name or "").split())[:MAX_NAME]
    return name


def shelf_for(owner: str, config, store):
    templates = Templates(Path(config["SCRIPT_TEMPLATES_DIR"]))
    if owner == LOCAL:
        return FileShelf(Path(config["SESSIONS_DIR"]), templates)
    return AccountShelf(store, owner, templates)


class Templates:
    def __init__(self, folder: Path):
        self.folder = folder

    def all(self) -> list[Saved]:
        return [self._read(path) for path in sorted(self.folder.glob("*.yaml"))
                if STEM.fullmatch(path.stem)]

    def get(self, sid: str) -> Saved:
        stem = sid[len(TEMPLATE_PREFIX):]
        path = self.folder / f"{stem}.yaml"
        if not sid.startswith(TEMPLATE_PREFIX) or not STEM.fullmatch(stem) or not path.is_file():
            raise Missing(sid)
        return self._read(path)

    def paths(self) -> set[Path]:
        return {path.resolve() for path in self.folder.glob("*.yaml")}

    def _read(self, path: Path) -> Saved:
        data = path.read_bytes()
        return Saved(TEMPLATE_PREFIX + path.stem, path.stem, data.decode("utf-8"),
                     _digest(data), template=True, saved_at=path.stat().st_mtime)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


class FileShelf:
    """Token mode: scripts are files in SESSIONS_DIR, named by their stem."""

    def __init__(self, folder: Path, templates: Templates):
        self.folder = folder
        self.templates = templates

    def scripts(self) -> list[Saved]:
        shipped = self.templates.paths()
        return [self._read(path) for path in sorted(self.folder.glob("*.yaml"))
                if STEM.fullmatch(path.stem) and path.resolve() not in shipped]

    def get(self, sid: str) -> Saved:
        if sid.startswith(TEMPLATE_PREFIX):
            return self.templates.get(sid)
        return self._read(self._path(sid))

    def create(self, name: str, text: str) -> Saved:
        with _file_lock:
            path = self._free_path(name)
            _write(path, text)
        return self._read(path)

    def save(self, sid: str, text: str, version: str) -> Saved:
        if sid.startswith(TEMPLATE_PREFIX):
            raise ReadOnly(sid)
        with _file_lock:
            current = self._read(self._path(sid))
            if current.version != version:
                raise Conflict(current)
            _write(self._path(sid), text)
        return self._read(self._path(sid))

    def rename(self, sid: str, name: str) -> Saved:
        if sid.startswith(TEMPLATE_PREFIX):
            raise ReadOnly(sid)
        with _file_lock:
            old = self._path(sid)
            if slug(name) == sid:
                return self._read(old)
            new = self._free_path(name)
            os.replace(old, new)
        return self._read(new)

    def delete(self, sid: str):
        if sid.startswith(TEMPLATE_PREFIX):
            raise ReadOnly(sid)
        self._path(sid).unlink()

    def versions(self, sid: str) -> list[dict]:
        return []       # a file has one version: its history is the facilitator's own (git)

    def restore(self, sid: str, version: str) -> Saved:
        raise Missing(sid)

    def _path(self, sid: str) -> Path:
        path = self.folder / f"{sid}.yaml"
        if not STEM.fullmatch(sid) or not path.is_file() or path.resolve() in self.templates.paths():
            raise Missing(sid)
        return path

    def _free_path(self, name: str) -> Path:
        stem, shipped = slug(name), self.templates.paths()
        path, n = self.folder / f"{stem}.yaml", 2
        while path.exists() or path.resolve() in shipped:
            path, n = self.folder / f"{stem}-{n}.yaml", n + 1
        return path

    def _read(self, path: Path) -> Saved:
        try:
            data = path.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise Missing(path.stem) from exc
        return Saved(path.stem, path.stem, text, _digest(data), saved_at=path.stat().st_mtime)


def slug(name: str) -> str:
    """A file name for a script's name: 'Vertrouwen (kort)' -> 'vertrouwen-kort'."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_).strip("-_").lower()[:60]
    return stem or "script"


def _write(path: Path, text: str):
    """The whole file or nothing: written beside it, then moved over it."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with open(partial, "wb") as out:
        out.write(text.encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)


class AccountShelf:
    """Accounts mode: a facilitator's scripts in the database, named by their number."""

    def __init__(self, store, owner: str, templates: Templates):
        self.store = store
        self.owner = owner
        self.templates = templates

    def scripts(self) -> list[Saved]:
        return [self._saved(row) for row in self.store.scripts_of(self.owner)]

    def get(self, sid: str) -> Saved:
        if sid.startswith(TEMPLATE_PREFIX):
            return self.templates.get(sid)
        row = self.store.script_of(self.owner, self._number(sid))
        if row is None:
            raise Missing(sid)
        return self._saved(row)

    def create(self, name: str, text: str) -> Saved:
        number = self.store.add_script(self.owner, name, text, is_valid(text), time.time())
        return self.get(str(number))

    def save(self, sid: str, text: str, version: str) -> Saved:
        if sid.startswith(TEMPLATE_PREFIX):
            raise ReadOnly(sid)
        current = self.get(sid)
        try:
            after = int(version)
        except (TypeError, ValueError):
            raise Conflict(current) from None
        if self.store.save_script(self.owner, self._number(sid), text, is_valid(text), after,
                                  time.time()) is None:
            raise Conflict(self.get(sid))
        return self.get(sid)

    def rename(self, sid: str, name: str) -> Saved:
        if sid.startswith(TEMPLATE_PREFIX):
            raise ReadOnly(sid)
        if not self.store.rename_script(self.owner, self._number(sid), name):
            raise Missing(sid)
        return self.get(sid)

    def delete(self, sid: str):
        if sid.startswith(TEMPLATE_PREFIX):
            raise ReadOnly(sid)
        if not self.store.delete_script(self.owner, self._number(sid)):
            raise Missing(sid)

    def versions(self, sid: str) -> list[dict]:
        self.get(sid)
        return self.store.script_versions_of(self.owner, self._number(sid))

    def restore(self, sid: str, version) -> Saved:
        """Save an earlier version's text as the newest version (nothing is lost)."""
        current = self.get(sid)
        try:
            old = self.store.script_of(self.owner, self._number(sid), int(version))
        except (TypeError, ValueError):
            old = None
        if old is None:
            raise Missing(sid)
        return self.save(sid, old["text"], current.version)

    @staticmethod
    def _number(sid: str) -> int:
        if not sid.isdigit() or len(sid) > 12:
            raise Missing(sid)
        return int(sid)

    @staticmethod
    def _saved(row: dict) -> Saved:
        return Saved(str(row["id"]), row["name"], row["text"], str(row["version"]),
                     saved_at=row["saved_at"])
