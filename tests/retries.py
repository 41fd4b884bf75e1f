"""The same command sent twice with one cid, from two connections at the same moment.

A phone whose Wi-Fi drops re-sends what it had not seen acknowledged, sometimes while the
first copy is still on its way, and with several processes the copies can land on two of
them. Each must be applied once, and both copies get the one result.
"""
from __future__ import annotations

import threading

from workshop.client import Host, Phone, new_cid
from workshop.script import load_script

from conftest import ROOT

STEPS = load_script(ROOT / "sessions/trust.yaml").steps


def at_once(calls):
    """Run the calls in threads released together; return their acknowledgements."""
    barrier = threading.Barrier(len(calls))
    acks = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        acks[i] = call()
    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return acks


def twice(clients, event, data):
    return at_once([lambda c=c: c.call(event, dict(data), raw=True) for c in clients])


def each_applied_once(url_a, url_b, code, token):
    """Two consoles and two connections of one phone, on url_a and url_b; returns nothing,
    asserts on what the room sees."""
    hosts = [Host(url, code, token).connect() for url in (url_a, url_b)]
    me = Phone(url_a, code).connect()
    me.join("Ann")
    my_other = Phone(url_b, code, token=me.token).connect()   # the same person, again
    partner = Phone(url_b, code).connect()
    partner.join("Bob")
    clients = [*hosts, me, my_other, partner]
    try:
        # next: one step, not two.
        start = hosts[0].sync()["index"]
        acks = twice(hosts, "next", {"cid": new_cid()})
        assert [a["ok"] for a in acks] == [True, True], acks
        assert [a["index"] for a in acks] == [start + 1] * 2
        assert hosts[1].sync()["index"] == start + 1

        # reflect: one reflection, and both copies are told which.
        index, step = next((i, s) for i, s in enumerate(STEPS) if s.kind == "reflection")
        hosts[0].jump(index)
        acks = twice([me, my_other], "reflect", {"cid": new_cid(), "step": step.id,
                                                "text": "Once, not twice"})
        assert all(a["ok"] for a in acks), acks
        assert acks[0]["reflection"]["id"] == acks[1]["reflection"]["id"]
        queue = hosts[1].sync()["queue"]
        assert [r["text"] for r in queue].count("Once, not twice") == 1

        # couple_create: one couple, one code, and that cid is not a reflection's.
        cid = new_cid()
        acks = twice([me, my_other], "couple_create", {"cid": cid})
        assert all(a["ok"] for a in acks), acks
        codes = {a["me"]["couple"]["code"] for a in acks}
        assert len(codes) == 1
        assert len(hosts[0].sync()["couples"]) == 1
        refused = me.call("reflect", {"cid": cid, "step": step.id, "text": "reused"}, raw=True)
        assert refused["ok"] is False and refused["error"] == "bad_request"
        partner.join_couple(codes.pop())
        me.confirm()

        # pair_note: one note (a second copy applied alone would be refused: written already).
        index, pair = next((i, s) for i, s in enumerate(STEPS)
                           if s.kind == "pair" and any(r.note for r in s.rounds))
        hosts[0].jump(index)
        note_round = next(i for i, r in enumerate(pair.rounds) if r.note)
        for round_ in range(note_round):
            for phone in (me, partner):
                phone.done(pair.id, round_)
        me.wait_for(lambda v: v["me"]["pair"] and v["me"]["pair"]["round"] == note_round)
        acks = twice([me, my_other], "pair_note", {"cid": new_cid(), "step": pair.id,
                                                  "round": note_round, "text": "For you"})
        assert all(a["ok"] for a in acks), acks
        partner.write_note(pair.id, note_round, "For you too")
        seen = partner.wait_for(lambda v: (v["me"]["pair"]["note"] or {}).get("partner"))
        assert list(seen["me"]["pair"]["note"]["partner"].values()) == ["For you"]
    finally:
        for client in clients:
            client.disconnect()
