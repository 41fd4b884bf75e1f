"""A short session that ran a poll of every type, a moderated wall, a private poll and
reflection, and a pair exercise with notes, driven in-process (tests/inprocess.py) and ended:
for the results report's tests. `build(room, tmp)` returns its code; the module's constants
say what the report must show and what it must never hold."""
from __future__ import annotations

SCRIPT = """title: Results walk
language: en
description: Every kind of step once, for the results report.
min_answers: 3
check_in:
  question: How do you arrive tonight?
  type: single
  options: [Rested, Tired, Curious]
sections:
  - title: Opening
    theme: opening
    steps:
      - id: welcome
        kind: info
        minutes: 1
        notes: Welcome.
        title: Welcome
        body: Hello.
      - id: pick-one
        kind: poll
        minutes: 2
        notes: Single.
        question: What builds trust fastest?
        type: single
        options: [Keeping promises, Listening well, Saying sorry]
      - id: pick-many
        kind: poll
        minutes: 2
        notes: Multiple.
        question: Which of these do you do weekly?
        type: multiple
        options: [Date night, Long walk, Phone-free dinner]
      - id: rate
        kind: poll
        minutes: 2
        notes: Scale.
        question: How open are your talks at home?
        type: scale
        scale: {min: 1, max: 5, min_label: Closed, max_label: Wide open}
      - id: words
        kind: poll
        minutes: 2
        notes: Words.
        question: One word for trust?
        type: words
        max_words: 2
      - id: too-few
        kind: poll
        minutes: 1
        notes: Below the minimum.
        question: Did you sleep well last night?
        type: single
        options: ["Yes", "No"]
      - id: alone
        kind: poll
        minutes: 1
        notes: Private.
        question: Do you feel heard at home?
        type: single
        options: [Mostly, Sometimes, Rarely]
        private: true
  - title: Together
    theme: communication
    steps:
      - id: wall
        kind: reflection
        minutes: 3
        notes: Moderated.
        prompt: What helps you trust someone?
        approval: true
      - id: diary
        kind: reflection
        minutes: 2
        notes: For yourself.
        prompt: What would you not say aloud?
        private: true
      - id: letters
        kind: pair
        minutes: 4
        notes: Two rounds, the second with a note.
        title: Small promises
        roles: speaker-listener
        rounds:
          - minutes: 2
            prompts: {speaker: Tell a promise you kept., listener: Listen.}
          - minutes: 2
            prompts: {speaker: Promise something small., listener: Listen.}
            note: Write your partner one line.
"""

NAMES = ("Annabelle", "Bartholomew", "Celestine", "Dorian")
QUESTIONS = ("How do you arrive tonight?", "What builds trust fastest?",
             "Which of these do you do weekly?", "How open are your talks at home?",
             "One word for trust?", "Did you sleep well last night?", "Do you feel heard at home?")
ON_WALL = ("Keeping small promises every day", "Being listened to <without> judgement & care")
HELD = "A HELD reflection nobody approved"
HIDDEN = "A HIDDEN reflection the facilitator removed"
PRIVATE_TEXT = "PRIVATE diary words for myself alone"
NOTES = ("NOTE-ONE I promise to call you at lunch", "NOTE-TWO I will cook on Friday")
NEVER = (HELD, HIDDEN, PRIVATE_TEXT, *NOTES, *NAMES)
# What each poll ended with: the counts the report must show.
SINGLE = {"Keeping promises": 2, "Listening well": 1, "Saying sorry": 1}
MULTIPLE = {"Date night": 3, "Long walk": 1, "Phone-free dinner": 2}
SCALE = {"1": 0, "2": 1, "3": 0, "4": 2, "5": 1}
WORDS = {"honesty": 3, "safety": 2, "time": 1}


def build(room, tmp_path) -> str:
    """Run the whole session in `room` (an inprocess.Room) and end it; its code."""
    path = tmp_path / "results-walk.yaml"
    path.write_text(SCRIPT)
    code = room.hub.start(path, "local").code
    host = room.host(code).connect()
    phones = [room.phone(code).connect() for _ in NAMES]
    try:
        for phone, name in zip(phones, NAMES):
            phone.join(name)
        a, b, c, d = phones
        a.couple_with(b)
        for phone, answer in zip(phones, (0, 1, 2)):
            phone.vote("check-in", answer)

        def at(step_id):
            host.next()
            for phone in phones:
                phone.wait_for(lambda v: (v.get("step") or {}).get("id") == step_id)

        at("welcome")
        at("pick-one")
        for phone, answer in zip(phones, (0, 0, 1, 2)):
            phone.vote("pick-one", answer)
        at("pick-many")
        for phone, answer in zip(phones, ([0, 2], [0], [0, 1, 2], [])):
            if answer:
                phone.vote("pick-many", answer)
        at("rate")
        for phone, answer in zip(phones, (4, 5, 2, 4)):
            phone.vote("rate", answer)
        at("words")
        for phone, answer in zip(phones, (["Honesty", "safety"], ["honesty"], ["time", "Safety"],
                                          ["honesty"])):
            phone.vote("words", answer)
        at("too-few")
        a.vote("too-few", 0)
        b.vote("too-few", 1)
        at("alone")
        for phone, answer in zip(phones, (0, 1, 1, 2)):
            phone.vote("alone", answer)
        at("wall")
        written = [phone.reflect("wall", text)["reflection"]["id"]
                   for phone, text in zip(phones, (*ON_WALL, HELD, HIDDEN))]
        host.moderate(written[0], "shown")
        host.moderate(written[1], "shown")
        host.moderate(written[3], "hidden")
        at("diary")
        a.reflect("diary", PRIVATE_TEXT)
        at("letters")
        for phone in (a, b):
            phone.done("letters", 0)
        for phone, note in zip((a, b), NOTES):
            phone.write_note("letters", 1, note)
        for phone in (a, b):
            phone.done("letters", 1)
        host.end()
    finally:
        for client in (host, *phones):
            client.disconnect()
    return code
