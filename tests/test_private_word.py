"""A private word with the facilitator (docs/protocol.md), over real sockets: only the console
and the asker's own phone hear of it. Every frame the partner, another phone and the screen
receive is captured from before the request to after the facilitator's answer."""
from __future__ import annotations

import json

import pytest

from workshop.client import Host, Phone, Screen
from workshop.protocol import ServerRefused

CANARY = "Canary-Asker"


def pushes(client, since: int) -> list:
    """What the server pushed to a client after its first `since` frames (not its own acks)."""
    return [(event, data) for event, data in client.received[since:] if not event.startswith("ack:")]


@pytest.fixture
def room(session):
    host = Host(session.url, session.code, session.token).connect()
    screen = Screen(session.url, session.code).connect()
    asker, partner, other = (Phone(session.url, session.code).connect() for _ in range(3))
    asker.join(CANARY)
    partner.join("Partner")
    other.join("Other")
    asker.couple_with(partner)
    host.next()
    for client in (asker, partner, other, screen):
        client.wait_for(lambda v: (v.get("step") or {}).get("index") == 0)
    yield host, screen, asker, partner, other
    for client in (host, screen, asker, partner, other):
        client.disconnect()


def test_a_private_word_reaches_the_console_alone(room):
    host, screen, asker, partner, other = room
    bystanders = (partner, other, screen)
    before = {client: len(client.received) for client in bystanders}

    ack = asker.ask_facilitator()
    assert ack["me"]["private_word"]["status"] == "waiting"
    word = host.wait_for(lambda v: v["private_words"])["private_words"][0]
    couple = next(c for c in host.view["couples"] if CANARY in c["names"])
    assert (word["name"], word["couple"], word["status"]) == (CANARY, couple["number"], "waiting")
    assert word["alias"]                 # what the console calls them, to find them

    host.private_word_seen(word["id"])
    asker.wait_for(lambda v: (v["me"].get("private_word") or {}).get("status") == "seen")
    assert host.wait_for(lambda v: v["private_words"][0]["status"] == "seen")

    # A step change after it all: every bystander gets it, and nothing came before it.
    host.next()
    for client in bystanders:
        client.wait_for(lambda v: (v.get("step") or {}).get("index") == 1)
        frames = pushes(client, before[client])
        assert frames and all((d.get("step") or {}).get("index") == 1 for _, d in frames), frames
        text = json.dumps(frames)
        assert word["id"] not in text and "private_word" not in text
    assert partner.me.get("private_word") is None and other.me.get("private_word") is None
    assert "private_words" not in screen.view


def test_asking_twice_withdrawing_and_asking_again(room):
    host, _, asker, _, _ = room
    asker.ask_facilitator()
    with pytest.raises(ServerRefused) as refused:
        asker.ask_facilitator()
    assert refused.value.ack["error"] == "already_asked"
    assert "facilitator will come to you" in refused.value.ack["message"]
    assert len(host.wait_for(lambda v: v["private_words"])["private_words"]) == 1

    # Never mind: off the console's list, and the phone is as before.
    assert asker.withdraw_private_word()["me"]["private_word"] is None
    host.wait_for(lambda v: not v["private_words"])
    with pytest.raises(ServerRefused) as refused:
        asker.withdraw_private_word()
    assert refused.value.ack["error"] == "no_private_word"

    again = asker.ask_facilitator()["me"]["private_word"]
    word = host.wait_for(lambda v: v["private_words"])["private_words"][0]
    assert word["id"] == again["id"] and word["status"] == "waiting"
    host.private_word_seen(word["id"])
    with pytest.raises(ServerRefused) as refused:       # answered: nothing to answer again
        host.private_word_seen(word["id"])
    assert refused.value.ack["error"] == "no_private_word"
    # Answered, the phone says the facilitator knows, and the person may ask once more.
    assert asker.sync()["me"]["private_word"]["status"] == "seen"
    assert asker.ask_facilitator()["me"]["private_word"]["status"] == "waiting"


def test_a_private_word_survives_a_restart(make_server):
    server = make_server()
    host = Host(server.url, server.code, server.token).connect()
    asker = Phone(server.url, server.code).connect()
    asker.join("Asker")
    asker.ask_facilitator()
    host.disconnect()
    asker.disconnect()
    server.kill()
    server.start(with_script=False)
    host = Host(server.url, server.code, server.token).connect()
    try:
        assert [w["name"] for w in host.sync()["private_words"]] == ["Asker"]
    finally:
        host.disconnect()
