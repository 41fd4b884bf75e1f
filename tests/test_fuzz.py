"""Every payload, every event, an answer: a property-based fuzz test of the socket.io protocol.

Hypothesis makes events for every namespace (/phone, /host, /screen and the replay's /replay):
the commands of the table in workshop/protocol.py with payloads close to valid ones (the
fields of the command, valid for the session as it is, then a field dropped, another added, a
value swapped for any JSON or for a near miss of its type: `true` for 1, 1.0 for 1, 0 for
false, a list for a string), the commands of other namespaces, unknown names, the names
python-socketio keeps for itself (`connect`, `disconnect`, `*`), names that are no string, and
packets no client library sends (data that is no event, JSON nested 30,000 deep, no JSON at
all, NaN, a number of 5,000 digits, binary placeholders that name no attachment), sent raw.
With whatever arguments: none, one, several, any JSON, nested, huge numbers, bytes.

For every one of them:
- an acknowledgement with one argument, `{ok: true, ...}` or `{ok: false, error, message}`
  with an error code of workshop/messages.py and a message to show;
- accepted only when well typed, as docs/protocol.md names the types (TYPES below, read from
  the document and not from the server's code), or as a retry of a cid already accepted;
- refused: nothing changed, as the console, the screen, every phone (and, for /replay, the
  replay's console, screen and status) see it;
- nothing logged at ERROR.

In-process (tests/inprocess.py: the real app, handlers, hub and store under Flask-SocketIO's
test client), every packet through python-socketio's own decoding and dispatch. The wire and
the runtimes are test_bad_wire.py's. `make test` runs the "ci" profile: FUZZ_EXAMPLES (150)
examples, derandomized, a few seconds. The long form, with a summary (events tried, examples,
refusals by code, failures): `workshop fuzz --examples 5000`, which runs this file with
HYPOTHESIS_PROFILE=long.
"""
from __future__ import annotations

import json
import math
import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from socketio import packet

from inprocess import Room, errors_logged, make_app
from refusals import SCRIPT, without_presence
from workshop import protocol
from workshop.client import new_cid
from workshop.messages import ERRORS
from workshop.protocol import HOST, PHONE, SCREEN
from workshop.script.model import PairStep, PollStep

REPLAY = "/replay"
NAMESPACES = (PHONE, HOST, SCREEN, REPLAY)

settings.register_profile(
    "ci", max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)), deadline=None,
    derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "long", max_examples=int(os.environ.get("FUZZ_EXAMPLES", 5000)), deadline=None,
    database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# --- what the protocol says ------------------------------------------------------------------

# The replay's console commands (workshop/training/replay_ns.py, docs/training.md): not in the
# table, which is the live protocol's.
REPLAY_COMMANDS = {"sync": (), "play": (), "pause": (), "next": (), "previous": (),
                   "timeline": (), "speed": ("speed",), "seek": ("at",), "jump": ("index",)}


def fields_of(namespace: str, event: str) -> tuple[str, ...] | None:
    """The payload's fields of a command of this namespace (cid first), None for no command."""
    if namespace == REPLAY:
        return REPLAY_COMMANDS.get(event)
    try:
        command = protocol.lookup(namespace, event)
    except KeyError:
        return None
    return (("cid",) if command.cid else ()) + tuple(p.key for p in command.params)


ALL_EVENTS = sorted({c.event for c in protocol.COMMANDS} | set(REPLAY_COMMANDS))


def is_int(v):
    return type(v) is int


def is_str(v):
    return type(v) is str


def is_bool(v):
    return type(v) is bool


def is_number(v):
    return type(v) in (int, float) and math.isfinite(v)


# The type of each field, as docs/protocol.md (and docs/training.md, for /replay) names it.
TYPES = {
    "cid": lambda v: is_str(v) and 1 <= len(v) <= 64,
    "name": lambda v: v is None or is_str(v),
    "step": is_str,
    "answer": lambda v: is_int(v) or (type(v) is list and (all(map(is_int, v)) or
                                                             all(map(is_str, v)))),
    "text": is_str,
    "one_phone": is_bool,
    "couple": is_str,
    "request": is_str,
    "yes": is_bool,
    "round": is_int,
    "seat": lambda v: v is None or is_int(v),
    "author": is_int,
    "kind": is_str,
    "index": is_int,
    "shown": is_bool,
    "id": is_str,
    "status": is_str,
    "participants": lambda v: type(v) is list and all(map(is_str, v)),
    "minutes": is_number,
    "speed": is_number,
    "at": is_number,
}
OPTIONAL = {(PHONE, "join"): {"name"}, (PHONE, "couple_create"): {"one_phone"},
            (PHONE, "pair_note"): {"seat"}}
RESERVED = ["connect", "disconnect", "*", "message", "json", "connect_error", "disconnecting",
            "newListener", "removeListener", "error", "malformed", "reserved"]


def well_typed(namespace, event, args) -> str | None:
    """Why an accepted command should have been refused, or None when it is well typed."""
    fields = fields_of(namespace, event)
    if fields is None:
        return f"{event!r} is no command of {namespace}"
    if len(args) != 1 or type(args[0]) is not dict:
        return f"arguments {args!r:.200}: not one object"
    data = args[0]
    for key in fields:
        if key not in data:
            if key not in OPTIONAL.get((namespace, event), ()):
                return f"{key} missing"
        elif not TYPES[key](data[key]):
            return f"{key} = {data[key]!r:.100}"
    return None


# --- the session, and everyone in it ---------------------------------------------------------

class World:
    """The fuzzed session: a console, a screen, five phones (one not joined, one joined and
    single, a couple on two phones, a couple on one) and the session's replay. What an accepted
    command took away is made again before the next example: a new session after `end`, new
    phones for a couple that was dissolved or a single that made a couple."""

    def __init__(self, room: Room):
        self.room = room
        self.phones: dict = {}
        self.clients: list = []
        self.known = None       # what everyone saw after the last example, when it changed nothing
        self.new_session()

    def connect(self, client):
        self.clients.append(client)
        return client.connect()

    def new_session(self):
        for client in self.clients:
            client.disconnect()
        self.clients, self.phones = [], {}
        self.code = self.room.start()
        self.host = self.connect(self.room.host(self.code))
        self.screen = self.connect(self.room.screen(self.code))
        self.console = self.connect(self.room.replay_console(self.code))
        self.projector = self.connect(self.room.replay_screen(self.code))

    def phone(self, join=True):
        phone = self.connect(self.room.phone(self.code))
        if join:
            phone.join("Fuzz")
        return phone

    def prepare(self, step_index: int | None, keep_ended: bool) -> list:
        """Every role filled, and the session at the step (None: where it is); returns what
        everyone sees. An ended session is kept as it is when `keep_ended`, for an example."""
        seen = self.known or self.seen()
        self.known = None
        host, _, me = seen
        if host["phase"] == "ended" and keep_ended:
            return seen
        changed = False
        if host["phase"] == "ended" or len(self.clients) > 40:
            self.new_session()
            changed, me = True, {}
        if "fresh" not in me or me["fresh"] is not None:
            self.phones["fresh"] = self.phone(join=False)
            changed = True
        if not me.get("single") or me["single"]["couple"] is not None:
            self.phones["single"] = self.phone()
            changed = True
        a, b = me.get("a"), me.get("b")
        if not (a and b and a["couple"] and b["couple"] and a["couple"]["complete"]
                and a["couple"]["code"] == b["couple"]["code"]):
            self.phones["a"], self.phones["b"] = self.phone(), self.phone()
            self.phones["a"].couple_with(self.phones["b"])
            changed = True
        solo = me.get("solo")
        if not (solo and solo["couple"] and solo["couple"]["one_phone"]):
            self.phones["solo"] = self.phone()
            self.phones["solo"].create_couple(one_phone=True)
            changed = True
        index = self.host.sync()["index"] if changed else host["index"]
        if step_index is not None and index != step_index:
            self.host.jump(step_index)
            changed = True
        return self.seen() if changed else seen

    def seen(self):
        """All that a refused command could have changed, as the audiences see it."""
        return [without_presence(self.host.sync()), self.screen.sync(),
                {role: p.sync()["me"] for role, p in self.phones.items()}]

    def replay_seen(self):
        """The same of the replay: its console's and screen's views and its status."""
        replays = self.room.app.extensions["workshop.replays"].replays
        return [self.console.sync(), self.projector.sync(), replays[self.code].status()]

    def sender(self, namespace, role):
        return {HOST: self.host, SCREEN: self.screen}.get(namespace) or \
            (self.phones[role] if namespace == PHONE else
             self.console if role == "console" else self.projector)


# --- the strategies --------------------------------------------------------------------------

LEAVES = (st.none() | st.booleans() | st.integers() |
          st.integers(min_value=-(2 ** 70), max_value=2 ** 70) |
          st.sampled_from([0, 1, -1, 2 ** 31, 2 ** 53 + 1, 2 ** 64, 10 ** 30, 0.0, 1.0, -0.0,
                           1e308, 5e-324]) |
          st.floats(allow_nan=True, allow_infinity=True) |
          st.text(max_size=20) | st.sampled_from(["", " ", "\u202e", "\u200b", "x" * 600]) |
          st.binary(max_size=8))
ANY = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) |
                   st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


@st.composite
def nested(draw):
    """A value 1 to 60 levels deep: around the decoder's limit of 16."""
    value = draw(LEAVES)
    for _ in range(draw(st.integers(1, 60))):
        value = [value] if draw(st.booleans()) else {"k": value}
    return value


ANY_DEEP = ANY | nested()

NEAR = {   # near misses of a type: what a careless client (or JavaScript) sends instead
    "int": [True, False, 1.0, 0.0, "1", "0", None, [1], {}, 2 ** 64, -1, 10 ** 30, 1.5],
    "bool": [0, 1, None, "true", "false", "yes", [], {}, 1.0, "", [True]],
    "str": [0, 1, None, True, [], ["x"], {}, "", " ", "x" * 10_000, "\u202e", 0.0],
    "list": ["a", {}, [None], [[]], None, 0, [True], [1.0], ["x"] * 50],
}
NEAR_OF = {"round": "int", "seat": "int", "author": "int", "index": "int", "minutes": "int",
           "speed": "int", "at": "int", "one_phone": "bool", "yes": "bool", "shown": "bool",
           "answer": "list", "participants": "list"}
CIDS = ["reused-1", "reused-2", "reused-3"]   # cids sent again, by other commands too


def valid(key, ctx):
    """A valid value of a field for the session as it is now (or near it)."""
    step = ctx["step"]
    if key == "cid":
        return st.sampled_from(CIDS) | st.builds(new_cid)
    if key == "step":
        return st.sampled_from([step.id] * 4 + [s.id for s in SCRIPT.steps] if step
                               else [s.id for s in SCRIPT.steps])
    if key == "answer":
        if isinstance(step, PollStep):
            if step.type == "single":
                return st.integers(-1, len(step.options))
            if step.type == "multiple":
                return st.lists(st.integers(0, len(step.options) - 1), min_size=1, max_size=3)
            if step.type == "scale":
                return st.integers(step.scale.min - 1, step.scale.max + 1)
            return st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4)
        return st.integers(0, 3) | st.lists(st.text(max_size=8), max_size=3)
    if key in ("name", "text"):
        return st.text(max_size=45 if key == "name" else 510) | \
            (st.none() if key == "name" else st.just("a thought"))
    if key == "couple":
        return st.sampled_from(ctx["couples"] or ["ABCD"]) | st.text(max_size=6)
    if key == "request":
        return st.sampled_from(ctx["requests"] or ["q0"]) | st.text(max_size=6)
    if key == "round":
        return st.sampled_from([ctx["round"]] * 3 + [0, 1, 2])
    if key in ("seat", "author"):
        return st.sampled_from([0, 1] + ([None] if key == "seat" else []))
    if key == "kind":
        return st.sampled_from(["pause", "skip", "ok", "nap"])
    if key == "index":
        return st.integers(-2, len(SCRIPT.steps))
    if key in ("one_phone", "yes", "shown"):
        return st.booleans()
    if key == "id":
        return st.sampled_from(ctx["reflections"] or ["r0"]) | st.text(max_size=6)
    if key == "status":
        return st.sampled_from(["shown", "hidden", "held"])
    if key == "participants":
        return st.lists(st.sampled_from(ctx["aliases"] or ["a0"]) | st.text(max_size=5),
                        max_size=4)
    if key == "minutes":
        return st.integers(-1, 31) | st.floats(0, 31)
    if key in ("speed", "at"):
        return st.floats(-10, 1e10) | st.integers(-10, 100)
    return ANY


@st.composite
def payload(draw, fields, ctx):
    """The command's payload, valid for the session, then perhaps mutated."""
    data = {key: draw(valid(key, ctx)) for key in fields}
    for _ in range(draw(st.integers(0, 3))):
        how = draw(st.sampled_from(["drop", "any", "near", "extra"]))
        key = draw(st.sampled_from(fields)) if fields else None
        if how == "drop" and key:
            data.pop(key, None)
        elif how == "any" and key:
            data[key] = draw(ANY_DEEP)
        elif how == "near" and key:
            data[key] = draw(st.sampled_from(NEAR[NEAR_OF.get(key, "str")]))
        else:
            data[draw(st.sampled_from(["extra", "cid", "step", "__proto__", ""]))] = draw(ANY)
    return data


@st.composite
def arguments(draw, fields, ctx):
    """The event's arguments: mostly one payload; sometimes none, several, or anything."""
    if fields is not None and draw(st.integers(0, 9)) < 8:
        args = [draw(payload(fields, ctx))]
        if draw(st.integers(0, 9)) == 0:
            args.append(draw(ANY))
        return args
    return draw(st.lists(ANY_DEEP, max_size=3))


def encoded(namespace, ack_id, name, args):
    """The packet an event with this name and these arguments is on the wire, as python-socketio
    makes it: text, and binary attachments for bytes."""
    made = packet.Packet(packet.EVENT, data=[name, *args], namespace=namespace, id=ack_id).encode()
    return (made, ()) if isinstance(made, str) else (made[0], tuple(made[1:]))


def raw_packets(namespace, ack_id):
    """Packets no client library sends: (text, attachments)."""
    head = f"2{namespace},{ack_id}"
    deep = st.integers(17, 30_000).map(lambda n: "[" * n + "]" * n)
    return st.one_of(
        st.sampled_from(["", "[]", "{}", '"sync"', "-7", "null", "true", "[1]", "[null,{}]",
                         '[["sync"],{}]', '[{"0":1}]', "[1.5]", '["sync",NaN]',
                         '["speed",{"speed":Infinity}]', "[", '["sync",{}', "\ud800"])
        .map(lambda data: (head + data, ())),
        deep.map(lambda text: (head + text, ())),
        deep.map(lambda text: (f'{head}["vote",{{"cid":"x","step":{text}}}]', ())),
        st.text(max_size=30).map(lambda text: (head + text, ())),
        st.sampled_from(ALL_EVENTS).map(
            lambda event: (f'{head}["{event}",{{"cid":"big","index":{"9" * 5000}}}]', ())),
        st.integers(-1, 3).map(lambda num: (
            f'51-{namespace},{ack_id}["vote",{{"cid":"b","answer":{{"_placeholder":true,'
            f'"num":{num}}}}}]', (b"\x00",))),
        st.sampled_from(ALL_EVENTS).map(lambda event: (f'50-{namespace},{ack_id}["{event}",{{}}]',
                                                       ())),
    )


def context(seen, role):
    host, _, me = seen[:3]
    step = SCRIPT.steps[host["index"]] if host["index"] >= 0 else None
    mine = me.get(role) or {}
    couple = mine.get("couple") or {}
    return {"step": step,
            "couples": [c["couple"] for c in host["couples"]],
            "aliases": [s["alias"] for s in host["singles"]],
            "reflections": [r["id"] for r in host["queue"]],
            "requests": [r["id"] for r in couple.get("requests") or []],
            "round": (mine.get("pair") or {}).get("round", 0)}


# Steps to fuzz at, more often where more commands can be accepted.
AT = [-1] + [i for i, s in enumerate(SCRIPT.steps) for _ in
             range(3 if isinstance(s, (PollStep, PairStep)) or s.kind == "reflection" else 1)]

# --- the test --------------------------------------------------------------------------------

STATS = Counter()
FAILURES: list[str] = []


@pytest.fixture(scope="module")
def room(tmp_path_factory, request):
    # A person's pace of commands is not what is fuzzed here (test_bad_input.py tests it).
    database = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'workshop.db'}"
    with errors_logged() as errors:
        yield Room(make_app(database, COMMANDS_PER_SECOND=1e6, COMMAND_BURST=10 ** 6,
                            SCREEN_SYNCS_BURST=10 ** 6, JOINS_BURST=10 ** 6,
                            COUPLE_CODE_GUESSES="1000000 per minute")), errors
    report(request.config)
    assert not errors, [e.getMessage() for e in errors][:5]


@pytest.fixture(scope="module")
def world(room):
    return World(room[0])


def report(config):
    refused = sorted((k[8:], n) for k, n in STATS.items() if k.startswith("refused "))
    events = sorted(k[6:] for k in STATS if k.startswith("event "))
    lines = [f"fuzz: {STATS['examples']} examples, {len(events)} events tried "
             f"({STATS['raw']} raw packets), {STATS['accepted']} accepted, "
             f"{sum(n for _, n in refused)} refused, {len(FAILURES)} failures",
             "fuzz: refused by code: " + ", ".join(f"{code} {n}" for code, n in refused)]
    lines += [f"fuzz: failure: {f}" for f in FAILURES[:20]]
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    for line in lines:
        if reporter is not None:
            reporter.write_line(line)
        else:
            print(line)


def fail(what):
    FAILURES.append(what)
    pytest.fail(what)


def answered(acks, what) -> dict:
    if acks is None:
        fail(f"no acknowledgement: {what}")
    if len(acks) != 1 or not isinstance(acks[0], dict) or not isinstance(acks[0].get("ok"), bool):
        fail(f"an acknowledgement of no answer {acks!r:.200}: {what}")
    ack = acks[0]
    if not ack["ok"] and (ack.get("error") not in ERRORS or not isinstance(ack.get("message"), str)
                          or not ack["message"].strip()):
        fail(f"a refusal without a known code and a message {ack!r:.200}: {what}")
    return ack


accepted_cids: set = set()


@PROFILE
@given(st.data())
def test_every_event_of_every_namespace_gets_an_answer(room, world, data):
    errors = room[1]
    logged = len(errors)
    namespace = data.draw(st.sampled_from(NAMESPACES), "namespace")
    role = data.draw(st.sampled_from(["fresh", "single", "a", "b", "solo"] if namespace == PHONE
                                     else ["console", "screen"] if namespace == REPLAY
                                     else [None]), "role")
    seen = world.prepare(data.draw(st.none() | st.sampled_from(AT), "step"),
                         keep_ended=data.draw(st.booleans(), "keep an ended session"))
    if namespace == REPLAY:
        world.console.pause()                 # a replay that plays changes by itself
        seen = seen + world.replay_seen()
    client = world.sender(namespace, role)
    ctx = context(seen, role)
    ack_id = data.draw(st.integers(0, 10 ** 6), "ack id")

    kind = data.draw(st.sampled_from(["own"] * 8 + ["other", "unknown", "reserved",
                                                    "not a string", "raw", "raw"]), "kind")
    own = list(REPLAY_COMMANDS) if namespace == REPLAY else \
        [c.event for c in protocol.of(namespace)]
    name = args = None
    if kind == "raw":
        text, attachments = data.draw(raw_packets(namespace, ack_id), "packet")
        what = f"{namespace} raw {text[:120]!r}"
        STATS["raw"] += 1
    else:
        name = data.draw({"own": st.sampled_from(own),
                          "other": st.sampled_from(ALL_EVENTS),
                          "unknown": st.text(max_size=20),
                          "reserved": st.sampled_from(RESERVED),
                          "not a string": ANY.filter(lambda v: not isinstance(v, str)),
                          }[kind], "name")
        fields = fields_of(namespace, name) if isinstance(name, str) else None
        if fields is None and isinstance(name, str) and kind == "other":
            fields = next(f for ns in NAMESPACES if (f := fields_of(ns, name)) is not None)
        args = data.draw(arguments(fields, ctx), "arguments")
        try:
            text, attachments = encoded(namespace, ack_id, name, args)
        except ValueError:          # an int of more than 4300 digits: Python will not write it
            reject()
        what = f"{namespace} {role or ''} {name!r:.40} {json.dumps(args, default=repr)[:300]}"
    STATS["examples"] += 1
    STATS[f"event {namespace} {name if isinstance(name, str) and kind != 'unknown' else kind}"] += 1

    try:
        acks = client.sio.raw(text, *attachments)
    except Exception as exc:                    # the server raised: no answer, a traceback
        fail(f"{type(exc).__name__}: {exc} — {what}")
    ack = answered(acks, what)
    if len(errors) > logged:
        fail(f"logged at ERROR: {errors[logged].getMessage()[:200]} — {what}")

    if ack["ok"]:
        STATS["accepted"] += 1
        cid = args[0].get("cid") if args and isinstance(args[0], dict) else None
        retry = isinstance(cid, str) and (namespace, role, name, cid) in accepted_cids
        why = None if retry else well_typed(namespace, name, args or []) if kind != "raw" \
            else "a raw packet"
        if why:
            fail(f"accepted, but {why}: {what}")
        if isinstance(cid, str):
            accepted_cids.add((namespace, role, name, cid))
    else:
        STATS[f"refused {ack['error']}"] += 1
        after = world.seen() + (world.replay_seen() if namespace == REPLAY else [])
        if after != seen:
            fail(f"refused ({ack['error']}) and yet changed: {what}")
        world.known = after[:3]
