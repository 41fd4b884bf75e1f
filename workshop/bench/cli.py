"""The `bench` verb (only click at the top: `workshop serve` must patch before other imports)."""
import click


@click.command()
@click.option("--phones", default=200, show_default=True, type=click.IntRange(1, 20000),
              help="Simulated phones that connect, join and vote.")
@click.option("--async-mode", type=click.Choice(("eventlet", "gevent", "threading")),
              default="eventlet", show_default=True, help="The servers' runtime.")
@click.option("--vote-rate", default=200.0, show_default=True, type=click.FloatRange(1, 20000),
              help="Votes per second during the voting rounds.")
@click.option("--duration", default=10.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds of voting: rate x duration votes, in rounds of at most one vote "
                   "per phone, one round per poll of the script at most.")
@click.option("--steps", default=10, show_default=True, type=click.IntRange(1, 100),
              help="Step changes whose fan-out is measured.")
@click.option("--time-limit", default=300.0, show_default=True, type=click.FloatRange(5, 3600),
              help="Upper bound in seconds of each stack's workload; it stops there.")
@click.option("--concurrency", default=50, show_default=True, type=click.IntRange(1, 1000),
              help="Phones connecting at the same time.")
@click.option("--script", type=click.Path(exists=True, dir_okay=False),
              help="Session script (default: sessions/trust.yaml).")
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Also run the workload against a bare Flask-SocketIO server.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def bench(phones, async_mode, vote_rate, duration, steps, time_limit, concurrency, script,
          baseline, as_json):
    """Measure the server against a bare Flask-SocketIO stack, on 127.0.0.1 only.

    Starts `workshop serve` (and the bare server) as subprocesses and drives N phones, a
    screen and a host from one asyncio event loop: connect time, step fan-out, vote-to-screen
    latency, votes lost, server CPU and memory, each with its ratio to the bare stack.
    """
    import json
    import shlex
    import sys
    from pathlib import Path

    from .report import table
    from .run import Options, run

    options = Options(phones=phones, async_mode=async_mode, vote_rate=vote_rate,
                      duration=duration, steps=steps, baseline=baseline, time_limit=time_limit,
                      concurrency=concurrency)
    if script:
        options.script = Path(script)
    command = "workshop " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    if not as_json:
        stacks = "workshop and bare" if baseline else "workshop"
        click.echo(f"running {stacks}: {phones} phones, {async_mode}…", err=True)
    report = run(options, command)
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        click.echo(table(report))
    if any(report[s].get("error") for s in ("workshop", "bare") if s in report):
        sys.exit(1)
