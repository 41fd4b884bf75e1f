"""Bad input, in-process: malformed payloads, wrong types, wrong audiences, floods.

Every refusal must be an error acknowledgement `{"ok": False, "error": CODE, "message": TEXT}`
and must change nothing: the console's view, the screen's view and the phone's own view are
compared before and after. The real app, handlers, hub and store run in this process under
Flask-SocketIO's test client (tests/inprocess.py); what needs the wire (refused connections,
oversized and malformed packets, the language of a message) is in test_bad_wire.py.
"""
from __future__ import annotations

import time

import pytest

from inprocess import Room, errors_logged, make_app
from refusals import (CID, INDEX, assert_error, at, fill, refused_and_unchanged, send, world)
from workshop.client import ServerRefused, new_cid


# --- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def room(tmp_path_factory):
    # The cases compare the screen's view before and after each: far more syncs than a
    # projector makes, so its address limit is lifted here (test_security_limits.py tests it).
    database = f"sqlite:///{tmp_path_factory.mktemp('bad-input') / 'workshop.db'}"
    with errors_logged() as errors:
        yield Room(make_app(database, SCREEN_SYNCS_BURST=100000))
    # Every bad input was answered: none of it may have ended in a logged traceback.
    assert not errors, [e.getMessage() for e in errors][:5]


@pytest.fixture(scope="module")
def session_code(room):
    return room.start()


@pytest.fixture(scope="module")
def host(room, session_code):
    client = room.host(session_code).connect()
    yield client
    client.disconnect()


@pytest.fixture(scope="module")
def screen(room, session_code):
    client = room.screen(session_code).connect()
    yield client
    client.disconnect()


@pytest.fixture
def connect_phone(room, session_code):
    phones = []

    def connect(join=True, **kwargs):
        phone = room.phone(session_code, **kwargs).connect()
        phones.append(phone)
        if join:
            phone.join()
        return phone
    yield connect
    for phone in phones:
        phone.disconnect()


@pytest.fixture
def phone(connect_phone):
    return connect_phone()


# --- phones ---------------------------------------------------------------------------------

def vote(step, answer):
    return {"cid": CID, "step": step, "answer": answer}


def reflection(step, text):
    return {"cid": CID, "step": step, "text": text}


PHONE_CASES = [
    # id, the current step, event, arguments, error
    ("payload is a string", "trust-word", "vote", ("trust-word",), "bad_request"),
    ("payload is a list", "trust-word", "vote", (["trust-word", ["calm"]],), "bad_request"),
    ("payload is a number", "trust-word", "vote", (42,), "bad_request"),
    ("payload is null", "trust-word", "vote", (None,), "bad_request"),
    ("no payload at all", "trust-word", "vote", (), "bad_request"),
    ("two payloads", "trust-word", "vote", (vote("trust-word", ["a"]), vote("trust-word", ["b"])),
     "bad_request"),
    ("cid missing", "trust-word", "vote", ({"step": "trust-word", "answer": ["calm"]},),
     "bad_request"),
    ("cid of 65 characters", "trust-word", "vote",
     ({"cid": "c" * 65, "step": "trust-word", "answer": ["calm"]},), "bad_request"),
    ("cid empty", "trust-word", "vote", ({"cid": "", "step": "trust-word", "answer": ["calm"]},),
     "bad_request"),
    ("cid a number", "trust-word", "vote", ({"cid": 7, "step": "trust-word", "answer": ["calm"]},),
     "bad_request"),
    ("step missing", "trust-word", "vote", ({"cid": CID, "answer": ["calm"]},), "bad_request"),
    ("step a number", "trust-word", "vote", (vote(INDEX["trust-word"], ["calm"]),), "bad_request"),
    ("step not current", "trust-word", "vote", (vote("feel-safe", 3),), "not_current"),
    ("step unknown", "trust-word", "vote", (vote("no-such-step", 3),), "not_current"),
    ("words: a string, not a list", "trust-word", "vote", (vote("trust-word", "calm"),),
     "bad_answer"),
    ("words: too many", "trust-word", "vote", (vote("trust-word", ["a", "b", "c", "d"]),),
     "bad_answer"),
    ("words: a 10,000-character word", "trust-word", "vote", (vote("trust-word", ["x" * 10_000]),),
     "bad_answer"),
    ("words: a number", "trust-word", "vote", (vote("trust-word", [7]),), "bad_answer"),
    ("words: answer missing", "trust-word", "vote", ({"cid": CID, "step": "trust-word"},),
     "bad_answer"),
    ("single: a string", "hard-topic", "vote", (vote("hard-topic", "1"),), "bad_answer"),
    ("single: out of range", "hard-topic", "vote", (vote("hard-topic", 8),), "bad_answer"),
    ("single: negative", "hard-topic", "vote", (vote("hard-topic", -1),), "bad_answer"),
    ("single: a bool", "hard-topic", "vote", (vote("hard-topic", True),), "bad_answer"),
    ("scale: a float", "feel-safe", "vote", (vote("feel-safe", 3.5),), "bad_answer"),
    ("scale: a whole float", "feel-safe", "vote", (vote("feel-safe", 3.0),), "bad_answer"),
    ("scale: above max", "feel-safe", "vote", (vote("feel-safe", 6),), "bad_answer"),
    ("multiple: the same option twice", "trust-pillars", "vote", (vote("trust-pillars", [1, 1]),),
     "bad_answer"),
    ("multiple: more than max_choices", "trust-pillars", "vote",
     (vote("trust-pillars", [0, 1, 2]),), "bad_answer"),
    ("vote on a reflection step", "safe-moment", "vote", (vote("safe-moment", 1),), "not_a_poll"),
    ("reflection of 600 characters", "safe-moment", "reflect",
     (reflection("safe-moment", "x" * 600),), "too_long"),
    ("reflection of 60,000 characters (under the buffer limit)", "safe-moment", "reflect",
     (reflection("safe-moment", "x" * 60_000),), "too_long"),
    ("reflection empty", "safe-moment", "reflect", (reflection("safe-moment", "  \n "),), "empty"),
    ("reflection of zero-width spaces and joiners", "safe-moment", "reflect",
     (reflection("safe-moment", "\u200b\u200d\u2060\ufeff"),), "empty"),
    ("reflection of a bidi override alone", "safe-moment", "reflect",
     (reflection("safe-moment", "\u202e"),), "empty"),
    ("words: only invisible characters", "trust-word", "vote", (vote("trust-word", ["\u200b"]),),
     "bad_answer"),
    ("reflection not text", "safe-moment", "reflect", (reflection("safe-moment", ["a"]),),
     "bad_request"),
    ("reflection on a poll", "trust-word", "reflect", (reflection("trust-word", "hi"),),
     "not_a_reflection"),
    ("host command next", "trust-word", "next", ({"cid": CID},), "unknown_event"),
    ("host command jump", "trust-word", "jump", ({"cid": CID, "index": 0},), "unknown_event"),
    ("host command moderate", "safe-moment", "moderate",
     ({"cid": CID, "id": "r1", "status": "hidden"},), "unknown_event"),
    ("host command end", "trust-word", "end", ({"cid": CID},), "unknown_event"),
    ("no such event", "trust-word", "hack", ({"cid": CID},), "unknown_event"),
]


@pytest.mark.parametrize("step,event,args,code", [c[1:] for c in PHONE_CASES],
                         ids=[c[0] for c in PHONE_CASES])
def test_phone_refusals_change_nothing(host, screen, phone, step, event, args, code):
    at(host, step)
    refused_and_unchanged(host, screen, phone, event, *args, code=code, phones=[phone])


def test_a_refused_vote_leaves_the_earlier_vote_standing(host, screen, phone):
    at(host, "hard-topic")
    phone.vote("hard-topic", 2)
    for answer in ("2", 99, True, None, [2]):
        refused_and_unchanged(host, screen, phone, "vote", vote("hard-topic", answer),
                              code="bad_answer")
    assert phone.sync()["me"]["answers"] == {"hard-topic": 2}


@pytest.mark.parametrize("args,code", [
    (("join",), "bad_request"),
    ((), "bad_request"),
    (({"name": "Anna"},), "bad_request"),                          # no cid
    (({"cid": CID, "name": "x" * 41},), "too_long"),
    (({"cid": CID, "name": 5},), "bad_request"),
    (({"cid": CID, "name": 0},), "bad_request"),                  # not taken for no name
    (({"cid": CID, "name": False},), "bad_request"),
    (({"cid": CID, "name": 0.0},), "bad_request"),
    (({"cid": CID, "name": []},), "bad_request"),
    (({"cid": CID, "name": ["Anna"]},), "bad_request"),
    (({"cid": CID, "name": {"first": "Anna"}},), "bad_request"),
], ids=["string", "none", "no cid", "name of 41 characters", "name a number", "name 0",
        "name false", "name 0.0", "name an empty list", "name a list", "name a dict"])
def test_bad_join_joins_nobody(host, screen, connect_phone, args, code):
    phone = connect_phone(join=False)
    refused_and_unchanged(host, screen, phone, "join", *args, code=code)
    assert phone.sync()["me"] is None


@pytest.mark.parametrize("name", [None, ""], ids=["null", "empty"])
def test_a_join_without_a_name(connect_phone, name):
    phone = connect_phone(join=False)
    assert phone.join(name)["view"]["me"]["name"] == ""


def test_a_phone_that_has_not_joined_cannot_vote(host, screen, connect_phone):
    at(host, "trust-word")
    phone = connect_phone(join=False)
    refused_and_unchanged(host, screen, phone, "vote", vote("trust-word", ["calm"]),
                          code="not_joined")


def test_a_cid_used_for_a_reflection_is_no_vote_and_back(host, screen, phone):
    # A cid is unique per client: reusing one for another command is refused, not mistaken
    # for a retry of the first (that used to answer ok without voting, or crash the handler).
    at(host, "safe-moment")
    phone.reflect("safe-moment", "a safe moment", cid="same-cid")
    refused_and_unchanged(host, screen, phone, "vote",
                          {"cid": "same-cid", "step": "safe-moment", "answer": 1},
                          code="bad_request", phones=[phone])
    at(host, "trust-word")
    phone.vote("trust-word", ["calm"], cid="vote-cid")
    refused_and_unchanged(host, screen, phone, "reflect",
                          {"cid": "vote-cid", "step": "trust-word", "text": "hi"},
                          code="bad_request", phones=[phone])


# --- types: booleans, numbers and strings are what the protocol names, and no other ---------

@pytest.mark.parametrize("args", [("sync",), (5,), (None,), ([],), ({}, {}), ()],
                         ids=["a string", "a number", "null", "a list", "two payloads", "none"])
@pytest.mark.parametrize("audience", ["phone", "host", "screen"])
def test_sync_takes_one_dict(host, screen, phone, audience, args):
    client = {"phone": phone, "host": host, "screen": screen}[audience]
    refused_and_unchanged(host, screen, client, "sync", *args, code="bad_request",
                          phones=[phone])


@pytest.mark.parametrize("one_phone", [0, 1, None, "yes", "true", 1.0, [True], {}], ids=repr)
def test_one_phone_is_true_false_or_absent(host, screen, phone, one_phone):
    refused_and_unchanged(host, screen, phone, "couple_create",
                          {"cid": CID, "one_phone": one_phone}, code="bad_request",
                          phones=[phone])
    assert phone.sync()["me"]["couple"] is None


@pytest.mark.parametrize("payload,one_phone", [({}, False), ({"one_phone": False}, False),
                                               ({"one_phone": True}, True)],
                         ids=["absent", "false", "true"])
def test_one_phone_absent_false_and_true(connect_phone, payload, one_phone):
    phone = connect_phone()
    ack = send(phone, "couple_create", {"cid": new_cid(), **payload})
    assert ack["ok"] and ack["me"]["couple"]["one_phone"] is one_phone


PAIR = "small-promise"          # round 1 (the second) has a note


@pytest.fixture
def couples(host, connect_phone):
    """At the pair step's round with a note: a couple on two phones whose notes are written,
    and a couple on one phone that wrote none. New phones each time: a person's pace of
    commands is not a test's."""
    a, b, solo = connect_phone(), connect_phone(), connect_phone()
    a.couple_with(b)
    solo.create_couple(one_phone=True)
    at(host, PAIR)
    for p in (a, b, solo):
        p.done(PAIR, 0)
    for p in (a, b):
        p.write_note(PAIR, 1, "a promise")
    return a, b, solo


def in_note_round(host, couples):
    at(host, PAIR)


@pytest.mark.parametrize("seat", [0.0, 1.0, True, False, "0", [0], None, 2, -1], ids=repr)
def test_a_one_phone_couple_names_a_seat_0_or_1(host, screen, couples, seat):
    in_note_round(host, couples)
    refused_and_unchanged(host, screen, couples[2], "pair_note",
                          {"cid": CID, "step": PAIR, "round": 1, "text": "mine", "seat": seat},
                          code="bad_request", phones=list(couples))


@pytest.mark.parametrize("seat", ["0", [1], 1.5, 0.0, True, {}], ids=repr)
def test_a_seat_from_a_two_phone_couple_is_null_or_a_number(host, screen, couples, seat):
    in_note_round(host, couples)
    refused_and_unchanged(host, screen, couples[0], "pair_note",
                          {"cid": CID, "step": PAIR, "round": 1, "text": "mine", "seat": seat},
                          code="bad_request", phones=list(couples))


@pytest.mark.parametrize("field,value", [("author", 0.0), ("author", 1.0), ("author", True),
                                         ("author", "0"), ("author", None), ("round", True),
                                         ("round", 1.0), ("round", "1")], ids=repr)
def test_a_share_names_its_round_and_author_by_numbers(host, screen, couples, field, value):
    in_note_round(host, couples)
    share = {"cid": CID, "step": PAIR, "round": 1, "author": 0, field: value}
    refused_and_unchanged(host, screen, couples[0], "pair_share", share, code="no_such_note",
                          phones=list(couples))


# --- host -----------------------------------------------------------------------------------

HOST_CASES = [
    ("jump to 999", "trust-word", "jump", ({"cid": CID, "index": 999},), "at_end"),
    ("jump to '3'", "trust-word", "jump", ({"cid": CID, "index": "3"},), "bad_request"),
    ("jump to -5", "trust-word", "jump", ({"cid": CID, "index": -5},), "at_start"),
    ("jump to 2.0", "trust-word", "jump", ({"cid": CID, "index": 2.0},), "bad_request"),
    ("jump without index", "trust-word", "jump", ({"cid": CID},), "bad_request"),
    ("next: payload a string", "trust-word", "next", ("next",), "bad_request"),
    ("next: no payload", "trust-word", "next", (), "bad_request"),
    ("next: payload a list", "trust-word", "next", ([CID],), "bad_request"),
    ("next: cid of 65 characters", "trust-word", "next", ({"cid": "c" * 65},), "bad_request"),
    ("next: no cid", "trust-word", "next", ({},), "bad_request"),
    ("next at the last step", "goodbye", "next", ({"cid": CID},), "at_end"),
    ("show_results shown='yes'", "hard-topic", "show_results",
     ({"cid": CID, "step": "hard-topic", "shown": "yes"},), "bad_request"),
    ("show_results on an info step", "welcome", "show_results",
     ({"cid": CID, "step": "welcome", "shown": True},), "not_a_poll"),
    ("close_poll of a step not current", "hard-topic", "close_poll",
     ({"cid": CID, "step": "trust-word"},), "not_current"),
    ("close_poll step a number", "hard-topic", "close_poll",
     ({"cid": CID, "step": INDEX["hard-topic"]},), "bad_request"),
    ("moderate an unknown reflection", "safe-moment", "moderate",
     ({"cid": CID, "id": "r-no-such-thing", "status": "hidden"},), "no_such_reflection"),
    ("moderate with id a list", "safe-moment", "moderate",
     ({"cid": CID, "id": ["r1"], "status": "hidden"},), "no_such_reflection"),
    ("phone command vote", "trust-word", "vote", (vote("trust-word", ["calm"]),), "unknown_event"),
    ("no such event", "trust-word", "explode", ({"cid": CID},), "unknown_event"),
]


@pytest.mark.parametrize("step,event,args,code", [c[1:] for c in HOST_CASES],
                         ids=[c[0] for c in HOST_CASES])
def test_host_refusals_change_nothing(host, screen, step, event, args, code):
    at(host, step)
    refused_and_unchanged(host, screen, host, event, *args, code=code)


def test_moderate_with_an_unknown_status(host, screen, phone):
    at(host, "safe-moment")
    rid = phone.reflect("safe-moment", "stays on the wall")["reflection"]["id"]
    assert {"id": rid, "text": "stays on the wall"} in screen.sync()["wall"]
    for status in ("deleted", None, True):
        refused_and_unchanged(host, screen, host, "moderate",
                              {"cid": CID, "id": rid, "status": status}, code="bad_request")
    assert {"id": rid, "text": "stays on the wall"} in screen.sync()["wall"]


@pytest.mark.parametrize("event,args", [("vote", (vote("trust-word", ["calm"]),)),
                                        ("next", ({"cid": CID},))])
def test_the_screen_is_read_only(host, screen, event, args):
    at(host, "trust-word")
    refused_and_unchanged(host, screen, screen, event, *args, code="unknown_event")


# --- the replay of a session (/replay): read only, and as strict -----------------------------

@pytest.fixture(scope="module")
def replay(room, session_code, host):
    at(host, "trust-word")
    console = room.replay_console(session_code).connect()
    projector = room.replay_screen(session_code).connect()
    yield console, projector
    console.disconnect()
    projector.disconnect()


def replay_world(room, host, screen, replay):
    console, projector = replay
    status = room.app.extensions["workshop.replays"].replays[console.code].status()
    return world(host, screen), console.sync(), projector.sync(), status


REPLAY_CASES = [
    # id, event, arguments, error
    ("play: a string", "play", ("play",), "bad_request"),
    ("play: no payload", "play", (), "bad_request"),
    ("pause: a list", "pause", ([],), "bad_request"),
    ("next: null", "next", (None,), "bad_request"),
    ("timeline: two payloads", "timeline", ({}, {}), "bad_request"),
    ("sync: a number", "sync", (5,), "bad_request"),
    ("speed: NaN", "speed", ({"speed": float("nan")},), "bad_request"),    # no JSON number
    ("speed: infinite", "speed", ({"speed": float("inf")},), "bad_request"),
    ("speed: a string", "speed", ({"speed": "2"},), "bad_request"),
    ("speed: true", "speed", ({"speed": True},), "bad_request"),
    ("seek: NaN", "seek", ({"at": float("nan")},), "bad_request"),
    ("jump: 1.0", "jump", ({"index": 1.0},), "bad_request"),
    ("a live command", "close_poll", ({"cid": CID, "step": "trust-word"},), "read_only"),
]


@pytest.mark.parametrize("event,args,code", [c[1:] for c in REPLAY_CASES],
                         ids=[c[0] for c in REPLAY_CASES])
def test_replay_refusals_change_nothing(room, host, screen, replay, event, args, code):
    replay[0].pause()
    before = replay_world(room, host, screen, replay)
    assert_error(send(replay[0], event, *fill(args)), code)
    assert replay_world(room, host, screen, replay) == before


@pytest.mark.parametrize("data,code", [('[["play"],{}]', "bad_request"), ('[7]', "bad_request"),
                                       ('[]', "bad_request"), ('"play"', "bad_request"),
                                       ('["disconnect"]', "read_only"),
                                       ('["connect"]', "read_only")],
                         ids=["a list for a name", "a number", "no name", "a string",
                              "named disconnect", "named connect"])
@pytest.mark.parametrize("audience", ["console", "screen"])
def test_every_replay_event_is_answered(room, host, screen, replay, audience, data, code):
    replay[0].pause()
    client = replay[0] if audience == "console" else replay[1]
    before = replay_world(room, host, screen, replay)
    acks = client.sio.raw(f"2/replay,99{data}")
    assert acks is not None and len(acks) == 1, acks
    assert_error(acks[0], code)
    assert replay_world(room, host, screen, replay) == before
    assert client.sync()["phase"]                     # still connected, still watching


def test_the_replay_screen_only_watches(room, host, screen, replay):
    replay[0].pause()
    before = replay_world(room, host, screen, replay)
    assert_error(send(replay[1], "play", {}), "read_only")
    assert_error(send(replay[1], "sync", "sync"), "bad_request")
    assert replay_world(room, host, screen, replay) == before


# --- floods and oversized payloads ----------------------------------------------------------

def test_votes_faster_than_a_person_are_slowed_down(host, screen, connect_phone):
    at(host, "appreciation-often")                       # scale 1..5
    flooder, other = connect_phone(), connect_phone()
    answered = host.sync()["answered"]
    acks = [send(flooder, "vote", {"cid": new_cid(), "step": "appreciation-often",
                                   "answer": 1 + i % 5}) for i in range(60)]
    accepted = [i for i, ack in enumerate(acks) if ack.get("ok")]
    slowed = [ack for ack in acks if not ack.get("ok")]
    assert accepted and slowed
    for ack in slowed:
        assert_error(ack, "too_fast")
    # the server keeps serving everyone else, at once
    assert other.vote("appreciation-often", 3)["answer"] == 3
    view = host.sync()
    assert view["answered"] == answered + 2              # the flooder counts once
    # Once the flooder's budget has refilled (a person's pace), their own last vote stands.
    assert once_allowed(flooder.sync)["me"]["answers"] == \
        {"appreciation-often": 1 + accepted[-1] % 5}


def once_allowed(command, timeout=5.0):
    """The command's result as soon as the sender's budget lets it through."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return command()
        except ServerRefused as refused:
            if refused.ack["error"] != "too_fast" or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


# --- event names: reserved, not strings, no event at all ------------------------------------
#
# Sent as raw socket.io packets (`2/<namespace>,<ack id><data>`): the data of an event packet
# is the list [name, *arguments]. python-socketio dispatches on the name, and `connect`,
# `disconnect` and `*` are the names of its lifecycle and catch-all handlers.

RAW_CASES = [
    # id, the packet's data, error
    ("named disconnect", '["disconnect"]', "unknown_event"),
    ("named disconnect, with a payload", '["disconnect",{"cid":"d1"}]', "unknown_event"),
    ("named connect", '["connect"]', "unknown_event"),
    ("named connect, with an auth", '["connect",null,{"code":"%(code)s","token":"%(token)s"}]',
     "unknown_event"),
    ("named *", '["*"]', "unknown_event"),
    ("named *, with a payload", '["*",{"cid":"s1"}]', "unknown_event"),
    ("named *, with a name", '["*","sync",{}]', "unknown_event"),
    ("a number for a name", '[7,{"cid":"n1"}]', "bad_request"),
    ("null for a name", '[null]', "bad_request"),
    ("true for a name", '[true,{}]', "bad_request"),
    ("a list for a name", '[["sync"],{}]', "bad_request"),
    ("a dict for a name", '[{"event":"sync"}]', "bad_request"),
    ("no name at all", '[]', "bad_request"),
    ("a dict, not a list", '{"0":"sync"}', "bad_request"),
    ("a string, not a list", '"sync"', "bad_request"),
    ("a number, not a list", '-7', "bad_request"),
    ("no data", '', "bad_request"),
]


def raw_refused_and_unchanged(host, screen, client, data, code, phones=()):
    before = world(host, screen, phones)
    acks = client.sio.raw(f"2{client.namespace},99{data}")
    assert acks is not None and len(acks) == 1, acks
    assert_error(acks[0], code)
    assert world(host, screen, phones) == before


@pytest.mark.parametrize("data,code", [c[1:] for c in RAW_CASES], ids=[c[0] for c in RAW_CASES])
@pytest.mark.parametrize("audience", ["phone", "host", "screen"])
def test_every_event_name_is_answered_and_runs_no_lifecycle_handler(
        room, session_code, host, screen, connect_phone, audience, data, code):
    at(host, "trust-word")
    phone = connect_phone()
    before = phone.sync()["me"]
    client = {"phone": phone, "host": host, "screen": screen}[audience]
    data = data % {"code": session_code, "token": new_cid() * 2}
    raw_refused_and_unchanged(host, screen, client, data, code, phones=[phone])
    # The connection still works, as who it was: no disconnect or connect handler ran.
    assert client.sync()
    assert phone.sync()["me"] == before
    assert phone.vote("trust-word", ["steady"])["ok"]


def test_the_default_namespace_takes_no_connection(room):
    # No client of ours uses "/": connected there, a client's events had no handler to answer.
    from workshop.extensions import socketio as server_side
    client = server_side.test_client(room.app, namespace="/")
    assert not client.is_connected("/")


def test_a_binary_event_whose_placeholder_names_no_attachment(host, screen, phone):
    at(host, "trust-word")
    before = world(host, screen, [phone])
    acks = phone.sio.raw('51-/phone,98["vote",{"cid":"b1","step":"trust-word",'
                         '"answer":{"_placeholder":true,"num":3}}]', b"\x00")
    assert acks is not None and len(acks) == 1, acks
    assert_error(acks[0], "bad_request")
    assert world(host, screen, [phone]) == before
    assert phone.sync()["me"]


def test_a_binary_event_without_attachments_is_an_event(host, screen, phone):
    # `50-`: binary, with no attachment to wait for; the next packet is no attachment of it.
    at(host, "trust-word")
    before = world(host, screen, [phone])
    acks = phone.sio.raw('50-/phone,97["hack",{}]')
    assert acks is not None and len(acks) == 1, acks
    assert_error(acks[0], "unknown_event")
    assert world(host, screen, [phone]) == before
    assert phone.sync()["me"]
