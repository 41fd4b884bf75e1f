"""What the tests of refused input share: sending exactly some arguments, the world as every
audience sees it, and the check that a refusal is an error acknowledgement that changed nothing."""
from __future__ import annotations

from conftest import ROOT
from workshop.client import new_cid
from workshop.script import load_script

SCRIPT = load_script(ROOT / "sessions/trust.yaml")
INDEX = {step.id: i for i, step in enumerate(SCRIPT.steps)}
CID = "<cid>"                   # replaced by a fresh cid when the payload is sent


def at(host, step_id: str):
    if host.sync()["index"] != INDEX[step_id]:
        host.jump(INDEX[step_id])


def fill(args):
    """The arguments with every CID placeholder in a dict payload replaced by a new cid."""
    return tuple({k: new_cid() if v == CID else v for k, v in a.items()} if isinstance(a, dict)
                 else a for a in args)


def send(client, event, *args, timeout=5):
    """Emit exactly these arguments (none, one - even null - or several); return the ack."""
    # python-socketio sends a tuple as the list of arguments, () as no argument at all.
    return client.sio.call(event, tuple(args), namespace=client.namespace, timeout=timeout)


def without_presence(view: dict) -> dict:
    """The console view without who is online: a fact about connections, not the session."""
    return {key: [{k: v for k, v in row.items() if k not in ("online", "offline")}
                  for row in value] if key in ("couples", "singles") else value
            for key, value in view.items()}


def world(host, screen, phones=()):
    """All a refused command could have changed, as the audiences see it (without the
    server's clock, which every view carries)."""
    return (without_presence(untimed(host.sync())), untimed(screen.sync()),
            [p.sync()["me"] for p in phones])


def untimed(view: dict) -> dict:
    return {k: v for k, v in view.items() if k != "now"}


def assert_error(ack, code):
    assert isinstance(ack, dict), ack
    assert ack.get("ok") is False, ack
    assert ack.get("error") == code, ack
    assert isinstance(ack.get("message"), str) and ack["message"].strip(), ack


def refused_and_unchanged(host, screen, client, event, *args, code, phones=()):
    before = world(host, screen, phones)
    ack = send(client, event, *fill(args))
    assert_error(ack, code)
    assert world(host, screen, phones) == before
    return ack
