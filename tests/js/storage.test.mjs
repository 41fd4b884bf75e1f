// What a phone keeps across reloads (static/js/storage.js), with or without a usable
// localStorage (private browsing, storage turned off).
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { load, save } from "../../static/js/storage.js";

const original = Object.getOwnPropertyDescriptor(globalThis, "localStorage");
afterEach(() => {
  if (original) Object.defineProperty(globalThis, "localStorage", original);
  else delete globalThis.localStorage;
});

function fakeStorage() {
  const items = new Map();
  return {
    items,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}

test("with localStorage a value is kept there, and null forgets it", () => {
  const storage = fakeStorage();
  Object.defineProperty(globalThis, "localStorage", { value: storage, configurable: true });
  save("workshop-token-ABCDE", "t0ken");
  assert.equal(storage.items.get("workshop-token-ABCDE"), "t0ken");
  assert.equal(load("workshop-token-ABCDE"), "t0ken");
  save("workshop-token-ABCDE", null);
  assert.equal(storage.items.has("workshop-token-ABCDE"), false);
  assert.equal(load("workshop-token-ABCDE"), null);
});

test("a value stored by an earlier page load is found", () => {
  const storage = fakeStorage();
  storage.setItem("workshop-alone-ABCDE", "1");
  Object.defineProperty(globalThis, "localStorage", { value: storage, configurable: true });
  assert.equal(load("workshop-alone-ABCDE"), "1");
});

test("storage that throws (blocked, full) keeps the value in memory for this page", () => {
  const throwing = {
    getItem() { throw new Error("SecurityError"); },
    setItem() { throw new Error("QuotaExceededError"); },
    removeItem() { throw new Error("SecurityError"); },
  };
  Object.defineProperty(globalThis, "localStorage", { value: throwing, configurable: true });
  save("k-throwing", "v");
  assert.equal(load("k-throwing"), "v");
  save("k-throwing", null);
  assert.equal(load("k-throwing"), null);
});

test("a browser where even reading localStorage throws, or that has none, works from memory", () => {
  Object.defineProperty(globalThis, "localStorage", {
    get() { throw new Error("SecurityError"); }, configurable: true,
  });
  save("k-blocked", "v1");
  assert.equal(load("k-blocked"), "v1");
  delete globalThis.localStorage;
  save("k-none", "v2");
  assert.equal(load("k-none"), "v2");
});
