"""Which participants have a phone connected, and pushes to one participant.

Presence is not in the log: it is a fact about connections, not about the workshop. It lets a
partner see 'waiting for your partner' and the console mark a couple with a phone offline.

Each process counts its own connections on the session's hub entry. With one process that is
the whole truth. With several (a message queue), every process must show the same dots, so
each also writes its set to Redis under a key of its own that expires unless it is renewed
every HEARTBEAT_SECONDS: a killed process's phones drop out within KEEP_SECONDS, and each
process's watcher tells the console when the room's presence changed.
"""
from __future__ import annotations

import logging
import secrets
import time

from flask import current_app

from ..extensions import socketio
from ..live import views
from .edge import hub, room

HEARTBEAT_SECONDS = 1.0
KEEP_SECONDS = 3.0          # a process's set outlives its last heartbeat by this much
READ_EVERY = 0.5            # how stale the other processes' sets may be on the hot path

log = logging.getLogger(__name__)


class LocalPresence:
    """One process: the connections it counts are all there are."""

    shared = False

    def online(self, entry, fresh=False) -> frozenset:
        # Kept until the next arrival or departure: every vote's acknowledgement asks.
        if entry.online_now is None:
            entry.online_now = frozenset(entry.online)
        return entry.online_now

    def changed(self, entry):
        pass

    def beat(self, entries) -> bool:
        """Renew this process's sets; True when Redis is reachable again after an outage."""
        return False

    def local(self, entry) -> frozenset:
        """Who is connected to this process."""
        return LocalPresence.online(self, entry)


class RedisPresence(LocalPresence):
    """Several processes: each one's set in Redis, the room's presence is their union."""

    shared = True

    def __init__(self, url: str, channel: str):
        import redis
        self.redis = redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self.errors = redis.RedisError
        self.prefix = f"{channel}:presence:"
        self.process = secrets.token_hex(6)
        self.down = False        # Redis (presence and the message queue) was unreachable

    def _write(self, pipe, entry):
        code = entry.state.code
        mine = f"{self.prefix}{code}:{self.process}"
        pipe.delete(mine)
        pids = super().online(entry)
        if pids:
            pipe.sadd(mine, *pids)
            pipe.pexpire(mine, int(KEEP_SECONDS * 1000))
            pipe.sadd(self.prefix + code, self.process)
            pipe.expire(self.prefix + code, 24 * 3600)

    def changed(self, entry):
        try:
            pipe = self.redis.pipeline()      # MULTI: nobody reads the set half rewritten
            self._write(pipe, entry)
            pipe.execute()
        except self.errors as exc:      # Redis away: this process's phones still count here
            log.warning("presence not written: %s", exc)
            self.down = True
        entry.others_online = (0.0, entry.others_online[1])   # read again next time

    def beat(self, entries) -> bool:
        try:
            pipe = self.redis.pipeline()
            for entry in entries:
                self._write(pipe, entry)
            pipe.execute()
        except self.errors as exc:
            if not self.down:
                log.warning("Redis unreachable (presence, message queue): %s", exc)
            self.down = True
            return False
        back, self.down = self.down, False
        return back

    def online(self, entry, fresh=False) -> frozenset:
        read_at, others = entry.others_online
        if fresh or time.monotonic() - read_at > READ_EVERY:
            others = self._others(entry.state.code)
            entry.others_online = (time.monotonic(), others)
        return super().online(entry) | others

    def _others(self, code: str) -> frozenset:
        try:
            processes = [p.decode() for p in self.redis.smembers(self.prefix + code)]
            processes = [p for p in processes if p != self.process]
            if not processes:
                return frozenset()
            pipe = self.redis.pipeline(transaction=False)
            for process in processes:
                pipe.smembers(f"{self.prefix}{code}:{process}")
            sets = pipe.execute()
        except self.errors as exc:
            log.warning("presence not read: %s", exc)
            return frozenset()
        # A process that died stays in the index (which expires a day after the last write):
        # taking it out here could race with its next write and hide its phones for a beat.
        return frozenset(pid.decode() for pids in sets for pid in pids)


def make_presence(app):
    url = app.config.get("MESSAGE_QUEUE") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisPresence(url, app.config["QUEUE_CHANNEL"])
    return LocalPresence()


def _backend():
    return current_app.extensions["workshop.presence"]


def online(state, fresh=False) -> frozenset:
    """Who is connected. `fresh`: read the other processes now rather than at most
    READ_EVERY ago (the hot path of a phone's acknowledgement can take the older reading)."""
    entry = hub().entry(state.code)
    return _backend().online(entry, fresh) if entry is not None else frozenset()


def arrive(state, pid: str):
    entry = hub().entry(state.code)
    if entry is not None:
        entry.online[pid] += 1
        entry.online_now = None
        _backend().changed(entry)


def leave(state, pid: str):
    entry = hub().entry(state.code)
    if entry is not None and entry.online[pid] > 0:
        entry.online[pid] -= 1
        if entry.online[pid] <= 0:
            del entry.online[pid]
        entry.online_now = None
        _backend().changed(entry)


def watch(app):
    """With several processes: renew this process's sets, and push the console (and the
    partners concerned) a new view when the room's presence changed on any process."""
    from .edge import publish_results

    def loop():
        while True:
            socketio.sleep(HEARTBEAT_SECONDS)
            with app.app_context():
                try:
                    entries = hub().live()
                    if _backend().beat(entries) | queue_came_back():
                        heal(entries)
                    for entry in entries:
                        now = _backend().online(entry, fresh=True)
                        if now != entry.seen_online:
                            changed = now ^ entry.seen_online
                            entry.seen_online = now
                            publish_results(entry.state)
                            push_me(entry.state, {p for pid in changed
                                                  if pid in entry.state.pairs.couple_of
                                                  for p in partners_of(entry.state, pid)
                                                  if p != pid})
                except Exception:      # the watcher must keep running for every session
                    current_app.logger.exception("presence watcher")
    socketio.start_background_task(loop)


_queue_seen = {"connects": None}


def queue_came_back() -> bool:
    """The message queue reconnected (and listens again) since the last look."""
    manager = socketio.server.manager
    connects = getattr(manager, "connects", 0)
    if _queue_seen["connects"] is None or not connects:
        _queue_seen["connects"] = connects
        return False
    if connects > _queue_seen["connects"] and manager.listening:
        _queue_seen["connects"] = connects
        return True
    return False


def heal(entries):
    """Redis is back after an outage: what the other processes emitted meanwhile (a step
    change, results) never reached this process's clients, and Flask-SocketIO does not send
    it again. So each process sends its own clients every live session's views as they are
    now; then no phone stays behind until the facilitator's next change."""
    from .edge import push_local
    for entry in entries:
        push_local(entry.state, _backend().local(entry))
    log.warning("Redis reachable again: %d live sessions' views sent again to this "
                "process's clients", len(entries))


def participant_room(code: str, pid: str) -> str:
    return room(code, "p/" + pid)


def push_me(state, pids, local=False):
    """Send each participant their own part of the view, to their phone(s) only (`local`: on
    this process's connections only, not through the message queue)."""
    present = online(state, fresh=True)
    for pid in pids:
        if pid in state.participants:
            socketio.emit("me", views.my_view(state, pid, present),
                          to=participant_room(state.code, pid), namespace="/phone",
                          ignore_queue=local)


def partners_of(state, pid) -> list:
    couple_id = state.pairs.couple_of.get(pid)
    return list(state.pairs.couples[couple_id].members) if couple_id else [pid]


def affected(state, events) -> set:
    """The participants whose own view the events changed."""
    pids = set()
    for event in events:
        if event["type"] == "step_changed" and state.step is not None \
                and state.step.kind != "pair":
            continue   # the shared 'session' push says all a phone needs
        if event["type"] in ("step_changed", "pair_time_extended", "pair_step_finished"):
            return set(state.pairs.couple_of)
        if event["type"] == "session_ended":
            return set(state.participants)     # each phone gets what it takes home
        if event["type"] == "reflection_moderated" and event["rid"] in state.reflections:
            # Its author's phone says at once whether it is on the wall, held or hidden.
            pids.add(state.reflections[event["rid"]].pid)
        if "members" in event:
            pids.update(event["members"])
        if "member" in event:          # the one a couple said yes or no to
            pids.add(event["member"])
        if "couple" in event and event["couple"] in state.pairs.couples:
            pids.update(state.pairs.couples[event["couple"]].members)
        if event.get("by") in state.participants:
            pids.update(partners_of(state, event["by"]))
    return pids


def my_view_of(state, pid) -> dict:
    return views.my_view(state, pid, online(state))
