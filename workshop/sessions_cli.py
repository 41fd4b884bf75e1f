"""`workshop sessions delete CODE` and `workshop sessions purge` (workshop/retention.py).

Only click at the top: `workshop serve` must patch before other imports. They work on the
database alone; a server running on it forgets what they removed at its next retention pass.
"""
import click

from .training.cli import database_option, fail

retention_option = click.option(
    "--retention", envvar="WORKSHOP_RETENTION", default="24h", show_default=True,
    help="How long after a session ends its personal data is kept (24h, 90m, 7d, 0).")


def _duration(_ctx, _param, value):
    from .retention import parse_duration
    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("delete")
@click.argument("code")
@database_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete(code, database, yes):
    """Delete an ended session: its answers, wall, notes, names and log; nothing of it remains."""
    from .hub import normalise_code
    from .live.commands import Refused
    from .retention import delete_session
    from .training.replay_app import open_store

    code = normalise_code(code)
    store = open_store(database)
    if not yes:
        click.confirm(f"Delete session {code} and everything of it? This cannot be undone",
                      abort=True, err=True)
    try:
        delete_session(store, None, code, by="the command line")
    except Refused as exc:
        fail(f"no session with code {code!r} in this database (see `workshop sessions`)"
             if exc.code == "unknown_code" else
             f"session {code} is still live: end it first (a live session is never deleted)")
    click.echo(f"session {code} deleted")


@click.command("purge")
@click.option("--older-than", callback=_duration,
              help="Also delete every session that ended longer ago than this (e.g. 30d).")
@retention_option
@database_option
def purge(older_than, retention, database):
    """Apply retention now (erase the personal data that is due) and, with --older-than,
    delete the sessions that ended longer ago than that."""
    from .retention import apply_retention, parse_duration
    from .retention import purge as purge_sessions
    from .training.replay_app import open_store

    try:
        retention = parse_duration(retention)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--retention") from None
    store = open_store(database)
    deleted = []
    if older_than is not None:
        deleted, erased = purge_sessions(store, None, older_than, retention)
    else:
        erased = apply_retention(store, None, retention)
    click.echo(f"{len(deleted)} session{'s' if len(deleted) != 1 else ''} deleted, personal "
               f"data of {len(erased)} erased" +
               (f": {', '.join(deleted + erased)}" if deleted or erased else ""))


def register(main):
    """Add the verbs to `workshop sessions` (the listing, in training/cli.py)."""
    for verb in (delete, purge):
        main.commands["sessions"].add_command(verb)
