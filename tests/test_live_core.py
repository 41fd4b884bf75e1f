"""The pure core (workshop/live): commands → events → state → views, without a server.

Every test builds a LiveSession from the default script and drives it with the same commands
the socket handlers call, applying the events with a fixed clock (the core reads none).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workshop.live import commands
from workshop.live.commands import Refused
from workshop.live.state import LiveSession, apply
from workshop.live.views import host_view, phone_view, screen_view
from workshop.script import load_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = load_script(ROOT / "sessions/trust.yaml")
INDEX = {step.id: i for i, step in enumerate(SCRIPT.steps)}
NOW = 1_700_000_000.0


# --- helpers --------------------------------------------------------------------------------

class Session(LiveSession):
    """A LiveSession that also keeps the events applied to it, to replay them later."""

    log: list


def new_session() -> Session:
    state = Session("TRUST", SCRIPT, "owner", NOW)
    state.log = []
    return state


def run(state, command, *args, now=NOW):
    """Run a command as the hub does: its events, applied with a fixed `now`."""
    events = command(state, *args, now)
    for event in events:
        apply(state, event)
    if hasattr(state, "log"):
        state.log.extend(events)
    return events


def snapshot(state) -> str:
    pids = sorted(state.participants)
    return json.dumps([host_view(state), [phone_view(state, pid) for pid in pids],
                       len(state.receipts)], sort_keys=True)


def refused(state, command, *args) -> Refused:
    """Assert the command is refused and changed nothing; return the refusal."""
    before = snapshot(state)
    with pytest.raises(Refused) as info:
        run(state, command, *args)
    assert snapshot(state) == before
    return info.value


def join(state, n=1, names=None):
    """n participants; returns their pids."""
    first = len(state.participants)
    pids = []
    for i in range(first, first + n):
        pid = f"p{i}"
        run(state, commands.join, pid, f"alias{i}", f"hash{i}", (names or {}).get(i))
        pids.append(pid)
    return pids


_cids = iter(range(10**9))


def cid() -> str:
    return f"c{next(_cids)}"


def at(state, step_id: str):
    run(state, commands.go_to, cid(), INDEX[step_id])
    assert state.step.id == step_id


def vote(state, pid, step_id, answer):
    return run(state, commands.vote, pid, cid(), step_id, answer)


def reflect(state, pid, step_id, text, rid=None):
    return run(state, commands.reflect, pid, cid(), rid or f"r{next(_cids):08d}", step_id, text)


def results(state):
    return screen_view(state)["results"]


@pytest.fixture
def state():
    return new_session()


# --- join -----------------------------------------------------------------------------------

def test_join_without_a_name(state):
    events = run(state, commands.join, "p1", "a1", "hash1", None)
    assert events == [{"type": "participant_joined", "pid": "p1", "alias": "a1",
                       "token_hash": "hash1", "name": "", "at": NOW}]
    assert state.participants["p1"].name == ""
    assert state.by_token["hash1"] == "p1"
    me = phone_view(state, "p1")["me"]
    assert (me["name"], me["answers"], me["reflections"]) == ("", {}, {})


def test_join_name_is_trimmed_and_cleaned(state):
    run(state, commands.join, "p1", "a1", "hash1", "  Anna\x07 \n")
    assert state.participants["p1"].name == "Anna"


def test_join_name_up_to_40_characters(state):
    run(state, commands.join, "p1", "a1", "hash1", "x" * commands.MAX_NAME)
    assert state.participants["p1"].name == "x" * 40
    assert refused(state, commands.join, "p2", "a2", "hash2", "x" * 41).code == "too_long"
    assert "p2" not in state.participants


@pytest.mark.parametrize("name", [5, ["Anna"], {"n": 1}])
def test_join_name_must_be_text(state, name):
    assert refused(state, commands.join, "p1", "a1", "hash1", name).code == "bad_request"


def test_joined_count_on_screen(state):
    join(state, 3)
    assert screen_view(state)["joined"] == 3
    assert screen_view(state)["phase"] == "lobby"


# --- step navigation ------------------------------------------------------------------------

def test_next_and_previous(state):
    assert state.index == -1 and state.phase == "lobby" and state.step is None
    run(state, commands.go_to, cid(), state.index + 1, now=NOW + 5)
    assert state.index == 0 and state.phase == "step"
    assert state.step_started_at == NOW + 5
    run(state, commands.go_to, cid(), state.index - 1)
    assert state.index == -1 and state.phase == "lobby"


def test_previous_before_the_lobby_is_at_start(state):
    assert refused(state, commands.go_to, cid(), state.index - 1).code == "at_start"


def test_next_past_the_end_is_at_end(state):
    last = len(SCRIPT.steps) - 1
    run(state, commands.go_to, cid(), last)
    assert refused(state, commands.go_to, cid(), state.index + 1).code == "at_end"
    assert state.index == last


def test_jump_anywhere_and_back_to_the_lobby(state):
    at(state, "repair-needs")
    assert screen_view(state)["step"]["index"] == INDEX["repair-needs"]
    run(state, commands.go_to, cid(), -1)
    assert state.phase == "lobby"


@pytest.mark.parametrize("index,code", [(999, "at_end"), (-5, "at_start"), ("3", "bad_request"),
                                        (3.0, "bad_request"), (True, "bad_request"),
                                        (None, "bad_request")])
def test_jump_refusals(state, index, code):
    at(state, "welcome")
    assert refused(state, commands.go_to, cid(), index).code == code


# --- votes ----------------------------------------------------------------------------------

VALID = [
    ("hard-topic", 0, 0),                                        # single, 8 options
    ("hard-topic", 7, 7),
    ("trust-pillars", [3], [3]),                                 # multiple, max_choices 2
    ("trust-pillars", [5, 1], [1, 5]),
    ("feel-safe", 1, 1),                                         # scale 1..5
    ("feel-safe", 5, 5),
    ("trust-word", ["Safety"], ["Safety"]),                      # words, max_words 3
    ("trust-word", [" calm ", "honesty", "home"], ["calm", "honesty", "home"]),
]

INVALID = [
    ("hard-topic", 8), ("hard-topic", -1), ("hard-topic", "1"), ("hard-topic", 1.0),
    ("hard-topic", [1]), ("hard-topic", None), ("hard-topic", True), ("hard-topic", False),
    ("trust-pillars", []), ("trust-pillars", [0, 1, 2]), ("trust-pillars", [0, 0]),
    ("trust-pillars", [8]), ("trust-pillars", [-1]), ("trust-pillars", 0),
    ("trust-pillars", ["0"]), ("trust-pillars", [True]), ("trust-pillars", [1.0]),
    ("feel-safe", 0), ("feel-safe", 6), ("feel-safe", 3.0), ("feel-safe", "3"),
    ("feel-safe", [3]), ("feel-safe", True), ("feel-safe", None),
    ("trust-word", []), ("trust-word", ["a", "b", "c", "d"]), ("trust-word", "safety"),
    ("trust-word", ["safe", "SAFE"]), ("trust-word", [5]), ("trust-word", ["x" * 31]),
    ("trust-word", ["x" * 10_000]), ("trust-word", [""]), ("trust-word", ["   "]),
    ("trust-word", [None]), ("trust-word", None),
]


@pytest.mark.parametrize("step_id,answer,stored", VALID)
def test_valid_answers(state, step_id, answer, stored):
    (pid,) = join(state)
    at(state, step_id)
    events = vote(state, pid, step_id, answer)
    assert events[0]["answer"] == stored
    assert state.poll(step_id).votes == {pid: stored}
    assert phone_view(state, pid)["me"]["answers"] == {step_id: stored}


@pytest.mark.parametrize("step_id,answer", INVALID)
def test_invalid_answers_are_bad_answer(state, step_id, answer):
    (pid,) = join(state)
    at(state, step_id)
    assert refused(state, commands.vote, pid, cid(), step_id, answer).code == "bad_answer"
    assert state.poll(step_id).votes == {}


def test_a_bool_is_not_an_int():
    # True == 1 and False == 0 in Python; as an answer they are still no option index or score.
    for step_id in ("hard-topic", "feel-safe", "trust-pillars"):
        step = SCRIPT.steps[INDEX[step_id]]
        for answer in (True, False, [True]):
            with pytest.raises(Refused) as info:
                commands.check_answer(step, answer)
            assert info.value.code == "bad_answer"


def test_a_changed_vote_counts_once_and_the_last_counts(state):
    pids = join(state, 3)
    at(state, "appreciation-often")                   # scale 1..5, live results
    vote(state, pids[0], "appreciation-often", 1)
    vote(state, pids[0], "appreciation-often", 5)
    vote(state, pids[1], "appreciation-often", 5)
    vote(state, pids[2], "appreciation-often", 2)
    vote(state, pids[0], "appreciation-often", 4)
    r = results(state)
    assert r["answered"] == 3
    assert r["tally"] == {"counts": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}, "mean": 3.67}
    assert host_view(state)["answered"] == 3
    assert phone_view(state, pids[0])["me"]["answers"] == {"appreciation-often": 4}


def test_a_closed_poll_refuses_votes_until_reopened(state):
    (pid,) = join(state)
    at(state, "trust-word")
    run(state, commands.close_poll, cid(), "trust-word", True)
    assert screen_view(state)["results"]["closed"] is True
    assert phone_view(state, pid)["poll"] == {"closed": True}
    assert refused(state, commands.vote, pid, cid(), "trust-word", ["calm"]).code == "poll_closed"
    run(state, commands.close_poll, cid(), "trust-word", False)
    vote(state, pid, "trust-word", ["calm"])
    assert state.poll("trust-word").votes == {pid: ["calm"]}


def test_vote_on_a_step_that_is_not_current(state):
    (pid,) = join(state)
    assert refused(state, commands.vote, pid, cid(), "trust-word", ["calm"]).code == "not_current"
    at(state, "feel-safe")
    assert refused(state, commands.vote, pid, cid(), "trust-word", ["calm"]).code == "not_current"
    assert refused(state, commands.vote, pid, cid(), "no-such-step", 1).code == "not_current"
    assert refused(state, commands.vote, pid, cid(), 4, 3).code == "bad_request"


def test_vote_before_join_and_on_a_step_that_is_no_poll(state):
    at(state, "trust-word")
    assert refused(state, commands.vote, "stranger", cid(), "trust-word", ["x"]).code == "not_joined"
    (pid,) = join(state)
    at(state, "welcome")
    assert refused(state, commands.vote, pid, cid(), "welcome", 0).code == "not_a_poll"


def test_host_poll_commands_check_the_step(state):
    at(state, "welcome")
    assert refused(state, commands.close_poll, cid(), "welcome", True).code == "not_a_poll"
    assert refused(state, commands.show_results, cid(), "welcome", True).code == "not_a_poll"
    assert refused(state, commands.close_poll, cid(), "trust-word", True).code == "not_current"
    at(state, "hard-topic")
    assert refused(state, commands.show_results, cid(), "hard-topic", "yes").code == "bad_request"
    assert refused(state, commands.show_results, cid(), "hard-topic", 1).code == "bad_request"


# --- results --------------------------------------------------------------------------------

def test_script_default_min_answers_is_3():
    assert SCRIPT.min_answers == 3


def test_live_results_hidden_below_min_answers(state):
    pids = join(state, 3)
    at(state, "trust-pillars")                         # multiple, live
    for n, pid in enumerate(pids, 1):
        vote(state, pid, "trust-pillars", [0])
        r = results(state)
        assert r["answered"] == n
        if n < 3:
            assert r["visible"] is False and r["tally"] is None
    assert r["visible"] is True
    assert r["tally"] == [3, 0, 0, 0, 0, 0, 0, 0]


def test_reveal_results_hidden_until_shown(state):
    pids = join(state, 4)
    at(state, "feel-safe")                             # scale, reveal
    for pid, score in zip(pids, (1, 2, 2, 5)):
        vote(state, pid, "feel-safe", score)
    r = results(state)
    assert r["answered"] == 4 and r["visible"] is False and r["tally"] is None
    assert host_view(state)["results"]["tally"] is None
    run(state, commands.show_results, cid(), "feel-safe", True)
    r = results(state)
    assert r["visible"] is True
    assert r["tally"] == {"counts": {"1": 1, "2": 2, "3": 0, "4": 0, "5": 1}, "mean": 2.5}
    run(state, commands.show_results, cid(), "feel-safe", False)
    assert results(state)["tally"] is None


def test_shown_results_still_need_min_answers(state):
    pids = join(state, 2)
    at(state, "hard-topic")
    run(state, commands.show_results, cid(), "hard-topic", True)
    for pid in pids:
        vote(state, pid, "hard-topic", 1)
    assert results(state)["visible"] is False and results(state)["tally"] is None


def test_tally_single(state):
    pids = join(state, 5)
    at(state, "repair-needs")                          # single, 6 options, reveal
    for pid, answer in zip(pids, (0, 3, 3, 5, 3)):
        vote(state, pid, "repair-needs", answer)
    run(state, commands.show_results, cid(), "repair-needs", True)
    r = results(state)
    assert r["type"] == "single" and r["answered"] == 5
    assert r["tally"] == [1, 0, 0, 3, 0, 1]


def test_tally_multiple(state):
    pids = join(state, 3)
    at(state, "promise-slips")                         # multiple, max_choices 3
    for pid, answer in zip(pids, ([0, 2, 7], [2], [7, 0])):
        vote(state, pid, "promise-slips", answer)
    assert results(state)["tally"] == [2, 0, 2, 0, 0, 0, 0, 2]


def test_tally_words_is_case_insensitive(state):
    pids = join(state, 4)
    at(state, "trust-word")
    for pid, words in zip(pids, (["Safety"], ["safety", "calm"], ["SAFETY", "Honesty"],
                                 ["calm"])):
        vote(state, pid, "trust-word", words)
    assert results(state)["tally"] == [["safety", 3], ["calm", 2], ["honesty", 1]]


# --- reflections ----------------------------------------------------------------------------

def test_reflection_shown_when_no_approval_is_needed(state):
    (pid,) = join(state)
    at(state, "safe-moment")                           # approval: false
    events = reflect(state, pid, "safe-moment", "  Her hand on my shoulder. ", rid="r1")
    assert events[0]["status"] == "shown" and events[0]["text"] == "Her hand on my shoulder."
    assert screen_view(state)["wall"] == [{"id": "r1", "text": "Her hand on my shoulder."}]
    assert phone_view(state, pid)["me"]["reflections"] == {
        "safe-moment": [{"id": "r1", "text": "Her hand on my shoulder.", "status": "shown"}]}
    assert host_view(state)["answered"] == 1


def test_reflection_held_when_the_step_needs_approval(state):
    (pid,) = join(state)
    at(state, "rebuilding-trust")                      # approval: true
    reflect(state, pid, "rebuilding-trust", "Time.", rid="r1")
    assert screen_view(state)["wall"] == []
    assert host_view(state)["queue"] == [{"id": "r1", "text": "Time.", "status": "held"}]
    run(state, commands.moderate, cid(), "r1", "shown")
    assert screen_view(state)["wall"] == [{"id": "r1", "text": "Time."}]
    run(state, commands.moderate, cid(), "r1", "hidden")
    assert screen_view(state)["wall"] == []
    assert host_view(state)["queue"] == [{"id": "r1", "text": "Time.", "status": "hidden"}]


def test_moderation_hides_a_shown_reflection(state):
    (pid,) = join(state)
    at(state, "safe-moment")
    reflect(state, pid, "safe-moment", "one", rid="r1")
    reflect(state, pid, "safe-moment", "two", rid="r2")
    run(state, commands.moderate, cid(), "r1", "hidden")
    assert screen_view(state)["wall"] == [{"id": "r2", "text": "two"}]
    assert phone_view(state, pid)["me"]["reflections"]["safe-moment"][0]["status"] == "hidden"


def test_moderate_refusals(state):
    (pid,) = join(state)
    at(state, "safe-moment")
    reflect(state, pid, "safe-moment", "one", rid="r1")
    assert refused(state, commands.moderate, cid(), "r-unknown", "hidden").code == "no_such_reflection"
    assert refused(state, commands.moderate, cid(), ["r1"], "hidden").code == "no_such_reflection"
    assert refused(state, commands.moderate, cid(), "r1", "deleted").code == "bad_request"


def test_the_wall_is_ordered_by_random_id_not_by_writing_order(state):
    pids = join(state, 3)
    at(state, "trust-ritual")
    for pid, rid, text in zip(pids, ("r7c", "r1a", "r4b"), ("first", "second", "third")):
        reflect(state, pid, "trust-ritual", text, rid=rid)
    assert screen_view(state)["wall"] == [{"id": "r1a", "text": "second"},
                                          {"id": "r4b", "text": "third"},
                                          {"id": "r7c", "text": "first"}]
    assert [r["id"] for r in host_view(state)["queue"]] == ["r1a", "r4b", "r7c"]


def test_too_many_reflections_after_five(state):
    pid, other = join(state, 2)
    at(state, "feeling-heard")
    for i in range(commands.MAX_REFLECTIONS_PER_STEP):
        reflect(state, pid, "feeling-heard", f"thought {i}")
    error = refused(state, commands.reflect, pid, cid(), "r-extra", "feeling-heard", "one more")
    assert error.code == "too_many" and error.params == {"limit": 5}
    reflect(state, other, "feeling-heard", "mine still counts")       # a limit per person
    assert len(screen_view(state)["wall"]) == 6


def test_reflection_text_limits(state):
    (pid,) = join(state)
    at(state, "honest-limits")
    reflect(state, pid, "honest-limits", "x" * commands.MAX_REFLECTION)
    assert refused(state, commands.reflect, pid, cid(), "r-long", "honest-limits",
                   "x" * 501).code == "too_long"
    assert refused(state, commands.reflect, pid, cid(), "r-empty", "honest-limits",
                   " \n\t").code == "empty"
    assert refused(state, commands.reflect, pid, cid(), "r-num", "honest-limits",
                   42).code == "bad_request"


def test_reflection_checks_the_step(state):
    (pid,) = join(state)
    at(state, "trust-word")
    assert refused(state, commands.reflect, pid, cid(), "r1", "trust-word",
                   "hi").code == "not_a_reflection"
    assert refused(state, commands.reflect, pid, cid(), "r1", "safe-moment",
                   "hi").code == "not_current"
    assert refused(state, commands.reflect, "stranger", cid(), "r1", "trust-word",
                   "hi").code == "not_joined"


# --- the end --------------------------------------------------------------------------------

def test_an_ended_session_refuses_everything(state):
    pid, = join(state)
    at(state, "safe-moment")
    reflect(state, pid, "safe-moment", "before the end", rid="r1")
    run(state, commands.end, cid())
    assert state.phase == "ended" and screen_view(state)["phase"] == "ended"
    attempts = [
        (commands.join, "p9", "a9", "hash9", "Late"),
        (commands.vote, pid, cid(), "safe-moment", 1),
        (commands.reflect, pid, cid(), "r2", "safe-moment", "after the end"),
        (commands.go_to, cid(), 0),
        (commands.go_to, cid(), state.index + 1),
        (commands.close_poll, cid(), "safe-moment", True),
        (commands.show_results, cid(), "safe-moment", True),
        (commands.moderate, cid(), "r1", "hidden"),
        (commands.end, cid()),
    ]
    for command, *args in attempts:
        assert refused(state, command, *args).code == "session_ended", command.__name__


# --- state is a fold over events -------------------------------------------------------------

def test_replaying_the_events_gives_the_same_views(state):
    pids = join(state, 4, names={0: "Anna", 2: "Bram"})
    at(state, "trust-word")
    for pid, words in zip(pids, (["calm"], ["Calm", "home"], ["safety"], ["home"])):
        vote(state, pid, "trust-word", words)
    vote(state, pids[0], "trust-word", ["honesty"])
    at(state, "hard-topic")
    for pid, answer in zip(pids, (1, 2, 1, 1)):
        vote(state, pid, "hard-topic", answer)
    run(state, commands.close_poll, cid(), "hard-topic", True)
    run(state, commands.show_results, cid(), "hard-topic", True)
    at(state, "rebuilding-trust")
    reflect(state, pids[0], "rebuilding-trust", "patience", rid="rb")
    reflect(state, pids[1], "rebuilding-trust", "small steps", rid="ra")
    run(state, commands.moderate, cid(), "ra", "shown")
    at(state, "hard-topic")

    # As the store keeps them: JSON, read back in a fresh process.
    stored = json.loads(json.dumps(state.log))
    replayed = LiveSession(state.code, SCRIPT, state.owner, state.started_at)
    for event in stored:
        apply(replayed, event)

    for view in (screen_view, host_view):
        assert view(replayed) == view(state)
    for pid in pids + [None]:
        assert phone_view(replayed, pid) == phone_view(state, pid)
    assert replayed.receipts.keys() == state.receipts.keys()
    # at an earlier step too: the folded state holds everything, not only the current step
    at(state, "rebuilding-trust")
    run(replayed, commands.go_to, "again", INDEX["rebuilding-trust"])
    assert screen_view(replayed) == screen_view(state)


def test_every_command_event_carries_its_cid_as_a_receipt(state):
    (pid,) = join(state)
    at(state, "trust-word")
    run(state, commands.vote, pid, "vote-1", "trust-word", ["calm"])
    assert state.receipts[(pid, "vote-1")]["answer"] == ["calm"]
    run(state, commands.go_to, "go-1", 0)
    assert state.receipts[("host", "go-1")]["index"] == 0


# --- privacy --------------------------------------------------------------------------------

PIDS = ["pid-secret-a", "pid-secret-b", "pid-secret-c"]
ALIASES = ["alias-secret-a", "alias-secret-b", "alias-secret-c"]
HASHES = ["tokenhash-secret-a", "tokenhash-secret-b", "tokenhash-secret-c"]
NAMES = ["Annabel Zwaan", "Bartholomew Quill", "Cordelia Vos"]
# The console lists who is present, by name, to form couples (docs/protocol.md: names never
# travel *next to an answer*). Only these parts of the console view may carry a name.
ROSTER = ("couples", "singles")


def _private_session():
    state = new_session()
    for pid, alias, token_hash, name in zip(PIDS, ALIASES, HASHES, NAMES):
        run(state, commands.join, pid, alias, token_hash, name)
    return state


def _assert_carries_none_of(view, *secrets):
    text = json.dumps(view)
    for secret in secrets:
        assert secret not in text, secret


def _assert_private(state):
    _assert_carries_none_of(screen_view(state), *PIDS, *HASHES, *NAMES, *ALIASES)
    console = host_view(state)
    _assert_carries_none_of(console, *PIDS, *HASHES)
    _assert_carries_none_of({k: v for k, v in console.items() if k not in ROSTER}, *NAMES)


@pytest.mark.parametrize("step_id", ["welcome", "trust-word", "hard-topic", "rebuilding-trust",
                                     "trust-ritual", "listening"])
def test_screen_and_console_never_carry_who(step_id):
    state = _private_session()
    _assert_private(state)
    at(state, step_id)
    step = state.step
    if step.kind == "poll":
        answer = ["trust"] if step.type == "words" else 1
        for pid in PIDS:
            vote(state, pid, step_id, answer)
        run(state, commands.show_results, cid(), step_id, True)
        assert results(state)["visible"] is True
    if step.kind == "reflection":
        for pid in PIDS:
            reflect(state, pid, step_id, "a thought")
        for rid in state.reflections:
            run(state, commands.moderate, cid(), rid, "shown")
        assert len(screen_view(state)["wall"]) == 3
    _assert_private(state)


def test_the_console_roster_carries_no_answers():
    state = _private_session()
    at(state, "trust-word")
    for pid, word in zip(PIDS, ("zebrawood", "quillfeather", "vosberg")):
        vote(state, pid, "trust-word", [word])
    at(state, "safe-moment")
    for pid, text in zip(PIDS, ("reflection-one", "reflection-two", "reflection-three")):
        reflect(state, pid, "safe-moment", text)
    roster = {k: v for k, v in host_view(state).items() if k in ROSTER}
    _assert_carries_none_of(roster, "zebrawood", "quillfeather", "vosberg", "reflection-one",
                            "reflection-two", "reflection-three", *PIDS, *HASHES)


def test_a_phone_sees_only_its_own_answers():
    state = _private_session()
    a, b, c = PIDS
    at(state, "hard-topic")
    vote(state, a, "hard-topic", 1)
    vote(state, b, "hard-topic", 6)
    at(state, "safe-moment")
    reflect(state, b, "safe-moment", "bartholomew's thought")
    view = phone_view(state, a)
    assert view["me"]["answers"] == {"hard-topic": 1}
    assert view["me"]["reflections"] == {}
    _assert_carries_none_of(view, "Bartholomew", "bartholomew's", b, c, *HASHES)
    assert phone_view(state, None)["me"] is None


def test_roles_swap_between_rounds_and_rotate_in_a_trio():
    from workshop.script.model import PairStep
    pair = next(s for s in SCRIPT.steps if isinstance(s, PairStep) and s.swap)
    first, second = ("speaker", "listener") if pair.roles == "speaker-listener" else ("a", "b")
    assert [pair.role_for(0, seat) for seat in (0, 1)] == [first, second]
    assert [pair.role_for(1, seat) for seat in (0, 1)] == [second, first]
    trio = [[pair.role_for(r, seat, 3) for seat in range(3)] for r in range(3)]
    assert trio == [[first, second, second], [second, first, second], [second, second, first]]


# --- text a person typed ----------------------------------------------------------------------

@pytest.mark.parametrize("typed, kept", [
    ("  hallo\u200b ", "hallo"),                        # zero-width space at the end
    ("e\u0301", "\u00e9"),                              # NFC: é typed as e + combining accent
    ("\u202eevil", "evil"),                             # a right-to-left override is removed
    ("a\u2066b\u2069c", "abc"),                         # isolates too
    ("\U0001F469\u200d\u2764\ufe0f\u200d\U0001F468", "\U0001F469\u200d\u2764\ufe0f\u200d\U0001F468"),
    ("हूं", "हूं"),                                        # a trailing vowel mark is a letter's
])
def test_typed_text_is_normalised(typed, kept):
    assert commands.clean_text(typed, 500, "text") == kept


@pytest.mark.parametrize("typed", ["\u200b\u200b", "\ufeff", "\u0301", " \u2060 ", "\u202e"])
def test_text_without_a_visible_character_is_empty(typed):
    with pytest.raises(Refused) as refused:
        commands.clean_text(typed, 500, "text")
    assert refused.value.code == "empty"
    assert commands.clean_text(typed, 40, "name", allow_empty=True) == ""
