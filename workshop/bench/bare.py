"""The bare stack `workshop bench` compares against: Flask-SocketIO, the same protocol, nothing else.

Run as `python -m workshop.bench.bare --port P --async-mode M --script FILE`. It speaks the
subset of docs/protocol.md the bench uses (join, sync, vote, next, jump), sends the same step
payloads and coalesces screen updates the same way (at once after a quiet spell, then at most
one per 0.15 s), but keeps the tally in memory: no event log, no database, no checks, no views. Whatever the real server costs above this is ours.
"""
import argparse
import secrets
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--async-mode", default="eventlet")
parser.add_argument("--script", required=True)


def main(argv=None):
    args = parser.parse_args(argv)
    from workshop.runtime import patch
    patch(args.async_mode)      # before Flask (and socket, threading) are imported

    import yaml
    from flask import Flask, request
    from flask_socketio import ConnectionRefusedError, SocketIO, join_room

    with open(args.script, encoding="utf-8") as f:
        script = yaml.safe_load(f)
    raw = [s for section in script["sections"] for s in section["steps"]]
    steps = [{"index": i, "total": len(raw), **{k: v for k, v in s.items() if k != "notes"}}
             for i, s in enumerate(raw)]
    code, token = "BARE1", secrets.token_urlsafe(18)
    app = Flask(__name__)
    sio = SocketIO(app, async_mode=args.async_mode)
    live = {"index": -1, "votes": {}, "joined": set(), "dirty": False, "last": 0.0}
    phones = {}     # sid -> token

    def shared():
        step = steps[live["index"]] if live["index"] >= 0 else None
        return {"phase": "step" if step else "lobby", "step": step, "poll": None}

    def screen():
        step = steps[live["index"]] if live["index"] >= 0 else None
        votes = live["votes"].get(step["id"], {}) if step else {}
        counts = {}
        for answer in votes.values():
            counts[str(answer)] = counts.get(str(answer), 0) + 1
        results = {"step": step["id"], "answered": len(votes), "tally": counts} if step else None
        return {"code": code, "phase": shared()["phase"], "joined": len(live["joined"]),
                "step": step, "results": results}

    def push_results():
        live["last"] = time.monotonic()
        sio.emit("screen", screen(), to="screen", namespace="/screen")
        sio.emit("host", screen(), to="host", namespace="/host")

    def publish_all():
        push_results()
        sio.emit("session", shared(), to="phones", namespace="/phone")

    def results_soon():
        wait = live["last"] + 0.15 - time.monotonic()
        if live["dirty"]:
            return
        if wait <= 0:
            return push_results()
        live["dirty"] = True
        sio.start_background_task(flush, wait)

    def flush(wait):
        sio.sleep(wait)
        live["dirty"] = False
        push_results()

    @sio.on("connect", namespace="/phone")
    def phone_connect(auth=None):
        if not isinstance(auth, dict) or auth.get("code") != code or not auth.get("token"):
            raise ConnectionRefusedError("unknown code")
        phones[request.sid] = auth["token"]
        join_room("phones")

    @sio.on("join", namespace="/phone")
    def join(data):
        live["joined"].add(phones[request.sid])
        results_soon()
        return {"ok": True, "view": {**shared(), "me": {}}}

    @sio.on("sync", namespace="/phone")
    def phone_sync(data=None):
        return {"ok": True, "view": {**shared(), "me": None}}

    @sio.on("vote", namespace="/phone")
    def vote(data):
        live["votes"].setdefault(data["step"], {})[phones[request.sid]] = data["answer"]
        results_soon()
        return {"ok": True, "step": data["step"], "answer": data["answer"]}

    for ns, audience in (("/screen", "screen"), ("/host", "host")):
        def connect(auth=None, audience=audience):
            if not isinstance(auth, dict) or auth.get("code") != code or \
                    (audience == "host" and auth.get("token") != token):
                raise ConnectionRefusedError("not allowed")
            join_room(audience)
        sio.on("connect", namespace=ns)(connect)
        sio.on("sync", namespace=ns)(lambda data=None: {"ok": True, "view": screen()})

    def go(index):
        live["index"] = index
        publish_all()
        return {"ok": True, "index": index}

    sio.on("next", namespace="/host")(lambda data: go(live["index"] + 1))
    sio.on("jump", namespace="/host")(lambda data: go(data["index"]))

    url = f"http://{args.host}:{args.port}"
    print(f"Facilitator: {url}/host/{code}?token={token}")
    print(f"Join: {url}/j/{code}", flush=True)
    # eventlet's WSGI server serves 1,024 connections at a time unless told otherwise.
    extra = {"max_size": 20000} if args.async_mode == "eventlet" else {}
    sio.run(app, host=args.host, port=args.port, log_output=False,
            allow_unsafe_werkzeug=args.async_mode == "threading", **extra)


if __name__ == "__main__":
    sys.exit(main())
