"""What a participant takes home (live/take_home.py): once the session has ended, each phone is
sent its own answers, as the words it chose, and what it wrote, with nothing of anyone else's;
before the end there is nothing of it in the view. In process: the real handlers and store."""
from __future__ import annotations

import json

import pytest

from inprocess import Room, make_app
from workshop.script import load_script

from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "sessions" / "trust.yaml"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    return Room(make_app(f"sqlite:///{tmp_path_factory.mktemp('take-home') / 'workshop.db'}"))


def first_of(steps, kind, type_=None):
    return next(s for s in steps if s.kind == kind and (type_ is None or s.type == type_))


def test_each_phone_takes_home_its_own_answers_and_texts_only(room):
    steps = load_script(SCRIPT).steps
    code = room.start(str(SCRIPT))
    host = room.host(code).connect()
    ada, bo = room.phone(code).connect(), room.phone(code).connect()
    ada.join("Ada")
    bo.join("Bo")
    single, multiple = first_of(steps, "poll", "single"), first_of(steps, "poll", "multiple")
    scale, words = first_of(steps, "poll", "scale"), first_of(steps, "poll", "words")
    reflection = first_of(steps, "reflection")
    for step, mine, theirs in ((single, 1, 0), (multiple, [0, 2], [1]),
                               (scale, scale.scale.max, scale.scale.min),
                               (words, ["Openness", "care"], ["BO-ONLY-WORD"])):
        host.jump(steps.index(step))
        ada.vote(step.id, mine)
        bo.vote(step.id, theirs)
    host.jump(steps.index(reflection))
    ada.reflect(reflection.id, "<b>Ada wrote this</b>")
    bo.reflect(reflection.id, "BO-ONLY-REFLECTION")
    assert ada.sync()["me"]["take_home"] is None, "nothing of it before the end"

    host.end()
    # Pushed at the end: the phone need not ask.
    summary = ada.wait_for(lambda v: v["me"]["take_home"] is not None)["me"]["take_home"]
    answers = {a["question"]: a["answer"] for a in summary["answers"]}
    assert answers[single.question] == [single.options[1]]
    assert answers[multiple.question] == [multiple.options[0], multiple.options[2]]
    assert answers[scale.question] == [
        f"{scale.scale.max} ({scale.scale.min}–{scale.scale.max}): {scale.scale.max_label}"]
    assert [w.lower() for w in answers[words.question]] == ["openness", "care"]
    in_script = sorted((single, multiple, scale, words), key=steps.index)
    assert list(answers) == [s.question for s in in_script], "in the script's order"
    assert summary["reflections"] == [{"prompt": reflection.prompt,
                                       "texts": ["<b>Ada wrote this</b>"]}]
    everything = json.dumps(ada.view["me"])
    assert "BO-ONLY" not in everything and "Bo" not in everything
    assert bo.sync()["me"]["take_home"]["reflections"][0]["texts"] == ["BO-ONLY-REFLECTION"]
    for client in (host, ada, bo):
        client.disconnect()
