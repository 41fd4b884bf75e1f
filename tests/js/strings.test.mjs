// Translated words in the page (static/js/strings.js): placeholders, plural forms chosen by
// the language's plural category, and reading them from a page's JSON blocks.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  fill, fromPage, mergeForms, numberFormatter, pluralChooser, pluralizer, translator,
} from "../../static/js/strings.js";

test("fill replaces the placeholders it has values for and leaves the others", () => {
  assert.equal(fill("Round {n} of {total}", { n: 2, total: 3 }), "Round 2 of 3");
  assert.equal(fill("{name} wrote {unknown}", { name: "Ada" }), "Ada wrote {unknown}");
  assert.equal(fill("Hello {n}", undefined), "Hello {n}");
  // Only own properties: nothing from Object.prototype leaks into the text.
  assert.equal(fill("{constructor}", {}), "{constructor}");
});

test("t looks a key up, falls back to the key, and says which keys it has", () => {
  const t = translator({ hello_name: "Hallo, {name}!" });
  assert.equal(t("hello_name", { name: "Bo" }), "Hallo, Bo!");
  assert.equal(t("missing"), "missing");
  assert.equal(t.has("hello_name"), true);
  assert.equal(t.has("missing"), false);
  assert.equal(t.has("toString"), false);
});

test("two-form languages: the catalogue's counts (1, 0) give 1 the first form, the rest the second", () => {
  for (const lang of ["en", "nl"]) {
    const choose = pluralChooser([1, 0], lang);
    assert.deepEqual([0, 1, 2, 5, 21].map(choose), [1, 0, 1, 1, 1], lang);
  }
});

test("a language with more forms matches a count to a form by its CLDR category", () => {
  // Polish: one (1), few (2-4, 22-24 …), many (0, 5-21, 25 …); counts as a catalogue gives them.
  const choose = pluralChooser([1, 2, 5], "pl");
  assert.deepEqual([1, 2, 4, 5, 12, 22, 25, 0].map(choose), [0, 1, 1, 2, 2, 1, 2, 2]);
});

test("without counts (or Intl's rules) the msgids' own rule: 1 or not", () => {
  const choose = pluralChooser(null, "en");
  assert.deepEqual([1, 0, 2].map(choose), [0, 1, 1]);
});

test("plural fills {n} and the params into the form the count takes", () => {
  const forms = [{ answered: "1 person answered", of: "{n} of {total}" },
    { answered: "{n} people answered", of: "{n} of {total} (many)" }];
  const plural = pluralizer(forms, [1, 0], "en");
  assert.equal(plural("answered", 1), "1 person answered");
  assert.equal(plural("answered", 3), "3 people answered");
  assert.equal(plural("answered", 0), "0 people answered");
  assert.equal(plural("of", 2, { total: 9 }), "2 of 9 (many)");
  assert.equal(plural("unknown", 2), "unknown");
});

test("mergeForms joins the base template's and the page's forms form by form", () => {
  assert.deepEqual(mergeForms([{ a: "1a" }, { a: "2a" }], [{ b: "1b" }, { b: "2b" }], undefined),
    [{ a: "1a", b: "1b" }, { a: "2a", b: "2b" }]);
  assert.deepEqual(mergeForms([{ a: 1 }], [{ b: 1 }, { b: 2 }]), [{ a: 1, b: 1 }, { b: 2 }]);
});

test("numbers are written as the page's language writes them", () => {
  assert.equal(numberFormatter("nl")(1.5, 1), "1,5");
  assert.equal(numberFormatter("en")(1.5, 1), "1.5");
  assert.equal(numberFormatter("en")(2.4), "2");
  assert.equal(numberFormatter("en")(1234), "1,234");
});

/** A stand-in for the document: JSON blocks by id, as the templates render them. */
function page(lang, blocks) {
  return {
    documentElement: { lang },
    getElementById: (id) => (id in blocks ? {
      textContent: blocks[id].text,
      getAttribute: (name) => (blocks[id].attrs || {})[name] ?? null,
    } : null),
  };
}

test("fromPage reads the words of a page: its strings over the common ones, and both plurals", () => {
  const doc = page("nl", {
    "common-strings": { text: JSON.stringify({ online: "Verbonden", send: "Verstuur" }) },
    strings: { text: JSON.stringify({ send: "Versturen" }) },
    "common-plurals": { text: JSON.stringify([{ joined: "1 persoon doet mee" }, { joined: "{n} mensen doen mee" }]),
      attrs: { "data-counts": "[1, 0]" } },
    plurals: { text: JSON.stringify([{ words: "Eén woord." }, { words: "Tot {n} woorden." }]) },
  });
  const { lang, t, plural, formatNumber } = fromPage(doc);
  assert.equal(lang, "nl");
  assert.equal(t("online"), "Verbonden");
  assert.equal(t("send"), "Versturen");
  assert.equal(plural("joined", 1), "1 persoon doet mee");
  assert.equal(plural("joined", 2), "2 mensen doen mee");
  assert.equal(plural("words", 3), "Tot 3 woorden.");
  assert.equal(formatNumber(0.5, 1), "0,5");
});

test("fromPage survives a page without its blocks or with broken JSON", () => {
  const { lang, t, plural } = fromPage(page("", { strings: { text: "{not json" } }));
  assert.equal(lang, "en");
  assert.equal(t("online"), "online");
  assert.equal(plural("joined", 2), "joined");
});
