"""Training: a rehearsal with simulated participants (`workshop rehearse` in a subprocess, its
bots on real sockets), driven from the console as a trainee would. In a file of its own so
that the test runner can run it beside the other training tests."""
from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter

from conftest import ROOT
from conftest import verb as workshop
from test_training import VERTROUWEN, verb_server  # noqa: F401  (the fixture)
from workshop.client import Host


# --- (b) a rehearsal with simulated participants ---------------------------------------------------

# Enough phones for couples, a one-phone couple, drop-outs and an odd number of singles; at a
# pace where a minute-long round takes a fraction of a second. Bigger rooms are the benchmark's.
PHONES, PACE = 24, "0.002"

def couples_formed(view: dict) -> bool:
    """Every couple the partners started is complete (or is one phone for two)."""
    return all(c["size"] >= 2 or c["one_phone"] for c in view["couples"])


def rounds_finished(view: dict) -> bool:
    return bool(view["couples"]) and all(
        c.get("finished") or c.get("round") == c.get("rounds") for c in view["couples"])


def pair_the_singles(host: Host) -> list[list[str]]:
    """As the trainee does from the console: twos, and a trio when the number is odd."""
    aliases = [single["alias"] for single in host.view["singles"]]
    groups = [aliases[i:i + 2] for i in range(0, len(aliases) - len(aliases) % 2, 2)]
    if len(aliases) % 2:
        groups[-1].append(aliases[-1])
    for group in groups:
        host.command("pair_up", participants=group)
    return groups


def test_rehearsal_with_simulated_participants(verb_server, tmp_path):
    phones = PHONES
    rehearsal = verb_server(["rehearse", ROOT / "sessions/vertrouwen.yaml", "--phones", phones,
                             "--pace", PACE, "--seed", "7"], lines=4)
    assert f"Rehearsal: {phones} simulated participants" in rehearsal.output
    host = Host(rehearsal.url, rehearsal.code, rehearsal.token).connect()
    pair_steps = [step for step in VERTROUWEN.steps if step.kind == "pair"]
    assert len(pair_steps) >= 3
    try:
        # Couples form on their phones as they arrive; the few who came alone wait for us.
        view = host.wait_for(lambda v: v["joined"] == phones and couples_formed(v), timeout=30)
        formed = view["couples"]
        assert sum(c["formed_by"] == "partners" for c in formed) >= phones * 0.35
        assert any(c["one_phone"] for c in formed)
        assert 2 <= len(view["singles"]) <= phones * 0.2
        groups = pair_the_singles(host)
        view = host.wait_for(lambda v: not v["singles"] and len(v["couples"]) == len(formed) + len(groups))
        assert sum(1 if c["one_phone"] else c["size"] for c in view["couples"]) == phones
        couples = len(view["couples"])

        for index, step in enumerate(VERTROUWEN.steps):
            assert host.next()["index"] == index
            view = host.wait_for(lambda v: v["index"] == index)
            if step.kind == "poll":
                # The room answers at its own pace; a few may be away for a moment.
                try:
                    view = host.wait_for(lambda v: v["answered"] == phones, timeout=10)
                except TimeoutError:
                    view = host.view
                assert view["answered"] >= phones * 0.9, (step.id, view["answered"])
                if step.results == "reveal":
                    host.show_results(step.id)
                host.close_poll(step.id)
            elif step.kind == "reflection":
                view = host.wait_for(lambda v: len(v["queue"]) >= phones // 4, timeout=15)
                if step.approval:
                    for reflection in host.sync()["queue"][:5]:
                        host.moderate(reflection["id"], "shown")
            elif step.kind == "pair":
                assert [c["round"] for c in view["couples"]] == [0] * couples
                if step is pair_steps[0]:
                    host.extend(2)      # a facilitator's habit; no round here ends on time
                # Every couple goes through every round by itself: the rounds are minutes
                # long, so nothing here is moved on by the server's clock.
                view = host.wait_for(rounds_finished, timeout=90)
                assert len(view["couples"]) == couples, step.id
                assert all(c["round"] == c["rounds"] == len(step.rounds) for c in view["couples"])
        host.end()
    finally:
        host.disconnect()
    rehearsal.stop()

    db = sqlite3.connect(rehearsal.database.removeprefix("sqlite:///"))
    assert db.execute("select kind from sessions where code=?", (rehearsal.code,)).fetchone() == ("rehearsal",)
    events = [json.loads(r[0]) for r in db.execute(
        "select data from events where code=? order by id", (rehearsal.code,))]
    db.close()
    # Drop-outs came back as themselves: as many participants as started, never more.
    assert sum(1 for e in events if e["type"] == "participant_joined") == phones
    voters = Counter()
    for step_id in {(e["step"], e["by"]) for e in events if e["type"] == "vote_cast"}:
        voters[step_id[0]] += 1
    for step in VERTROUWEN.steps:
        if step.kind == "poll":
            assert voters[step.id] >= phones * 0.9, step.id
    reflections = Counter(e["step"] for e in events if e["type"] == "reflection_written")
    language_words = " ".join(e["text"] for e in events if e["type"] == "reflection_written")
    for step in VERTROUWEN.steps:
        if step.kind == "reflection":
            assert reflections[step.id] >= phones // 4, step.id
    assert " de " in language_words and " the " not in language_words   # Dutch, as the script
    # Some changed their mind; the spread is plausible, not everyone on one answer.
    assert sum(1 for e in events if e["type"] == "vote_cast") > sum(voters.values())
    scale = [e["answer"] for e in events if e["type"] == "vote_cast" and e["step"] == "feel-safe"]
    assert len(set(scale)) >= 3

    # The pair rounds: every couple went through each one, all of its seats tapping done (a
    # one-phone couple taps once), and wrote each other a note where a round asked for one.
    formed = {e["couple"]: e for e in events if e["type"] == "couple_formed"}
    members = {c: list(e["members"]) for c, e in formed.items()}
    for e in events:
        if e["type"] == "partner_answered" and e["yes"]:     # the couple's phone said yes
            members[e["couple"]].append(e["member"])
    assert not any(e["type"] == "couple_dissolved" for e in events)
    assert {e["formed_by"] for e in formed.values() if e.get("formed_by")} == {"facilitator"}
    assert any(len(m) == 3 for m in members.values())       # a trio: the singles were odd
    seats = {c: 2 if formed[c].get("one_phone") else len(m) for c, m in members.items()}
    started = [e for e in events if e["type"] == "pair_round_started"]
    assert {e["reason"] for e in started} == {"done"}
    for step in pair_steps:
        for couple, people in members.items():
            rounds = sorted(e["round"] for e in started if e["step"] == step.id and e["couple"] == couple)
            assert rounds == list(range(1, len(step.rounds) + 1)), (step.id, couple)
            for r, round_ in enumerate(step.rounds):
                tapped = {e["by"] for e in events if e["type"] == "pair_done" and e["step"] == step.id
                          and e["couple"] == couple and e["round"] == r}
                assert tapped == set(people), (step.id, couple, r)
                notes = {e["seat"] for e in events if e["type"] == "pair_note_written"
                         and e["step"] == step.id and e["couple"] == couple and e["round"] == r}
                assert notes == (set(range(seats[couple])) if round_.note else set()), (step.id, couple, r)
    notes = " ".join(e["text"] for e in events if e["type"] == "pair_note_written")
    assert " je " in notes and " you " not in notes
    # Now and then a couple, both partners agreeing, shares a note to the wall (at this pace a
    # round may move on before they do: that sharing works is test_pairs_e2e's); no note went
    # to the wall without both.
    for shared in (e for e in events if e["type"] == "pair_note_shared"):
        agreed = {e["by"] for e in events if e["type"] == "pair_share_consented"
                  and (e["couple"], e["round"], e["author"], e["step"]) ==
                  (shared["couple"], shared["round"], shared["author"], shared["step"])}
        assert agreed == set(members[shared["couple"]])
    # (At this pace a round may move on before a moment is asked for: the care signal itself
    # is test_pairs_e2e's; here, whoever asked said so when it had passed.)
    care = [e for e in events if e["type"] == "care_signal"]
    for pid in {e["by"] for e in care}:
        assert [e["kind"] for e in care if e["by"] == pid][-1] == "ok"

    # Rehearsals are kept apart from real sessions.
    listed = workshop("sessions", "--database", rehearsal.database).stdout
    assert rehearsal.code not in listed and "1 rehearsal not shown" in listed
    listed = workshop("sessions", "--database", rehearsal.database, "--include-rehearsals").stdout
    assert re.search(rf"{rehearsal.code} .* ended +rehearsal +{phones} ", listed)
    refused = workshop("export", rehearsal.code, "--database", rehearsal.database, ok=False)
    assert refused.returncode == 1 and "rehearsal" in refused.stderr
    exported = workshop("export", rehearsal.code, "--database", rehearsal.database,
                        "--include-rehearsals").stdout
    assert json.loads(exported.splitlines()[0])["kind"] == "rehearsal"
