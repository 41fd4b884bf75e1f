"""Questions partners answer alone (docs/script-format.md, `private`, `check_in`), over real
sockets: every frame the partner, another phone, the screen and the console receive is
captured while a participant answers the check-in, private polls and a private reflection,
and asks for a private word. Their answers reach no phone but their own; the console gets the
room's aggregate (and of a private reflection only how many wrote), the screen only what the
script puts on it; and an export keeps none of it."""
from __future__ import annotations

import json

import pytest

from conftest import verb
from workshop.client import Host, Phone, Screen
from workshop.protocol import ServerRefused

SECRET = "CANARY-SECRET-WORDS"
SCRIPT = """title: Alone
language: en
description: Private questions.
min_answers: 2
help:
  - name: Your GP
    for: A first step towards help
check_in:
  question: How are you arriving tonight?
  type: single
  options: [Relaxed, Curious, Nervous]
sections:
  - title: Alone
    theme: opening
    steps:
      - id: alone-poll
        kind: poll
        minutes: 2
        notes: Private.
        question: Do you feel safe at home?
        type: single
        options: ["Yes", "Not always", "No"]
        private: true
      - id: alone-shown
        kind: poll
        minutes: 2
        notes: Private, the room's answer on the screen.
        question: How much do you trust your partner?
        type: scale
        scale: {min: 1, max: 5, min_label: Little, max_label: Completely}
        private: true
        on_screen: true
      - id: alone-write
        kind: reflection
        minutes: 2
        notes: For yourself.
        prompt: What would you not say aloud?
        private: true
      - id: after
        kind: info
        minutes: 1
        notes: The end.
        title: After
        body: Thank you.
"""


def frames(client) -> str:
    """Everything the server sent this client, pushes and acknowledgements, as one text."""
    return json.dumps(client.received)


def test_private_answers_reach_only_their_writer_and_the_consoles_aggregate(room_servers, tmp_path):
    path = tmp_path / "alone.yaml"
    path.write_text(SCRIPT)
    session = room_servers().new_session(path)
    host = Host(session.url, session.code, session.token).connect()
    screen = Screen(session.url, session.code).connect()
    asker, partner, other = (Phone(session.url, session.code).connect() for _ in range(3))
    clients = (host, screen, asker, partner, other)
    try:
        for phone, name in ((asker, "Asker"), (partner, "Partner"), (other, "Other")):
            phone.join(name)
        asker.couple_with(partner)

        # The check-in, in the lobby: asker and other answer it.
        check_in = asker.sync()["check_in"]
        assert check_in["question"] == "How are you arriving tonight?" and check_in["private"]
        assert asker.vote("check-in", 2)["answer"] == 2
        other.vote("check-in", 0)
        seen = host.wait_for(lambda v: v["check_in_results"]["answered"] == 2)
        assert seen["check_in_results"]["tally"] == [1, 0, 1]       # the room's, at the minimum

        host.next()                                                     # alone-poll
        for i, phone in enumerate((asker, partner, other)):
            phone.wait_for(lambda v: (v.get("step") or {}).get("id") == "alone-poll")
            phone.vote("alone-poll", [2, 0, 1][i])
        results = host.wait_for(lambda v: (v.get("results") or {}).get("answered") == 3)["results"]
        assert results["tally"] == [1, 1, 1]
        screen.wait_for(lambda v: (v.get("results") or {}).get("answered") == 3)
        assert screen.view["results"]["tally"] is None and not screen.view["results"]["visible"]
        host.show_results("alone-poll")               # nor can it be put on the screen
        assert screen.sync()["results"]["tally"] is None

        host.next()                                                     # alone-shown
        for i, phone in enumerate((asker, partner)):
            phone.wait_for(lambda v: (v.get("step") or {}).get("id") == "alone-shown")
            phone.vote("alone-shown", [1, 5][i])
        shown = screen.wait_for(lambda v: (v.get("results") or {}).get("visible"))["results"]
        assert shown["tally"]["counts"] == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 1}

        host.next()                                                     # alone-write
        asker.wait_for(lambda v: (v.get("step") or {}).get("id") == "alone-write")
        mine = asker.reflect("alone-write", SECRET)["reflection"]
        assert mine["status"] == "private"
        assert asker.sync()["me"]["reflections"]["alone-write"][0]["text"] == SECRET
        host.wait_for(lambda v: v["answered"] == 1)
        assert host.view["queue"] == [] and screen.view["wall"] == []
        with pytest.raises(ServerRefused) as refused:
            host.moderate(mine["id"], "shown")
        assert refused.value.ack["error"] == "no_such_reflection"
        asker.ask_facilitator()
        host.wait_for(lambda v: v["private_words"])

        host.next()                                                     # after: all pushed
        for client in (screen, partner, other):
            client.wait_for(lambda v: (v.get("step") or {}).get("id") == "after")

        # The writer's words: on no one else's connection, the console's included.
        for client in (host, screen, partner, other):
            assert SECRET not in frames(client), client
        # The asker's private answers: in no one else's own view (theirs hold their own only).
        assert partner.sync()["me"]["answers"] == {"alone-poll": 0, "alone-shown": 5}
        assert other.sync()["me"]["answers"] == {"check-in": 0, "alone-poll": 1}
        assert "private_word" not in frames(partner).replace('"private_word": null', "")
        assert asker.sync()["me"]["answers"] == {"check-in": 2, "alone-poll": 2, "alone-shown": 1}

        # An export keeps none of what was answered alone, nor the private word.
        exported = tmp_path / "alone.jsonl"
        verb("export", session.code, "--database", session.server.database, "-o", exported)
        events = [json.loads(line) for line in exported.read_text().splitlines()[1:]]
        kinds = {e["type"] for e in events}
        assert "vote_cast" not in kinds and "reflection_written" not in kinds
        assert not any(k.startswith("private_word") for k in kinds)
        assert SECRET not in exported.read_text()
    finally:
        for client in clients:
            client.disconnect()
