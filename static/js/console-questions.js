/* The console's questions (docs/protocol.md, "Questions"): what participants asked,
 * anonymously, with the room's upvotes. Sorted by votes (the default), newest first, or the
 * answered ones; approve or hide (held for approval), hide a listed one, mark answered (and
 * undo), show one large on the screen, and the top five on the screen. Never who asked or
 * voted: the view has no such thing. Question texts go in through textContent only. */
import { clear, el } from "./dom.js";
import { plural, t } from "./page.js";
import { toast } from "./toast.js";

const SORTS = ["votes", "newest", "answered"];

function sorted(questions, sort) {
  const items = [...questions];
  if (sort === "newest") return items.sort((a, b) => b.at - a.at);
  if (sort === "answered") {
    return items.sort((a, b) => (b.answered - a.answered) || (b.votes - a.votes) || (b.at - a.at));
  }
  return items.sort((a, b) => (b.votes - a.votes) || (b.at - a.at));
}

export function consoleQuestions(node, run) {
  let sort = "votes";
  let lastKey = null;
  let known = null;         // ids seen in an earlier view: null until the first one
  let view = null;

  function render(next) {
    view = next || view;
    if (!view) return;
    const setting = view.questions_setting;
    const questions = view.questions || [];
    const fresh = questions.filter((q) => q.status === "held" && known && !known.has(q.id));
    known = new Set(questions.map((q) => q.id));
    if (fresh.length) toast(plural("questions_waiting", fresh.length));
    const key = JSON.stringify([setting, questions, view.top_questions_shown, sort, view.phase]);
    if (key === lastKey) return;
    lastKey = key;
    // Redrawn: what had the focus (the sort, a button) has it again.
    const focused = document.activeElement && node.contains(document.activeElement)
      ? focusKey(document.activeElement) : null;
    draw(setting, questions);
    if (focused) node.querySelector(focused)?.focus();
  }

  function focusKey(active) {
    if (active.id) return "#" + active.id;
    const item = active.closest("[data-question]");
    const index = item ? [...item.querySelectorAll("button")].indexOf(active) : -1;
    return item && index >= 0
      ? `[data-question="${item.dataset.question}"] button:nth-of-type(${index + 1})` : null;
  }

  function draw(setting, questions) {
    clear(node);
    node.hidden = !setting;
    if (!setting) return;
    const held = questions.filter((q) => q.status === "held").length;
    const listed = questions.filter((q) => q.status === "listed");
    const over = view.phase === "ended";
    const top = !!view.top_questions_shown;
    node.append(
      el("div", { class: "panel-head" }, [
        el("h3", { text: t("questions") }),
        el("p", { class: "panel-meta", text: t("questions_counts", {
          listed: listed.length, held, answered: questions.filter((q) => q.answered).length }) +
          (setting.open ? "" : " · " + t("questions_closed_host")) }),
      ]),
      el("div", { class: "panel-actions question-tools" }, [
        el("label", { for: "question-sort", text: t("sort_by") }),
        el("select", { id: "question-sort", onChange: (e) => { sort = e.target.value; render(); } },
          SORTS.map((s) => el("option", { value: s, selected: s === sort, text: t("sort_" + s) }))),
        el("button", { type: "button", id: "questions-top", class: "button" + (top ? " active" : ""),
          "aria-pressed": String(top), disabled: over,
          text: t("top_questions"),
          onClick: () => run("questions_top", { shown: !top }) }),
      ]),
    );
    const shown = sorted(sort === "answered" ? questions.filter((q) => q.answered) : questions, sort);
    if (!shown.length) {
      node.append(el("p", { class: "muted", text: sort === "answered" ? t("questions_none_answered") : t("questions_none_host") }));
      return;
    }
    node.append(el("ul", { class: "queue question-queue" }, shown.map((q) => item(q, over))));
  }

  function item(q, over) {
    const act = (event, payload) => run(event, { question: q.id, ...payload });
    const buttons = [];
    if (!over) {
      if (q.status === "held") {
        buttons.push(el("button", { type: "button", class: "button small primary", text: t("approve"),
          onClick: () => act("question_moderate", { status: "listed" }) }));
      }
      if (q.status === "hidden") {
        buttons.push(el("button", { type: "button", class: "button small", text: t("show_on_list"),
          onClick: () => act("question_moderate", { status: "listed" }) }));
      } else {
        buttons.push(el("button", { type: "button", class: "button small", text: t("hide"),
          onClick: () => act("question_moderate", { status: "hidden" }) }));
      }
      if (q.status === "listed") {
        buttons.push(el("button", { type: "button", class: "button small" + (q.answered ? " active" : ""),
          "aria-pressed": String(q.answered),
          text: t("question_mark_answered"),
          onClick: () => act("question_answered", { answered: !q.answered }) }));
        buttons.push(q.on_screen
          ? el("button", { type: "button", class: "button small active", text: t("question_off_screen"),
            onClick: () => run("question_show", { question: null }) })
          : el("button", { type: "button", class: "button small", text: t("question_on_screen"),
            onClick: () => act("question_show", {}) }));
      }
    }
    return el("li", { class: "queue-item question-item queue-" + q.status, "data-question": q.id }, [
      el("p", { class: "queue-text", text: q.text }),
      el("div", { class: "queue-actions" }, [
        el("strong", { class: "question-votes", text: plural("upvotes", q.votes) }),
        el("span", { class: "badge badge-" + q.status, text: t("question_status_" + q.status) }),
        q.answered ? el("span", { class: "badge", text: t("question_answered") }) : null,
        q.on_screen ? el("span", { class: "badge badge-shown", text: t("question_is_on_screen") }) : null,
        buttons,
      ]),
    ]);
  }

  return { render };
}
