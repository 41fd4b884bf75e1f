"""/replay: the console and the screen of a recorded session, as they were, read only.

Connect with `auth = {"code": CODE, "token": FACILITATOR_TOKEN, "audience": "host"|"screen"}`
(or a logged-in facilitator's cookie). The screen gets `screen` pushes and the console `host`
pushes, with the very views `workshop.live.views` makes, folded up to the replay clock, plus
`now` (the replay clock, so page clocks and countdowns run on recorded time) and `join_url`
null (nobody joins a replay). The console also gets `replay` pushes: the replay's own status.

Console commands: `play`, `pause`, `speed {speed}`, `seek {at}` (a recorded time), `jump
{index}` (to where the session first entered that step; -1 the start), `next`, `previous`
(the recorded step changes), `timeline` (the timing report). Every other command is
acknowledged with `{ok: false, error: "read_only"}`: a replay changes nothing. A payload is
one object, as on the live namespaces; anything else, or an event that is no event
(realtime/wire.py), is `bad_request`.

There is one replay per recording per server process: the trainer's console drives it and
every screen showing it follows. A replay nobody has watched for IDLE_SECONDS, and that is not
playing, is dropped; the next viewer starts it again from the recording.
"""
from __future__ import annotations

import math
import time
from collections import Counter
from functools import partial

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, join_room

from ..access import facilitator
from ..extensions import socketio
from ..hub import normalise_code
from ..live import views
from ..messages import message
from ..realtime import wire
from ..realtime.edge import unknown_code
from .recording import Recording, from_store
from .replay import FLUSH_SECONDS, Replay

NS = "/replay"
TICK_SECONDS = 1.0
IDLE_SECONDS = 15 * 60
AUDIENCES = ("host", "screen")


class Replays:
    """The replays of this process: recordings given at start (files), or sessions in the store."""

    def __init__(self):
        self.pinned: dict[str, Recording] = {}     # from `workshop replay`: not reloaded
        self.replays: dict[str, Replay] = {}
        self.speeds: dict[str, float] = {}
        self.viewers: Counter = Counter()            # code -> connected viewers
        self.idle_since: dict[str, float] = {}       # code -> when its last viewer left

    def watched(self, code: str, change: int):
        self.viewers[code] += change
        if self.viewers[code] <= 0:
            del self.viewers[code]
            self.idle_since[code] = time.monotonic()
        else:
            self.idle_since.pop(code, None)

    def prune(self):
        """Drop replays that nobody watches and that are not playing."""
        now = time.monotonic()
        for code, since in list(self.idle_since.items()):
            replay = self.replays.get(code)
            if now - since > IDLE_SECONDS and (replay is None or not replay.playing):
                self.replays.pop(code, None)
                del self.idle_since[code]

    def pin(self, recording: Recording, speed: float = 1.0):
        self.pinned[recording.code] = recording
        self.speeds[recording.code] = speed
        self.replays.pop(recording.code, None)

    def get(self, code, store=None, refresh=False) -> Replay | None:
        self.prune()
        code = normalise_code(code) if isinstance(code, str) else ""
        replay = self.replays.get(code)
        if code in self.pinned:
            recording = self.pinned[code]
        elif store is not None and (replay is None or (refresh and not replay.playing)):
            # A session that is still running may have grown since: read it again.
            recording = from_store(store, code)
            if recording is None:
                return replay
            if replay is not None and len(recording.events) == len(replay.recording.events):
                return replay
        else:
            return replay
        if replay is None or replay.recording is not recording:
            replay = Replay(recording, self.speeds.get(code, 1.0))
            replay.publish = partial(publish, replay)
            self.replays[code] = replay
            if not self.viewers[code]:
                self.idle_since.setdefault(code, time.monotonic())
        return replay


def replays() -> Replays:
    return current_app.extensions["workshop.replays"]


def store():
    return current_app.extensions.get("workshop.store")


def may_view(owner: str | None, replay: Replay) -> bool:
    return may_see(owner, replay.recording)


def may_see(owner: str | None, recording: Recording) -> bool:
    """Whether this facilitator may see a recording (its replay, its results report): only
    the session's own facilitator."""
    return owner is not None and recording.owner is not None and recording.owner == owner


def room(code: str, audience: str) -> str:
    return f"replay:{code}/{audience}"


def language(replay: Replay) -> str:
    return replay.recording.script.language


# --- what the audiences see --------------------------------------------------------------------

def screen_payload(replay: Replay) -> dict:
    return {**views.screen_view(replay.state), "join_url": None, "now": replay.clock}


def host_payload(replay: Replay) -> dict:
    return {**views.host_view(replay.state), "join_url": None, "now": replay.clock}


def view_for(replay: Replay, audience: str) -> dict:
    with replay.lock:
        return host_payload(replay) if audience == "host" else screen_payload(replay)


def publish(replay: Replay, reason: str):
    with replay.lock:
        if reason != "status":
            socketio.emit("screen", screen_payload(replay), to=room(replay.code, "screen"),
                          namespace=NS)
            socketio.emit("host", host_payload(replay), to=room(replay.code, "host"),
                          namespace=NS)
        socketio.emit("replay", replay.status(), to=room(replay.code, "host"), namespace=NS)


def run(replay: Replay, generation: int):
    """Play until paused, sought (a new loop takes over) or at the end of the recording."""
    last_flush = last_tick = time.monotonic()
    while replay.generation == generation:
        now = time.monotonic()
        with replay.lock:
            if replay.generation != generation:
                return
            wait = replay.advance(now)
            if wait is None:
                return
            if now - last_flush >= FLUSH_SECONDS:
                replay.flush()
                last_flush = now
            if now - last_tick >= TICK_SECONDS:
                publish(replay, "tick")
                last_tick = now
        socketio.sleep(max(0.005, min(wait, FLUSH_SECONDS)))


def start_loop(replay: Replay, generation: int | None):
    if generation is not None and replay.playing:
        socketio.start_background_task(run, replay, generation)


# --- the namespace -------------------------------------------------------------------------------

_viewers: dict[str, tuple[str, str]] = {}    # sid -> (code, audience)


@socketio.on("connect", namespace=NS)
def connect(auth=None):
    auth = auth if isinstance(auth, dict) else {}
    code = auth.get("code")
    replay = replays().get(code, store()) if isinstance(code, str) else None
    if replay is None:
        raise ConnectionRefusedError(unknown_code(code))
    if auth.get("audience") not in AUDIENCES:
        raise ConnectionRefusedError(message("bad_request", language(replay)))
    if not may_view(facilitator(auth.get("token")), replay):
        raise ConnectionRefusedError(message("not_allowed", language(replay)))
    _viewers[request.sid] = (replay.code, auth["audience"])
    replays().watched(replay.code, +1)
    join_room(room(replay.code, auth["audience"]))


@socketio.on("disconnect", namespace=NS)
def disconnect(*_):
    viewer = _viewers.pop(request.sid, None)
    if viewer is not None:
        replays().watched(viewer[0], -1)


def _viewer():
    code, audience = _viewers[request.sid]
    return replays().replays[code], audience


def _refused(replay, code):
    return {"ok": False, "error": code, "message": message(code, language(replay))}


def _data(args) -> dict | None:
    """The one dict argument of a command, as on the live namespaces; None: `bad_request`."""
    return args[0] if len(args) == 1 and isinstance(args[0], dict) else None


def _console(fn):
    """A console command; the screen may only sync."""
    def handler(*args):
        replay, audience = _viewer()
        if audience != "host":
            return _refused(replay, "read_only")
        data = _data(args)
        if data is None:
            return _refused(replay, "bad_request")
        return fn(replay, data)
    handler.__name__ = fn.__name__
    return handler


def _ok(replay, **extra):
    return {"ok": True, "status": replay.status(), **extra}


@socketio.on("sync", namespace=NS)
def on_sync(*args):
    replay, audience = _viewer()
    if _data(args) is None:
        return _refused(replay, "bad_request")
    return {"ok": True, "view": view_for(replay, audience)}


@socketio.on("timeline", namespace=NS)
@_console
def on_timeline(replay, data):
    return _ok(replay, report=replay.report.as_dict())


@socketio.on("play", namespace=NS)
@_console
def on_play(replay, data):
    start_loop(replay, replay.play(time.monotonic()))
    return _ok(replay)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _bad_request(replay) -> dict:
    return {"ok": False, "error": "bad_request", "message": message("bad_request", language(replay))}


@socketio.on("pause", namespace=NS)
@_console
def on_pause(replay, data):
    replay.pause(time.monotonic())
    publish(replay, "status")
    return _ok(replay)


@socketio.on("speed", namespace=NS)
@_console
def on_speed(replay, data):
    speed = data.get("speed")
    if not _is_number(speed):
        return _bad_request(replay)
    start_loop(replay, replay.set_speed(speed, time.monotonic()))
    publish(replay, "status")
    return _ok(replay)


@socketio.on("seek", namespace=NS)
@_console
def on_seek(replay, data):
    at = data.get("at")
    if not _is_number(at) or not math.isfinite(at):
        return _bad_request(replay)
    start_loop(replay, replay.seek(float(at), time.monotonic()))
    return _ok(replay)


@socketio.on("jump", namespace=NS)
@_console
def on_jump(replay, data):
    index = data.get("index")
    if not isinstance(index, int) or isinstance(index, bool):
        return _bad_request(replay)
    generation = replay.jump_to_step(index, time.monotonic())
    if generation is None:
        return _refused(replay, "not_recorded")
    start_loop(replay, generation)
    return _ok(replay, index=replay.state.index)


def _step(replay, forward: bool):
    position = replay.step_after(forward)
    if position is None:
        return {"ok": False, "error": "at_end", "message": message("at_end", language(replay))}
    start_loop(replay, replay.seek_position(position, time.monotonic()))
    return _ok(replay, index=replay.state.index)


@socketio.on("next", namespace=NS)
@_console
def on_next(replay, data):
    return _step(replay, True)


@socketio.on("previous", namespace=NS)
@_console
def on_previous(replay, data):
    return _step(replay, False)


@socketio.on("*", namespace=NS)
def on_anything_else(event, *args):
    # A packet that is no JSON, or no event (realtime/wire.py), is not understood; any other
    # name, the reserved ones too, is read only.
    replay, _ = _viewer()
    return _refused(replay, "bad_request" if event == wire.MALFORMED else "read_only")
