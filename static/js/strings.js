/* Translated words: the templates put the catalogue's strings into the page as JSON (base.html's
 * "common-strings" and "common-plurals", a page's "strings" and "plurals"); this looks them up.
 * Pure: fromPage() is given the document, so node's tests can give it a stand-in. */
import { readJson } from "./dom.js";

const own = (object, key) => object !== null && object !== undefined &&
  Object.prototype.hasOwnProperty.call(object, key);

/** text with each {name} that params has filled in; any other {name} stays as it is. */
export function fill(text, params) {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (own(params, name) ? String(params[name]) : whole));
}

/** t(key, params): the string for key (the key itself when the page has none), filled in;
 *  t.has(key) says whether the page has it. */
export function translator(table) {
  const t = (key, params) => fill(own(table, key) ? table[key] : key, params);
  t.has = (key) => own(table, key);
  return t;
}

/**
 * Which plural form a count takes. `counts[i]` is the smallest count that takes form i (from
 * the catalogue); a count takes the form whose count is in the same plural category of the
 * language (Intl.PluralRules, CLDR's rules). Nothing from the page is evaluated as code: the
 * Content-Security-Policy allows no eval. Without counts: the msgids' own rule, 1 or not.
 */
export function pluralChooser(counts, lang) {
  let rules = null;
  try {
    rules = new Intl.PluralRules(lang);
  } catch (e) { /* an unknown language tag: the msgids' rule */ }
  return (n) => {
    if (!rules || !Array.isArray(counts) || !counts.length) return n === 1 ? 0 : 1;
    const category = rules.select(n);
    const form = counts.findIndex((count) => rules.select(count) === category);
    return form >= 0 ? form : counts.length - 1;
  };
}

/** plural(key, n, params): the form of key for the count n, with {n} and params filled in.
 *  forms: one object of strings per plural form, in the catalogue's order. */
export function pluralizer(forms, counts, lang) {
  const choose = pluralChooser(counts, lang);
  return (key, n, params) => {
    const table = forms[Math.min(Math.max(choose(n) || 0, 0), forms.length - 1)] || {};
    return fill(own(table, key) ? table[key] : key, { n, ...params });
  };
}

/** Lists of per-form objects (the base template's and the page's), merged form by form. */
export function mergeForms(...lists) {
  const arrays = lists.map((list) => (Array.isArray(list) ? list : []));
  const length = Math.max(0, ...arrays.map((list) => list.length));
  return Array.from({ length }, (_, i) => Object.assign({}, ...arrays.map((list) => list[i])));
}

/** formatNumber(value, digits): a number as the language writes it, with at most `digits`
 *  decimals (none by default). */
export function numberFormatter(lang) {
  return (value, digits) => {
    try {
      return new Intl.NumberFormat(lang, { maximumFractionDigits: digits || 0 }).format(value);
    } catch (e) {
      return String(Math.round(value));
    }
  };
}

/** The page's words: its language, t(), plural() and formatNumber(), read from `doc`. */
export function fromPage(doc) {
  const lang = doc.documentElement.lang || "en";
  const countsNode = doc.getElementById("common-plurals");
  let counts = null;
  try {
    counts = countsNode && JSON.parse(countsNode.getAttribute("data-counts") || "null");
  } catch (e) { /* no counts: the msgids' rule */ }
  return {
    lang,
    t: translator({ ...readJson(doc, "common-strings"), ...readJson(doc, "strings") }),
    plural: pluralizer(mergeForms(readJson(doc, "common-plurals", []), readJson(doc, "plurals", [])),
      counts, lang),
    formatNumber: numberFormatter(lang),
  };
}
