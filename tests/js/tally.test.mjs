// What a poll's results show (static/js/tally.js): bars and their shares, the scale's rows and
// mean, the word cloud's order and sizes, and why nothing is shown yet.
import assert from "node:assert/strict";
import { test } from "node:test";
import { choiceBars, cloudWords, percent, resultsKind, scaleBars, waitingReason } from "../../static/js/tally.js";

const single = { id: "p", type: "single", options: ["Yes", "No", "Maybe"], results: "live" };

test("percent rounds, and is 0 when nobody answered", () => {
  assert.equal(percent(1, 3), 33);
  assert.equal(percent(2, 3), 67);
  assert.equal(percent(0, 0), 0);
});

test("choice bars: one per option, as shares of the people who answered, the most chosen on top", () => {
  const bars = choiceBars(single, { answered: 3, tally: [2, 1] });   // a short tally: 0 for the rest
  assert.deepEqual(bars, [
    { label: "Yes", count: 2, pct: 67, top: true },
    { label: "No", count: 1, pct: 33, top: false },
    { label: "Maybe", count: 0, pct: 0, top: false },
  ]);
});

test("a multiple choice poll's shares are of people, so they may add up to more than 100%", () => {
  const bars = choiceBars({ ...single, type: "multiple" }, { answered: 2, tally: [2, 2, 1] });
  assert.deepEqual(bars.map((b) => b.pct), [100, 100, 50]);
  assert.deepEqual(bars.map((b) => b.top), [true, true, false]);   // a tie: both on top
});

test("no bar is on top when nobody chose anything", () => {
  assert.deepEqual(choiceBars(single, { answered: 0, tally: [0, 0, 0] }).map((b) => b.top), [false, false, false]);
});

test("scale bars: a row per point, the ends labelled, shares of all answers, and the mean", () => {
  const step = { type: "scale", scale: { min: 1, max: 4, min_label: "Not at all", max_label: "Fully" } };
  const { bars, mean } = scaleBars(step, { tally: { counts: { 1: 0, 2: 1, 3: 3, 4: 0 }, mean: 2.75 } });
  assert.deepEqual(bars.map((b) => b.label), ["1 · Not at all", "2", "3", "4 · Fully"]);
  assert.deepEqual(bars.map((b) => b.count), [0, 1, 3, 0]);
  assert.deepEqual(bars.map((b) => b.pct), [0, 25, 75, 0]);
  assert.deepEqual(bars.map((b) => b.top), [false, false, true, false]);
  assert.equal(mean, 2.75);
  assert.equal(scaleBars(step, { tally: { counts: {}, mean: null } }).mean, null);
});

test("the word cloud puts the most frequent word in the middle, biggest", () => {
  const words = cloudWords({ tally: [["trust", 5], ["care", 3], ["time", 1], ["calm", 1]] });
  assert.deepEqual(words.map((w) => w.word), ["time", "trust", "care", "calm"]);
  const trust = words.find((w) => w.word === "trust");
  assert.equal(trust.size, "3.20");
  assert.equal(trust.big, true);
  const time = words.find((w) => w.word === "time");
  assert.equal(time.size, "1.00");
  assert.equal(time.big, false);
});

test("a cloud of equally frequent words is one middle size; no words, no cloud", () => {
  const words = cloudWords({ tally: [["a", 2], ["b", 2]] });
  assert.deepEqual(words.map((w) => w.size), ["2.56", "2.56"]);
  assert.deepEqual(cloudWords({ tally: [] }), []);
  assert.deepEqual(cloudWords({ tally: null }), []);
});

test("why results are not shown: held back by the facilitator before the anonymity minimum", () => {
  const hidden = { answered: 5, visible: false, tally: null, shown: false, min_answers: 3 };
  assert.deepEqual(waitingReason(single, hidden), { key: "results_revealed" });
  const few = { answered: 1, visible: false, tally: null, shown: true, min_answers: 3 };
  assert.deepEqual(waitingReason(single, few), { plural: "results_appear_at", n: 3 });
  // A view without `shown`: a reveal poll is held, any other waits for enough answers.
  assert.deepEqual(waitingReason({ ...single, results: "reveal" }, { visible: false }), { key: "results_revealed" });
  assert.deepEqual(waitingReason(single, { visible: false }), { key: "results_appear" });
  assert.equal(waitingReason(single, { visible: true, tally: [1, 0, 0], shown: true }), null);
  // Visible but no tally sent: still nothing to draw.
  assert.deepEqual(waitingReason(single, { visible: true, tally: null, min_answers: 3 }),
    { plural: "results_appear_at", n: 3 });
});

test("how results are drawn follows the poll's type", () => {
  assert.equal(resultsKind(single, {}), "bars");
  assert.equal(resultsKind({ type: "multiple" }, {}), "bars");
  assert.equal(resultsKind({ type: "scale" }, {}), "scale");
  assert.equal(resultsKind({ type: "words" }, {}), "cloud");
  assert.equal(resultsKind({ type: "single" }, { type: "words" }), "cloud");   // the results' own type first
  assert.equal(resultsKind({ type: "ranking" }, {}), null);
});
