// Random ids made in the page (static/js/ids.js): a command's cid and a phone's token.
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { test } from "node:test";
import { cid, newToken } from "../../static/js/ids.js";

const MAX_CID = 64;                          // workshop/realtime/edge.py
const [MIN_TOKEN, MAX_TOKEN] = [16, 128];    // workshop/realtime/phone.py

test("a cid is a UUID where crypto.randomUUID exists (https, localhost)", () => {
  const id = cid();
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(id.length <= MAX_CID);
});

test("without randomUUID (plain http on the venue's LAN) a cid is 16 random bytes as hex", () => {
  const insecure = { getRandomValues: (array) => webcrypto.getRandomValues(array) };
  const ids = new Set(Array.from({ length: 200 }, () => cid(insecure)));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
});

test("the bytes are written in full: a byte below 16 keeps its leading zero", () => {
  const zeros = { getRandomValues: (array) => array.fill(5) };
  assert.equal(cid(zeros), "05".repeat(16));
});

test("a phone's token is 64 hex characters, within what the server accepts", () => {
  const tokens = new Set(Array.from({ length: 50 }, () => newToken()));
  assert.equal(tokens.size, 50);
  for (const token of tokens) {
    assert.match(token, /^[0-9a-f]{64}$/);
    assert.ok(token.length >= MIN_TOKEN && token.length <= MAX_TOKEN);
  }
});
