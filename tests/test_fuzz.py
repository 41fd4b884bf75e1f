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
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from socketio import packet

from inprocess import Room, errors_logged, make_app
from refusals import SCRIPT, untimed, without_presence
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
    "word": is_str,
    "question": lambda v: v is None or is_str(v),    # null: question_show shows none
    "up": is_bool,
    "answered": is_bool,
}
OPTIONAL = {(PHONE, "join"): {"name"}, (PHONE, "couple_create"): {"one_phone"},
            (PHONE, "pair_note"): {"seat"}, (PHONE, "question_vote"): {"up"}}
RESERVED = ["connect", "disconnect", "*", "message", "json", "connect_error", "disconnecting",
            "newListener", "removeListener", "error", "malformed", "reserved"]


def ill_typed(namespace, event, args) -> str | None:
    """Why an accepted command should have been refused, or None when it is well typed."""
    fields = fields_of(namespace, event)
    if fields is None:
        return "no command of the namespace"
    if len(args) != 1 or type(args[0]) is not dict:
        return "arguments not one object"
    data = args[0]
    for key in fields:
        if key not in data:
            if key not in OPTIONAL.get((namespace, event), ()):
                return f"{key} missing"
        elif not TYPES[key](data[key]):
            return f"{key} a {type(data[key]).__name__}"
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
            try:
                client.disconnect()
            except Exception:       # a client an earlier failure broke
                pass
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

    def prepare(self, step_index: int | None, keep_ended: bool, on: bool = False) -> list:
        """Every role filled, and the session at the step (None: where it is); returns what
        everyone sees. An ended session is kept as it is when `keep_ended`, for an example.
        `on`: at a pair step, the couples in their second round (where notes are written)."""
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
            changed, index = True, step_index
        if on and index in PAIRS:
            step = SCRIPT.steps[index].id
            for role in ("a", "b", "solo"):
                pair = self.phones[role].sync()["me"]["pair"]
                if pair and pair["round"] == 0 and not pair["done"] and not pair["finished"]:
                    self.phones[role].done(step, 0)
                    changed = True
        return self.seen() if changed else seen

    def seen(self):
        """All that a refused command could have changed, as the audiences see it."""
        return [without_presence(untimed(self.host.sync())), untimed(self.screen.sync()),
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
           "answer": "list", "participants": "list", "up": "bool", "answered": "bool"}
CIDS = ["reused-1", "reused-2", "reused-3"]   # cids sent again, by other commands too


class Pick:
    """A value that depends on the session as it is when the example runs (the current step, a
    couple's code, …): drawn as a number, resolved after every draw. Hypothesis wants what it
    draws to depend on nothing but its own choices."""

    def __init__(self, what, n):
        self.what, self.n = what, n

    def __repr__(self):
        return f"Pick({self.what!r}, {self.n!r})"

    def resolve(self, ctx):
        step, n = ctx["step"], self.n
        if self.what == "step":
            return step.id if step and n < 4 else SCRIPT.steps[n % len(SCRIPT.steps)].id
        if self.what == "round":
            return ctx["round"] if n < 3 else n - 3
        if self.what == "answer":
            one, many, words = n
            if not isinstance(step, PollStep) or step.type == "words":
                return words if isinstance(step, PollStep) else [one, many, words][one % 3]
            if step.type == "scale":
                return step.scale.min - 1 + one % (step.scale.max - step.scale.min + 3)
            return one if step.type == "single" else many
        found = ctx[self.what]
        return found[n % len(found)] if found else f"no-{self.what}"


def resolve(value, ctx):
    if isinstance(value, Pick):
        return value.resolve(ctx)
    if isinstance(value, list):
        return [resolve(v, ctx) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, ctx) for k, v in value.items()}
    return value


def pick(what, most=5):
    return st.integers(0, most).map(lambda n: Pick(what, n))


def valid(key):
    """A valid value of a field for the session as it will be (or one near it)."""
    if key == "cid":
        return st.sampled_from(CIDS) | st.builds(new_cid)
    if key == "step":
        return pick("step", 9)
    if key == "round":
        return pick("round")
    if key == "answer":
        return st.tuples(st.integers(-1, 12),
                         st.lists(st.integers(-1, 12), min_size=1, max_size=3),
                         st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4)
                         ).map(lambda n: Pick("answer", n))
    if key == "name":
        return st.text(max_size=45) | st.none()
    if key == "text":
        return st.text(max_size=510) | st.just("a thought")
    if key in ("couple", "request", "id", "question"):
        return pick({"couple": "couples", "id": "reflections", "question": "questions"}.get(
            key, "requests")) | st.text(max_size=6)
    if key == "participants":
        return st.lists(pick("aliases") | st.text(max_size=5), max_size=4)
    if key in ("seat", "author"):
        return st.sampled_from([0, 1] + ([None] if key == "seat" else []))
    if key == "kind":
        return st.sampled_from(["pause", "skip", "ok", "nap"])
    if key == "index":
        return st.integers(-2, len(SCRIPT.steps))
    if key in ("one_phone", "yes", "shown", "up", "answered"):
        return st.booleans()
    if key == "status":
        return st.sampled_from(["shown", "hidden", "held"])
    if key == "minutes":
        return st.integers(-1, 31) | st.floats(0, 31)
    if key in ("speed", "at"):
        return st.floats(-10, 1e10) | st.integers(-10, 100)
    return ANY


@st.composite
def payload(draw, fields):
    """The command's payload, valid for the session, then perhaps mutated."""
    data = {key: draw(valid(key)) for key in fields}
    how = draw(st.sampled_from(["as it is", "one near miss", "one near miss", "mutated",
                                "mutated"]))
    if how == "as it is" or not fields and how == "one near miss":
        return data
    if how == "one near miss":      # valid but for one field: it must be refused for that one
        key = draw(st.sampled_from(fields))
        data[key] = draw(st.sampled_from(NEAR[NEAR_OF.get(key, "str")]))
        return data
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["drop", "any", "near", "near", "near", "extra"]))
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
def arguments(draw, fields):
    """The event's arguments: mostly one payload; sometimes none, several, or anything."""
    if fields is not None and draw(st.integers(0, 9)) < 8:
        args = [draw(payload(fields))]
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
    """Packets no client library sends: (text, attachments, and the (name, arguments) of the
    event it is when it is a well-formed one, else None)."""
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
                                                       (), (event, [{}]))),
    ).map(lambda drawn: drawn if len(drawn) == 3 else (*drawn, None))


def context(seen, role):
    host, _, me = seen[:3]
    step = SCRIPT.steps[host["index"]] if host["index"] >= 0 else None
    mine = me.get(role) or {}
    couple = mine.get("couple") or {}
    return {"step": step,
            "couples": [c["couple"] for c in host["couples"]],
            "aliases": [s["alias"] for s in host["singles"]],
            "reflections": [r["id"] for r in host["queue"]],
            "questions": [q["id"] for q in host.get("questions") or []],
            "requests": [r["id"] for r in couple.get("requests") or []],
            "round": (mine.get("pair") or {}).get("round", 0)}


# Steps to fuzz at, more often where more commands can be accepted; and for a command, mostly
# where it can be, and from the phone that would send it: most payloads then fail on one field.
AT = [-1] + [i for i, s in enumerate(SCRIPT.steps) for _ in
             range(3 if isinstance(s, (PollStep, PairStep)) or s.kind == "reflection" else 1)]
POLLS = [i for i, s in enumerate(SCRIPT.steps) if isinstance(s, PollStep)]
PAIRS = [i for i, s in enumerate(SCRIPT.steps) if isinstance(s, PairStep)]
REFLECTIONS = [i for i, s in enumerate(SCRIPT.steps) if s.kind == "reflection"]
SUITED = {"vote": POLLS, "close_poll": POLLS, "reopen_poll": POLLS, "show_results": POLLS,
          "reflect": REFLECTIONS, "moderate": REFLECTIONS, "pair_done": PAIRS,
          "pair_note": PAIRS, "pair_share": PAIRS, "care": PAIRS, "pair_extend": PAIRS,
          "pair_finish": PAIRS, "unpair": PAIRS}
SENDERS = {"join": ["fresh"], "couple_create": ["single"], "couple_join": ["single"],
           "couple_answer": ["a", "solo"], "couple_leave": ["a", "b", "solo"],
           "pair_done": ["a", "b", "solo"], "pair_note": ["a", "b", "solo", "solo"],
           "pair_share": ["a", "b", "solo"], "care": ["a", "b", "single"]}
PHONES = ["fresh", "single", "a", "b", "solo"]

# --- the test --------------------------------------------------------------------------------

STATS = Counter()
FAILURES: list[str] = []
# The long form goes on after a failure, to count them all; the test fails at its end.
KEEP_GOING = os.environ.get("FUZZ_KEEP_GOING") == "1"


class Finding(Exception):
    pass


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
    if KEEP_GOING:
        assert not FAILURES, f"{len(FAILURES)} failures; the first: {FAILURES[0]}"


@pytest.fixture(scope="module")
def world(room):
    return World(room[0])


def report(config):
    refused = sorted((k[8:], n) for k, n in STATS.items() if k.startswith("refused "))
    events = sorted(k[6:] for k in STATS if k.startswith("event "))
    lines = [f"fuzz: {STATS['examples']} examples, {len(events)} events tried "
             f"({STATS['raw']} raw packets), {STATS['accepted']} accepted, "
             f"{sum(n for _, n in refused)} refused, {len(FAILURES)} failures "
             f"of {len({kind for kind, _ in FAILURES})} kinds",
             "fuzz: refused by code: " + ", ".join(f"{code} {n}" for code, n in refused),
             "fuzz: examples by event: " + ", ".join(f"{e} {STATS['event ' + e]}"
                                                     for e in events)]
    kinds = Counter(kind for kind, _ in FAILURES)
    first = {}
    for kind, what in FAILURES:
        first.setdefault(kind, what)
    lines += [f"fuzz: failure x{n}: {problem} ({where}), e.g. {first[(problem, where)][:300]}"
              for (problem, where), n in kinds.most_common()]
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    for line in lines:
        if reporter is not None:
            reporter.write_line(line)
        else:
            print(line)


def fail(problem, where, what):
    """A failure: counted by its kind (problem, where), with the first example of each."""
    FAILURES.append(((problem, where), what))
    raise Finding(f"{problem} ({where}): {what}")


@contextmanager
def broken_world(world, where="", what=""):
    """A client that no longer gets answers (an earlier example broke it): a failure, and a new
    session for the next example."""
    try:
        yield
    except Exception as exc:
        world.known = None
        world.new_session()
        fail("the session no longer answers its clients", where,
             f"{exc!r:.200}{' after ' if what else ''}{what}")


def answered(acks, where, what) -> dict:
    if acks is None:
        fail("no acknowledgement", where, what)
    if len(acks) != 1 or not isinstance(acks[0], dict) or not isinstance(acks[0].get("ok"), bool):
        fail("an acknowledgement that is no answer", where, f"{acks!r:.200} to {what}")
    ack = acks[0]
    if not ack["ok"] and (ack.get("error") not in ERRORS or not isinstance(ack.get("message"), str)
                          or not ack["message"].strip()):
        fail("a refusal without a known code and a message", where, f"{ack!r:.200} to {what}")
    return ack


accepted_cids: set = set()


@PROFILE
@given(st.data())
def test_every_event_of_every_namespace_gets_an_answer(room, world, data):
    try:
        one_example(room, world, data)
    except Finding as finding:
        if not KEEP_GOING:
            pytest.fail(str(finding))       # Hypothesis shrinks it, and reports the smallest


def one_example(room, world, data):
    # Every draw first: what is drawn may not depend on the session (see Pick).
    namespace = data.draw(st.sampled_from(NAMESPACES), "namespace")
    kind = data.draw(st.sampled_from(["own"] * 8 + ["other", "unknown", "reserved",
                                                    "not a string", "raw", "raw"]), "kind")
    own = list(REPLAY_COMMANDS) if namespace == REPLAY else \
        [c.event for c in protocol.of(namespace)]
    event = data.draw(st.sampled_from(own), "command") if kind == "own" else None
    suited = data.draw(st.booleans(), "the command's own sender and step")
    role = data.draw(st.sampled_from(SENDERS.get(event, PHONES) if suited else PHONES)
                     if namespace == PHONE else st.sampled_from(["console", "screen"])
                     if namespace == REPLAY else st.none(), "role")
    step = data.draw(st.sampled_from(SUITED[event]) if suited and event in SUITED else
                     st.none() | st.sampled_from(AT), "step")
    on = data.draw(st.booleans(), "couples in their second round")
    keep_ended = data.draw(st.booleans(), "keep an ended session")
    ack_id = data.draw(st.integers(0, 10 ** 6), "ack id")
    name = args = None
    if kind == "raw":
        text, attachments, event = data.draw(raw_packets(namespace, ack_id), "packet")
        name, args = event or (None, None)
        what = f"{namespace} raw {text[:120]!r}"
    else:
        name = data.draw({"own": st.just(event),
                          "other": st.sampled_from(ALL_EVENTS),
                          "unknown": st.text(max_size=20),
                          "reserved": st.sampled_from(RESERVED),
                          "not a string": ANY.filter(lambda v: not isinstance(v, str)),
                          }[kind], "name")
        fields = fields_of(namespace, name) if isinstance(name, str) else None
        if fields is None and isinstance(name, str) and kind == "other":
            fields = next(f for ns in NAMESPACES if (f := fields_of(ns, name)) is not None)
        drawn = data.draw(arguments(fields), "arguments")
    where = f"{namespace} {name if isinstance(name, str) and kind in ('own', 'other') else kind}"

    errors = room[1]
    with broken_world(world):
        seen = world.prepare(step, keep_ended, on)
        if namespace == REPLAY:
            world.console.pause()                 # a replay that plays changes by itself
            seen = seen + world.replay_seen()
    client = world.sender(namespace, role)
    if kind != "raw":
        args = resolve(drawn, context(seen, role))
        try:
            text, attachments = encoded(namespace, ack_id, name, args)
        except ValueError:          # an int of more than 4300 digits: Python will not write it
            reject()
        what = f"{namespace} {role or ''} {name!r:.40} {json.dumps(args, default=repr)[:300]}"
    STATS["examples"] += 1
    STATS["raw"] += kind == "raw"
    STATS[f"event {where}"] += 1
    logged = len(errors)

    try:
        acks = client.sio.raw(text, *attachments)
    except Exception as exc:                    # the server raised: no answer, a traceback
        fail(f"no answer: the server raised {type(exc).__name__}", where, f"{exc!s:.100}: {what}")
    ack = answered(acks, where, what)
    if len(errors) > logged:
        fail("logged at ERROR", where, f"{errors[logged].getMessage()[:200]}: {what}")

    if ack["ok"]:
        STATS["accepted"] += 1
        cid = args[0].get("cid") if args and isinstance(args[0], dict) else None
        retry = isinstance(cid, str) and (namespace, role, name, cid) in accepted_cids
        why = None if retry else ill_typed(namespace, name, args or []) if name is not None \
            else "a raw packet that is no event"
        if why:
            fail(f"accepted, {why}", where, what)
        if isinstance(cid, str):
            accepted_cids.add((namespace, role, name, cid))
    else:
        STATS[f"refused {ack['error']}"] += 1
        with broken_world(world, where, what):
            after = world.seen() + (world.replay_seen() if namespace == REPLAY else [])
        if after != seen:
            fail(f"refused ({ack['error']}) and yet changed", where, what)
        world.known = after[:3]


# --- every near miss of every field ----------------------------------------------------------
#
# The random examples reach a given near miss of a given field (one of some 300) only now and
# then. Here each command of every namespace, set up where its valid payload is accepted, gets
# every near miss of NEAR that its field's type refuses, each required field missing, and a
# payload that is no object: all must be refused. The valid payload last, as the control that
# the case was one where only the type could be wrong.

def _at(host, step_id):
    host.jump([s.id for s in SCRIPT.steps].index(step_id))


def _couple(room, code, one_phone=False):
    a = room.phone(code).connect()
    a.join("A")
    if one_phone:
        a.create_couple(one_phone=True)
        return a, None
    b = room.phone(code).connect()
    b.join("B")
    a.couple_with(b)
    return a, b


def situation(room, namespace, event):
    """A new session where `event`, sent by the returned client with the returned payload,
    is accepted."""
    code = room.start()
    host = room.host(code).connect()
    joined = room.phone(code).connect()
    joined.join("J")
    cid = {"cid": "<new>"}
    if namespace == SCREEN:
        return room.screen(code).connect(), {}
    if namespace == REPLAY:
        host.jump(2)
        host.jump(4)
        console = room.replay_console(code).connect()
        status = console.pause()["status"]
        if event == "previous":
            console.jump(4)
        return console, {"speed": {"speed": 2}, "seek": {"at": status["start"]},
                         "jump": {"index": 2}}.get(event, {})
    if namespace == HOST:
        steps = {"previous": "trust-word", "close_poll": "hard-topic", "reopen_poll": "hard-topic",
                 "show_results": "hard-topic", "moderate": "safe-moment",
                 "pair_extend": "listening", "pair_finish": "listening", "unpair": "listening"}
        if event in steps:
            _at(host, steps[event])
        payload = {"sync": {}, "jump": {**cid, "index": 2},
                   "close_poll": {**cid, "step": "hard-topic"},
                   "reopen_poll": {**cid, "step": "hard-topic"},
                   "show_results": {**cid, "step": "hard-topic", "shown": True},
                   "pair_extend": {**cid, "minutes": 5}}.get(event, cid)
        if event == "reopen_poll":
            host.close_poll("hard-topic")
        if event == "moderate":
            rid = joined.reflect("safe-moment", "a moment")["reflection"]["id"]
            payload = {**cid, "id": rid, "status": "hidden"}
        if event == "pair_up":
            other = room.phone(code).connect()
            other.join("K")
            payload = {**cid, "participants": [s["alias"] for s in host.sync()["singles"]]}
        if event == "unpair":
            a, _ = _couple(room, code)
            payload = {**cid, "couple": a.me["couple"]["code"]}
        if event == "private_word_seen":
            payload = {**cid, "word": joined.ask_facilitator()["me"]["private_word"]["id"]}
        if event.startswith("question"):
            question = joined.ask_question("a question")["me"]["questions"]["asked"][0]["id"]
            payload = {**cid, "question": question, **{"question_moderate": {"status": "hidden"},
                       "question_answered": {"answered": True}}.get(event, {})}
        if event == "questions_top":
            payload = {**cid, "shown": True}
        return host, payload
    # /phone
    if event == "sync":
        return joined, {}
    if event == "join":
        return room.phone(code).connect(), {**cid, "name": "Ann"}
    if event == "vote":
        _at(host, "hard-topic")
        return joined, {**cid, "step": "hard-topic", "answer": 1}
    if event == "reflect":
        _at(host, "safe-moment")
        return joined, {**cid, "step": "safe-moment", "text": "a moment"}
    if event == "couple_create":
        return joined, {**cid, "one_phone": False}
    if event == "care":
        return joined, {**cid, "kind": "pause"}
    if event == "private_word":
        return joined, cid
    if event == "private_word_withdraw":
        joined.ask_facilitator()
        return joined, cid
    if event == "question_ask":
        return joined, {**cid, "text": "a question"}
    if event == "question_vote":
        asker = room.phone(code).connect()
        asker.join("Q")
        question = asker.ask_question("a question")["me"]["questions"]["asked"][0]["id"]
        return joined, {**cid, "question": question, "up": True}
    if event in ("couple_join", "couple_answer"):
        maker = room.phone(code).connect()
        maker.join("M")
        couple = maker.create_couple()
        if event == "couple_join":
            return joined, {**cid, "couple": couple}
        joined.join_couple(couple)
        request = maker.wait_for(lambda v: v["me"]["couple"]["requests"])["me"]["couple"]
        return maker, {**cid, "request": request["requests"][0]["id"], "yes": True}
    if event == "couple_leave":
        return _couple(room, code)[0], cid
    if event == "pair_done":
        a, _ = _couple(room, code)
        _at(host, "listening")
        return a, {**cid, "step": "listening", "round": 0}
    if event == "pair_note":
        solo, _ = _couple(room, code, one_phone=True)
        _at(host, "small-promise")
        solo.done("small-promise", 0)
        return solo, {**cid, "step": "small-promise", "round": 1, "text": "a promise", "seat": 0}
    if event == "pair_share":
        a, b = _couple(room, code)
        _at(host, "small-promise")
        for p in (a, b):
            p.done("small-promise", 0)
        for p in (a, b):
            p.write_note("small-promise", 1, "a promise")
        return a, {**cid, "step": "small-promise", "round": 1, "author": 0}
    raise AssertionError(f"no situation for {namespace} {event}")


def near_misses(namespace, event, valid):
    """(what, arguments) of every payload near the valid one that the types refuse."""
    yield from [("a string", ("x",)), ("null", (None,)), ("nothing", ()),
                ("two payloads", (valid, valid)), ("a list", ([valid],))]
    optional = OPTIONAL.get((namespace, event), ())
    for key in valid:
        if key not in optional:
            yield f"{key} missing", ({k: v for k, v in valid.items() if k != key},)
        for value in NEAR[NEAR_OF.get(key, "str")]:
            if not TYPES[key](value):
                yield f"{key} = {value!r:.30}", ({**valid, key: value},)


SWEPT = [(c.namespace, c.event) for c in protocol.COMMANDS] + \
    [(REPLAY, event) for event in REPLAY_COMMANDS]


@pytest.mark.parametrize("namespace,event", SWEPT, ids=[f"{ns}-{e}" for ns, e in SWEPT])
def test_every_near_miss_of_every_field_is_refused(room, namespace, event):
    client, valid = situation(room[0], namespace, event)

    def fresh(args):     # a new cid each time: none of them is a retry
        return tuple({k: new_cid() if v == "<new>" else v for k, v in a.items()}
                     if isinstance(a, dict) else a for a in args)
    accepted = []
    for what, args in near_misses(namespace, event, valid):
        ack = answered(client.sio.raw(*encoded(namespace, 1, event, fresh(args))[:1]),
                       f"{namespace} {event}", what)
        if ack["ok"]:
            accepted.append(what)
    assert not accepted, f"accepted: {accepted}"
    ack = answered(client.sio.raw(encoded(namespace, 1, event, fresh((valid,)))[0]),
                   f"{namespace} {event}", "the valid payload")
    assert ack["ok"], f"the valid payload is refused here, so the case proves nothing: {ack}"
