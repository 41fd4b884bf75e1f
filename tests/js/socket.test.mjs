// Commands over socket.io (static/js/socket.js) with socket.io-client's own retry, against a
// stand-in server that speaks just enough of the engine.io/socket.io protocol over WebSocket
// to leave an emit unanswered, drop the connection, or answer. The server applies a command
// once per cid (workshop/hub.py): what matters is that every re-send carries the same cid.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { io } from "socket.io-client";
import { WebSocketServer } from "ws";   // socket.io-client's own dependency, pinned in the lock
import {
  ACK_TIMEOUT_MS, RETRIES, command, problem, send, socketOptions,
} from "../../static/js/socket.js";

const t = (key) => `<${key}>`;

/** A server on a free port; onEvent({event, payload, ack, drop}) decides what each emit gets. */
async function fakeServer(onEvent) {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => wss.once("listening", resolve));
  let connections = 0;
  wss.on("connection", (ws) => {
    connections += 1;
    ws.send("0" + JSON.stringify({ sid: "e" + connections, upgrades: [], pingInterval: 25000,
      pingTimeout: 20000, maxPayload: 1e6 }));
    ws.on("message", (data) => {
      // "4" + socket.io packet type + "/namespace," + ack id + JSON
      const packet = /^4(\d)(\/[^,]*,)?(\d*)(.*)$/s.exec(data.toString());
      if (!packet) return;            // engine.io's own packets (pong)
      const [, type, nsp = "", id, body] = packet;
      if (type === "0") ws.send("40" + nsp + JSON.stringify({ sid: "s" + connections }));
      if (type === "2") {
        const [event, payload] = JSON.parse(body);
        onEvent({ event, payload, connection: connections,
          ack: (value) => ws.send("43" + nsp + id + JSON.stringify([value])),
          drop: () => ws.terminate() });
      }
    });
  });
  const close = () => new Promise((resolve) => {
    for (const client of wss.clients) client.terminate();
    wss.close(resolve);
  });
  return { url: `http://127.0.0.1:${wss.address().port}`, close };
}

const opened = [];
after(async () => {
  for (const { socket, server } of opened) {
    socket.disconnect();
    await server.close();
  }
});

/** A page's socket (socketOptions) with short timings so the test does not wait 10 s a try. */
async function connect(onEvent, overrides = {}) {
  const server = await fakeServer(onEvent);
  const socket = io(server.url + "/phone", {
    ...socketOptions({ code: "ABCDE", token: "t".repeat(32) }, ["websocket"]),
    ackTimeout: 150, reconnectionDelay: 20, reconnectionDelayMax: 40, ...overrides,
  });
  opened.push({ socket, server });
  return socket;
}

test("every page's socket retries unanswered commands, with socket.io's own options", () => {
  const options = socketOptions({ code: "ABCDE" }, ["websocket"]);
  assert.deepEqual(options, { auth: { code: "ABCDE" }, retries: RETRIES, ackTimeout: ACK_TIMEOUT_MS,
    transports: ["websocket"] });
  assert.ok(RETRIES >= 3 && ACK_TIMEOUT_MS >= 5000);
  // Not told: WebSocket first, long-polling where no WebSocket gets through.
  assert.deepEqual(socketOptions({}, undefined).transports, ["websocket", "polling"]);
  assert.equal(socketOptions({}, undefined).tryAllTransports, true);
});

test("an unanswered command is sent again with the same cid, and resolves with the answer", async () => {
  const seen = [];
  const socket = await connect(({ event, payload, ack }) => {
    seen.push([event, payload]);
    if (seen.length === 2) ack({ ok: true, answer: payload.answer });
  });
  const ack = await command(socket, "vote", { step: "p1", answer: 2 });
  assert.deepEqual(ack, { ok: true, answer: 2 });
  assert.equal(seen.length, 2);
  assert.deepEqual(seen[0], seen[1]);
  assert.equal(typeof seen[0][1].cid, "string");
  assert.deepEqual(seen[0][1], { cid: seen[0][1].cid, step: "p1", answer: 2 });
});

test("a command cut off by a lost connection is sent again after the reconnect, same cid", async () => {
  const seen = [];
  const socket = await connect(({ payload, connection, ack, drop }) => {
    seen.push([connection, payload.cid]);
    if (connection === 1) drop();       // the Wi-Fi goes while the vote is on its way
    else ack({ ok: true });
  });
  assert.deepEqual(await command(socket, "vote", { step: "p1", answer: 0 }), { ok: true });
  assert.deepEqual(seen.map(([connection]) => connection), [1, 2]);
  assert.equal(seen[0][1], seen[1][1]);
});

test("each command has its own cid, and commands go one at a time, in order", async () => {
  const seen = [];
  let held = null;
  const socket = await connect(({ payload, ack }) => {
    seen.push(payload);
    if (payload.n === 1) held = ack;    // the first waits: the second must not overtake it
    else ack({ ok: true, n: payload.n });
  });
  const first = command(socket, "care", { n: 1 });
  const second = command(socket, "care", { n: 2 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(seen.map((p) => p.n), [1]);
  held({ ok: true, n: 1 });
  assert.deepEqual([await first, await second], [{ ok: true, n: 1 }, { ok: true, n: 2 }]);
  assert.notEqual(seen[0].cid, seen[1].cid);
});

test("a refusal is an answer: not sent again, resolved for the page to show", async () => {
  const seen = [];
  const socket = await connect(({ payload, ack }) => {
    seen.push(payload);
    ack({ ok: false, error: "poll_closed", message: "This poll is closed." });
  });
  const ack = await command(socket, "vote", { step: "p1", answer: 1 });
  assert.equal(seen.length, 1);
  assert.equal(problem(ack, t), "This poll is closed.");
});

test("a command the server could not save is sent again after a pause, same cid", async () => {
  const seen = [];
  const socket = await connect(({ payload, ack }) => {
    seen.push([Date.now(), payload.cid]);
    ack(seen.length < 3 ? { ok: false, error: "try_again", message: "Not saved: please try again." }
      : { ok: true });
  });
  assert.deepEqual(await command(socket, "vote", { step: "p1", answer: 1 }, [30, 60]), { ok: true });
  assert.equal(seen.length, 3);
  assert.equal(new Set(seen.map(([, id]) => id)).size, 1);
  assert.ok(seen[1][0] - seen[0][0] >= 25 && seen[2][0] - seen[1][0] >= 55);
});

test("when the store stays away, the server's message is the answer after the last try", async () => {
  const seen = [];
  const socket = await connect(({ payload, ack }) => {
    seen.push(payload.cid);
    ack({ ok: false, error: "try_again", message: "Not saved: please try again." });
  });
  const ack = await command(socket, "vote", { step: "p1", answer: 1 }, [10, 10]);
  assert.equal(seen.length, 3);
  assert.equal(problem(ack, t), "Not saved: please try again.");
});

test("when no try is answered the command fails, after the retries", async () => {
  const seen = [];
  const socket = await connect(({ payload }) => seen.push(payload.cid), { retries: 2, ackTimeout: 60 });
  await assert.rejects(command(socket, "vote", { step: "p1", answer: 1 }), (err) => {
    assert.equal(problem(err, t), "<network_error>");
    return true;
  });
  assert.equal(seen.length, 3);
  assert.equal(new Set(seen).size, 1);
});

test("send: an empty acknowledgement is a problem of its own; sync carries no cid", async () => {
  const calls = [];
  const socket = { emitWithAck: async (event, payload) => { calls.push([event, payload]); return undefined; } };
  const ack = await send(socket, "sync");
  assert.deepEqual(calls, [["sync", {}]]);
  assert.deepEqual(ack, { ok: false, error: "no_ack" });
  assert.equal(problem(ack, t), "<no_answer>");
  assert.equal(problem(new Error("operation has timed out"), t), "<network_error>");
  assert.equal(problem({ ok: false, error: "x" }, t), "<network_error>");
});
