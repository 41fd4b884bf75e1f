"""Couples and pair exercises over /phone and /host, and the clock that ends rounds."""
from __future__ import annotations

import secrets

from flask import current_app

from ..extensions import socketio
from ..hub import codes
from ..live import pairs
from ..live.commands import Refused
from . import host, limits, phone, presence
from .edge import cid_of, hub, payload, publish_results

TICK_SECONDS = 1.0


def _run(state, command, *args, once=None):
    """Run a pair command; when it changed something, the couple's phones and the console
    see the result."""
    events = hub().run(state.code, command, *args, once=once)
    if events:
        presence.push_me(state, presence.affected(state, events))
        publish_results(state)
    return events


def _phone_command(args, make):
    """A phone's pair command: applied once per cid, acknowledged with its own new view."""
    def body(ph, state):
        data = payload(args)
        cid = cid_of(data)
        pid = phone._pid(ph, state)
        _run(state, *make(state, pid, cid, data), once=(pid, cid))
        return {"ok": True, "me": presence.my_view_of(state, pid)}
    return phone._command(body)


@socketio.on("couple_create", namespace=phone.NS)
def on_couple_create(*args):
    # The code is picked under the session's lock, among codes the session never used.
    return _phone_command(args, lambda state, pid, cid, data: (
        pairs.create_couple, pid, cid, codes(pairs.COUPLE_CODE_LENGTH), data.get("one_phone", False)))


@socketio.on("couple_join", namespace=phone.NS)
def on_couple_join(*args):
    """Ask to join a couple. A wrong code costs the person a guess from a small budget that a
    reconnect does not refill, and with none left no code is tried: codes cannot be tried in
    a loop. Even the right code only asks; the couple's phone must say yes."""
    def body(ph, state):
        data = payload(args)
        cid = cid_of(data)
        pid = phone._pid(ph, state)
        limit = current_app.config["COUPLE_CODE_GUESSES"]    # a few typos a minute
        limits.guesses().check(limit, "couple code", state.code, pid)
        try:
            _run(state, pairs.join_couple, pid, cid, data.get("couple"),
                 "q" + secrets.token_hex(6), once=(pid, cid))
        except Refused as exc:
            if exc.code == "no_such_couple":
                limits.guesses().spend(limit, "couple code", state.code, pid)
            raise
        return {"ok": True, "me": presence.my_view_of(state, pid)}
    return phone._command(body)


@socketio.on("couple_answer", namespace=phone.NS)
def on_couple_answer(*args):
    return _phone_command(args, lambda state, pid, cid, data: (
        pairs.answer_partner, pid, cid, data.get("request"), data.get("yes")))


@socketio.on("couple_leave", namespace=phone.NS)
def on_couple_leave(*args):
    return _phone_command(args, lambda state, pid, cid, data: (pairs.leave_couple, pid, cid))


@socketio.on("pair_done", namespace=phone.NS)
def on_pair_done(*args):
    return _phone_command(args, lambda state, pid, cid, data: (
        pairs.done, pid, cid, data.get("step"), data.get("round")))


@socketio.on("pair_note", namespace=phone.NS)
def on_pair_note(*args):
    return _phone_command(args, lambda state, pid, cid, data: (
        pairs.write_note, pid, cid, data.get("step"), data.get("round"), data.get("seat"),
        data.get("text")))


@socketio.on("pair_share", namespace=phone.NS)
def on_pair_share(*args):
    def make(state, pid, cid, data):
        return (pairs.consent_to_share, pid, cid, data.get("step"), data.get("round"),
                data.get("author"), "w" + secrets.token_hex(8))
    return _phone_command(args, make)


@socketio.on("care", namespace=phone.NS)
def on_care(*args):
    return _phone_command(args, lambda state, pid, cid, data: (pairs.care, pid, cid, data.get("kind")))


def _host_command(args, make):
    def body(state, data):
        host.run_once(state, *make(state, cid_of(data), data))
        return {"ok": True}
    return host._command(body, args)


@socketio.on("pair_up", namespace=host.NS)
def on_pair_up(*args):
    return _host_command(args, lambda state, cid, data: (
        pairs.pair_up, cid, data.get("participants"), codes(pairs.COUPLE_CODE_LENGTH)))


@socketio.on("unpair", namespace=host.NS)
def on_unpair(*args):
    return _host_command(args, lambda state, cid, data: (pairs.unpair, cid, data.get("couple")))


@socketio.on("pair_extend", namespace=host.NS)
def on_pair_extend(*args):
    return _host_command(args, lambda state, cid, data: (pairs.extend, cid, data.get("minutes")))


@socketio.on("pair_finish", namespace=host.NS)
def on_pair_finish(*args):
    return _host_command(args, lambda state, cid, data: (pairs.finish, cid))


def start_clock(app):
    """One background task per process: rounds whose time is up move on. A tick that moves
    no round publishes nothing."""
    tick_seconds = app.config.get("PAIR_TICK_SECONDS", TICK_SECONDS)

    def loop():
        while True:
            socketio.sleep(tick_seconds)
            with app.app_context():
                for entry in hub().live():
                    state = entry.state
                    if state.step is not None and state.step.kind == "pair" and not state.ended:
                        try:
                            _run(state, pairs.tick)
                        except Refused:
                            pass
                        except Exception:   # the clock must keep running for everyone else
                            current_app.logger.exception("pair clock")
    socketio.start_background_task(loop)
