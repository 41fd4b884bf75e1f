"""The `bench` verb (only click at the top: `workshop serve` must patch before other imports)."""
import click


@click.group(invoke_without_command=True)
@click.option("--phones", default=200, show_default=True, type=click.IntRange(1, 20000),
              help="Simulated phones that connect, join and vote.")
@click.option("--async-mode", type=click.Choice(("eventlet", "gevent", "threading")),
              default="eventlet", show_default=True, help="The servers' runtime.")
@click.option("--vote-rate", default=200.0, show_default=True, type=click.FloatRange(1, 20000),
              help="Votes per second during the voting rounds.")
@click.option("--duration", default=10.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds of voting: rate x duration votes, in rounds of at most one vote "
                   "per phone, one round per poll of the script at most.")
@click.option("--votes-per-phone", default=1, show_default=True, type=click.IntRange(1, 20),
              help="Votes of each phone in a round: the first, then changes of mind.")
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
@click.option("--settle", default=1.0, type=click.FloatRange(0, 10), hidden=True,
              help="Scale of the pauses that let the server go quiet between phases (for the "
                   "tests' small runs; a real run keeps 1).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def bench(ctx, phones, async_mode, vote_rate, duration, votes_per_phone, steps, time_limit,
          concurrency, script, baseline, settle, as_json):
    """Measure the server against a bare Flask-SocketIO stack, on 127.0.0.1 only.

    Starts `workshop serve` (and the bare server) as subprocesses and drives N phones, a
    screen and a host from one asyncio event loop: connect time, step fan-out, vote-to-screen
    latency, votes lost, server CPU and memory, each with its ratio to the bare stack.
    `workshop bench phone` measures one phone in Chromium on an emulated bad network instead.
    """
    if ctx.invoked_subcommand:
        return
    import json
    import shlex
    import sys
    from pathlib import Path

    from .report import table
    from .run import Options, run

    options = Options(phones=phones, async_mode=async_mode, vote_rate=vote_rate,
                      duration=duration, votes_per_phone=votes_per_phone, steps=steps,
                      baseline=baseline, time_limit=time_limit, concurrency=concurrency,
                      settle=settle)
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


@bench.command("phone")
@click.option("--runs", default=5, show_default=True, type=click.IntRange(1, 100),
              help="Phones measured, each in a fresh browser context (cold cache).")
@click.option("--latency", default=400.0, show_default=True, type=click.FloatRange(0, 10000),
              help="CDP latency in ms: added once to every request (its round trip).")
@click.option("--kbps", default=400.0, show_default=True, type=click.FloatRange(1, 10 ** 6),
              help="Download and upload throughput, kbit/s.")
@click.option("--cpu", default=4.0, show_default=True, type=click.FloatRange(1, 20),
              help="CPU slowdown (Emulation.setCPUThrottlingRate).")
@click.option("--width", default=390, show_default=True, type=click.IntRange(280, 1000),
              help="Phone viewport width in CSS px.")
@click.option("--warm", is_flag=True, help="Also reload each joined phone (warm cache).")
@click.option("--unemulated/--no-unemulated", default=True, show_default=True,
              help="Also measure each run without emulation (the second baseline).")
@click.option("--async-mode", type=click.Choice(("eventlet", "gevent", "threading")),
              default="eventlet", show_default=True, help="The server's runtime.")
@click.option("--script", type=click.Path(exists=True, dir_okay=False),
              help="Session script (default: sessions/trust.yaml).")
@click.option("--ws-latency/--no-ws-latency", default=True, show_default=True,
              help="Relay the emulated phones through 127.0.0.1 so that WebSocket frames, which "
                   "CDP does not delay, pay the same round trip (workshop/bench/relay.py).")
@click.option("--think-ms", default=0.0, show_default=True, type=click.FloatRange(0, 60000),
              help="Time from the join form to the tap on Join (reading it, typing a name); "
                   "0: at once, before the page's connection may be open.")
@click.option("--waterfall", is_flag=True, help="Print the requests of the last first load.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def phone(runs, latency, kbps, cpu, width, warm, unemulated, async_mode, script, ws_latency,
          think_ms, waterfall, as_json):
    """A cheap phone on bad Wi-Fi (issue 13): Debian's Chromium through Playwright with CDP's
    network emulation (400 ms a request, 400 kbit/s) and 4x CPU slowdown, against `workshop
    serve` on 127.0.0.1 with the host on the first poll. Medians over --runs of: link -> join
    form usable, and tap on Join -> the step shown, each against one request's cost under
    the same emulation and against the same figure unemulated. Targets: 3 s and 1 s."""
    import json
    import shlex
    import sys
    from pathlib import Path

    from .phone import ChromiumMissing, PhoneOptions, run, table

    options = PhoneOptions(runs=runs, latency_ms=latency, kbps=kbps, cpu=cpu, width=width,
                           warm=warm, unemulated=unemulated, async_mode=async_mode,
                           ws_latency=ws_latency, think_ms=think_ms)
    if script:
        options.script = Path(script)
    command = "workshop " + " ".join(shlex.quote(a) for a in sys.argv[1:])

    def progress(i, one):
        e = one["emulated"]
        click.echo(f"run {i + 1}/{runs}: join form {e['join_form_ms']:g} ms, "
                   f"step {e['join_step_ms']:g} ms, one request {one['floor_ms']:g} ms", err=True)
    try:
        report = run(options, command, progress=None if as_json else progress)
    except ChromiumMissing as exc:
        raise click.ClickException(str(exc))
    if not as_json:
        click.echo(table(report, waterfall=waterfall))
    else:
        if not waterfall:
            report.pop("waterfall")
        click.echo(json.dumps(report, indent=2))
