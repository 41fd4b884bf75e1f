"""Couple commands in the pure core (workshop/live/pairs.py, pair_state.py): forming couples on
the phones and by the facilitator, rounds ended by 'done', private notes, sharing to the wall,
care signals, and the facilitator's extend and finish. No server, a fixed clock."""
from __future__ import annotations

import pytest

from core_helpers import (NOW, STEP, ask, at, cid, couple, create, done, join, new_session,
                          note, refused, run, share, types)
from workshop.live import commands, pairs
from workshop.live.pair_views import request_view


@pytest.fixture
def state():
    return new_session()


# --- forming a couple on the phones ---------------------------------------------------------

def test_a_new_couple_has_its_maker_in_seat_zero_and_waits_for_a_partner(state):
    anna, = join(state, "Anna")
    create(state, anna, "K7QP")
    c = state.pairs.couples["K7QP"]
    assert c.members == [anna] and not c.one_phone and c.formed_by == "partners"
    assert state.pairs.couple_of[anna] == "K7QP"


def test_only_a_literal_true_makes_a_one_phone_couple(state):
    anna, bram = join(state, "Anna", "Bram")
    create(state, anna, "AAAA", one_phone=False)
    create(state, bram, "BBBB", one_phone=True)
    assert not state.pairs.couples["AAAA"].one_phone
    assert state.pairs.couples["BBBB"].one_phone


@pytest.mark.parametrize("one_phone", ["yes", 1, 0, None, 1.0, []], ids=repr)
def test_one_phone_is_a_bool_or_nothing_is_made(state, one_phone):
    # Not taken for false: the phone asked for something, and not for that.
    anna, = join(state, "Anna")
    assert refused(state, pairs.create_couple, anna, cid(), iter(["AAAA"]),
                   one_phone).code == "bad_request"


def test_making_a_couple_needs_a_joined_single(state):
    anna, = join(state, "Anna")
    assert refused(state, pairs.create_couple, "stranger", cid(), iter(["AAAA"]),
                   False).code == "not_joined"
    create(state, anna, "AAAA")
    assert refused(state, pairs.create_couple, anna, cid(), iter(["BBBB"]),
                   False).code == "already_coupled"


def test_the_code_is_found_however_it_is_typed_and_only_asks(state):
    anna, bram = join(state, "Anna", "Bram")
    create(state, anna, "K7QP")
    ask(state, bram, "  k7qp ", request_id="q1")
    # Bram only asked: he is in no couple, and his phone knows only the code he typed.
    assert bram not in state.pairs.couple_of
    assert state.pairs.couples["K7QP"].members == [anna]
    assert request_view(state, bram) == {"code": "K7QP", "status": "waiting"}
    assert state.pairs.requests["K7QP"] == {"q1": bram}


@pytest.mark.parametrize("typed", ["ZZZZ", "", None, 1234, ["K7QP"]])
def test_a_wrong_code_finds_no_couple(state, typed):
    anna, bram = join(state, "Anna", "Bram")
    create(state, anna, "K7QP")
    assert refused(state, pairs.join_couple, bram, cid(), typed, "q1").code == "no_such_couple"


def test_a_full_couple_and_a_one_phone_couple_take_nobody_else(state):
    anna, bram, cleo, dirk = join(state, "Anna", "Bram", "Cleo", "Dirk")
    couple(state, anna, bram, "FULL")
    create(state, cleo, "SOLO", one_phone=True)
    assert refused(state, pairs.join_couple, dirk, cid(), "FULL", "q1").code == "couple_full"
    assert refused(state, pairs.join_couple, dirk, cid(), "SOLO", "q2").code == "couple_full"


def test_yes_on_the_couples_phone_makes_the_asker_the_partner(state):
    anna, bram = join(state, "Anna", "Bram")
    couple(state, anna, bram, "K7QP")
    assert state.pairs.couples["K7QP"].members == [anna, bram]
    assert state.pairs.couple_of[bram] == "K7QP"
    assert request_view(state, bram) is None and state.pairs.requests["K7QP"] == {}


def test_no_on_the_couples_phone_tells_the_asker_it_declined(state):
    anna, bram = join(state, "Anna", "Bram")
    create(state, anna, "K7QP")
    request_id = ask(state, bram, "K7QP")
    run(state, pairs.answer_partner, anna, cid(), request_id, False)
    assert state.pairs.couples["K7QP"].members == [anna]
    assert request_view(state, bram) == {"code": "K7QP", "status": "declined"}
    # Asking again (say, the right couple this time) replaces the 'declined'.
    ask(state, bram, "K7QP")
    assert request_view(state, bram)["status"] == "waiting"


def test_only_the_couples_own_phone_can_answer(state):
    anna, bram, cleo = join(state, "Anna", "Bram", "Cleo")
    create(state, anna, "K7QP")
    request_id = ask(state, bram, "K7QP")
    # Not the asker, not a stranger, not another couple's phone.
    for other in (bram, cleo):
        assert refused(state, pairs.answer_partner, other, cid(), request_id,
                       True).code == "no_such_request"
    create(state, cleo, "CCCC")
    assert refused(state, pairs.answer_partner, cleo, cid(), request_id,
                   True).code == "no_such_request"


@pytest.mark.parametrize("yes", ["yes", 1, None])
def test_the_answer_must_be_yes_or_no(state, yes):
    anna, bram = join(state, "Anna", "Bram")
    create(state, anna, "K7QP")
    request_id = ask(state, bram, "K7QP")
    error = refused(state, pairs.answer_partner, anna, cid(), request_id, yes)
    assert (error.code, error.params) == ("bad_request", {"field": "yes"})


def test_a_newer_request_replaces_the_askers_earlier_one(state):
    anna, bram, cleo = join(state, "Anna", "Bram", "Cleo")
    create(state, anna, "AAAA")
    create(state, cleo, "CCCC")
    first = ask(state, bram, "AAAA")
    ask(state, bram, "CCCC")
    assert state.pairs.requests["AAAA"] == {}
    assert refused(state, pairs.answer_partner, anna, cid(), first, True).code == "no_such_request"
    assert request_view(state, bram) == {"code": "CCCC", "status": "waiting"}


def test_a_second_yes_finds_the_couple_full(state):
    anna, bram, cleo = join(state, "Anna", "Bram", "Cleo")
    create(state, anna, "AAAA")
    q_bram = ask(state, bram, "AAAA")
    q_cleo = ask(state, cleo, "AAAA")
    run(state, pairs.answer_partner, anna, cid(), q_bram, True)
    assert refused(state, pairs.answer_partner, anna, cid(), q_cleo, True).code == "couple_full"
    assert state.pairs.couples["AAAA"].members == [anna, bram]


def test_an_asker_who_paired_elsewhere_meanwhile_is_no_longer_asking(state):
    anna, bram, cleo = join(state, "Anna", "Bram", "Cleo")
    create(state, anna, "AAAA")
    request_id = ask(state, bram, "AAAA")
    run(state, pairs.pair_up, cid(), ["alias1", "alias2"], iter(["BC00"]))   # Bram and Cleo
    assert state.pairs.couple_of[bram] == "BC00"
    assert refused(state, pairs.answer_partner, anna, cid(), request_id,
                   True).code == "no_such_request"
    assert state.pairs.couples["AAAA"].members == [anna]


def test_leaving_dissolves_the_couple_for_both(state):
    anna, bram = join(state, "Anna", "Bram")
    couple(state, anna, bram, "K7QP")
    events = run(state, pairs.leave_couple, bram, cid())
    assert events[0]["members"] == [anna, bram]
    assert "K7QP" not in state.pairs.couples
    assert anna not in state.pairs.couple_of and bram not in state.pairs.couple_of
    assert refused(state, pairs.leave_couple, anna, cid()).code == "no_partner"
    # The old code is spent: a new couple gets another one, and so none of its progress.
    assert pairs.fresh_code(state, iter(["K7QP", "NEW1"])) == "NEW1"


# --- the facilitator pairs people who came alone --------------------------------------------

def test_the_facilitator_pairs_two_singles_by_alias(state):
    anna, bram = join(state, "Anna", "Bram")
    run(state, pairs.pair_up, cid(), ["alias1", "alias0"], iter(["FAC1"]))
    c = state.pairs.couples["FAC1"]
    assert c.members == [bram, anna] and c.formed_by == "facilitator"


def test_the_facilitator_makes_a_trio_when_numbers_are_odd(state):
    join(state, "Anna", "Bram", "Cleo")
    run(state, pairs.pair_up, cid(), ["alias0", "alias1", "alias2"], iter(["TRIO"]))
    assert len(state.pairs.couples["TRIO"].members) == 3


@pytest.mark.parametrize("aliases", [["alias0"], ["alias0", "alias1", "alias2", "alias3"],
                                     ["alias0", "alias0"], "alias0,alias1", None])
def test_pairing_up_takes_two_or_three_different_people(state, aliases):
    join(state, "Anna", "Bram", "Cleo", "Dirk")
    assert refused(state, pairs.pair_up, cid(), aliases, iter(["X"])).code == "pick_two"


def test_pairing_up_refuses_someone_already_in_a_couple_or_unknown(state):
    anna, bram, cleo = join(state, "Anna", "Bram", "Cleo")
    couple(state, anna, bram, "AB00")
    for aliases in (["alias0", "alias2"], ["alias2", "nobody"], ["alias2", 7]):
        assert refused(state, pairs.pair_up, cid(), aliases, iter(["X"])).code == "not_single"
    # Nobody speaks for the pids themselves: the console only knows aliases.
    assert refused(state, pairs.pair_up, cid(), [cleo, "alias2"], iter(["X"])).code == "not_single"


def test_the_facilitator_can_undo_a_pairing_and_open_requests_go_with_it(state):
    anna, bram, cleo = join(state, "Anna", "Bram", "Cleo")
    create(state, anna, "AAAA")
    ask(state, cleo, "AAAA")
    run(state, pairs.unpair, cid(), "AAAA")
    assert state.pairs.couples == {} and state.pairs.couple_of == {}
    assert request_view(state, cleo) is None, "nobody waits for a couple that is gone"
    assert refused(state, pairs.unpair, cid(), "AAAA").code == "no_such_couple"


# A list or an object is not hashable: once this raised TypeError, and the console got no
# acknowledgement at all.
@pytest.mark.parametrize("couple_id", [None, 5, "", ["AAAA"], {"couple": "AAAA"}])
def test_undoing_a_pairing_names_a_couple(state, couple_id):
    anna, = join(state, "Anna")
    create(state, anna, "AAAA")
    assert refused(state, pairs.unpair, cid(), couple_id).code == "no_such_couple"


# --- rounds: 'done' ---------------------------------------------------------------------------

@pytest.fixture
def in_listen(state):
    """Anna and Bram, a couple, at the start of the three-round listening exercise."""
    anna, bram = join(state, "Anna", "Bram")
    couple(state, anna, bram, "AB00")
    at(state, "listen")
    return anna, bram


def round_of(state, step_id="listen", code="AB00"):
    return pairs.peek(state, step_id, code).round


def test_a_round_ends_when_both_partners_tapped_done(state, in_listen):
    anna, bram = in_listen
    assert types(done(state, anna, "listen", 0)) == ["pair_done"]
    assert round_of(state) == 0
    events = done(state, bram, "listen", 0, now=NOW + 30)
    assert types(events) == ["pair_done", "pair_round_started"]
    assert events[1]["reason"] == "done" and events[1]["round"] == 1
    p = pairs.peek(state, "listen", "AB00")
    assert (p.round, p.started_at, p.done) == (1, NOW + 30, set())


def test_tapping_done_twice_alone_does_not_end_the_round(state, in_listen):
    anna, _ = in_listen
    done(state, anna, "listen", 0)
    assert types(done(state, anna, "listen", 0)) == ["pair_done"]
    assert round_of(state) == 0


def test_in_a_trio_the_round_waits_for_all_three(state):
    a, b, c = join(state, "Anna", "Bram", "Cleo")
    run(state, pairs.pair_up, cid(), ["alias0", "alias1", "alias2"], iter(["TRIO"]))
    at(state, "listen")
    done(state, a, "listen", 0)
    done(state, b, "listen", 0)
    assert round_of(state, code="TRIO") == 0
    done(state, c, "listen", 0)
    assert round_of(state, code="TRIO") == 1


def test_a_one_phone_couple_moves_on_with_one_tap(state):
    solo, = join(state, "Solo")
    create(state, solo, "SOLO", one_phone=True)
    at(state, "listen")
    assert types(done(state, solo, "listen", 0))[-1] == "pair_round_started"


def test_each_couple_goes_at_its_own_pace(state, in_listen):
    anna, bram = in_listen
    cleo, dirk = join(state, "Cleo", "Dirk")
    couple(state, cleo, dirk, "CD00")
    done(state, anna, "listen", 0)
    done(state, bram, "listen", 0)
    assert (round_of(state), round_of(state, code="CD00")) == (1, 0)


def test_done_for_a_round_already_over_is_refused(state, in_listen):
    anna, bram = in_listen
    done(state, anna, "listen", 0)
    done(state, bram, "listen", 0)
    # A late retry from the phone that still shows round 1 (index 0) does nothing.
    for stale in (0, 2, True, "1", None):
        assert refused(state, pairs.done, anna, cid(), "listen", stale).code == "not_current_round"
    assert round_of(state) == 1


def test_after_the_last_round_there_is_nothing_to_tap(state, in_listen):
    anna, bram = in_listen
    for r in range(3):
        done(state, anna, "listen", r)
        done(state, bram, "listen", r)
    assert round_of(state) == 3
    assert refused(state, pairs.done, anna, cid(), "listen", 3).code == "not_current_round"


def test_done_is_refused_outside_a_pair_step_or_without_a_partner(state):
    anna, bram, cleo = join(state, "Anna", "Bram", "Cleo")
    couple(state, anna, bram, "AB00")
    at(state, "welcome")
    assert refused(state, pairs.done, anna, cid(), "welcome", 0).code == "not_a_pair"
    assert refused(state, pairs.done, anna, cid(), "listen", 0).code == "not_current"
    at(state, "listen")
    assert refused(state, pairs.done, cleo, cid(), "listen", 0).code == "no_partner"
    assert refused(state, pairs.done, "stranger", cid(), "listen", 0).code == "not_joined"


def test_a_refused_command_creates_no_progress_for_the_couple(state, in_listen):
    # `peek`, never `progress`: checking must not change the state (see `refused`).
    anna, _ = in_listen
    refused(state, pairs.done, anna, cid(), "listen", 5)
    assert ("listen", "AB00") not in state.pairs.progress


def test_the_facilitator_ending_the_exercise_stops_every_couple(state, in_listen):
    anna, _ = in_listen
    run(state, pairs.finish, cid())
    assert "listen" in state.pairs.finished
    assert refused(state, pairs.done, anna, cid(), "listen", 0).code == "pair_finished"


def test_finish_and_extend_need_a_pair_step(state):
    at(state, "welcome")
    assert refused(state, pairs.finish, cid()).code == "not_a_pair"
    assert refused(state, pairs.extend, cid(), 2).code == "not_a_pair"


def test_more_time_adds_up(state, in_listen):
    run(state, pairs.extend, cid(), 2)
    run(state, pairs.extend, cid(), 0.5)
    p = pairs.peek(state, "listen", "AB00")
    assert pairs.deadline(state, STEP["listen"], p) == NOW + 3 * 60 + 150


@pytest.mark.parametrize("minutes", [0, -1, 31, True, "2", None, float("nan")])
def test_more_time_is_between_nothing_and_half_an_hour(state, in_listen, minutes):
    error = refused(state, pairs.extend, cid(), minutes)
    assert (error.code, error.params) == ("bad_request", {"field": "minutes"})


# --- private notes ----------------------------------------------------------------------------

@pytest.fixture
def writing(state):
    """Anna (seat 0) and Bram (seat 1) in the letters exercise's note round (index 1)."""
    anna, bram = join(state, "Anna", "Bram")
    couple(state, anna, bram, "AB00")
    at(state, "letters")
    done(state, anna, "letters", 0)
    done(state, bram, "letters", 0)
    return anna, bram


def notes_of(state, code="AB00", round_=1):
    return pairs.peek(state, "letters", code).notes.get(round_, {})


def test_each_partner_writes_one_note_in_their_own_seat(state, writing):
    anna, bram = writing
    note(state, anna, "letters", 1, "  You make me laugh. ")
    note(state, bram, "letters", 1, "You listen.", seat=0)    # a seat claimed is ignored
    assert notes_of(state) == {0: "You make me laugh.", 1: "You listen."}


def test_a_written_note_cannot_be_changed(state, writing):
    anna, _ = writing
    note(state, anna, "letters", 1, "first")
    assert refused(state, pairs.write_note, anna, cid(), "letters", 1, None,
                   "second thoughts").code == "note_written"
    assert notes_of(state) == {0: "first"}


def test_a_note_only_in_a_round_that_asks_for_one(state, writing):
    anna, _ = writing
    assert refused(state, pairs.write_note, anna, cid(), "letters", 0, None,
                   "too early").code == "not_current_round"
    at(state, "listen")
    assert refused(state, pairs.write_note, anna, cid(), "listen", 0, None,
                   "no note here").code == "no_note_here"


@pytest.mark.parametrize("text,code", [("x" * 501, "too_long"), (" \n ", "empty"),
                                       (42, "bad_request"), (None, "bad_request")])
def test_a_note_is_some_text_up_to_500_characters(state, writing, text, code):
    anna, _ = writing
    assert refused(state, pairs.write_note, anna, cid(), "letters", 1, None, text).code == code


def test_a_note_of_500_characters_is_kept_whole(state, writing):
    anna, _ = writing
    note(state, anna, "letters", 1, "x" * pairs.MAX_NOTE)
    assert notes_of(state) == {0: "x" * 500}


def test_a_one_phone_couple_writes_both_notes_each_in_its_seat(state):
    solo, = join(state, "Solo")
    create(state, solo, "SOLO", one_phone=True)
    at(state, "letters")
    done(state, solo, "letters", 0)
    for seat in (None, 2, -1, True, "0"):
        error = refused(state, pairs.write_note, solo, cid(), "letters", 1, seat, "which seat?")
        assert (error.code, error.params) == ("bad_request", {"field": "seat"})
    note(state, solo, "letters", 1, "from seat one", seat=1)
    note(state, solo, "letters", 1, "from seat zero", seat=0)
    assert notes_of(state, "SOLO") == {0: "from seat zero", 1: "from seat one"}


# --- sharing a note to the wall -----------------------------------------------------------

@pytest.fixture
def both_wrote(state, writing):
    anna, bram = writing
    note(state, anna, "letters", 1, "Anna's words")
    note(state, bram, "letters", 1, "Bram's words")
    return anna, bram


def test_a_note_reaches_the_wall_only_when_both_partners_agree(state, both_wrote):
    anna, bram = both_wrote
    assert types(share(state, anna, "letters", 1, 0)) == ["pair_share_consented"]
    assert state.pairs.wall == {}
    events = share(state, bram, "letters", 1, 0, wall_id="w9")
    assert types(events) == ["pair_share_consented", "pair_note_shared"]
    assert state.pairs.wall == {"w9": ("letters", "Anna's words")}


def test_agreeing_again_after_sharing_shares_nothing_more(state, both_wrote):
    anna, bram = both_wrote
    share(state, anna, "letters", 1, 1)
    share(state, bram, "letters", 1, 1, wall_id="w1")
    assert share(state, anna, "letters", 1, 1, wall_id="w2") == []
    assert list(state.pairs.wall) == ["w1"]


def test_nothing_is_shared_before_both_notes_are_written(state, writing):
    anna, bram = writing
    note(state, anna, "letters", 1, "Anna's words")
    for pid in (anna, bram):
        assert refused(state, pairs.consent_to_share, pid, cid(), "letters", 1, 0,
                       "w1").code == "no_such_note"


@pytest.mark.parametrize("round_,author", [(0, 0), (2, 0), (1, 2), (1, None), ("1", 0),
                                           (True, 0)])
def test_sharing_names_a_written_note(state, both_wrote, round_, author):
    anna, _ = both_wrote
    assert refused(state, pairs.consent_to_share, anna, cid(), "letters", round_, author,
                   "w1").code == "no_such_note"


# As for unpair: a list or an object once raised TypeError, and a bool counted as seat 1.
@pytest.mark.parametrize("author", [[0], {"seat": 0}, True])
def test_an_author_that_is_no_seat_is_refused(state, both_wrote, author):
    anna, _ = both_wrote
    assert refused(state, pairs.consent_to_share, anna, cid(), "letters", 1, author,
                   "w1").code == "no_such_note"


def test_a_one_phone_couple_shares_with_its_own_consent(state):
    solo, = join(state, "Solo")
    create(state, solo, "SOLO", one_phone=True)
    at(state, "letters")
    done(state, solo, "letters", 0)
    note(state, solo, "letters", 1, "zero", seat=0)
    note(state, solo, "letters", 1, "one", seat=1)
    assert types(share(state, solo, "letters", 1, 1))[-1] == "pair_note_shared"
    assert list(state.pairs.wall.values()) == [("letters", "one")]


# --- care ---------------------------------------------------------------------------------------

def test_a_care_signal_lasts_until_ok(state):
    anna, = join(state, "Anna")
    run(state, pairs.care, anna, cid(), "pause")
    assert state.pairs.care == {anna: "pause"}
    run(state, pairs.care, anna, cid(), "skip")
    assert state.pairs.care == {anna: "skip"}
    run(state, pairs.care, anna, cid(), "ok")
    assert state.pairs.care == {}


def test_care_needs_a_known_kind_and_a_joined_person(state):
    anna, = join(state, "Anna")
    assert refused(state, pairs.care, anna, cid(), "panic").code == "bad_request"
    assert refused(state, pairs.care, "stranger", cid(), "pause").code == "not_joined"


def test_an_ended_session_refuses_every_couple_command(state, in_listen):
    anna, bram = in_listen
    cleo, = join(state, "Cleo")
    run(state, commands.end, cid())
    attempts = [
        (pairs.create_couple, cleo, cid(), iter(["X"]), False),
        (pairs.join_couple, cleo, cid(), "AB00", "q"),
        (pairs.answer_partner, anna, cid(), "q", True),
        (pairs.leave_couple, anna, cid()),
        (pairs.pair_up, cid(), ["alias2", "alias0"], iter(["X"])),
        (pairs.unpair, cid(), "AB00"),
        (pairs.done, anna, cid(), "listen", 0),
        (pairs.write_note, anna, cid(), "listen", 0, None, "x"),
        (pairs.consent_to_share, anna, cid(), "listen", 0, 0, "w"),
        (pairs.care, anna, cid(), "pause"),
        (pairs.extend, cid(), 2),
        (pairs.finish, cid()),
    ]
    for command, *args in attempts:
        assert refused(state, command, *args).code == "session_ended", command.__name__
