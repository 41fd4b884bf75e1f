"""A private word with the facilitator over /phone and /host (live/private_word.py).

Each change goes to the console and to the asker's own phone(s), and nowhere else: not the
partner (whose view would not change, but a push at that moment would itself say something),
not the room's shared view, not the screen.
"""
from __future__ import annotations

import secrets

from ..extensions import socketio
from ..live import commands
from . import host, phone, presence
from .edge import cid_of, hub, payload, push_console


def _tell(state, pid):
    """The console's list and the asker's own part, to them alone."""
    push_console(state)
    presence.push_me(state, [pid])


def _phone_command(args, command, *extra):
    def body(ph, state):
        data = payload(args)
        cid = cid_of(data)
        pid = phone._pid(ph, state)
        if hub().run(state.code, command, pid, cid, *extra, once=(pid, cid)):
            _tell(state, pid)
        return {"ok": True, "me": presence.my_view_of(state, pid)}
    return phone._command(body)


@socketio.on("private_word", namespace=phone.NS)
def on_private_word(*args):
    return _phone_command(args, commands.ask_facilitator, "w" + secrets.token_hex(8))


@socketio.on("private_word_withdraw", namespace=phone.NS)
def on_private_word_withdraw(*args):
    return _phone_command(args, commands.withdraw_word)


@socketio.on("private_word_seen", namespace=host.NS)
def on_private_word_seen(*args):
    def body(state, data):
        cid = cid_of(data)
        if hub().run(state.code, commands.word_seen, cid, data.get("word"), once=("host", cid)):
            _tell(state, state.words[data["word"]].pid)
        return {"ok": True}
    return host._command(body, args)
