/* The participant's phone (entry module of /j/<code>): join, then follow the facilitator step
 * by step. The view comes from `sync` (on every connect) and acknowledgements; `session` pushes
 * replace the shared part and keep our own (`me`). Drafts live outside the view so that a push
 * never wipes what someone is typing. */
import { clock } from "./clock.js";
import { watchConnection } from "./connection.js";
import { countdown, startCountdowns } from "./countdown.js";
import { coupling } from "./couple.js";
import { announce, append, clear, el, trustedHtml } from "./dom.js";
import { limits, t } from "./page.js";
import { pairing } from "./pair.js";
import { code, returning, socket, tokenKey } from "./phone-boot.js";
import { answering } from "./poll.js";
import { questioning } from "./questions.js";
import { reflecting } from "./reflection.js";
import { safety } from "./safety.js";
import { command, problem } from "./socket.js";
import { stepHeading } from "./steps.js";
import { save } from "./storage.js";
import { takingHome } from "./take-home.js";

const app = document.getElementById("app");
const nameNode = document.getElementById("me-name");
const announcer = document.getElementById("announce");

let view = null;
let nameDraft = "";       // other drafts: in the step modules
let busy = null;          // the key ("join", a step id, "couple" …) of the command in flight
let notice = null;        // {step, text, kind} shown under the step's controls
let lastKey = null;
let lastStepId = null;
let focusWanted = null;   // the id of a control that had the focus while it was disabled (sending)
let checkInOpen = null;   // the script's check-in, before anything else: open until done or skipped


const connection = watchConnection(socket, document.getElementById("status"), {
  onView: setView,
  onRefused: showRefused,
});

// Our own part (couple, round, notes) comes to this phone only, whenever it changes.
socket.on("me", (me) => {
  if (!view || !me) return;
  view.me = me;
  render();
});

socket.on("session", (shared) => {
  if (!view || !shared) return;
  const me = view.me;
  Object.assign(view, shared);
  view.me = me;
  clock.sync(shared);
  render();
});

// The question list, to every phone when it changed (coalesced): the open sheet redraws its
// list; the page behind it only the count on its button.
socket.on("questions", (data) => {
  if (!view || !data) return;
  view.question_list = data.question_list || [];
  qs.refresh();
  render();
});

startCountdowns();


// What the step modules (couple.js, pair.js, poll.js, reflection.js) may use of this page.
const ctx = {
  code,
  view: () => view,
  busy: () => busy,
  notice: noticeFor,
  /** Set the notice (or, without text, clear it) and draw again even if the view is the same. */
  say(key, text, kind = "ok") {
    notice = text ? { step: key, text, kind } : null;
    if (text) announce(announcer, text);
    lastKey = null;
    render();
  },
  /** Someone corrects what an error was about (typing in the field): the error goes, at
   *  once, without drawing the page again (which would take the field from under them). */
  corrected(key, node) {
    if (!notice || notice.step !== key || notice.kind !== "error") return;
    notice = null;
    const shown = node && node.closest("section") && node.closest("section").querySelector(".notice-error");
    if (shown) shown.remove();
  },
  /** Draw again (a draft changed, which the view does not show). */
  refresh() {
    lastKey = null;
    render();
  },
  /** A command whose acknowledgement carries our new `me`; key names it for busy and notices. */
  run: (event, payload, key) => send(event, payload, key, (ack) => {
    if (ack.me && view) view.me = ack.me;
  }),
  send,
};
const couple = coupling(ctx);
const pair = pairing(ctx, couple);
const poll = answering(ctx);
const reflection = reflecting(ctx);
const safe = safety(ctx);
const qs = questioning(ctx);
const takeHome = takingHome(ctx);

// A phone here for the first time has not joined: its join form is drawn at once, not after
// the connection and its sync (on a slow link over a second later). A tap on Join before then
// waits in socket.io's buffer; the sync's view replaces this one when it comes.
if (!returning) {
  view = { code, title: document.querySelector(".phone-title")?.textContent || "", phase: "lobby",
    step: null, poll: null, help: [], me: null };
  render();
}

function setView(next) {
  if (!next) return;
  view = next;
  clock.sync(view);
  render();
  if (view.me) couple.afterJoin();
}

// ---------------------------------------------------------------- commands

function refused(key, ackOrError) {
  notice = { step: key, text: problem(ackOrError, t), kind: "error" };
  announce(announcer, notice.text);
  // A refusal usually means our picture is stale (poll closed, step moved on): fetch a fresh one.
  if (ackOrError && ackOrError.ok === false) connection.sync();
}

/**
 * Send a command; key names it for busy and notices. onOk(ack) runs when it is accepted and
 * may return a text to confirm under the step; a refusal or a network failure is shown.
 */
function send(event, payload, key, onOk) {
  busy = key;
  notice = null;
  render();
  return command(socket, event, payload).then((ack) => {
    busy = null;
    if (ack.ok) {
      const said = onOk(ack);
      if (said) {
        notice = { step: key, text: said, kind: "ok" };
        announce(announcer, said);
      }
    } else {
      refused(key, ack);
    }
    render();
    return ack;
  }, (err) => {
    busy = null;
    refused(key, err);
    render();
    return { ok: false };
  });
}

function join(name) {
  send("join", name ? { name } : {}, "join", (ack) => {
    if (ack.token) {   // a server that issues the token itself
      save(tokenKey, ack.token);
      socket.auth.token = ack.token;
    }
    setView(ack.view);
  });
}

// ---------------------------------------------------------------- rendering

function render() {
  if (!view) return;
  const key = JSON.stringify([view.phase, view.step, view.poll, view.me, busy, notice,
    view.questions, (view.question_list || []).length]);
  if (key === lastKey) return;
  lastKey = key;

  if (view.title) document.title = view.title;
  nameNode.textContent = view.me && view.me.name ? view.me.name : "";
  nameNode.hidden = !(view.me && view.me.name);

  const stepId = view.phase === "step" && view.step ? view.step.id : view.phase;
  const moved = stepId !== lastStepId;
  if (moved && notice && notice.step !== stepId) notice = null;
  // A new step is said to screen readers (the page changed by itself, under their fingers).
  if (moved && view.phase === "step" && view.step) announce(announcer, stepHeading(view.step));
  lastStepId = stepId;

  // A push may come while someone types: keep their field focused and the caret where it was.
  // A control that was disabled while its command was sent gets the focus back afterwards.
  const focused = document.activeElement;
  const focusId = focused && focused.id && app.contains(focused) ? focused.id
    : (focused === document.body || !focused ? focusWanted : null);
  const caret = focusId && typeof focused.selectionStart === "number"
    ? [focused.selectionStart, focused.selectionEnd] : null;

  clear(app);
  if (view.me && checkInOpen === null) checkInOpen = !!view.check_in && !answered(view.check_in);
  if (view.phase === "ended") append(app, renderEnded());
  else if (!view.me) append(app, renderJoin());
  else if (checkInOpen && view.check_in) append(app, renderCheckIn(view.check_in));
  else if (view.phase !== "step" || !view.step) append(app, renderLobby());
  else append(app, renderStep(view.step));
  if (moved) window.scrollTo(0, 0);
  safe.refresh();
  qs.refresh();

  const again = focusId && !moved ? document.getElementById(focusId) : null;
  focusWanted = again && again.disabled ? focusId : null;
  if (again && !again.disabled) {
    again.focus({ preventScroll: true });
    if (caret && again.setSelectionRange) {
      try {
        again.setSelectionRange(caret[0], caret[1]);
      } catch (e) { /* not a text field */ }
    }
  }
}

function noticeFor(key) {
  if (!notice || notice.step !== key) return null;
  // Said by the live region when it is set; this paragraph is made again on every render.
  return el("p", { class: "notice notice-" + notice.kind, text: notice.text });
}

function showRefused(err) {
  lastKey = null;
  clear(app).appendChild(el("section", { class: "card center" }, [
    el("h1", { text: t("cannot_join") }),
    el("p", { text: (err && err.message) || t("refused") }),
    el("button", { class: "button big", type: "button", text: t("try_again"),
      onClick: () => socket.connect() }),
    el("p", {}, el("a", { href: "/", text: t("home") })),
  ]));
}

function renderJoin() {
  const joining = busy === "join";
  const form = el("form", { class: "card join", novalidate: true }, [
    el("h1", { text: view.title || "" }),
    el("p", { class: "lead", text: t("welcome") }),
    el("label", { for: "join-name", text: t("name_label") }),
    el("input", {
      id: "join-name", type: "text", maxlength: String(limits.name), autocomplete: "given-name",
      autocapitalize: "words", enterkeyhint: "go", value: nameDraft,
      onInput: (e) => { nameDraft = e.target.value; },
    }),
    el("p", { class: "hint", text: t("name_hint") }),
    el("button", { class: "button big primary", type: "submit", disabled: joining,
      text: joining ? t("joining") : t("join") }),
    noticeFor("join"),
    // In a tab of its own: reading it must not lose the form.
    el("p", { class: "privacy-link" }, el("a", { href: "/privacy?lang=" + (document.documentElement.lang || "en"),
      target: "_blank", rel: "noopener", text: t("privacy_link") })),
  ]);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!busy) join(nameDraft.trim().slice(0, limits.name));
  });
  return form;
}

function answered(step) {
  const answers = (view.me && view.me.answers) || {};
  return answers[step.id] !== undefined && answers[step.id] !== null;
}

/** The check-in: one private question on joining. Passing it is as good as answering. */
function renderCheckIn(step) {
  return el("div", { class: "step step-check-in" }, [
    el("p", { class: "kicker", text: t("check_in") }),
    poll.render(step),
    el("button", { type: "button", id: "check-in-done", class: answered(step) ? "button big primary" : "linkish",
      text: answered(step) ? t("check_in_continue") : t("check_in_skip"),
      onClick: () => { checkInOpen = false; ctx.refresh(); } }),
    safe.controls(),
  ]);
}

function renderLobby() {
  return [
    couple.banner(),
    el("section", { class: "card center waiting" }, [
      el("h1", { text: view.me.name ? t("hello_name", { name: view.me.name }) : t("hello") }),
      el("p", { class: "lead", text: t("you_are_in") }),
      el("div", { class: "pulse", "aria-hidden": "true" }),
      el("p", { text: t("waiting_start") }),
    ]),
    couple.panel("lobby"),
    qs.controls(),
    safe.controls(),
  ];
}

function renderEnded() {
  return el("section", { class: "card center" }, [
    el("h1", { text: t("thanks") }),
    el("p", { class: "lead", text: t("ended") }),
    takeHome.button(),
    el("p", { class: "muted", text: t("close_page") }),
  ]);
}

function renderStep(step) {
  const parts = [couple.banner()];
  if (step.content_note) {
    parts.push(el("aside", { class: "content-note", role: "note" }, [
      el("strong", { text: t("content_note") + " " }), step.content_note,
    ]));
  }
  if (step.kind === "info") parts.push(renderInfo(step));
  else if (step.kind === "poll") parts.push(poll.render(step));
  else if (step.kind === "reflection") parts.push(reflection.render(step));
  else if (step.kind === "pair") parts.push(pair.render(step));
  else if (step.kind === "break") parts.push(renderBreak(step));
  else parts.push(el("section", { class: "card" }, el("h1", { text: stepHeading(step) })));
  parts.push(couple.panel("step"), couple.careControls(), qs.controls(), safe.controls());
  return el("div", { class: "step step-" + step.kind }, parts);
}

function renderInfo(step) {
  return el("section", { class: "card" }, [
    el("h1", { text: step.title || "" }),
    trustedHtml(el("div", { class: "prose" }), step.body_html),
  ]);
}

function renderBreak(step) {
  return el("section", { class: "card center" }, [
    el("p", { class: "kicker", text: t("kind_break") }),
    el("h1", { text: step.message || "" }),
    countdown(step, "countdown-phone"),
    el("p", { class: "muted", text: t("break_back") }),
  ]);
}
