"""/host: the facilitator's console drives the session."""
from __future__ import annotations

from flask import request
from flask_socketio import ConnectionRefusedError, join_room

from ..access import facilitator, may_run
from ..extensions import socketio
from ..live import commands
from ..live.commands import Refused
from ..messages import message
from . import presence, wire
from .edge import (cid_of, handle, host_view, hub, payload, publish_all, refuse_unknown_code,
                   room)

NS = "/host"
_hosts: dict[str, str] = {}   # sid -> the code of the session it runs


@socketio.on("connect", namespace=NS)
def connect(auth=None):
    auth = auth if isinstance(auth, dict) else {}
    code = auth.get("code")
    state = hub().get(code) if isinstance(code, str) else None
    if state is None:
        refuse_unknown_code(code)
    if not may_run(facilitator(auth.get("token")), state):
        raise ConnectionRefusedError(message("not_allowed", state.script.language))
    _hosts[request.sid] = state.code   # dropped at disconnect
    join_room(room(state.code, "host"))


@socketio.on("disconnect", namespace=NS)
def disconnect(*_):
    _hosts.pop(request.sid, None)


def _command(body, args):
    state = hub().get(_hosts[request.sid])

    def run():
        return body(state, payload(args))
    return handle(state.script.language, run)


def run_once(state, command, cid, *args):
    """A host command, applied once per cid; when it changed something, everyone sees it, once."""
    events = hub().run(state.code, command, cid, *args, once=("host", cid))
    if events:
        publish_all(state)
        presence.push_me(state, presence.affected(state, events))
    return events


def _changing(command, *fields, ack=lambda state: {}):
    def body(state, data):
        run_once(state, command, cid_of(data), *(data.get(f) for f in fields))
        return {"ok": True, **ack(state)}
    return body


def _index(state):
    return {"index": state.index}


@socketio.on("sync", namespace=NS)
def on_sync(*args):
    return _command(lambda state, data: {"ok": True, "view": host_view(hub().fresh(state))}, args)


@socketio.on("next", namespace=NS)
def on_next(*args):
    return _command(_changing(commands.next_step, ack=_index), args)


@socketio.on("previous", namespace=NS)
def on_previous(*args):
    return _command(_changing(commands.previous_step, ack=_index), args)


@socketio.on("jump", namespace=NS)
def on_jump(*args):
    return _command(_changing(commands.go_to, "index", ack=_index), args)


@socketio.on("close_poll", namespace=NS)
def on_close_poll(*args):
    return _command(_changing(commands.close, "step"), args)


@socketio.on("reopen_poll", namespace=NS)
def on_reopen_poll(*args):
    return _command(_changing(commands.reopen, "step"), args)


@socketio.on("show_results", namespace=NS)
def on_show_results(*args):
    return _command(_changing(commands.show_results, "step", "shown"), args)


@socketio.on("moderate", namespace=NS)
def on_moderate(*args):
    return _command(_changing(commands.moderate, "id", "status"), args)


@socketio.on("end", namespace=NS)
def on_end(*args):
    return _command(_changing(commands.end), args)


@socketio.on("*", namespace=NS)
def unknown(event, *args):
    def body(state, data):
        raise Refused("bad_request" if event == wire.MALFORMED else "unknown_event")
    return _command(body, [{}])
