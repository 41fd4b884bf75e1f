"""The `workshop` command: one command with verbs, as Flask's and pip's are."""
from __future__ import annotations

import sys

import click


@click.group()
def main():
    """Run live couples workshops: console, projector screen and phones."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def check(files):
    """Validate session scripts; print every error as file:line:col and exit 1 on any.
    Warnings (no help entries, a placeholder left, a step too long for the projector) are
    printed the same way and do not fail."""
    from .script import ScriptError, load_script

    failed = False
    for name in files:
        try:
            script = load_script(name)
        except ScriptError as exc:
            failed = True
            for problem in exc.problems:
                click.echo(str(problem), err=True)
        else:
            from .messages import counted
            from .script.warnings import warnings

            found = warnings(name, script)
            for warning in found:
                click.echo(str(warning), err=True)
            parts = [counted("%(num)d step", "%(num)d steps", len(script.steps)),
                     f"{script.total_minutes:g} min"]
            if found:
                parts.append(counted("%(num)d warning", "%(num)d warnings", len(found)))
            click.echo(f"{name}: ok ({', '.join(parts)})")
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
def show(file):
    """Print a script's agenda: sections, themes, steps and the running clock."""
    from .script import ScriptError, load_script
    from .script.agenda import agenda_lines

    try:
        script = load_script(file)
    except ScriptError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo("\n".join(agenda_lines(script)))


ASYNC_MODES = ("eventlet", "gevent", "threading")


@main.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--public-url", envvar="WORKSHOP_PUBLIC_URL",
              help="The URL phones reach this server at (default: this machine's LAN address).")
@click.option("--database", envvar="WORKSHOP_DATABASE_URL",
              help="SQLAlchemy URL (default: an SQLite file in instance/).")
@click.option("--async-mode", type=click.Choice(ASYNC_MODES), default="eventlet",
              envvar="WORKSHOP_ASYNC_MODE", show_default=True)
@click.option("--message-queue", envvar="WORKSHOP_MESSAGE_QUEUE",
              help="redis://… to run several server processes for one session.")
@click.option("--start", "start_script", type=click.Path(exists=True, dir_okay=False),
              help="Start a live session from this script right away.")
@click.option("--behind-proxy", is_flag=True, envvar="WORKSHOP_BEHIND_PROXY",
              help="Behind a reverse proxy (deploy/nginx.conf): take the client's address and "
                   "scheme from its X-Forwarded-For and X-Forwarded-Proto headers.")
def serve(host, port, public_url, database, async_mode, message_queue, start_script,
          behind_proxy):
    """Run the server: console, screen and phones on one port."""
    from .runtime import patch
    patch(async_mode)   # before anything imports socket or threading

    from .access import LOCAL
    from .app import create_app
    from .extensions import socketio
    from .network import lan_url
    from .qr import terminal

    public_url = (public_url or lan_url(port)).rstrip("/")
    app = create_app({"PUBLIC_URL": public_url, "DATABASE_URL": database,
                      "ASYNC_MODE": async_mode, "MESSAGE_QUEUE": message_queue,
                      "BEHIND_PROXY": behind_proxy})
    from .retention import run_in_background
    run_in_background(app)     # erases personal data when it is due, now and every so often
    token = app.config["HOST_TOKEN"]
    if start_script:
        from .script import ScriptError
        try:
            state = app.extensions["workshop.hub"].start(start_script, LOCAL)
        except ScriptError as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
        join = f"{public_url}/j/{state.code}"
        click.echo(f"Facilitator: {public_url}/host/{state.code}?token={token}")
        click.echo(f"Screen: {public_url}/s/{state.code}")
        click.echo(f"Join: {join}")
        click.echo(terminal(join))
    else:
        click.echo(f"Facilitator: {public_url}/host?token={token}")
        click.echo(f"Home: {public_url}/")
    sys.stdout.flush()
    options = {}
    if async_mode == "eventlet":
        # eventlet's WSGI server takes 1,024 connections by default: too few for a big evening.
        options["max_size"] = 20000
    # threading mode runs on Werkzeug's server: fine for comparing runtimes, not for a venue.
    socketio.run(app, host=host, port=port, log_output=False,
                 allow_unsafe_werkzeug=async_mode == "threading", **options)


@main.group()
def facilitator():
    """Manage facilitator accounts for hosted installs."""


def _account_name(_ctx, _param, name):
    """Refused before the password is asked for: a clear error and exit status 2."""
    from .access import account_name_error
    problem = account_name_error(name)
    if problem:
        raise click.BadParameter(problem)
    return name


@facilitator.command("add")
@click.argument("name", callback=_account_name)
@click.option("--database", envvar="WORKSHOP_DATABASE_URL", help="SQLAlchemy URL.")
@click.password_option(help="The password (asked for when not given).")
def facilitator_add(name, database, password):
    """Add a facilitator account (or set its password, which ends its logins); the password is
    stored hashed. NAME: 1 to 40 letters, digits, '.', '_' or '-'; not 'local'."""
    from werkzeug.security import generate_password_hash

    from .training.replay_app import open_store   # the store alone: one row needs no app
    open_store(database).set_facilitator(name, generate_password_hash(password))
    click.echo(f"facilitator {name} saved")


@main.command()
@click.argument("code")
@click.option("--html", "html_path", type=click.Path(dir_okay=False),
              help="Write the report: one HTML file to read, send or print (A4).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False),
              help="Write the counts: one row per poll option, scale value or word.")
@click.option("--database", envvar="WORKSHOP_DATABASE_URL",
              help="SQLAlchemy URL (default: the SQLite file in instance/ that `workshop serve` uses).")
def results(code, html_path, csv_path, database):
    """Write a session's results report (--html) and counts (--csv): totals, never a person."""
    import time

    from .results import csvfile, render, report
    from .training.cli import _session_recording, _store

    if not html_path and not csv_path:
        raise click.UsageError("say what to write: --html FILE, --csv FILE or both")
    recording = _session_recording(_store(database), code)
    built = report.build(recording, until=None if recording.ended else time.time())
    for path, text in ((html_path, render.html_file), (csv_path, csvfile.to_csv)):
        if path:
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(text(built))
            click.echo(f"{built.code}: {path} written", err=True)


def _add_verbs():
    """Verbs that live beside their own code; their modules import only click at the top."""
    from .bench.cli import bench
    from .bench.fuzz import fuzz
    from . import sessions_cli
    from .training.cli import verbs
    main.add_command(bench)
    main.add_command(fuzz)
    for verb in verbs:
        main.add_command(verb)
    sessions_cli.register(main)     # `workshop sessions delete` and `purge`


_add_verbs()

if __name__ == "__main__":
    main()
