"""The `fuzz` verb: the protocol fuzz test (tests/test_fuzz.py) at length, with its summary.

Only click at the top, like `bench`: the run is pytest's, in a process of its own, from the
source checkout (it needs tests/ and the `test` extra, as `make test` does).
"""
import click


@click.command()
@click.option("--examples", default=5000, show_default=True, type=click.IntRange(1, 10 ** 7),
              help="Generated events, over every namespace.")
@click.option("--seed", type=int, default=None,
              help="Hypothesis's seed: the same number runs the same examples again.")
@click.option("--stop-at-first", is_flag=True,
              help="Stop at the first failure and shrink it to the smallest example that fails, "
                   "instead of counting every failure by its kind.")
def fuzz(examples, seed, stop_at_first):
    """Send generated events to every namespace of the real app, in-process, and check that each
    is acknowledged, that a refused one changed nothing, that nothing malformed was accepted and
    that nothing was logged at ERROR (tests/test_fuzz.py, its long profile). Prints events
    tried, examples, refusals by code and failures by kind; exits 1 on any failure.
    `make test` runs the same test with 150 examples."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    test = root / "tests" / "test_fuzz.py"
    if not test.exists():
        raise click.ClickException(f"{test} not found: `workshop fuzz` runs from the source checkout")
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long", "FUZZ_EXAMPLES": str(examples),
           "FUZZ_KEEP_GOING": "0" if stop_at_first else "1"}
    args = [sys.executable, "-m", "pytest", str(test), "-k", "every_event_of_every_namespace",
            "-q", "-s", "-p", "no:cacheprovider", "-p", "no:xdist", "-o", "timeout=0"]
    if seed is not None:
        args.append(f"--hypothesis-seed={seed}")
    sys.exit(subprocess.run(args, cwd=root, env=env).returncode)
