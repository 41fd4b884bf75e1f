/* Taking home what you wrote, at the end: your own answers, your reflections, your couple's
 * notes and where to find help, to save as a file or print. Everything comes from this phone's
 * own view (views.my_view, `take_home` and `card`); the file is made here, in the browser, so
 * nothing of it is asked of or kept by the server for this purpose. Texts are what people
 * typed: textContent only, and the saved file is the same elements serialised (escaped). */
import { el } from "./dom.js";
import { t } from "./page.js";
import { helpList } from "./safety.js";
import { closeSheet, openSheet } from "./sheet.js";

/** The couple's notes of one card entry as [who, text] rows. */
function noteRows(entry, onePhone) {
  const mineBySeat = entry.mine || {};
  const partnerBySeat = entry.partner || {};
  if (onePhone) {
    // One phone, two writers: each note once, by seat.
    return Object.keys(entry.partner || entry.mine || {}).sort()
      .map((seat) => [t("partner_n", { n: Number(seat) + 1 }), partnerBySeat[seat] || mineBySeat[seat]])
      .filter((row) => row[1]);
  }
  return [
    ...Object.values(mineBySeat).filter(Boolean).map((text) => [t("my_note"), text]),
    ...Object.values(partnerBySeat).filter(Boolean).map((text) => [t("partner_note"), text]),
  ];
}

/** The couple's notes, one section per exercise (the card, also during the session). */
export function cardSections(card, onePhone) {
  return (card || []).map((entry) => el("section", { class: "card-entry" }, [
    el("h2", { text: entry.title || "" }),
    entry.prompt ? el("p", { class: "muted", text: entry.prompt }) : null,
    noteRows(entry, onePhone).map(([who, text]) => el("figure", { class: "card-note" }, [
      el("figcaption", { text: who }),
      el("blockquote", { text }),
    ])),
  ]));
}

function answerSections(summary) {
  const parts = [];
  if (summary.answers.length) {
    parts.push(el("section", { class: "card-entry take-home-answers" }, [
      el("h2", { text: t("your_answers") }),
      summary.answers.map((a) => el("div", { class: "take-home-answer" }, [
        el("h3", { text: a.question }),
        el("p", { text: a.answer.join(", ") }),
      ])),
    ]));
  }
  if (summary.reflections.length) {
    parts.push(el("section", { class: "card-entry take-home-reflections" }, [
      el("h2", { text: t("what_you_wrote") }),
      summary.reflections.map((r) => el("figure", { class: "card-note" }, [
        el("figcaption", { text: r.prompt }),
        r.texts.map((text) => el("blockquote", { text })),
      ])),
    ]));
  }
  return parts;
}

// The saved file opens on its own, off this site: its few styles travel inside it.
const FILE_STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:2em auto;" +
  "padding:0 1em;color:#222}blockquote{margin:.25em 0 1em;padding-left:.75em;" +
  "border-left:3px solid #b8860b}figcaption,.muted,.kicker{color:#555}h3{margin-bottom:.2em}";

function fileName(title) {
  const slug = String(title || "workshop").toLowerCase().normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "workshop";
  return slug + "-" + new Date().toISOString().slice(0, 10) + ".html";
}

/** The sheet's content as a web page of its own, downloaded: made here, sent nowhere. */
export function saveAsFile(article, title) {
  const doc = document.implementation.createHTMLDocument(title || "");
  const charset = doc.createElement("meta");
  charset.setAttribute("charset", "utf-8");
  const style = doc.createElement("style");
  style.textContent = FILE_STYLE;
  doc.head.prepend(charset);
  doc.head.append(style);
  const copy = doc.importNode(article, true);
  copy.querySelectorAll(".no-print").forEach((node) => node.remove());
  doc.body.append(copy);
  const blob = new Blob(["<!doctype html>\n" + doc.documentElement.outerHTML], { type: "text/html" });
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: fileName(title), class: "sr-only" });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** ctx: the phone page's (phone.js). */
export function takingHome(ctx) {
  const me = () => (ctx.view() && ctx.view().me) || null;

  function open() {
    const mine = me();
    const view = ctx.view();
    const summary = mine.take_home || { answers: [], reflections: [] };
    const onePhone = !!(mine.couple && mine.couple.one_phone);
    const nothing = !summary.answers.length && !summary.reflections.length && !(mine.card || []).length;
    const article = el("article", { class: "take-home-card" }, [
      el("p", { class: "kicker", text: (view && view.title) || "" }),
      el("h1", { id: "take-home-title", text: t("take_home") }),
      el("p", { class: "muted", text: new Date().toLocaleDateString(document.documentElement.lang || undefined,
        { year: "numeric", month: "long", day: "numeric" }) }),
      nothing ? el("p", { text: t("take_home_nothing") }) : null,
      answerSections(summary),
      (mine.card || []).length ? el("h2", { class: "take-home-notes", text: t("our_notes") }) : null,
      cardSections(mine.card, onePhone),
      helpList((view && view.help) || [], "take-home-help"),
      el("p", { class: "muted no-print", text: t("take_home_private") }),
      el("div", { class: "take-home-actions no-print" }, [
        el("button", { type: "button", id: "take-home-save", class: "button big primary",
          "data-autofocus": true, text: t("save_file"),
          onClick: () => saveAsFile(article, (view && view.title) || "") }),
        el("button", { type: "button", id: "take-home-print", class: "button big",
          text: t("print"), onClick: () => window.print() }),
        el("button", { type: "button", class: "button big", text: t("close"), onClick: closeSheet }),
      ]),
    ]);
    openSheet(article, "take-home-title");
  }

  /** The button on the end page. */
  function button() {
    if (!me()) return null;
    return el("button", { type: "button", id: "take-home", class: "button big primary",
      text: t("take_home_button"), onClick: open });
  }

  return { button, open };
}
