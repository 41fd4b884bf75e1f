"""/phone: participants join, vote and write reflections."""
from __future__ import annotations

import hashlib
import secrets

from flask import request
from flask_socketio import ConnectionRefusedError, join_room

from ..extensions import socketio
from ..live import commands, views
from ..live.commands import Refused
from ..messages import message
from . import presence, wire
from .edge import (cid_of, handle, hub, payload, publish_all, publish_results,
                   refuse_unknown_code, room, server_time, throttle_of)
from .limits import of_address

NS = "/phone"
MIN_TOKEN, MAX_TOKEN = 16, 128


class Phone:
    """One connection of a phone: which session and person it speaks for. Dropped with the
    connection; what belongs to the person (their throttle) is on the session's entry."""

    def __init__(self, code, token_hash):
        self.code = code
        self.token_hash = token_hash
        self.arrived = False     # counted as present, in its participant's room


_phones: dict[str, Phone] = {}   # sid -> Phone, for the open connections of this process


def hash_token(token: str) -> str:
    # Only a hash is stored: the log never holds what would let someone act as a participant.
    return hashlib.sha256(token.encode()).hexdigest()


@socketio.on("connect", namespace=NS)
def connect(auth=None):
    auth = auth if isinstance(auth, dict) else {}
    code = auth.get("code") if isinstance(auth.get("code"), str) else ""
    state = hub().get(code)
    if state is None:
        refuse_unknown_code(code)
    hub().fresh(state)   # with several processes, this participant may have joined elsewhere
    token = auth.get("token")
    if not isinstance(token, str) or not MIN_TOKEN <= len(token) <= MAX_TOKEN:
        raise ConnectionRefusedError(message("bad_request", state.script.language))
    phone = _phones[request.sid] = Phone(state.code, hash_token(token))
    join_room(room(state.code, "phones"))
    if phone.token_hash in state.by_token:
        _arrive(state, phone)


def _arrive(state, phone):
    """This connection now speaks for a participant: present, in their room."""
    if phone.arrived:
        return
    phone.arrived = True
    pid = state.by_token[phone.token_hash]
    join_room(presence.participant_room(state.code, pid))
    presence.arrive(state, pid)
    _partners_see_presence(state, pid)


def _partners_see_presence(state, pid):
    """A phone came or went: its partner's phone and the console's dots say so."""
    if pid in state.pairs.couple_of:
        presence.push_me(state, [p for p in presence.partners_of(state, pid) if p != pid])
    publish_results(state)


@socketio.on("disconnect", namespace=NS)
def disconnect(*_):
    phone = _phones.pop(request.sid, None)
    state = hub().get(phone.code) if phone and phone.arrived else None
    if state is not None:
        pid = state.by_token[phone.token_hash]
        presence.leave(state, pid)
        _partners_see_presence(state, pid)


def _session(phone):
    # With several processes, the participant may have joined on another one.
    return hub().fresh(hub().get(phone.code))


def _pid(phone, state):
    pid = state.by_token.get(phone.token_hash)
    if pid is None:
        raise Refused("not_joined")
    return pid


def _view(state, phone):
    return server_time(views.phone_view(state, state.by_token.get(phone.token_hash),
                                        presence.online(state)))


def _command(body):
    phone = _phones.get(request.sid)
    if phone is None:
        return {"ok": False, "error": "not_joined", "message": message("not_joined")}
    state = _session(phone)

    def run():
        # A person's budget is their token's, across reconnects.
        throttle_of(state.code, phone.token_hash).take()
        return body(phone, state)
    return handle(state.script.language, run)


@socketio.on("join", namespace=NS)
def on_join(*args):
    def body(phone, state):
        data = payload(args)
        cid_of(data)
        if phone.token_hash not in state.by_token:
            # A token is anyone's to make up: a new participant spends the address's budget
            # (generous: a venue's phones share one address).
            of_address("joins").take()
        # The hub makes a token that joins twice (a retry, a second tab) one participant.
        events = hub().run(state.code, commands.join, "p" + secrets.token_hex(6),
                           "a" + secrets.token_hex(4), phone.token_hash, data.get("name"))
        _pid(phone, state)
        _arrive(state, phone)
        if events:
            publish_all(state)
        return {"ok": True, "view": _view(state, phone)}
    return _command(body)


@socketio.on("sync", namespace=NS)
def on_sync(*args):
    def body(phone, state):
        payload(args)
        return {"ok": True, "view": _view(state, phone)}
    return _command(body)


def _once(state, pid, cid, command, *args):
    """Run a command; sent again with the same cid, it is what the first one did."""
    if hub().run(state.code, command, pid, cid, *args, once=(pid, cid)):
        publish_results(state)
    return state.receipts[(pid, cid)]


@socketio.on("vote", namespace=NS)
def on_vote(*args):
    def body(phone, state):
        data = payload(args)
        pid = _pid(phone, state)
        receipt = _once(state, pid, cid_of(data), commands.vote,
                        data.get("step"), data.get("answer"))
        return {"ok": True, "step": receipt["step"],
                "answer": state.poll(receipt["step"]).votes.get(pid)}
    return _command(body)


@socketio.on("reflect", namespace=NS)
def on_reflect(*args):
    def body(phone, state):
        data = payload(args)
        receipt = _once(state, _pid(phone, state), cid_of(data), commands.reflect,
                        "r" + secrets.token_hex(8), data.get("step"), data.get("text"))
        mine = state.reflections[receipt["rid"]]
        return {"ok": True, "reflection": {"id": mine.rid, "step": mine.step, "text": mine.text,
                                           "status": mine.status}}
    return _command(body)


@socketio.on("*", namespace=NS)
def unknown(event, *args):
    def body(phone, state):
        raise Refused("bad_request" if event == wire.MALFORMED else "unknown_event")
    return _command(body)
