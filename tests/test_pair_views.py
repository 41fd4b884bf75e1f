"""What each phone and the console see of a couple (workshop/live/pair_views.py, through the
views the server sends): roles per round, private notes, a one-phone couple, the console's
grid. A note must reach its author's and its partner's phone and nothing else."""
from __future__ import annotations

import json

import pytest

from core_helpers import (NOW, at, cid, couple, create, done, join, new_session, note, run,
                          share)
from workshop.live import pairs
from workshop.live.views import host_view, phone_view, screen_view


@pytest.fixture
def state():
    return new_session()


def pair(state, pid):
    return phone_view(state, pid)["me"]["pair"]


def turns(state, pid):
    return [(t["seat"], t["role"], t["prompt"]) for t in pair(state, pid)["turns"]]


def text_of(view) -> str:
    return json.dumps(view, ensure_ascii=False)


@pytest.fixture
def anna_bram(state):
    anna, bram = join(state, "Anna", "Bram")
    couple(state, anna, bram, "AB00")
    return anna, bram


def finish_round(state, step_id, round_, *pids, now=NOW):
    for pid in pids:
        done(state, pid, step_id, round_, now=now)


# --- roles and prompts ------------------------------------------------------------------------

def test_partners_have_opposite_roles_and_swap_them_next_round(state, anna_bram):
    anna, bram = anna_bram
    at(state, "listen")
    assert turns(state, anna) == [(0, "speaker", "R1 speak.")]
    assert turns(state, bram) == [(1, "listener", "R1 listen.")]
    finish_round(state, "listen", 0, anna, bram)
    assert turns(state, anna) == [(0, "listener", "R2 listen.")]
    assert turns(state, bram) == [(1, "speaker", "R2 speak.")]


def test_without_swap_the_first_seat_keeps_its_role(state, anna_bram):
    anna, bram = anna_bram
    at(state, "letters")
    finish_round(state, "letters", 0, anna, bram)
    assert turns(state, anna) == [(0, "a", "Write, A.")]
    assert turns(state, bram) == [(1, "b", "Write, B.")]


def test_in_a_trio_each_speaks_once_in_three_rounds(state):
    trio = join(state, "Anna", "Bram", "Cleo")
    run(state, pairs.pair_up, cid(), ["alias0", "alias1", "alias2"], iter(["TRIO"]))
    at(state, "listen")
    speakers = []
    for r in range(3):
        roles = {pid: turns(state, pid)[0][1] for pid in trio}
        assert sorted(roles.values()) == ["listener", "listener", "speaker"]
        speakers += [pid for pid, role in roles.items() if role == "speaker"]
        finish_round(state, "listen", r, *trio)
    assert speakers == trio


def test_a_one_phone_couple_sees_both_roles_on_its_phone(state):
    solo, = join(state, "Solo")
    create(state, solo, "SOLO", one_phone=True)
    at(state, "listen")
    assert turns(state, solo) == [(0, "speaker", "R1 speak."), (1, "listener", "R1 listen.")]
    me = phone_view(state, solo)["me"]["couple"]
    assert me["one_phone"] and me["complete"] and me["partners"] == []


def test_the_round_shows_its_deadline_and_who_tapped_done(state, anna_bram):
    anna, bram = anna_bram
    at(state, "listen")
    view = pair(state, anna)
    assert (view["round"], view["rounds"], view["deadline"]) == (0, 3, NOW + 3 * 60)
    assert not view["done"] and not view["partner_done"] and not view["finished"]
    done(state, bram, "listen", 0)
    assert pair(state, anna)["partner_done"] and not pair(state, anna)["done"]
    assert pair(state, bram)["done"] and not pair(state, bram)["partner_done"]
    done(state, anna, "listen", 0, now=NOW + 100)
    view = pair(state, anna)
    assert (view["round"], view["deadline"]) == (1, NOW + 100 + 4 * 60)
    assert not view["done"] and not view["partner_done"]


def test_after_the_last_round_the_phone_shows_the_exercise_finished(state, anna_bram):
    anna, bram = anna_bram
    at(state, "letters")
    finish_round(state, "letters", 0, anna, bram)
    finish_round(state, "letters", 1, anna, bram)
    view = pair(state, anna)
    assert view["finished"] and view["deadline"] is None and "turns" not in view


def test_when_the_facilitator_ends_the_exercise_every_phone_shows_it_finished(state, anna_bram):
    anna, _ = anna_bram
    at(state, "listen")
    run(state, pairs.finish, cid())
    view = pair(state, anna)
    assert view["finished"] and view["deadline"] is None and "turns" not in view


def test_no_pair_view_outside_a_pair_step_or_without_a_couple(state, anna_bram):
    anna, _ = anna_bram
    cleo, = join(state, "Cleo")
    assert pair(state, anna) is None
    at(state, "listen")
    assert pair(state, cleo) is None and pair(state, anna) is not None


# --- private notes ----------------------------------------------------------------------------

@pytest.fixture
def note_round(state, anna_bram):
    anna, bram = anna_bram
    at(state, "letters")
    finish_round(state, "letters", 0, anna, bram)
    return anna, bram


def note_of(state, pid):
    return pair(state, pid)["note"]


def test_a_round_without_a_note_shows_none(state, anna_bram):
    anna, _ = anna_bram
    at(state, "letters")
    assert pair(state, anna)["note"] is None


def test_a_note_stays_hidden_from_the_partner_until_both_wrote(state, note_round):
    anna, bram = note_round
    assert note_of(state, anna) == {"round": 1, "prompt": "One sentence for your partner.",
                                    "revealed": False, "mine": {"0": None}, "partner": None,
                                    "shares": []}
    note(state, anna, "letters", 1, "Anna-writes-this")
    assert note_of(state, anna)["mine"] == {"0": "Anna-writes-this"}
    assert note_of(state, anna)["partner"] is None
    assert "Anna-writes-this" not in text_of(phone_view(state, bram))
    assert note_of(state, bram)["revealed"] is False

    note(state, bram, "letters", 1, "Bram-writes-this")
    assert note_of(state, anna)["partner"] == {"1": "Bram-writes-this"}
    assert note_of(state, bram)["partner"] == {"0": "Anna-writes-this"}
    assert note_of(state, bram)["mine"] == {"1": "Bram-writes-this"}
    assert note_of(state, anna)["shares"] == [{"author": 0, "agreed": False, "shared": False},
                                              {"author": 1, "agreed": False, "shared": False}]


def test_a_phone_sees_its_own_agreement_to_share(state, note_round):
    anna, bram = note_round
    note(state, anna, "letters", 1, "a")
    note(state, bram, "letters", 1, "b")
    share(state, anna, "letters", 1, 1)
    assert note_of(state, anna)["shares"][1] == {"author": 1, "agreed": True, "shared": False}
    assert note_of(state, bram)["shares"][1] == {"author": 1, "agreed": False, "shared": False}
    share(state, bram, "letters", 1, 1)
    assert note_of(state, anna)["shares"][1]["shared"] is True


def test_a_one_phone_couple_sees_its_notes_once_both_seats_wrote(state):
    solo, = join(state, "Solo")
    create(state, solo, "SOLO", one_phone=True)
    at(state, "letters")
    done(state, solo, "letters", 0)
    assert note_of(state, solo)["mine"] == {"0": None, "1": None}
    note(state, solo, "letters", 1, "seat zero", seat=0)
    assert not note_of(state, solo)["revealed"] and note_of(state, solo)["partner"] is None
    note(state, solo, "letters", 1, "seat one", seat=1)
    view = note_of(state, solo)
    assert view["revealed"] and view["partner"] == {"0": "seat zero", "1": "seat one"}


# --- privacy: a note reaches exactly its couple -----------------------------------------------

def test_a_note_reaches_exactly_its_author_and_partner_and_never_the_room(state):
    pids = join(state, "Anna", "Bram", "Cleo", "Dirk", "Solo")
    anna, bram, cleo, dirk, solo = pids
    couple(state, anna, bram, "AB00")
    couple(state, cleo, dirk, "CD00")
    create(state, solo, "SOLO", one_phone=True)
    at(state, "letters")
    for pid in pids:
        done(state, pid, "letters", 0)
    written = {anna: "secret-of-anna", bram: "secret-of-bram", cleo: "secret-of-cleo",
               dirk: "secret-of-dirk"}
    for pid, text in written.items():
        note(state, pid, "letters", 1, text)
    note(state, solo, "letters", 1, "secret-solo-0", seat=0)
    note(state, solo, "letters", 1, "secret-solo-1", seat=1)
    readers = {anna: {anna, bram}, bram: {anna, bram}, cleo: {cleo, dirk}, dirk: {cleo, dirk}}
    everyone = set(pids)
    online = frozenset(pids)

    def check():
        phones = {pid: text_of(phone_view(state, pid, online)) for pid in pids}
        room = text_of([host_view(state, online), screen_view(state), phone_view(state, None)])
        for author, text in written.items():
            assert {pid for pid in pids if text in phones[pid]} == readers[author], text
            assert text not in room, text
        for text in ("secret-solo-0", "secret-solo-1"):
            assert {pid for pid in everyone if text in phones[pid]} == {solo}
            assert text not in room

    check()
    for pid in pids:                  # the next step: the notes stay on the take-home card
        done(state, pid, "letters", 1)
    at(state, "mood")
    check()
    assert [c["partner"] for c in phone_view(state, anna)["me"]["card"]] == [
        {"1": "secret-of-bram"}]


def test_a_shared_note_is_on_the_screen_without_who_wrote_it(state, note_round):
    anna, bram = note_round
    note(state, anna, "letters", 1, "We laugh a lot.")
    note(state, bram, "letters", 1, "Bram's private words")
    share(state, anna, "letters", 1, 0, wall_id="w1")
    share(state, bram, "letters", 1, 0, wall_id="w1")
    assert screen_view(state)["wall"] == [{"id": "w1", "text": "We laugh a lot."}]
    screen = text_of(screen_view(state))
    for secret in ("Bram's private words", "Anna", "Bram", anna, bram, "AB00", "alias0"):
        assert secret not in screen, secret
    at(state, "listen")
    assert screen_view(state)["wall"] == [], "the wall is the current exercise's"


def test_a_note_only_one_partner_agreed_to_share_stays_off_the_screen(state, note_round):
    anna, bram = note_round
    note(state, anna, "letters", 1, "Only if we both want.")
    note(state, bram, "letters", 1, "b")
    share(state, anna, "letters", 1, 0)
    assert "Only if we both want." not in text_of([screen_view(state), host_view(state)])


def test_the_take_home_card_holds_a_partners_note_only_once_both_wrote(state, note_round):
    anna, bram = note_round
    note(state, anna, "letters", 1, "Half an exchange")
    # Anna's own note is on her card; Bram's card has nothing of it until he writes too.
    card = phone_view(state, anna)["me"]["card"]
    assert [(c["mine"], c["partner"], c["revealed"]) for c in card] == \
        [({"0": "Half an exchange"}, None, False)]
    assert phone_view(state, bram)["me"]["card"] == []
    assert "Half an exchange" not in text_of(phone_view(state, bram))
    note(state, bram, "letters", 1, "The other half")
    card = phone_view(state, bram)["me"]["card"]
    assert [(c["title"], c["mine"], c["partner"]) for c in card] == [
        ("Letters", {"1": "The other half"}, {"0": "Half an exchange"})]


def test_a_new_couple_does_not_inherit_an_old_couples_card(state, note_round):
    anna, bram = note_round
    note(state, anna, "letters", 1, "old a")
    note(state, bram, "letters", 1, "old b")
    run(state, pairs.leave_couple, anna, cid())
    cleo, = join(state, "Cleo")
    run(state, pairs.pair_up, cid(), ["alias0", "alias2"],
        iter(["AB00", "AC00"]))               # the old code comes first: it is skipped
    assert phone_view(state, anna)["me"]["card"] == []
    assert "old b" not in text_of(phone_view(state, cleo))


# --- the couple on the phone ------------------------------------------------------------------

def test_a_phone_sees_its_partners_first_name_presence_and_need_for_a_moment(state, anna_bram):
    anna, bram = anna_bram
    me = phone_view(state, anna, frozenset({anna}))["me"]["couple"]
    assert me == {"code": "AB00", "one_phone": False, "size": 2, "seat": 0, "complete": True,
                  "partners": ["Bram"], "partner_online": False, "partner_needs_moment": False,
                  "requests": []}
    run(state, pairs.care, bram, cid(), "skip")
    me = phone_view(state, anna, frozenset({anna, bram}))["me"]["couple"]
    assert me["partner_online"] and me["partner_needs_moment"]
    assert "skip" not in text_of(phone_view(state, anna)), "what they need is theirs to say"
    assert phone_view(state, bram)["me"]["care"] == "skip"


def test_the_couples_phone_sees_who_asks_by_first_name_only(state):
    anna, bram, anon = join(state, "Anna", "Bram", "")
    create(state, anna, "AAAA")
    run(state, pairs.join_couple, bram, cid(), "AAAA", "q1")
    run(state, pairs.join_couple, anon, cid(), "AAAA", "q2")
    me = phone_view(state, anna)["me"]["couple"]
    assert me["requests"] == [{"id": "q1", "name": "Bram"}, {"id": "q2", "name": None}]
    assert me["complete"] is False
    for secret in (bram, anon, "alias1", "hash1"):
        assert secret not in text_of(phone_view(state, anna))


def test_the_asker_sees_nothing_of_the_couple_before_the_yes(state):
    anna, bram = join(state, "Anna Zwaan", "Bram")
    create(state, anna, "AAAA")
    run(state, pairs.join_couple, bram, cid(), "AAAA", "q1")
    me = phone_view(state, bram)["me"]
    assert me["couple"] is None
    assert me["couple_request"] == {"code": "AAAA", "status": "waiting"}
    assert "Anna Zwaan" not in text_of(phone_view(state, bram))


# --- the console ------------------------------------------------------------------------------

def test_the_console_sees_each_couples_progress_and_never_its_notes(state, note_round):
    anna, bram = note_round
    cleo, dirk = join(state, "Cleo", "Dirk")
    couple(state, cleo, dirk, "CD00")
    note(state, anna, "letters", 1, "not for the facilitator")
    note(state, bram, "letters", 1, "nor this")
    done(state, anna, "letters", 1)
    run(state, pairs.care, dirk, cid(), "pause")
    view = host_view(state, frozenset({anna, bram, cleo}))
    assert view["couples"] == [
        {"couple": "AB00", "number": 1, "size": 2, "one_phone": False, "formed_by": "partners",
         "names": ["Anna", "Bram"], "offline": False, "needs_moment": False,
         "round": 1, "rounds": 2, "done": 1, "finished": False},
        {"couple": "CD00", "number": 2, "size": 2, "one_phone": False, "formed_by": "partners",
         "names": ["Cleo", "Dirk"], "offline": True, "needs_moment": True,
         "round": 0, "rounds": 2, "done": 0, "finished": False}]
    text = text_of(view)
    for secret in ("not for the facilitator", "nor this", "pause"):
        assert secret not in text


def test_the_console_lists_who_still_needs_a_partner(state, anna_bram):
    cleo, = join(state, "Cleo")
    run(state, pairs.care, cleo, cid(), "pause")
    assert host_view(state, frozenset({cleo}))["singles"] == [
        {"alias": "alias2", "name": "Cleo", "online": True, "needs_moment": True}]


def test_outside_a_pair_step_the_console_shows_couples_without_progress(state, anna_bram):
    row = host_view(state)["couples"][0]
    assert "round" not in row and "done" not in row


def test_the_console_shows_a_couple_finished_after_its_last_round(state, anna_bram):
    anna, bram = anna_bram
    at(state, "letters")
    finish_round(state, "letters", 0, anna, bram)
    finish_round(state, "letters", 1, anna, bram)
    assert host_view(state)["couples"][0]["finished"] is True


def test_the_console_shows_every_couple_finished_when_it_ended_the_exercise(state, anna_bram):
    at(state, "listen")
    run(state, pairs.finish, cid())
    assert pair(state, anna_bram[0])["finished"]
    assert host_view(state)["couples"][0]["finished"] is True, "as the phones show"
