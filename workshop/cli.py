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
    """Validate session scripts; print every error as file:line:col and exit 1 on any."""
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
            click.echo(f"{name}: ok ({len(script.steps)} steps, {script.total_minutes:g} min)")
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


if __name__ == "__main__":
    main()
