"""/screen: the projector's read-only view."""
from __future__ import annotations

from flask import request
from flask_socketio import ConnectionRefusedError, join_room

from ..extensions import socketio
from ..live.commands import Refused
from . import wire
from .edge import handle, hub, payload, refuse_unknown_code, room, screen_view
from .limits import of_address

NS = "/screen"
_screens: dict[str, str] = {}   # sid -> the code of the session it shows


def _state(auth):
    code = auth.get("code") if isinstance(auth, dict) else None
    return hub().get(code) if isinstance(code, str) else None


@socketio.on("connect", namespace=NS)
def connect(auth=None):
    state = _state(auth)
    if state is None:
        refuse_unknown_code(auth.get("code") if isinstance(auth, dict) else None)
    join_room(room(state.code, "screen"))
    _screens[request.sid] = state.code   # dropped at disconnect


@socketio.on("disconnect", namespace=NS)
def disconnect(*_):
    _screens.pop(request.sid, None)


@socketio.on("sync", namespace=NS)
def on_sync(*args):
    state = hub().fresh(hub().get(_screens[request.sid]))

    def body():
        payload(args)
        of_address("screen_syncs").take()     # a view is the costliest answer we give
        return {"ok": True, "view": screen_view(state)}
    return handle(state.script.language, body)


@socketio.on("*", namespace=NS)
def unknown(event, *args):
    state = hub().get(_screens[request.sid])

    def body():
        raise Refused("bad_request" if event == wire.MALFORMED else "unknown_event")
    return handle(state.script.language, body)
