// The parts of static/js/dom.js that need no browser: style strings through the CSSOM (the
// CSP blocks style attributes), the page's JSON blocks, and which keys go to a text field.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isTyping, readJson, setStyle, styleDeclarations } from "../../static/js/dom.js";

test("a style string becomes CSSOM declarations, custom properties too", () => {
  assert.deepEqual(styleDeclarations("width:40%; --points:3"), [["width", "40%"], ["--points", "3"]]);
  assert.deepEqual(styleDeclarations("font-size: calc(var(--u) * 2);"), [["font-size", "calc(var(--u) * 2)"]]);
  assert.deepEqual(styleDeclarations("junk; :x; ;"), []);
});

test("setStyle sets each declaration with style.setProperty, never an attribute", () => {
  const set = [];
  const node = { style: { setProperty: (p, v) => set.push([p, v]) },
    setAttribute: () => assert.fail("a style attribute: the CSP refuses it") };
  assert.equal(setStyle(node, "width:25%;--points:6"), node);
  assert.deepEqual(set, [["width", "25%"], ["--points", "6"]]);
});

test("readJson parses a block, and falls back when it is missing or broken", () => {
  const doc = { getElementById: (id) => ({ ok: { textContent: '{"name": 40}' }, bad: { textContent: "{" } })[id] || null };
  assert.deepEqual(readJson(doc, "ok"), { name: 40 });
  assert.deepEqual(readJson(doc, "bad"), {});
  assert.deepEqual(readJson(doc, "absent", []), []);
});

test("keys typed into a field are not page shortcuts", () => {
  for (const tagName of ["INPUT", "TEXTAREA", "SELECT"]) assert.equal(isTyping({ tagName }), true);
  assert.equal(isTyping({ tagName: "DIV", isContentEditable: true }), true);
  assert.equal(isTyping({ tagName: "BUTTON" }), false);
  assert.equal(isTyping(null), false);
});
