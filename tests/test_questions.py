"""Anonymous questions for the facilitator, with upvotes (docs/protocol.md, "Questions").

Refusals and validation run in-process (tests/inprocess.py: the real handlers, hub and
store, milliseconds a case); the room itself over real sockets: asking, moderation with
`questions_approval`, upvoting once and taking it back, answered, the screen, and the privacy
of every frame the screen, the console and the other phones received."""
from __future__ import annotations

import json
import time

import pytest

from conftest import verb
from inprocess import Room, make_app
from workshop.client import Host, Phone, Screen
from workshop.live import questions
from workshop.protocol import ServerRefused
from workshop.results import report
from workshop.script import ScriptError, parse_script
from workshop.training import recording

SCRIPT = """title: Questions
language: {language}
description: Ask the facilitator.
min_answers: 1
questions: {questions}
questions_approval: {approval}
sections:
  - title: Only
    theme: opening
    steps:
      - {{id: one, kind: info, minutes: 1, notes: N., title: One, body: Hi.}}
      - {{id: two, kind: info, minutes: 1, notes: N., title: Two, body: Hi.}}
      - {{id: three, kind: info, minutes: 1, notes: N., title: Three, body: Hi.}}
"""
ASKER, VOTER, OTHER = "Canary-Asker-Anouk", "Canary-Voter-Bram", "Canary-Other-Cees"


def script(tmp_path, questions="always", approval="false", language="en", name="q.yaml"):
    path = tmp_path / name
    path.write_text(SCRIPT.format(questions=questions, approval=approval, language=language))
    return path


def refused(call, *args, **kwargs) -> dict:
    with pytest.raises(ServerRefused) as caught:
        call(*args, **kwargs)
    return caught.value.ack


# --- the script's keys --------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("always", "always"), ("off", "off"), ('"off"', "off"), ("[two, three]", ["two", "three"])])
def test_the_questions_key_takes_always_off_or_steps(value, expected):
    parsed = parse_script(SCRIPT.format(questions=value, approval="true", language="en"))
    assert parsed.questions == (False if value == "off" else expected)   # YAML: bare off is false
    assert parsed.questions_on == (expected != "off")
    assert parsed.questions_open("two") == (expected != "off")
    assert parsed.questions_open("one") == (expected == "always")
    assert parsed.questions_approval is True
    assert parse_script(SCRIPT.replace("questions: {questions}\n", "").replace(
        "questions_approval: {approval}\n", "").format(language="en")).questions_on is False


@pytest.mark.parametrize("value, where, message", [
    ("[one, nowhere]", "5:18", "'questions' names step 'nowhere', which the script does not have"),
    ("sometimes", "5:12", "'questions' cannot be 'sometimes'; write always, off, or a list of step ids"),
    ("[]", "5:12", "'questions' cannot be []; write always, off, or a list of step ids"),
])
def test_a_wrong_questions_key_is_named_at_its_line_and_column(value, where, message):
    with pytest.raises(ScriptError) as caught:
        parse_script(SCRIPT.format(questions=value, approval="false", language="en"), "q.yaml")
    assert [str(p) for p in caught.value.problems] == [f"q.yaml:{where}: {message}"]
    with pytest.raises(ScriptError) as caught:
        parse_script(SCRIPT.format(questions="always", approval="sometimes", language="en"), "q.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "q.yaml:6:21: 'questions_approval' should be true or false, not 'sometimes'"]


# --- refusals and limits, in-process ------------------------------------------------------

@pytest.fixture
def room(tmp_path):
    return Room(make_app(f"sqlite:///{tmp_path / 'workshop.db'}", QUESTION_INTERVAL=0))


def test_asking_is_cleaned_limited_and_refused_clearly(room, tmp_path):
    code = room.start(script(tmp_path))
    a, b = room.phone(code).connect(), room.phone(code).connect()
    assert refused(a.ask_question, "Before joining?")["error"] == "not_joined"
    a.join("A")
    b.join("B")
    # NFC, bidi overrides removed; 280 characters and no more; empty (or invisible) refused.
    asked = a.ask_question("  Cafe\u0301 \u202eevil\u202c?  ")["me"]["questions"]["asked"]
    assert asked[0]["text"] == "Café evil?" and asked[0]["status"] == "listed"
    too_long = refused(a.ask_question, "x" * (questions.MAX_QUESTION + 1))
    assert too_long["error"] == "too_long" and "280 characters" in too_long["message"]
    assert refused(a.ask_question, " \u200b\u202e ")["error"] == "empty"
    assert refused(a.ask_question, 7)["error"] == "bad_request"
    a.ask_question("y" * 280)
    a.ask_question("Third?")
    # Three open questions: the fourth waits until one is answered (or hidden).
    four = refused(a.ask_question, "Fourth?")
    assert four["error"] == "too_many_questions"
    assert four["message"] == ("You already have 3 questions waiting for an answer. "
                               "You can ask another once one is answered.")
    host = room.host(code).connect()
    host.mark_answered(asked[0]["id"])
    mine = a.ask_question("Fourth?")["me"]["questions"]
    assert len(mine["asked"]) == 4 and mine["open"] == 3
    # Upvotes: on a question on the list only; `up` a boolean.
    qid = mine["asked"][-1]["id"]
    assert refused(b.upvote, "q-nothing")["error"] == "no_such_question"
    assert refused(b.upvote, qid, up=1)["error"] == "bad_request"
    assert refused(host.mark_answered, qid, answered="yes")["error"] == "bad_request"
    assert refused(host.moderate_question, qid, "shown")["error"] == "bad_request"
    assert refused(host.show_question, "q-nothing")["error"] == "no_such_question"
    # The same command sent again (its cid) is applied once: one question, one vote.
    b.upvote(qid, cid="same-vote")
    b.upvote(qid, cid="same-vote")
    assert b.upvote(qid, False, cid="undo")["me"]["questions"]["voted"] == []
    assert room.hub.get(code).questions[qid].votes == 0


def test_a_question_every_so_often_and_only_when_the_script_opens_them(tmp_path):
    room = Room(make_app(f"sqlite:///{tmp_path / 'workshop.db'}"))     # 20 s between questions
    code = room.start(script(tmp_path, questions="[two]"))
    host, a = room.host(code).connect(), room.phone(code).connect()
    a.join("A")
    assert a.sync()["questions"] == {"open": False, "approval": False}
    assert refused(a.ask_question, "In the lobby?")["error"] == "questions_closed"
    host.next()
    assert refused(a.ask_question, "On step one?")["message"] == "Questions are not open right now."
    host.next()
    assert a.sync()["questions"]["open"] is True
    a.ask_question("On step two?", cid="first")
    a.ask_question("On step two?", cid="first")           # a retry: no second question, no wait
    soon = refused(a.ask_question, "Right after?")
    assert soon["error"] == "question_too_soon" and "in a moment" in soon["message"]
    assert len(room.hub.get(code).questions) == 1
    off = room.start(script(tmp_path, questions="off", name="off.yaml"))
    phone = room.phone(off).connect()
    phone.join("B")
    view = phone.sync()
    assert view["questions"] is None and view["question_list"] == [] and view["me"]["questions"] is None
    assert refused(phone.ask_question, "Off?")["error"] == "questions_closed"
    assert refused(room.host(off).connect().show_top_questions)["error"] == "questions_closed"


def test_the_refusal_is_in_the_participants_language(room, tmp_path):
    code = room.start(script(tmp_path, language="nl", name="nl.yaml"))
    a = room.phone(code).connect()
    a.join("A")
    for text in ("Een?", "Twee?", "Drie?"):
        a.ask_question(text)
    message = refused(a.ask_question, "Vier?")["message"]
    assert "3 vragen" in message and "question" not in message


# --- the room, over real sockets ----------------------------------------------------------

def pushes(client, since=0) -> list:
    return [(event, data) for event, data in client.received[since:] if not event.startswith("ack:")]


def test_ask_moderate_upvote_answer_and_show_with_nobody_named(room_servers, tmp_path):
    session = room_servers().new_session(script(tmp_path, approval="true", name="held.yaml"))
    host = Host(session.url, session.code, session.token).connect()
    screen = Screen(session.url, session.code).connect()
    asker, voter, other = (Phone(session.url, session.code).connect() for _ in range(3))
    clients = (host, screen, asker, voter, other)
    try:
        for phone, name in ((asker, ASKER), (voter, VOTER), (other, OTHER)):
            phone.join(name)
        host.next()
        for client in (asker, voter, other, screen):
            client.wait_for(lambda v: (v.get("step") or {}).get("id") == "one")

        # Held for approval: on the console, on no phone (the asker's own part says so).
        mine = asker.ask_question("Canary question: how do we start again?")["me"]["questions"]
        assert mine["asked"][0]["status"] == "held"
        qid = mine["asked"][0]["id"]
        held = host.wait_for(lambda v: v["questions"])["questions"][0]
        assert (held["id"], held["status"], held["votes"]) == (qid, "held", 0)
        assert voter.sync()["question_list"] == []
        assert refused(voter.upvote, qid)["error"] == "no_such_question"
        hidden = other.ask_question("Canary question to be hidden")["me"]["questions"]["asked"][0]
        host.moderate_question(hidden["id"], "hidden")

        host.moderate_question(qid, "listed")                       # approved: on every phone
        for phone in (voter, other, asker):
            phone.wait_for(lambda v: [q["id"] for q in v["question_list"]] == [qid])
        asker.wait_for(lambda v: v["me"]["questions"]["asked"][0]["status"] == "listed")

        # Upvoted once each; a second upvote counts nothing; taken back, it is gone.
        assert voter.upvote(qid)["me"]["questions"]["voted"] == [qid]
        assert voter.upvote(qid)["me"]["questions"]["voted"] == [qid]
        other.upvote(qid)
        for phone in (asker, voter, other):
            phone.wait_for(lambda v: v["question_list"][0]["votes"] == 2)
        host.wait_for(lambda v: v["questions"][-1]["votes"] == 2)
        assert other.upvote(qid, False)["me"]["questions"]["voted"] == []
        asker.wait_for(lambda v: v["question_list"][0]["votes"] == 1)

        # Coalesced: seven changes in a burst are a few pushes to a phone that did nothing.
        before, started = len(asker.received), time.monotonic()
        for i in range(7):
            other.upvote(qid, i % 2 == 0)
        took = time.monotonic() - started
        asker.wait_for(lambda v: v["question_list"][0]["votes"] == 2)
        time.sleep(0.3)
        lists = [d for e, d in pushes(asker, before) if e == "questions"]
        assert 1 <= len(lists) <= 2 + took / 0.15, (len(lists), took)

        # Answered, shown large, the top five: the screen; the phones see "answered".
        host.mark_answered(qid)
        voter.wait_for(lambda v: v["question_list"][0]["answered"])
        host.show_question(qid)
        large = screen.wait_for(lambda v: v.get("question"))["question"]
        assert large == {"id": qid, "text": "Canary question: how do we start again?",
                         "votes": 2, "answered": True}
        quiet = len(voter.received)
        host.show_top_questions()
        assert screen.wait_for(lambda v: v["top_questions"] is not None)["top_questions"] == []
        host.mark_answered(qid, False)
        screen.wait_for(lambda v: [q["id"] for q in v["top_questions"] or []] == [qid])
        host.show_question(None)
        host.show_top_questions(False)
        screen.wait_for(lambda v: v["question"] is None and v["top_questions"] is None)
        voter.wait_for(lambda v: not v["question_list"][0]["answered"])
        time.sleep(0.3)
        # Only the answered mark changed the phones' list since: one push, no more.
        assert [e for e, _ in pushes(voter, quiet) if e == "questions"] == ["questions"]
        assert [q["id"] for q in host.sync()["questions"]] == [hidden["id"], qid]

        # Nobody named: no frame the screen or another phone received holds a name or token
        # of the asker or the voters (the console knows names, for private words and couples:
        # never in a question's part of its view), nor anything but a question's own fields.
        canaries = [ASKER, VOTER, OTHER, asker.token, voter.token, other.token]
        for client, own in ((host, ()), (screen, ()), (voter, (VOTER, voter.token)),
                            (other, (OTHER, other.token))):
            text = json.dumps(question_items(client.received) if client is host
                              else client.received)
            assert [c for c in canaries if c in text and c not in own] == [], client
            assert "Canary question to be hidden" not in text or client in (host, other)
            for item in question_items(client.received):
                assert set(item) <= {"id", "text", "votes", "answered", "status", "at",
                                     "shown", "on_screen"}, item
        assert voter.sync()["me"]["questions"]["asked"] == []

        # The report and the export: the question shown (or answered), not the hidden one.
        host.end()
        exported = tmp_path / "q.jsonl"
        verb("export", session.code, "--database", session.server.database, "-o", exported)
        text = exported.read_text()
        assert "how do we start again?" in text and "to be hidden" not in text
        assert ASKER not in text and VOTER not in text
        events = [json.loads(line) for line in text.splitlines()[1:]]
        assert all("by" not in e for e in events if e["type"] == "question_asked")
        rec = recording.read_jsonl(exported)
        assert [q.votes for q in rec.fold().questions.values()] == [2]
        built = report.build(recording.from_store(_store(session), session.code))
        assert [(q.text, q.votes) for q in built.questions] == [
            ("Canary question: how do we start again?", 2)]
    finally:
        for client in clients:
            client.disconnect()


def question_items(frames) -> list:
    """Every question-like dict in what a client received."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            if str(value.get("id", "")).startswith("q") and "text" in value:
                found.append(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
    walk(frames)
    return found


def _store(session):
    from workshop.store import Store
    return Store(session.server.database)


def test_the_report_lists_the_questions_shown_or_answered_with_their_votes(room, tmp_path):
    code = room.start(script(tmp_path, language="nl", name="report.yaml"))
    host = room.host(code).connect()
    a, b, c = (room.phone(code).connect() for _ in range(3))
    for phone, name in zip((a, b, c), (ASKER, VOTER, OTHER)):
        phone.join(name)
    ids = {}
    for phone, text in ((a, "Canary shown <b>bold</b>?"), (b, "Canary answered?"),
                        (c, "Canary hidden?")):
        ids[text] = phone.ask_question(text)["me"]["questions"]["asked"][0]["id"]
    e = room.phone(code).connect()
    e.join("E")
    e.ask_question("Canary in the top?")
    host.show_top_questions()                   # the top five (all four) are on the screen
    host.show_top_questions(False)
    d = room.phone(code).connect()
    d.join("D")
    d.ask_question("Canary only listed?")       # after: never on the screen
    for phone in (b, c):
        phone.upvote(ids["Canary shown <b>bold</b>?"])
    host.show_question(ids["Canary shown <b>bold</b>?"])
    host.mark_answered(ids["Canary answered?"])
    host.show_question(ids["Canary hidden?"])
    host.moderate_question(ids["Canary hidden?"], "hidden")       # shown, then hidden: gone
    host.end()
    page = room.app.test_client().get(f"/host/{code}/results?token={room.app.config['HOST_TOKEN']}")
    text = page.get_data(as_text=True)
    assert "Vragen aan de begeleider" in text and "Canary shown &lt;b&gt;bold&lt;/b&gt;? " in text
    assert "2 stemmen" in text and "Canary answered?" in text and "beantwoord" in text
    assert "Canary hidden?" not in text and "Canary only listed?" not in text
    assert not [n for n in (ASKER, VOTER, OTHER) if n in text]
    assert text.index("Canary shown") < text.index("Canary answered?")       # by votes
    assert "Canary in the top?" in text
