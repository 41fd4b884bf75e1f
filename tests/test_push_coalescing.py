"""Coalesced pushes to the projector and the console (workshop/realtime/edge.py: publish_all,
publish_results, _flush_later): a room voting at once gets one update, not one per vote; a step
change goes out at once; joins do not resend every phone its view.

The real app and handlers, with Flask-SocketIO's test clients counting what each screen,
console and phone receives. Two things are substituted at the edge, for a test without waits:
the edge's monotonic clock, which the test moves, and the runtime's background tasks, which
are recorded and run by the test when it says the flush window has passed.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from own_time import OwnThreadTime
from workshop.app import create_app
from workshop.extensions import socketio
from workshop.realtime import edge
# The handler modules, imported before any app is made (pytest imports every test module
# before it runs a test): Flask-SocketIO then keeps their handlers and gives them to the
# server of every app made later. Imported first by create_app, they would be registered with
# that app's server only, and a second app in this process (another test's) would have none.
from workshop.realtime import host, pairs, phone, screen  # noqa: F401,E402

HOST_TOKEN = "host-token-for-tests"
WINDOW = edge.FLUSH_SECONDS


class Clock:
    def __init__(self):
        self.now = 5000.0

    def monotonic(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


class Room:
    """A live session with a projector, a console and phones, all test clients."""

    def __init__(self, app, clock, tasks):
        self.app, self.clock, self.tasks = app, clock, tasks
        self.hub = app.extensions["workshop.hub"]
        self.state = self.hub.start("sessions/trust.yaml", "local")
        code = self.state.code
        self.screen = socketio.test_client(app, namespace="/screen", auth={"code": code})
        self.host = socketio.test_client(app, namespace="/host",
                                         auth={"code": code, "token": HOST_TOKEN})
        assert self.screen.is_connected("/screen") and self.host.is_connected("/host")
        self.phones = []
        self._cids = iter(range(10**6))

    def cid(self):
        return f"c{next(self._cids)}"

    def phone(self, name):
        phone = socketio.test_client(self.app, namespace="/phone",
                                     auth={"code": self.state.code,
                                           "token": f"phone-token-{len(self.phones):04d}-x"})
        ack = phone.emit("join", {"cid": self.cid(), "name": name}, namespace="/phone",
                         callback=True)
        assert ack["ok"], ack
        self.phones.append(phone)
        return phone

    def jump_to(self, kind, **match):
        index = next(i for i, s in enumerate(self.state.script.steps) if s.kind == kind
                     and all(getattr(s, k) == v for k, v in match.items()))
        ack = self.host.emit("jump", {"cid": self.cid(), "index": index}, namespace="/host",
                             callback=True)
        assert ack["ok"], ack
        return self.state.step.id

    def vote(self, phone, answer):
        ack = phone.emit("vote", {"cid": self.cid(), "step": self.state.step.id,
                                  "answer": answer}, namespace="/phone", callback=True)
        assert ack["ok"], ack

    def pushes(self):
        """What arrived since the last call: the screen's and console's views, and the
        phones' shared 'session' views."""
        screen = [m["args"][0] for m in self.screen.get_received("/screen") if m["name"] == "screen"]
        host = [m["args"][0] for m in self.host.get_received("/host") if m["name"] == "host"]
        phones = [m for p in self.phones for m in p.get_received("/phone") if m["name"] == "session"]
        return SimpleNamespace(screen=screen, host=host, phones=phones)

    def window_passes(self):
        """The flush window ends: the flushes that were scheduled run (their sleep moves the
        clock). A flush that an immediate push made needless sends nothing."""
        waiting, self.tasks[:] = list(self.tasks), []
        for fn, args, kwargs in waiting:
            fn(*args, **kwargs)


@pytest.fixture
def room(tmp_path, monkeypatch):
    clock = Clock()
    tasks = []
    monkeypatch.setattr(edge, "time", OwnThreadTime(monotonic=clock.monotonic,
                                                    time=lambda: clock.now))
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'push.db'}",
                      "PUBLIC_URL": "http://test", "ASYNC_MODE": "threading",
                      "PAIR_CLOCK": False, "HOST_TOKEN": HOST_TOKEN, "TESTING": True})
    assert "/screen" in socketio.server.handlers, "an app was made before this module's import"
    monkeypatch.setattr(socketio, "start_background_task",
                        lambda fn, *args, **kwargs: tasks.append((fn, args, kwargs)))
    monkeypatch.setattr(socketio, "sleep", clock.advance)
    room = Room(app, clock, tasks)
    yield room
    clients = [(room.screen, "/screen"), (room.host, "/host")]
    for client, namespace in clients + [(phone, "/phone") for phone in room.phones]:
        if client.is_connected(namespace):
            client.disconnect(namespace=namespace)


def quiet(room, seconds=10.0):
    """Nothing happens for a while; what was waiting has gone out."""
    room.window_passes()
    room.clock.advance(seconds)
    room.pushes()


# --- votes ------------------------------------------------------------------------------------

def test_a_room_voting_within_the_window_gets_one_update_with_every_vote(room):
    phones = [room.phone(f"P{i}") for i in range(6)]
    room.jump_to("poll", type="single")
    room.pushes()                       # the step change went out at once
    waiting = len(room.tasks)           # flushes the joins scheduled (the step change's push
                                        # already carried what they waited for)
    for phone in phones:
        room.vote(phone, 0)
    assert room.pushes().screen == [], "the last push is not WINDOW old: the votes wait"
    assert len(room.tasks) - waiting == 1, "one flush waits for all of them, not one per vote"
    room.window_passes()
    got = room.pushes()
    assert [v["results"]["answered"] for v in got.screen] == [6]
    assert got.host == [], "the console waits for its own, longer window (CONSOLE_SECONDS)"
    room.window_passes()
    assert [v["answered"] for v in room.pushes().host] == [6]
    assert got.phones == [], "votes change nothing the phones share"


def test_the_first_vote_after_a_quiet_spell_reaches_the_screen_at_once(room):
    first, second = room.phone("A"), room.phone("B")
    room.jump_to("poll", type="single")
    quiet(room)
    room.vote(first, 1)
    assert [v["results"]["answered"] for v in room.pushes().screen] == [1]
    assert room.tasks == []
    room.vote(second, 1)                # within the window after that push: it waits
    assert room.pushes().screen == []
    room.window_passes()
    assert [v["results"]["answered"] for v in room.pushes().screen] == [2]


def test_a_flush_comes_one_window_after_the_last_push(room):
    phone = room.phone("A")
    room.jump_to("poll", type="single")
    quiet(room)
    room.vote(phone, 0)                 # pushed at once, at t
    room.pushes()
    room.clock.advance(WINDOW * 0.6)
    room.vote(phone, 1)                 # waits for the rest of the window only
    before = room.clock.now
    room.window_passes()
    assert room.clock.now - before == pytest.approx(WINDOW * 0.4)
    assert len(room.pushes().screen) == 1


def test_a_vote_after_the_window_goes_out_at_once_again(room):
    phone = room.phone("A")
    room.jump_to("poll", type="single")
    quiet(room)
    room.vote(phone, 0)
    room.clock.advance(WINDOW)
    room.vote(phone, 1)
    assert len(room.pushes().screen) == 2
    assert [fn for fn, _, _ in room.tasks if fn is edge._flush_later] == []


def test_the_console_gets_the_results_at_most_every_console_window(room):
    phones = [room.phone(f"P{i}") for i in range(8)]
    room.jump_to("poll", type="single")
    quiet(room)
    for phone in phones:                # one vote a screen window: each on the screen at once
        room.vote(phone, 0)
        room.clock.advance(WINDOW)
    got = room.pushes()
    assert [v["results"]["answered"] for v in got.screen] == list(range(1, 9))
    assert [v["answered"] for v in got.host] == [1], "the first at once, the rest wait"
    assert [fn for fn, _, _ in room.tasks] == [edge._console_later], "one console flush waits"
    room.window_passes()
    assert [v["answered"] for v in room.pushes().host] == [8]


# --- step changes and joins -------------------------------------------------------------------

def test_a_step_change_goes_out_at_once_and_the_waiting_flush_sends_nothing_more(room):
    phones = [room.phone(f"P{i}") for i in range(3)]
    room.jump_to("poll", type="single")
    room.pushes()
    waiting = len(room.tasks)
    room.vote(phones[0], 0)             # within the window: a flush waits
    assert room.pushes().screen == [] and len(room.tasks) == waiting + 1
    ack = room.host.emit("next", {"cid": room.cid()}, namespace="/host", callback=True)
    assert ack["ok"]
    got = room.pushes()
    assert len(got.screen) == 1 and len(got.host) == 1
    assert got.screen[0]["step"]["index"] == ack["index"]
    assert len(got.phones) == 3, "every phone sees the new step, once"
    room.window_passes()
    assert room.pushes().screen == [], "the step change's push already carried the vote"


def test_joins_update_the_screens_count_without_resending_the_phones_their_view(room):
    room.phone("first")
    room.jump_to("info")
    quiet(room)
    late = [room.phone(f"late{i}") for i in range(4)]
    got = room.pushes()
    assert got.phones == [], "a join changes nothing a phone shows"
    assert [v["joined"] for v in got.screen] == [2]        # the first join, at once
    room.window_passes()
    assert [v["joined"] for v in room.pushes().screen] == [1 + len(late)]


def test_the_end_of_the_session_reaches_everyone_at_once(room):
    phone = room.phone("A")
    room.jump_to("poll", type="single")
    room.pushes()
    room.vote(phone, 0)                 # a flush waits
    ack = room.host.emit("end", {"cid": room.cid()}, namespace="/host", callback=True)
    assert ack["ok"]
    got = room.pushes()
    assert [v["phase"] for v in got.screen] == ["ended"]
    assert [m["args"][0]["phase"] for m in got.phones] == ["ended"]
