/* The facilitator console: agenda, navigation, the running clock, notes, poll controls and the
 * reflection queue. Every `host` push is the whole console view. The live console (console.js)
 * and the replay (replay.js) start it, each with its own connection: start({connect}). */
import { clock, everySecond, mmss, stepElapsed } from "./clock.js";
import { watchConnection } from "./connection.js";
import { consoleCouples } from "./console-couples.js";
import { consoleQuestions } from "./console-questions.js";
import { consolePrivateWords } from "./console-words.js";
import { byId, clear, el, isTyping } from "./dom.js";
import { formatNumber, minutes, plural, t } from "./page.js";
import { renderResults } from "./results.js";
import { command } from "./socket.js";
import { stepHeading } from "./steps.js";
import { reported, toast } from "./toast.js";

const STATUS_KEYS = { held: "status_held_host", shown: "status_shown_host", hidden: "status_hidden_host" };

/** connect(): the socket the console talks to (/host live, /replay in a replay). Returns it. */
export function startConsole({ connect }) {
  const agendaNode = byId("agenda");
  const kickerNode = byId("now-kicker");
  const headingNode = byId("now-heading");
  const elapsedNode = byId("elapsed");
  const plannedNode = byId("planned");
  const clockNode = byId("clock");
  const nextUpNode = byId("next-up");
  const notesNode = byId("notes");
  const panelNode = byId("panel");
  const prevButton = byId("previous");
  const nextButton = byId("next");
  const endButton = byId("end");

  let view = null;
  let navBusy = false;
  let agendaKey = null;
  let panelKey = null;
  let resultsNode = null;

  const socket = connect();
  watchConnection(socket, byId("status"), {
    onView: render,
    onRefused: (err) => toast((err && err.message) || t("refused"), "error"),
  });
  socket.on("host", render);

  /** A command, its refusal toasted; onOk(ack) when it was accepted. */
  const run = (event, payload, onOk) => reported(command(socket, event, payload), onOk);
  const couples = consoleCouples(byId("couples"), run);
  const words = consolePrivateWords(byId("private-words"), run);
  const questions = consoleQuestions(byId("questions"), run);

  // ---------------------------------------------------------------- navigation

  function navigate(event, payload) {
    if (navBusy || !view || view.phase === "ended") return;
    navBusy = true;
    updateNav();
    run(event, payload).then(() => {
      navBusy = false;
      updateNav();
    });
  }

  prevButton.addEventListener("click", () => navigate("previous"));
  nextButton.addEventListener("click", () => navigate("next"));
  endButton.addEventListener("click", () => {
    if (!view || view.phase === "ended" || !window.confirm(t("confirm_end"))) return;
    run("end", {}, () => toast(t("session_ended")));
  });

  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
    if (e.key === "ArrowRight" || e.key === "PageDown") {
      e.preventDefault();
      navigate("next");
    } else if (e.key === "ArrowLeft" || e.key === "PageUp") {
      e.preventDefault();
      navigate("previous");
    }
  });

  function currentIndex() {
    if (!view) return -1;
    if (typeof view.index === "number") return view.index;
    return view.step ? view.step.index : -1;
  }

  function updateNav() {
    const index = currentIndex();
    const count = view && view.agenda ? view.agenda.length : 0;
    const over = !view || view.phase === "ended";
    prevButton.disabled = navBusy || over || index < 0;
    nextButton.disabled = navBusy || over || index >= count - 1;
    endButton.disabled = over;
  }

  // ---------------------------------------------------------------- rendering

  function render(next) {
    if (!next) return;
    view = next;
    clock.sync(view);
    if (view.title) document.title = view.title + " · " + t("console");
    byId("joined").textContent = plural("joined", view.joined || 0);
    byId("ended-banner").hidden = view.phase !== "ended";
    renderAgenda();
    renderNow();
    renderPanel();
    couples.render(view);
    words.render(view);
    questions.render(view);
    updateNav();
    tick();
  }

  function renderAgenda() {
    const index = currentIndex();
    const key = JSON.stringify([view.agenda, index, view.phase]);
    if (key === agendaKey) return;
    agendaKey = key;
    clear(agendaNode);
    const ended = view.phase === "ended";
    // Once the session ended its steps are no buttons: the agenda itself takes the focus, so
    // that the keyboard can still scroll it.
    const pane = agendaNode.closest(".agenda-pane");
    if (pane && ended) pane.setAttribute("tabindex", "0");
    else if (pane) pane.removeAttribute("tabindex");
    agendaNode.appendChild(agendaItem({ index: -1, kind: "lobby", title: t("lobby") }, index, ended));
    let section = null;
    let startsAt = 0;   // minutes into the plan
    for (const item of view.agenda || []) {
      if (item.section !== section) {
        section = item.section;
        agendaNode.appendChild(el("li", { class: "agenda-section" }, [
          el("span", { class: "agenda-section-title", text: item.section || "" }),
          item.theme && item.theme !== item.section ? el("span", { class: "theme", text: item.theme }) : null,
        ]));
      }
      agendaNode.appendChild(agendaItem(item, index, ended, startsAt));
      startsAt += item.minutes || 0;
    }
    const current = agendaNode.querySelector(".current");
    if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });
  }

  function agendaItem(item, index, ended, startsAt) {
    const isCurrent = item.index === index && !ended;
    return el("li", {}, el("button", {
      type: "button",
      class: "agenda-item kind-" + item.kind + (isCurrent ? " current" : "") + (item.index < index ? " done" : ""),
      "aria-current": isCurrent ? "step" : null,
      disabled: ended,
      title: isCurrent ? null : t("jump_here"),
      onClick: () => {
        if (item.index !== currentIndex() && !navBusy) navigate("jump", { index: item.index });
      },
    }, [
      el("span", { class: "agenda-kind", text: item.kind === "lobby" ? "" : t("short_" + item.kind) }),
      el("span", { class: "agenda-title", text: item.title || "" }),
      typeof item.minutes === "number"
        ? el("span", { class: "agenda-minutes", title: t("starts_at", { time: mmss(startsAt * 60) }),
          text: formatNumber(item.minutes, 1) + "′" })
        : null,
    ]));
  }

  function renderNow() {
    const index = currentIndex();
    const agenda = view.agenda || [];
    const item = agenda[index];
    const step = view.step;
    if (view.phase === "ended") {
      kickerNode.textContent = "";
      headingNode.textContent = t("session_ended");
    } else if (view.phase !== "step" || !step) {
      kickerNode.textContent = t("lobby");
      headingNode.textContent = t("lobby_hint");
    } else {
      const bits = [t("short_" + step.kind)];
      if (item && item.section) bits.push(item.section);
      kickerNode.textContent = t("step_of", { n: index + 1, total: agenda.length }) + " · " + bits.join(" · ");
      headingNode.textContent = stepHeading(step) || (item && item.title) || "";
    }
    const upcoming = agenda[index + 1];
    nextUpNode.textContent = upcoming && view.phase !== "ended" ? t("next_up", { title: upcoming.title || "" }) : "";
    const notes = view.phase === "step" && view.notes ? view.notes : "";
    notesNode.textContent = notes;
    notesNode.parentNode.hidden = !notes;
  }

  function tick() {
    if (!view) return;
    const step = view.step;
    const started = view.step_started_at;
    clockNode.hidden = view.phase !== "step" || !step || typeof started !== "number";
    if (clockNode.hidden) return;
    const { elapsed, over } = stepElapsed(started, step.minutes, clock.now());
    elapsedNode.textContent = mmss(elapsed);
    plannedNode.textContent = t("of_planned", { planned: minutes(step.minutes || 0) });
    clockNode.classList.toggle("over", over);
  }
  everySecond(tick);

  // ---------------------------------------------------------------- poll and reflection panels

  function renderPanel() {
    const step = view.phase === "step" ? view.step : null;
    const kind = step ? step.kind : null;
    const key = JSON.stringify([step && step.id, kind, view.results, view.answered, view.queue,
      view.wall && view.wall.length, view.check_in_results]);
    if (key === panelKey) return;
    const sameStep = panelKey && JSON.parse(panelKey)[0] === (step && step.id);
    panelKey = key;
    if (kind === "poll") renderPollPanel(step, sameStep);
    else if (kind === "reflection") renderQueue();
    else if (view.phase === "lobby" && view.check_in) renderCheckIn();
    else {
      resultsNode = null;
      clear(panelNode).hidden = true;
    }
  }

  function renderPollPanel(step, sameStep) {
    panelNode.hidden = false;
    const results = view.results || {};
    if (!sameStep || !resultsNode) resultsNode = el("div", { class: "results console-results" });
    const shown = results.shown;  // optional: whether the facilitator has shown the results
    const answered = typeof view.answered === "number" ? view.answered : (results.answered || 0);
    const showButton = (on, key) => el("button", {
      type: "button", class: "button" + (shown === on ? " active" : ""),
      "aria-pressed": shown === undefined ? null : String(shown === on), text: t(key),
      onClick: () => run("show_results", { step: step.id, shown: on }),
    });
    clear(panelNode).append(
      el("div", { class: "panel-head" }, [
        el("h3", { text: t("live_results") }),
        el("p", { class: "panel-meta" }, [
          el("strong", { text: plural("answered", answered) }),
          " · ",
          t("poll_type_" + step.type),
          step.results === "reveal" ? " · " + t("reveal_mode") : "",
          step.private ? " · " + t(step.on_screen ? "private_mode_screen" : "private_mode") : "",
        ]),
      ]),
      el("div", { class: "panel-actions" }, [
        results.closed
          ? el("button", { type: "button", class: "button", text: t("reopen_poll"),
            onClick: () => run("reopen_poll", { step: step.id }) })
          : el("button", { type: "button", class: "button", text: t("close_poll"),
            onClick: () => run("close_poll", { step: step.id }) }),
        // A private poll the screen never shows has nothing to show or hide there.
        step.private && !step.on_screen ? null : showButton(true, "show_results"),
        step.private && !step.on_screen ? null : showButton(false, "hide_results"),
      ]),
      resultsNode,
    );
    renderResults(resultsNode, step, view.results);
  }

  /** In the lobby: how the room arrives (the check-in), the room's answers only. */
  function renderCheckIn() {
    panelNode.hidden = false;
    resultsNode = el("div", { class: "results console-results" });
    const results = view.check_in_results || {};
    clear(panelNode).append(
      el("div", { class: "panel-head" }, [
        el("h3", { text: t("check_in") + ": " + view.check_in.question }),
        el("p", { class: "panel-meta" }, [el("strong", { text: plural("answered", results.answered || 0) }),
          " · ", t("private_mode")]),
      ]),
      resultsNode,
    );
    renderResults(resultsNode, view.check_in, results);
  }

  function renderQueue() {
    resultsNode = null;
    panelNode.hidden = false;
    clear(panelNode);
    const queue = view.queue || [];
    const counts = { held: 0, shown: 0, hidden: 0 };
    for (const r of queue) if (counts[r.status] !== undefined) counts[r.status] += 1;
    panelNode.appendChild(el("div", { class: "panel-head" }, [
      el("h3", { text: t("reflections") }),
      el("p", { class: "panel-meta", text: t("queue_counts", counts) }),
    ]));
    const step = view.step || {};
    if (step.private) {   // written for themselves: only how many wrote comes here
      panelNode.appendChild(el("p", {}, [el("strong", { text: plural("answered", view.answered || 0) }),
        " · ", t("private_reflection")]));
      return;
    }
    if (!queue.length) {
      panelNode.appendChild(el("p", { class: "muted", text: t("queue_empty") }));
      return;
    }
    // Held ones first: they are waiting for a decision.
    const ordered = [...queue.filter((r) => r.status === "held"), ...queue.filter((r) => r.status !== "held")];
    panelNode.appendChild(el("ul", { class: "queue" }, ordered.map((r) => el("li", { class: "queue-item queue-" + r.status }, [
      el("p", { class: "queue-text", text: r.text }),
      el("div", { class: "queue-actions" }, [
        el("span", { class: "badge badge-" + r.status, text: t(STATUS_KEYS[r.status] || r.status) }),
        r.status !== "shown" ? el("button", { type: "button", class: "button small primary",
          text: r.status === "held" ? t("approve") : t("show"), onClick: () => moderate(r, "shown") }) : null,
        r.status !== "hidden" ? el("button", { type: "button", class: "button small",
          text: t("hide"), onClick: () => moderate(r, "hidden") }) : null,
      ]),
    ]))));
  }

  function moderate(reflection, status) {
    run("moderate", { id: reflection.id, status }, () => {
      reflection.status = status;
      panelKey = null;
      renderPanel();
    });
  }

  return socket;
}
