"""`workshop bench`, small and bounded: every figure is measured on both stacks, nothing is lost.

The real benchmark (docs/performance.md) runs thousands of phones for minutes; this runs 20
phones for a few seconds on 127.0.0.1 to keep the command itself working.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workshop.bench.report import FIGURES, RATIO_KEYS

pytest.importorskip("aiohttp")

PHONES = 20


@pytest.fixture(scope="module")
def report():
    args = [sys.executable, "-m", "workshop.cli", "bench", "--phones", str(PHONES),
            "--vote-rate", "100", "--duration", "0.6", "--votes-per-phone", "2", "--steps", "3",
            "--time-limit", "60",
            # The pauses between phases a tenth of a real run's: 20 phones go quiet at once.
            "--settle", "0.1",
            "--json"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=150)
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    return json.loads(done.stdout)


def test_every_figure_is_measured_on_both_stacks(report):
    for stack in ("workshop", "bare"):
        figures = report[stack]
        assert "error" not in figures, figures["error"]
        missing = [key for key, _, _ in FIGURES if figures.get(key) is None]
        assert not missing, f"{stack} lacks {missing}"
        assert figures["phones_connected"] == PHONES and figures["phones_failed"] == 0
        assert figures["fanout_steps"] == 3
        assert figures["cpu_s"] > 0 and figures["peak_rss_mb"] > 0


def test_no_vote_is_lost(report):
    for stack in ("workshop", "bare"):
        figures = report[stack]
        assert figures["votes_lost"] == 0
        assert figures["votes_refused"] == 0 and figures["votes_failed"] == 0
        # 100 votes/s for 0.6 s is 60 votes, two a phone (a vote, then a change of mind):
        # a round of all 20 phones and one of 10.
        assert figures["votes_acked"] == 60 and figures["vote_rounds"] == 2
        assert figures["votes_changed"] == 30


def test_each_figure_has_its_ratio_to_the_bare_stack(report):
    assert set(RATIO_KEYS) <= set(report["ratio"])
    missing = [key for key in RATIO_KEYS if report["ratio"][key] is None]
    assert not missing, f"no ratio for {missing}"
    for key in RATIO_KEYS:
        assert report["ratio"][key] == pytest.approx(report["workshop"][key] / report["bare"][key],
                                                     rel=0.02, abs=0.011)


def test_the_report_says_what_ran_and_judges_the_targets(report):
    assert report["options"]["phones"] == PHONES and report["options"]["async_mode"] == "eventlet"
    assert report["command"].startswith("workshop bench")
    assert report["targets"]["votes_lost_zero"]["met"] is True
    assert set(report["targets"]) >= {"connect_2000_under_10s", "fanout_p95_under_600ms",
                                       "vote_p95_under_300ms", "memory_under_100kb_per_phone",
                                       "fanout_p95_within_1.5x_bare",
                                       "sent_screen_p95_under_500ms", "sent_ack_p95_under_300ms",
                                       "votes_taken_within_5pct_of_bare",
                                       "cpu_per_vote_within_1.3x_bare"}
    assert report["options"]["votes_per_phone"] == 2 and report["options"]["settle"] == 0.1


def test_the_async_client_speaks_the_protocol(server):
    """workshop.aclient mirrors workshop.client: join, couples, votes, host commands, pushes."""
    import asyncio

    from workshop.aclient import Host, Phone, Screen, ServerRefused

    async def session():
        host = await Host(server.url, server.code, server.token).connect()
        screen = await Screen(server.url, server.code).connect()
        a, b = Phone(server.url, server.code), Phone(server.url, server.code)
        try:
            for phone in (a, b):
                await phone.connect()
                await phone.join("A" if phone is a else None)
            code = await a.create_couple()
            await b.join_couple(code)
            assert b.me["couple"] is None and b.me["couple_request"]["status"] == "waiting"
            await a.confirm()
            await a.wait_for(lambda v: (v["me"].get("couple") or {}).get("complete"))
            # b hears of it in a push of its own, which may come after a's acknowledgement.
            await b.wait_for(lambda v: ((v.get("me") or {}).get("couple") or {}).get("partners")
                             == ["A"])
            index = (await host.jump(2))["index"]                  # trust-word: a words poll
            view = await b.wait_for(lambda v: (v.get("step") or {}).get("index") == index)
            ack = await b.vote(view["step"]["id"], ["Safety"])
            assert ack["answer"] == ["Safety"]
            await screen.wait_for(lambda v: v["results"] and v["results"]["answered"] == 1)
            with pytest.raises(ServerRefused) as refused:
                await a.vote("welcome", 0)
            assert refused.value.ack["error"] == "not_current"
            assert any(event == "session" for event, _ in b.received)
        finally:
            for client in (host, screen, a, b):
                await client.disconnect()

    asyncio.run(asyncio.wait_for(session(), 60))
