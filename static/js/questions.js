/* Anonymous questions for the facilitator on the phone (docs/protocol.md, "Questions").
 *
 * A quiet button under every step opens a sheet (sheet.js): the field to ask in (when the
 * script opens questions now), the questions on the list with their upvotes, and where this
 * phone's own questions stand. The list comes with the view and in `questions` pushes, which
 * redraw the list alone: what someone is typing stays as it is. Question texts are
 * participants' words: textContent only (dom.js `el(..., {text})`). */
import { countedText, el } from "./dom.js";
import { limits, plural, t } from "./page.js";
import { closeSheet, openSheet, sheetOf } from "./sheet.js";

const SHEET = "questions-sheet";

/** ctx: the phone page's (phone.js). */
export function questioning(ctx) {
  let draft = "";
  const setting = () => (ctx.view() && ctx.view().questions) || null;
  const list = () => (ctx.view() && ctx.view().question_list) || [];
  const mine = () => (ctx.view() && ctx.view().me && ctx.view().me.questions) || null;

  function ask() {
    const text = draft.trim();
    if (!text) {
      ctx.say("questions", t("type_something"), "error");
      return;
    }
    ctx.run("question_ask", { text }, "questions").then((ack) => {
      if (ack.ok) {
        draft = "";
        ctx.say("questions", setting() && setting().approval ? t("question_held") : t("question_sent"));
        const area = document.getElementById("question-text");
        if (area) area.value = "";
      }
      refresh();
    });
    refresh();
  }

  // Never disabled while it is sent (the focus would be lost): a second tap sends the same
  // `up` again, which changes nothing.
  function vote(question, up) {
    ctx.run("question_vote", { question: question.id, up }, "vote-" + question.id).then(refresh);
  }

  function askForm() {
    const s = setting();
    if (!s || !s.open) return el("p", { class: "muted", text: t("questions_closed_now") });
    const own = mine();
    const full = own && own.open >= own.max_open;
    const sending = ctx.busy() === "questions";
    const { area, counter } = countedText({
      id: "question-text", max: limits.question, rows: 3, value: draft,
      placeholder: t("question_placeholder"), disabled: sending,
      onInput: (value, node) => { draft = value; ctx.corrected("questions", node); },
    });
    return el("form", { class: "question-form", novalidate: true, onSubmit: (e) => { e.preventDefault(); ask(); } }, [
      el("label", { for: "question-text", text: t("question_label") }),
      area, counter,
      el("p", { class: "hint", text: s.approval ? t("question_anonymous_held") : t("question_anonymous") }),
      full ? el("p", { class: "muted", text: plural("questions_open_max", own.max_open) }) : null,
      el("button", { type: "submit", id: "question-send", class: "button big primary",
        disabled: sending || full, text: sending ? t("sending") : t("question_send") }),
    ]);
  }

  function listPart() {
    const voted = new Set((mine() && mine().voted) || []);
    const asked = (mine() && mine().asked) || [];
    const items = list();
    const parts = [el("h2", { id: "question-list-title", text: t("questions_list") })];
    if (!items.length) parts.push(el("p", { class: "muted", text: t("questions_none") }));
    else {
      parts.push(el("ul", { class: "question-list", "aria-labelledby": "question-list-title" },
        items.map((q) => {
          const on = voted.has(q.id);
          return el("li", { class: "question" + (q.answered ? " question-answered" : "") }, [
            el("p", { class: "question-text", id: "qtext-" + q.id, text: q.text }),
            el("div", { class: "question-meta" }, [
              el("span", { class: "question-votes", text: plural("upvotes", q.votes) }),
              q.answered ? el("span", { class: "badge", text: t("question_answered") }) : null,
              el("button", { type: "button", id: "qvote-" + q.id,
                class: "button small" + (on ? " active" : ""), "aria-pressed": String(on),
                "aria-describedby": "qtext-" + q.id,
                text: t("upvote"), title: t("upvote_hint"), onClick: () => vote(q, !on) }),
            ]),
          ]);
        })));
    }
    if (asked.length) {
      parts.push(el("h2", { text: t("questions_mine") }),
        el("ul", { class: "question-list mine" }, asked.map((q) => el("li", { class: "question" }, [
          el("p", { class: "question-text", text: q.text }),
          el("p", { class: "muted", text: q.answered ? t("question_answered")
            : t("question_status_" + q.status) }),
        ]))));
    }
    return el("div", { class: "question-list-part" }, parts);
  }

  function content() {
    return el("article", { class: "take-home-card" }, [
      el("h1", { id: "questions-title", text: t("questions_title") }),
      el("div", { class: "question-ask-part" }, askForm()),
      el("div", { class: "question-notice" }, ctx.notice("questions")),
      listPart(),
      el("div", { class: "take-home-actions" }, el("button", { type: "button", class: "button big",
        "data-autofocus": !(setting() && setting().open), text: t("close"), onClick: closeSheet })),
    ]);
  }

  function open() {
    openSheet(content(), "questions-title", SHEET);
    const area = document.getElementById("question-text");
    if (area) area.focus({ preventScroll: true });
  }

  /** An open sheet follows the view; the field someone types in is left as it is. */
  function refresh() {
    const sheet = sheetOf(SHEET);
    if (!sheet) return;
    const focused = document.activeElement && sheet.contains(document.activeElement)
      ? document.activeElement.id : null;
    const card = sheet.firstElementChild;
    const typing = focused === "question-text";
    const askPart = card.querySelector(".question-ask-part");
    const wantForm = !!(setting() && setting().open);
    const hasForm = !!askPart.querySelector("form");
    if (!typing || wantForm !== hasForm) askPart.replaceChildren(askForm());
    card.querySelector(".question-notice").replaceChildren(...[ctx.notice("questions")].filter(Boolean));
    card.querySelector(".question-list-part").replaceWith(listPart());
    if (focused && !typing) document.getElementById(focused)?.focus({ preventScroll: true });
  }

  /** The button under the step (and in the lobby), when the script has questions. */
  function controls() {
    const s = setting();
    if (!s || !(ctx.view() && ctx.view().me)) return null;
    const count = list().length;
    return el("div", { class: "question-controls" }, el("button", { type: "button",
      id: "questions-button", class: "button", onClick: open,
      text: (s.open ? t("ask_question") : t("questions_title")) + (count ? ` (${count})` : "") }));
  }

  return { controls, refresh };
}
