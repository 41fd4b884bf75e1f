// A phone's answer as it is put together (static/js/answers.js): choices within the limit,
// the words that count, and drafts that outlive a redraw.
import assert from "node:assert/strict";
import { test } from "node:test";
import { cleanWords, drafts, sameSet, sortedChoices, toggleChoice } from "../../static/js/answers.js";

test("a tap chooses an option while there is room, and unchooses a chosen one", () => {
  assert.deepEqual(toggleChoice([], 2, 2), { choices: [2], refused: false });
  assert.deepEqual(toggleChoice([2], 0, 2), { choices: [2, 0], refused: false });
  assert.deepEqual(toggleChoice([2, 0], 2, 2), { choices: [0], refused: false });
});

test("past the limit a tap is refused, except with room for one, where it replaces", () => {
  assert.deepEqual(toggleChoice([2, 0], 1, 2), { choices: [2, 0], refused: true });
  assert.deepEqual(toggleChoice([2], 1, 1), { choices: [1], refused: false });
});

test("choices compare as sets and are sent in option order", () => {
  assert.equal(sameSet([2, 0], [0, 2]), true);
  assert.equal(sameSet([2, 0], [0, 1]), false);
  assert.equal(sameSet([0], [0, 0]), false);
  assert.equal(sameSet(undefined, []), false);
  assert.deepEqual(sortedChoices([10, 2, 0]), [0, 2, 10]);   // numbers, not text: 10 after 2
});

test("words are trimmed, cut at the server's length, without empties or repeats in any case", () => {
  assert.deepEqual(cleanWords(["  Trust ", "", "trust", "Care", null], 30, 3), ["Trust", "Care"]);
  assert.deepEqual(cleanWords(["abcdefgh"], 5, 3), ["abcde"]);
  assert.deepEqual(cleanWords(["a", "b", "c", "d"], 30, 3), ["a", "b", "c"]);
  assert.deepEqual(cleanWords(["ÉÉN", "één"], 30, 3), ["ÉÉN"]);
  assert.deepEqual(cleanWords(undefined, 30, 3), []);
});

test("a draft is the same object every time until it is dropped", () => {
  const draft = drafts();
  draft("step-1").text = "half a thought";
  assert.equal(draft("step-1").text, "half a thought");
  assert.deepEqual(draft("step-2"), {});
  draft.drop("step-1");
  assert.deepEqual(draft("step-1"), {});
});
