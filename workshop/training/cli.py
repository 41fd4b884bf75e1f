"""Training verbs (only click at the top: `workshop serve` must patch before other imports).

`sessions`, `export`, `import`, `report`, `replay` and `rehearse`; `workshop/cli.py` adds
every command in `verbs` to the `workshop` group.
"""
import os
import sys
import time

import click

database_option = click.option(
    "--database", envvar="WORKSHOP_DATABASE_URL",
    help="SQLAlchemy URL (default: the SQLite file in instance/ that `workshop serve` uses).")
rehearsals_option = click.option(
    "--include-rehearsals", is_flag=True,
    help="Include rehearsals, which are kept apart from real sessions.")


def server_options(fn):
    """The options of `workshop serve` that a verb running a server shares."""
    for option in reversed([
        click.option("--host", default="0.0.0.0", show_default=True, help="Interface to listen on."),
        click.option("--port", default=5000, show_default=True, type=int),
        click.option("--public-url", envvar="WORKSHOP_PUBLIC_URL",
                     help="The URL this server is reached at (default: this machine's LAN address)."),
        database_option,
        click.option("--async-mode", type=click.Choice(("eventlet", "gevent", "threading")),
                     default="eventlet", envvar="WORKSHOP_ASYNC_MODE", show_default=True),
    ]):
        fn = option(fn)
    return fn


def fail(message: str):
    click.echo(message, err=True)
    sys.exit(1)


def _store(database):
    from .replay_app import open_store
    return open_store(database)


def _session_recording(store, code):
    from ..hub import normalise_code
    from .recording import from_store
    recording = from_store(store, normalise_code(code))
    if recording is None:
        fail(f"no session with code {code!r} in this database (see `workshop sessions`)")
    return recording


def _recording(recording_or_code, database, store=None):
    """A recording file if the argument is one, else the session with that code."""
    from pathlib import Path

    from .recording import RecordingError, read_jsonl
    if Path(recording_or_code).is_file():
        try:
            return read_jsonl(recording_or_code)
        except RecordingError as exc:
            fail(str(exc))
    return _session_recording(store or _store(database), recording_or_code)


# --- recordings -------------------------------------------------------------------------------

@click.group(invoke_without_command=True)
@database_option
@rehearsals_option
@click.pass_context
def sessions(ctx, database, include_rehearsals):
    """List recorded sessions: date, script, participants, couples, duration and status.
    `delete` and `purge` remove them."""
    if ctx.invoked_subcommand:
        return
    from datetime import datetime

    from .recording import from_store
    from .timing import clock

    store = _store(database)
    rows = store.session_rows()
    hidden = 0
    lines = [f"{'CODE':<6} {'DATE':<16} {'STATUS':<6} {'KIND':<9} {'PEOPLE':>6} {'COUPLES':>7} "
             f"{'DURATION':>8}  SCRIPT"]
    for row in rows:
        kind = row.get("kind") or "live"
        if kind == "rehearsal" and not include_rehearsals:
            hidden += 1
            continue
        recording = from_store(store, row["code"])
        try:
            state = recording.fold()
            title = recording.script.title
        except Exception as exc:   # one broken session must not hide the others
            lines.append(f"{row['code']:<6} (cannot be read: {exc})")
            continue
        couples = getattr(getattr(state, "pairs", None), "couples", None)
        end = recording.ended_at or (recording.last_at if state.ended else time.time())
        when = datetime.fromtimestamp(recording.created_at).strftime("%Y-%m-%d %H:%M")
        status = "ended" if state.ended else "live"
        lines.append(f"{row['code']:<6} {when:<16} {status:<6} {kind:<9} "
                     f"{len(state.participants):>6} {len(couples) if couples is not None else '–':>7} "
                     f"{clock(end - recording.created_at):>8}  {title} ({row['script_name']})")
    click.echo("\n".join(lines))
    if hidden:
        click.echo(f"({hidden} rehearsal{'s' if hidden != 1 else ''} not shown; "
                   f"--include-rehearsals lists them)")


@click.command()
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="The recording's format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
@database_option
@rehearsals_option
def export(code, fmt, output, database, include_rehearsals):
    """Write a session's anonymised recording: its script and its events with their times."""
    from .recording import anonymise, write_jsonl

    recording = _session_recording(_store(database), code)
    if recording.kind == "rehearsal" and not include_rehearsals:
        fail(f"{recording.code} is a rehearsal; rehearsals are kept apart from real sessions "
             f"(pass --include-rehearsals to export it)")
    recording = anonymise(recording)
    if output:
        with open(output, "w", encoding="utf-8") as out:
            write_jsonl(recording, out)
        people = sum(1 for e in recording.events if e["type"] == "participant_joined")
        from ..messages import counted
        people = counted("%(num)d participant", "%(num)d participants", people)
        click.echo(f"{recording.code}: {len(recording.events)} events, {people} "
                   f"(anonymised) written to {output}", err=True)
    else:
        write_jsonl(recording, sys.stdout)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@database_option
@click.option("--owner", default="local", show_default=True,
              help="The facilitator who may replay it here ('local': the holder of the printed token).")
def import_(file, database, owner):
    """Load a recording made by `workshop export` into this installation, as an ended session."""
    from .recording import RecordingError, import_into, read_jsonl

    try:
        recording = read_jsonl(file)
        code = import_into(_store(database), recording, owner)
    except RecordingError as exc:
        fail(str(exc))
    note = "" if code == recording.code else f" (its code {recording.code} was taken here)"
    click.echo(f"imported {file} as session {code}, a {recording.kind} session{note}")


@click.command()
@click.argument("recording_or_code")
@database_option
@click.option("--json", "as_json", is_flag=True, help="As JSON rather than a table.")
def report(recording_or_code, database, as_json):
    """Print planned against actual time per step and per section, and the total overrun."""
    import json

    from .timing import report_lines, timing

    recording = _recording(recording_or_code, database)
    running = not recording.ended and not recording.anonymised
    result = timing(recording, until=time.time() if running else None)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(report_lines(result)))


# --- servers ----------------------------------------------------------------------------------

@click.command()
@click.argument("recording_or_code")
@click.option("--speed", type=click.FloatRange(0.1, 500), default=1.0, show_default=True,
              help="Times the recorded pace.")
@server_options
def replay(recording_or_code, speed, host, port, public_url, database, async_mode):
    """Serve the console and screen of a recorded session as they were (read only)."""
    from ..runtime import patch
    patch(async_mode)   # before anything imports socket or threading

    from ..access import LOCAL
    from ..extensions import socketio
    from ..network import lan_url
    from .replay_app import create_replay_app

    public_url = (public_url or lan_url(port)).rstrip("/")
    app = create_replay_app({"PUBLIC_URL": public_url, "DATABASE_URL": database,
                             "ASYNC_MODE": async_mode})
    recording = _recording(recording_or_code, None, app.extensions["workshop.store"])
    recording.owner = LOCAL      # whoever runs this command holds the printed token
    app.extensions["workshop.replays"].pin(recording, speed)
    token = app.config["HOST_TOKEN"]
    base = f"{public_url}/replay/{recording.code}"
    click.echo(f"Replay: {base}?token={token}")
    click.echo(f"Screen: {base}/screen?token={token}")
    click.echo(f"Report: {base}/report?token={token}")
    sys.stdout.flush()
    socketio.run(app, host=host, port=port, log_output=False,
                 allow_unsafe_werkzeug=async_mode == "threading")


@click.command()
@click.argument("script", type=click.Path(exists=True, dir_okay=False))
@click.option("--phones", type=click.IntRange(0, 2000), default=20, show_default=True,
              help="How many simulated participants (mostly couples, a few singles).")
@click.option("--pace", type=click.FloatRange(0.001, 100), default=1.0, show_default=True,
              help="Multiplies every simulated delay: 1 is a room of people, 0.1 ten times faster.")
@click.option("--seed", type=int, help="Make the simulated room the same every time.")
@server_options
def rehearse(script, phones, pace, seed, host, port, public_url, database, async_mode):
    """Start a rehearsal: a live session marked as such, with simulated participants."""
    from ..runtime import patch
    patch(async_mode)   # before anything imports socket or threading

    import atexit
    import signal

    from ..access import LOCAL
    from ..app import create_app
    from ..extensions import socketio
    from ..network import lan_url
    from ..script import ScriptError

    public_url = (public_url or lan_url(port)).rstrip("/")
    app = create_app({"PUBLIC_URL": public_url, "DATABASE_URL": database,
                      "ASYNC_MODE": async_mode})
    try:
        state = app.extensions["workshop.hub"].start(script, LOCAL, kind="rehearsal")
    except ScriptError as exc:
        fail(str(exc))
    token = app.config["HOST_TOKEN"]
    click.echo(f"Facilitator: {public_url}/host/{state.code}?token={token}")
    click.echo(f"Screen: {public_url}/s/{state.code}")
    click.echo(f"Join: {public_url}/j/{state.code}")
    from ..messages import counted
    joining = counted("%(num)d simulated participant joins", "%(num)d simulated participants join",
                      phones)
    click.echo(f"Rehearsal: {joining} at {pace:g} × a human pace")
    sys.stdout.flush()

    if phones:
        from .room import spawn
        local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        room = spawn(f"http://{local}:{port}", state.code, phones, pace, seed, script)
        atexit.register(room.terminate)

        def stop(signum, frame):
            room.terminate()
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        signal.signal(signal.SIGTERM, stop)

    socketio.run(app, host=host, port=port, log_output=False,
                 allow_unsafe_werkzeug=async_mode == "threading")


verbs: list[click.Command] = [sessions, export, import_, report, replay, rehearse]
