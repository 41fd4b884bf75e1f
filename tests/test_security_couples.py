"""Couples nobody else can enter, tried as an attacker would, against a running server.

Each attack comes with a control that succeeds, so a passing test shows the attack reached
the server and was stopped there.
"""
from __future__ import annotations

import pytest
from limits import parse

from conftest import ROOT, Server
from workshop.client import Phone, ServerRefused
from workshop.config import Config

COUPLE_GUESSES = parse(Config.COUPLE_CODE_GUESSES).amount


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("couples"), ROOT / "sessions/trust.yaml").start()
    yield server
    server.stop()
    log = server.log.read_text()
    assert "Traceback" not in log, log[-3000:]


@pytest.fixture
def phone(server):
    made = []

    def make(name=None, token=None):
        p = Phone(server.url, server.code, token=token).connect()
        made.append(p)
        if token is None:
            p.join(name)
        return p
    yield make
    for p in made:
        p.disconnect()


def refusal(call) -> str:
    with pytest.raises(ServerRefused) as refused:
        call()
    return refused.value.ack["error"]


def test_the_right_code_only_asks_and_the_couple_decides(phone):
    ada, stranger, bo = phone("Ada"), phone("Eve"), phone("Bo")
    code = ada.create_couple()
    # The stranger has the right code (seen over a shoulder): it only asks.
    ack = stranger.join_couple(code)
    assert ack["me"]["couple"] is None
    assert ack["me"]["couple_request"] == {"code": code, "status": "waiting"}
    asking = ada.wait_for(lambda v: v["me"]["couple"]["requests"])["me"]["couple"]["requests"]
    assert [r["name"] for r in asking] == ["Eve"]
    ada.answer_partner(asking[0]["id"], False)
    seen = stranger.wait_for(lambda v: v["me"]["couple_request"]["status"] == "declined")
    assert seen["me"]["couple"] is None and seen["me"]["card"] == []
    assert ada.sync()["me"]["couple"]["size"] == 1
    # Control: the partner asks with the same code, Ada says yes, they are a couple.
    bo.join_couple(code)
    ada.confirm("Bo")
    assert bo.wait_for(lambda v: v["me"]["couple"])["me"]["couple"]["partners"] == ["Ada"]
    # A refused request cannot be answered again into the couple.
    assert refusal(lambda: ada.answer_partner(asking[0]["id"], True)) == "no_such_request"
    assert stranger.sync()["me"]["couple"] is None


def test_only_the_couples_own_phone_can_say_yes(phone):
    ada, eve = phone("Ada"), phone("Eve")
    code = ada.create_couple()
    eve.join_couple(code)
    request = ada.wait_for(lambda v: v["me"]["couple"]["requests"])["me"]["couple"]["requests"][0]
    # Eve knows nothing of the request's id from her own view, and guessing it is not enough:
    # she is not in the couple, so no answer of hers counts.
    assert "requests" not in str(eve.sync()["me"])
    assert refusal(lambda: eve.answer_partner(request["id"], True)) == "no_such_request"
    assert ada.sync()["me"]["couple"]["size"] == 1


def test_guessing_codes_is_slowed_down_however_often_one_reconnects(server, phone):
    ada, guesser = phone("Ada"), phone("Mallory")
    code = ada.create_couple()
    wrong = [c for c in ("ZZZZ", "ZZZY", "ZZZX", "ZZZW", "ZZZV", "ZZZU", "ZZZT", "ZZZS")
             if c != code]
    # Control: the first guesses reach the server and are told the code is wrong.
    errors = [refusal(lambda c=c: guesser.join_couple(c)) for c in wrong[:COUPLE_GUESSES]]
    assert errors == ["no_such_couple"] * COUPLE_GUESSES
    assert refusal(lambda: guesser.join_couple(wrong[-1])) == "too_fast"
    # A fresh connection of the same person gets no fresh budget ...
    again = phone(token=guesser.token)
    assert refusal(lambda: again.join_couple(wrong[-2])) == "too_fast"
    # ... and while slowed down not even the right code is tried.
    assert refusal(lambda: again.join_couple(code)) == "too_fast"
    assert ada.sync()["me"]["couple"]["requests"] == []
