"""The `bench` verb (only click at the top: `workshop serve` must patch before other imports)."""
import click


@click.command()
def bench():
    """Measure the server against a bare Flask-SocketIO stack (not written yet)."""
    raise click.ClickException("not written yet")
