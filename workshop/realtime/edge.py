"""What every namespace's handlers share: payload checks, throttling, the hub, broadcasts."""
from __future__ import annotations

import time

from flask import current_app

from ..extensions import socketio
from ..live import questions, views
from ..live.commands import Refused
from ..messages import message, refusal

MAX_CID = 64
FLUSH_SECONDS = 0.15     # result updates to the screen are coalesced to ~7 a second
# ... and to the console to 2 a second: a person reads it, and its view (every participant's
# name and state) is the largest the server builds: at 2,000 phones about 160 KB, which at 7
# a second was a sixth of the server's CPU during votes and 1 MB/s to a laptop on the venue
# Wi-Fi (docs/performance.md). Step changes and the end still reach it at once.
CONSOLE_SECONDS = 0.5


def hub():
    return current_app.extensions["workshop.hub"]


def room(code: str, audience: str) -> str:
    return f"{code}/{audience}"


def payload(args) -> dict:
    """The one dict argument of a command, or a refusal."""
    if len(args) != 1 or not isinstance(args[0], dict):
        raise Refused("bad_request")
    return args[0]


def cid_of(data: dict) -> str:
    cid = data.get("cid")
    if not isinstance(cid, str) or not 1 <= len(cid) <= MAX_CID:
        raise Refused("bad_request", field="cid")
    return cid


class Throttle:
    """A token bucket per person: bursts are fine, a flood is slowed down."""

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.at = time.monotonic()

    def check(self):
        """Refuse when there is no token left, without spending one."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            raise Refused("too_fast")

    def take(self):
        self.check()
        self.tokens -= 1


def throttle() -> Throttle:
    return Throttle(current_app.config["COMMANDS_PER_SECOND"], current_app.config["COMMAND_BURST"])


def throttle_of(code: str, person) -> Throttle:
    """The person's throttle in a live session: the same across their reconnects."""
    entry = hub().entry(code)
    return entry.throttle(person, throttle) if entry is not None else throttle()


def unknown_code(code) -> str:
    """The refusal of a connection with a join code no session has."""
    return message("unknown_code", code=str(code if code is not None else "")[:12])


def refuse_unknown_code(code):
    """A connect with a code no session has is a guess, from the address's small budget; with
    none left the answer says only 'too fast'. (Session codes are on the projector, not
    secret: the limit keeps a script's flood cheap, it does not hide which codes exist.)"""
    from flask_socketio import ConnectionRefusedError

    from .limits import address, guesses
    limit = current_app.config["SESSION_CODE_GUESSES"]
    try:
        guesses().check(limit, "session code", address())
    except Refused:
        raise ConnectionRefusedError(message("too_fast")) from None
    guesses().spend(limit, "session code", address())
    raise ConnectionRefusedError(unknown_code(code))


def handle(language, fn):
    """Run a handler body; a refusal becomes an error acknowledgement that changed nothing."""
    try:
        return fn()
    except Refused as exc:
        return refusal(exc, language)


def join_url(code: str) -> str:
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return f"{base}/j/{code}"


def server_time(view: dict) -> dict:
    """The view with the server's clock: every page keeps its offset from it, so countdowns
    on a phone whose own clock is off show what the screen shows (static/js/clock.js)."""
    view["now"] = time.time()
    return view


def screen_view(state) -> dict:
    view = views.screen_view(state)
    view["join_url"] = join_url(state.code)
    return server_time(view)


def host_view(state) -> dict:
    from .presence import online
    # Fresh: with several processes the console must not show another process's phone
    # offline from a reading taken before it arrived (views are coalesced: this is cheap).
    view = views.host_view(state, online(state, fresh=True))
    view["join_url"] = join_url(state.code)
    return server_time(view)


# --- broadcasts -----------------------------------------------------------------------------
#
# Every payload is built once per broadcast and python-socketio encodes it once for the whole
# room. Two things keep a full room cheap: the phones' shared view goes out only when it changed
# (a join changes the screen's count, not what a phone shows: a thousand joins must not be a
# million messages), and screen and console updates are coalesced to one per FLUSH_SECONDS.
# What was last sent lives on the session's hub entry; an ended session has none, and its last
# views go out at once.

def publish_all(state):
    """A step changed, a poll closed, …: everyone sees it now.

    When the phones' shared view is what they were last sent (a join, results shown, a
    reflection moderated), only the screen and console need to know: as soon as the last
    push is FLUSH_SECONDS old, like votes. With a message queue another process may have
    sent the room something else since, so there the phones always get it.
    """
    entry = hub().entry(state.code)
    shared = views.phone_shared(state)
    if entry is not None:
        if not current_app.config.get("MESSAGE_QUEUE") and entry.shared_view == shared:
            publish_results(state)
            return
        entry.shared_view = shared
        entry.push_pending = False
    _push_results(state, console_now=True)
    socketio.emit("session", server_time(dict(shared)), to=room(state.code, "phones"),
                  namespace="/phone")


def publish_results(state):
    """Votes and reflections: coalesced, so a thousand votes are not a thousand broadcasts.

    The first change after a quiet spell goes out at once; later ones wait for the end of
    FLUSH_SECONDS after the last push and go out together.
    """
    entry = hub().entry(state.code)
    if entry is None:
        _push_results(state)
        return
    if entry.push_pending:
        return
    wait = entry.pushed_at + FLUSH_SECONDS - time.monotonic()
    if wait <= 0:
        _push_results(state)
        return
    entry.push_pending = True
    app = current_app._get_current_object()
    socketio.start_background_task(_flush_later, app, entry, wait)


def _push_results(state, console_now=False):
    entry = hub().entry(state.code)
    if entry is not None:
        entry.pushed_at = time.monotonic()
    hub().fresh(state)
    socketio.emit("screen", screen_view(state), to=room(state.code, "screen"), namespace="/screen")
    if entry is None or console_now:
        if entry is not None:
            entry.console_at, entry.console_pending = time.monotonic(), False
        push_console(state, fresh=False)
    else:
        _console_soon(entry)


def _console_soon(entry):
    """The console's update of results: at once after CONSOLE_SECONDS without one, else one
    at the end of that time with everything that came meanwhile."""
    if entry.console_pending:
        return
    wait = entry.console_at + CONSOLE_SECONDS - time.monotonic()
    if wait <= 0:
        entry.console_at = time.monotonic()
        push_console(entry.state, fresh=False)
        return
    entry.console_pending = True
    socketio.start_background_task(_console_later, current_app._get_current_object(), entry, wait)


def _console_later(app, entry, wait):
    socketio.sleep(wait)
    if not entry.console_pending:       # a step change's push carried it already
        return
    entry.console_pending = False
    with app.app_context():
        entry.console_at = time.monotonic()
        push_console(entry.state)


def push_console(state, fresh=True):
    """The console's view to the session's consoles, now (not coalesced)."""
    if fresh:
        hub().fresh(state)
    socketio.emit("host", host_view(state), to=room(state.code, "host"), namespace="/host")


def push_local(state, pids):
    """Every view of the session as it is now, to this process's own clients only (after a
    message-queue outage, presence.heal): the room's shared view, the screen's, the console's
    and each of `pids` (this process's participants) their own."""
    from .presence import push_me
    hub().fresh(state)
    local = {"ignore_queue": True}
    socketio.emit("session", server_time(views.phone_shared(state)),
                  to=room(state.code, "phones"), namespace="/phone", **local)
    if state.script.questions_on:
        socketio.emit("questions", server_time({"question_list": questions.listed(state)}),
                      to=room(state.code, "phones"), namespace="/phone", **local)
    socketio.emit("screen", screen_view(state), to=room(state.code, "screen"),
                  namespace="/screen", **local)
    socketio.emit("host", host_view(state), to=room(state.code, "host"), namespace="/host",
                  **local)
    push_me(state, pids, local=True)


def _flush_later(app, entry, wait=FLUSH_SECONDS):
    socketio.sleep(wait)
    if not entry.push_pending:
        return
    entry.push_pending = False
    with app.app_context():
        _push_results(entry.state)


# --- the question list on phones (live/questions.py) -----------------------------------------
#
# Every upvote changes a count on every phone's list: coalesced like the results (the first
# change after a quiet spell at once, then at most one push every FLUSH_SECONDS), and sent
# only when the list changed (a held question, an answer the console alone sees, are not).

def publish_questions(state):
    """A question asked, upvoted or moderated: the screen and console (coalesced), and the
    phones' list when it changed (coalesced on its own)."""
    publish_results(state)
    entry = hub().entry(state.code)
    if entry is None:
        _push_questions(state, None)
        return
    if entry.questions_pending:
        return
    wait = entry.questions_at + FLUSH_SECONDS - time.monotonic()
    if wait <= 0:
        _push_questions(state, entry)
        return
    entry.questions_pending = True
    app = current_app._get_current_object()
    socketio.start_background_task(_questions_later, app, entry, wait)


def _push_questions(state, entry):
    hub().fresh(state)
    items = questions.listed(state)
    if entry is not None:
        # With a message queue another process may have sent the room another list since.
        if entry.questions_sent == items and not current_app.config.get("MESSAGE_QUEUE"):
            return
        entry.questions_sent = items
        entry.questions_at = time.monotonic()
    socketio.emit("questions", server_time({"question_list": items}),
                  to=room(state.code, "phones"), namespace="/phone")


def _questions_later(app, entry, wait):
    socketio.sleep(wait)
    if not entry.questions_pending:
        return
    entry.questions_pending = False
    with app.app_context():
        _push_questions(entry.state, entry)
