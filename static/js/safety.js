/* Emotional safety on the phone: help one tap away, and a private word with the facilitator.
 *
 * Help: the script's help entries came with the view (join, sync); opening them sends nothing
 * to the server, adds no history entry and stores nothing: a partner who picks up the phone
 * later finds no trace. A private word: only the console sees it (docs/protocol.md), and the
 * phone says so before anything is sent. Both open as a sheet over the step (sheet.js), so a
 * push that moves the step on meanwhile shows the new step once it closes. */
import { el } from "./dom.js";
import { t } from "./page.js";
import { closeSheet, openSheet, sheetOf } from "./sheet.js";

function webAddress(web) {
  return /^https?:\/\//i.test(web) ? web : "https://" + web;
}

/** A facilitator's "[fill in …]" left in the script is shown as it is, never as a link. */
function placeholder(text) {
  return text.toLowerCase().includes("[fill in");
}

/** The help entries as a list (also on the take-home card). */
export function helpList(entries, id = "help-list") {
  if (!entries.length) return null;
  return el("section", { class: "help-list", "aria-labelledby": id + "-title" }, [
    el("h2", { id: id + "-title", text: t("help_title") }),
    entries.map((entry) => el("div", { class: "help-entry" }, [
      el("h3", { text: entry.name }),
      el("p", { text: entry.for }),
      entry.phone ? el("p", {}, placeholder(entry.phone) ? entry.phone : el("a", {
        class: "help-phone", href: "tel:" + entry.phone.replace(/[^0-9+]/g, ""), text: entry.phone })) : null,
      entry.web ? el("p", {}, placeholder(entry.web) ? entry.web : el("a", {
        href: webAddress(entry.web), target: "_blank", rel: "noopener noreferrer", text: entry.web })) : null,
      entry.hours ? el("p", { class: "muted", text: entry.hours }) : null,
    ])),
  ]);
}

/** ctx: the phone page's (phone.js). */
export function safety(ctx) {
  const me = () => (ctx.view() && ctx.view().me) || null;
  const word = () => (me() && me().private_word) || null;

  function openHelp() {
    openSheet(el("article", { class: "take-home-card" }, [
      el("h1", { id: "help-title", text: t("help") }),
      el("p", { class: "muted", text: t("help_private") }),
      helpList(ctx.view().help || []),
      el("div", { class: "take-home-actions" }, el("button", { type: "button",
        class: "button big", "data-autofocus": true, text: t("close"), onClick: closeSheet })),
    ]), "help-title", "help-sheet");
  }

  function wordContent() {
    const w = word();
    const sending = ctx.busy() === "private_word";
    const parts = [el("h1", { id: "word-title", text: t("private_word_title") })];
    if (w && w.status === "waiting") {
      parts.push(el("p", { class: "lead", role: "status", text: t("private_word_waiting") }),
        el("button", { type: "button", class: "button big", disabled: sending,
          text: t("private_word_withdraw"),
          onClick: () => ctx.run("private_word_withdraw", {}, "private_word") }));
    } else {
      if (w && w.status === "seen") {
        parts.push(el("p", { class: "lead", role: "status", text: t("private_word_seen") }));
      }
      parts.push(el("p", { text: t("private_word_explain") }),
        el("button", { type: "button", class: "button big primary", disabled: sending,
          text: t("private_word_ask"),
          onClick: () => ctx.run("private_word", {}, "private_word") }));
    }
    parts.push(ctx.notice("private_word"),
      el("button", { type: "button", class: "button big", "data-autofocus": true,
        text: t("close"), onClick: closeSheet }));
    return el("article", { class: "take-home-card" }, el("div", { class: "take-home-actions" }, parts));
  }

  function openWord() {
    openSheet(wordContent(), "word-title", "word-sheet");
  }

  /** Called on every render of the page: an open private-word sheet follows the view. */
  function refresh() {
    const sheet = sheetOf("word-sheet");
    if (!sheet) return;
    const had = document.activeElement && sheet.contains(document.activeElement);
    sheet.replaceChildren(wordContent());
    if (had) sheet.querySelector("button:not([disabled])")?.focus();
  }

  /** The quiet row under every step (and the lobby): Help and A private word. */
  function controls() {
    if (!me()) return null;
    const w = word();
    // Said on the button itself, in a way only its owner reads: waiting (…) or known (✓).
    const mark = w ? (w.status === "seen" ? " ✓" : " …") : "";
    return el("div", { class: "safety-controls" }, [
      el("button", { type: "button", id: "help-button", class: "linkish", text: t("help"),
        onClick: openHelp }),
      el("span", { "aria-hidden": "true", text: "·" }),
      el("button", { type: "button", id: "word-button", class: "linkish",
        text: t("private_word") + mark, onClick: openWord }),
    ]);
  }

  return { controls, refresh };
}
