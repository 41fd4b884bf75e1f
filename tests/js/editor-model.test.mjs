// The script editor's changes to a script's data (static/js/editor-model.js), without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";
import { changeKind, duplicateStep, flatIndex, idList, moveStep, newStep, numberFrom,
  pathAndAncestors, questionsMode, setField, setPollType, setRoles, takenIds, uniqueId }
  from "../../static/js/editor-model.js";

const script = () => ({
  title: "T", language: "en", description: "D",
  sections: [
    { title: "A", theme: "opening", steps: [{ id: "a1", kind: "info" }, { id: "a2", kind: "info" }] },
    { title: "B", theme: "closing", steps: [{ id: "b1", kind: "break", message: "m" }] },
  ],
});

test("an optional field left empty is taken out; a required one stays, empty", () => {
  const step = { id: "x", content_note: "careful" };
  setField(step, "content_note", "", true);
  assert.equal("content_note" in step, false);
  setField(step, "question", "", false);
  assert.equal(step.question, "");
  setField(step, "minutes", null, false);
  assert.equal(step.minutes, null);
});

test("numbers as typed: a comma is a decimal point, what is no number stays text", () => {
  assert.equal(numberFrom("1,5"), 1.5);
  assert.equal(numberFrom(" 9 "), 9);
  assert.equal(numberFrom(""), null);
  assert.equal(numberFrom("abc"), "abc");
});

test("a new or duplicated step gets an id no other step has", () => {
  const data = script();
  assert.equal(uniqueId("a1", takenIds(data)), "a1-2");
  assert.equal(newStep("poll", takenIds(data)).id, "poll");
  const twin = duplicateStep(data, 0, 0);
  assert.equal(twin.id, "a1-2");
  assert.deepEqual(data.sections[0].steps.map((s) => s.id), ["a1", "a1-2", "a2"]);
  assert.equal(duplicateStep(data, 0, 0).id, "a1-3");
});

test("a step of another kind keeps the common fields and loses the old kind's own", () => {
  const step = { id: "s", kind: "poll", minutes: 3, notes: "n", content_note: "c", question: "q",
    type: "single", options: ["x", "y"] };
  changeKind(step, "reflection");
  assert.deepEqual(step, { id: "s", kind: "reflection", minutes: 3, notes: "n", content_note: "c", prompt: "" });
});

test("a poll of another type drops the fields the type has no use for", () => {
  const step = { type: "single", options: ["x", "y"] };
  setPollType(step, "scale");
  assert.deepEqual(step, { type: "scale", scale: { min: 1, max: 5, min_label: "", max_label: "" } });
  setPollType(step, "multiple");
  assert.deepEqual(step, { type: "multiple", options: ["", ""] });
  step.max_choices = 2;
  setPollType(step, "words");
  assert.deepEqual(step, { type: "words" });
});

test("other roles keep each round's prompts, in order", () => {
  const step = { roles: "speaker-listener", rounds: [{ minutes: 2, prompts: { speaker: "S", listener: "L" } }] };
  setRoles(step, "a-b");
  assert.deepEqual(step.rounds[0].prompts, { a: "S", b: "L" });
});

test("move up and down cross a section's edge", () => {
  const data = script();
  assert.deepEqual(moveStep(data, 0, 1, 1), [1, 0]);
  assert.deepEqual(data.sections.map((s) => s.steps.map((t) => t.id)), [["a1"], ["a2", "b1"]]);
  assert.deepEqual(moveStep(data, 1, 0, -1), [0, 1]);
  assert.deepEqual(data.sections.map((s) => s.steps.map((t) => t.id)), [["a1", "a2"], ["b1"]]);
  assert.equal(moveStep(data, 0, 0, -1), null);
  assert.equal(moveStep(data, 1, 0, 1), null);
  assert.equal(flatIndex(data, 1, 0), 2);
});

test("the questions setting as the form shows it", () => {
  assert.deepEqual(questionsMode(false), { mode: "off", ids: [] });
  assert.deepEqual(questionsMode("always"), { mode: "always", ids: [] });
  assert.deepEqual(questionsMode(["a", "b"]), { mode: "steps", ids: ["a", "b"] });
  assert.deepEqual(idList("a, b  c,"), ["a", "b", "c"]);
});

test("a problem's path and its ancestors, nearest first", () => {
  assert.deepEqual(pathAndAncestors(["sections", 0, "steps", 2, "scale", "min"]),
    ["sections.0.steps.2.scale.min", "sections.0.steps.2.scale", "sections.0.steps.2",
      "sections.0.steps", "sections.0", "sections"]);
  assert.deepEqual(pathAndAncestors(null), []);
});
