"""Anonymous questions for the facilitator over /phone and /host (live/questions.py).

The list reaches every phone, the screen and the console through edge.publish_questions,
coalesced; a phone's own part (what it asked, what it upvoted) only that phone: in its
acknowledgements, and pushed to the asker when the facilitator approves, hides or answers
their question.
"""
from __future__ import annotations

import secrets

from flask import current_app

from ..extensions import socketio
from ..live import commands
from ..live.commands import Refused
from . import host, phone, presence
from .edge import Throttle, cid_of, hub, payload, publish_questions


def _question_throttle(code, token_hash):
    """At most a question every QUESTION_INTERVAL seconds per person, across reconnects; None
    without such a limit. (On top of the throttle every command has.)"""
    interval = current_app.config.get("QUESTION_INTERVAL", 20)
    entry = hub().entry(code)
    if not interval or entry is None:
        return None
    return entry.throttle(("question", token_hash), lambda: Throttle(1 / interval, 1))


def _asker(args, ph, state):
    """A phone command's payload, its cid and who sends it."""
    data = payload(args)
    return data, cid_of(data), phone._pid(ph, state)


@socketio.on("question_ask", namespace=phone.NS)
def on_question_ask(*args):
    def body(ph, state):
        data, cid, pid = _asker(args, ph, state)
        throttle = _question_throttle(state.code, ph.token_hash)
        if throttle is not None and (pid, cid) not in state.receipts:
            try:
                throttle.check()
            except Refused:
                raise Refused("question_too_soon") from None
        if hub().run(state.code, commands.ask_question, pid, cid, "q" + secrets.token_hex(8),
                     data.get("text"), once=(pid, cid)):
            if throttle is not None:
                throttle.take()
            publish_questions(state)
            presence.push_me(state, [pid])      # the asker's other connections, if any
        return {"ok": True, "me": presence.my_view_of(state, pid)}
    return phone._command(body)


@socketio.on("question_vote", namespace=phone.NS)
def on_question_vote(*args):
    def body(ph, state):
        data, cid, pid = _asker(args, ph, state)
        if hub().run(state.code, commands.upvote, pid, cid, data.get("question"),
                     data.get("up", True), once=(pid, cid)):
            publish_questions(state)
        return {"ok": True, "me": presence.my_view_of(state, pid)}
    return phone._command(body)


def _host_command(args, command, *fields):
    def body(state, data):
        cid = cid_of(data)
        for f in fields:
            if f not in data:          # (question_show's null is a value: "show none")
                raise Refused("bad_request", field=f)
        events = hub().run(state.code, command, cid, *(data.get(f) for f in fields),
                           once=("host", cid))
        if events:
            publish_questions(state)
            askers = {state.questions[e["qid"]].pid for e in events
                      if e.get("qid") in state.questions}
            presence.push_me(state, [pid for pid in askers if pid])
        return {"ok": True}
    return host._command(body, args)


@socketio.on("question_moderate", namespace=host.NS)
def on_question_moderate(*args):
    return _host_command(args, commands.moderate_question, "question", "status")


@socketio.on("question_answered", namespace=host.NS)
def on_question_answered(*args):
    return _host_command(args, commands.answer_question, "question", "answered")


@socketio.on("question_show", namespace=host.NS)
def on_question_show(*args):
    return _host_command(args, commands.show_question, "question")


@socketio.on("questions_top", namespace=host.NS)
def on_questions_top(*args):
    return _host_command(args, commands.show_top_questions, "shown")
