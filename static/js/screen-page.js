/* The projector screen: read only. Every `screen` push is the whole view; we redraw the part
 * that changed. Reflections on the wall are participants' text: textContent only. The live
 * screen (screen.js) and the replay (replay.js) start it, each with its own connection. */
import { clock } from "./clock.js";
import { watchConnection } from "./connection.js";
import { countdown, startCountdowns } from "./countdown.js";
import { announce, byId, clear, el, trustedHtml } from "./dom.js";
import { minutes, plural, roleLabel, t } from "./page.js";
import { renderResults } from "./results.js";
import { stepHeading } from "./steps.js";

/** The type size of a poll's results: many options must still fit the projector, so fewer
 *  rows get bigger type (in units of --u, the screen's size). */
function resultsScale(step) {
  const rows = step.type === "scale" && step.scale ? step.scale.max - step.scale.min + 1
    : (step.options || []).length;
  return rows ? Math.min(2.5, 21 / (rows + 2)) : null;
}

/** The wall's type size class: the more cards, the smaller. */
function wallSize(count) {
  if (count <= 4) return "wall-xl";
  if (count <= 9) return "wall-l";
  if (count <= 18) return "wall-m";
  return count <= 36 ? "wall-s" : "wall-xs";
}

/** A pair step's rounds as public instructions. */
const FIT_SMALLEST = 0.6;

function renderRounds(step) {
  const rounds = Array.isArray(step.rounds) ? step.rounds : [];
  return el("ol", { class: "rounds" }, rounds.map((round, i) => {
    const items = [];
    if (round && round.note) items.push(el("p", { class: "round-note", text: t("round_note") }));
    let head = t("round_n", { n: i + 1 });
    if (round && typeof round.minutes === "number") head += " · " + minutes(round.minutes);
    return el("li", { class: "round" }, [el("h3", { text: head }), items]);
  }));
}

/** connect(): the socket the screen listens to (/screen live, /replay in a replay). */
export function startScreen({ connect }) {
  const lobby = byId("lobby");
  const stepNode = byId("step");
  const ended = byId("ended");
  const corner = byId("corner");
  const questionNode = byId("question-overlay");
  let questionKey = null;
  const titleNodes = document.querySelectorAll("[data-title]");

  let view = null;
  let lastStepKey = null;
  let lastIndex = null;     // the step last said to screen readers
  let resultsNode = null;
  let resultsShape = null;
  let wallNode = null;

  const socket = connect();
  watchConnection(socket, byId("status"), {
    onView: render,
    onRefused: (err) => {
      clear(stepNode).appendChild(el("div", { class: "screen-message" }, [
        el("h1", { text: t("cannot_show") }),
        el("p", { text: (err && err.message) || t("refused") }),
      ]));
      show("step");
    },
  });
  socket.on("screen", render);
  startCountdowns();
  // A projector set to another resolution or a window made smaller: fit again.
  window.addEventListener("resize", () => fit(stepNode.firstElementChild));

  function show(which) {
    lobby.hidden = which !== "lobby";
    stepNode.hidden = which !== "step";
    ended.hidden = which !== "ended";
    corner.hidden = which !== "step";
    document.body.setAttribute("data-phase", which);
  }

  function render(next) {
    if (!next) return;
    view = next;
    clock.sync(view);
    if (view.title) {
      document.title = view.title;
      titleNodes.forEach((node) => { node.textContent = view.title; });
    }
    byId("joined").textContent = plural("joined", view.joined || 0);
    renderQuestions();

    if (view.phase === "step" && view.step) {
      show("step");
      renderStep(view.step);
      document.body.dataset.step = String(view.step.index);   // which step is drawn (tests)
    } else {
      delete document.body.dataset.step;
      show(view.phase === "ended" ? "ended" : "lobby");
      lastStepKey = null;
      lastIndex = null;
    }
  }

  /** Redraw the step itself only when it changed; results and the wall update in place. */
  function renderStep(step) {
    const key = JSON.stringify(step);
    if (key !== lastStepKey) {
      if (step.index !== lastIndex) announce(byId("announce"), stepHeading(step));
      lastStepKey = key;
      lastIndex = step.index;
      resultsNode = null;
      resultsShape = null;
      wallNode = null;
      clear(stepNode).appendChild(buildStep(step));
      fit(stepNode.firstElementChild);
    }
    if (resultsNode) {
      const scale = resultsScale(step);
      if (scale) resultsNode.style.fontSize = `calc(var(--u) * ${scale.toFixed(2)} * var(--fit, 1))`;
      renderResults(resultsNode, step, view.results);
      // The bars come after the step was fitted (when enough people answered, or the
      // facilitator showed them): fit again whenever what is drawn changes shape.
      const shape = `${resultsNode.childElementCount}:${resultsNode.querySelectorAll(".bar, .cloud").length}`;
      if (shape !== resultsShape) {
        resultsShape = shape;
        fit(stepNode.firstElementChild);
      }
    }
    if (wallNode) renderWall(view.wall || []);
  }

  /** The projector does not scroll: a step whose text is longer than the stage is set
   *  smaller, step by step, down to FIT_SMALLEST of its size (still legible from the back of a
   *  room at 1280x720: the prose then stays above 20 px). Its data-fit says what was needed;
   *  "no" when even the smallest is too big (tests/test_browser_fit.py fails on it). */
  function fit(node) {
    if (!node) return;
    let scale = 1;
    node.style.removeProperty("--fit");
    while (overflows(node) && scale > FIT_SMALLEST + 0.001) {
      scale = Math.max(FIT_SMALLEST, scale - 0.05);
      node.style.setProperty("--fit", scale.toFixed(2));
    }
    node.dataset.fit = overflows(node) ? "no" : scale.toFixed(2);
  }

  function overflows(node) {
    return node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
  }

  function buildStep(step) {
    const kind = step.kind;
    const parts = [];
    if (kind === "info") {
      parts.push(el("h1", { class: "screen-title", text: step.title || "" }));
      parts.push(trustedHtml(el("div", { class: "prose screen-prose" }), step.body_html));
    } else if (kind === "poll") {
      parts.push(el("h1", { class: "screen-question", text: step.question || "" }));
      if (step.private && !step.on_screen) {
        parts.push(el("p", { class: "screen-lead muted-screen private-screen", text: t("private_step") }));
      } else {
        resultsNode = el("div", { class: "results screen-results" });
        parts.push(resultsNode);
      }
    } else if (kind === "reflection") {
      parts.push(el("h1", { class: "screen-question", text: step.prompt || "" }));
      if (step.private) {
        parts.push(el("p", { class: "screen-lead muted-screen private-screen", text: t("private_step") }));
      } else {
        wallNode = el("div", { class: "wall" });
        parts.push(wallNode);
      }
    } else if (kind === "pair") {
      parts.push(el("div", { class: "pair-head" }, [
        el("div", {}, [
          el("p", { class: "kicker", text: t("kind_pair") }),
          el("h1", { class: "screen-title", text: step.title || "" }),
        ]),
        // The whole step's time, said so: the phones count down their own round.
        el("div", { class: "pair-time" }, [
          el("p", { class: "countdown-label", text: t("pair_time_left") }),
          countdown(step, "countdown-pair-screen"),
        ]),
      ]));
      if (step.roles) {
        parts.push(el("p", { class: "screen-lead", text: t("pair_roles_" + step.roles) }));
        const roles = step.roles === "a-b" ? ["a", "b"] : ["speaker", "listener"];
        parts.push(el("p", { class: "role-chips" }, roles.map((role) => el("span", { class: "role-chip", text: roleLabel(role) }))));
      }
      parts.push(el("p", { class: "screen-lead muted-screen", text: t("pair_hint") }));
      parts.push(renderRounds(step));
      // Notes that couples, both partners agreeing, shared anonymously: only when there are some.
      wallNode = el("div", { class: "wall pair-wall", hidden: true });
      parts.push(wallNode);
    } else if (kind === "break") {
      parts.push(el("p", { class: "kicker", text: t("kind_break") }));
      parts.push(el("h1", { class: "screen-title", text: step.message || "" }));
      parts.push(countdown(step, "countdown-screen"));
    } else {
      parts.push(el("h1", { class: "screen-title", text: stepHeading(step) }));
    }
    return el("div", { class: "screen-step screen-" + kind }, parts);
  }

  function renderWall(wall) {
    const key = JSON.stringify(wall);
    if (wallNode.getAttribute("data-key") === key) return;
    wallNode.setAttribute("data-key", key);
    clear(wallNode);
    const pairWall = wallNode.classList.contains("pair-wall");
    wallNode.className = "wall " + wallSize(wall.length) + (pairWall ? " pair-wall" : "");
    wallNode.hidden = pairWall && !wall.length;
    if (wallNode.parentNode) wallNode.parentNode.classList.toggle("has-wall", pairWall && wall.length > 0);
    if (pairWall && !wall.length) return;
    if (!wall.length) {
      wallNode.appendChild(el("p", { class: "wall-empty", text: t("wall_empty") }));
      return;
    }
    for (const card of wall) wallNode.appendChild(el("blockquote", { class: "wall-card", text: card.text }));
  }

  /** Five long questions must fit the projector too: the more text, the smaller. */
  function topSize(top) {
    const letters = top.reduce((n, q) => n + q.text.length, 0);
    return letters > 800 ? " top-long" : letters > 400 ? " top-medium" : "";
  }

  /** A question the facilitator shows large, or the room's top questions, over the step:
   *  participants' words, textContent only. */
  function renderQuestions() {
    if (!questionNode) return;
    const one = view.phase === "ended" ? null : view.question;
    const top = view.phase === "ended" ? null : view.top_questions;
    const key = JSON.stringify([one, top]);
    if (key === questionKey) return;
    questionKey = key;
    clear(questionNode);
    questionNode.hidden = !one && !top;
    document.body.classList.toggle("question-shown", !questionNode.hidden);
    if (one) {
      questionNode.className = "question-overlay question-one";
      questionNode.append(
        el("p", { class: "kicker", text: t("question_from_room") }),
        // The projector does not scroll: a long question (up to 280 characters) smaller.
        el("blockquote", { class: "question-large" + (one.text.length > 200 ? " question-long"
          : one.text.length > 120 ? " question-medium" : ""), text: one.text }),
        el("p", { class: "question-large-meta", text: plural("upvotes", one.votes) +
          (one.answered ? " · " + t("question_answered") : "") }),
      );
    } else if (top) {
      questionNode.className = "question-overlay question-top";
      questionNode.append(
        el("h2", { class: "kicker", text: t("top_questions_screen") }),
        el("ol", { class: "question-top-list" + topSize(top) }, top.map((q) => el("li", {}, [
          el("span", { class: "question-top-text", text: q.text }),
          el("span", { class: "question-top-votes", text: plural("upvotes", q.votes) }),
        ]))),
      );
    }
  }

  // F toggles full screen; the pointer hides when it rests.
  document.addEventListener("keydown", (e) => {
    if (e.key !== "f" && e.key !== "F") return;
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  });
  let idle = null;
  document.addEventListener("mousemove", () => {
    document.body.classList.remove("idle");
    clearTimeout(idle);
    idle = setTimeout(() => document.body.classList.add("idle"), 3000);
  });

  return socket;
}
