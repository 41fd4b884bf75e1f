/* The facilitator console: agenda, navigation, the running clock, notes, poll controls and
 * the reflection queue. Every `host` push is the whole console view. */
(function () {
  "use strict";

  var W = window.W;
  var t = W.t;
  var el = W.el;

  var auth = JSON.parse(document.getElementById("host-auth").textContent);
  var $ = function (id) { return document.getElementById(id); };

  var agendaNode = $("agenda");
  var kickerNode = $("now-kicker");
  var headingNode = $("now-heading");
  var elapsedNode = $("elapsed");
  var plannedNode = $("planned");
  var clockNode = $("clock");
  var nextUpNode = $("next-up");
  var notesNode = $("notes");
  var panelNode = $("panel");
  var joinedNode = $("joined");
  var endedNode = $("ended-banner");
  var prevButton = $("previous");
  var nextButton = $("next");
  var endButton = $("end");

  var view = null;
  var navBusy = false;
  var agendaKey = null;
  var panelKey = null;
  var resultsNode = null;

  var couples = null;   // the couples panel (console-couples.js), made once run() exists

  var socket = W.io("/host", { auth: { code: auth.code, token: auth.token || null } });
  W.connection(socket, $("status"), {
    onView: render,
    onRefused: function (err) { W.toast((err && err.message) || t("refused"), "error"); },
  });
  socket.on("host", render);

  // ---------------------------------------------------------------- commands

  function run(event, payload, onOk) {
    return W.command(socket, event, payload).then(function (ack) {
      if (ack.ok) {
        if (onOk) onOk(ack);
      } else {
        W.toast(W.problem(ack), "error");
      }
      return ack;
    }, function (err) {
      W.toast(W.problem(err), "error");
    });
  }

  couples = W.consoleCouples($("couples"), run);

  function navigate(event, payload) {
    if (navBusy || !view || view.phase === "ended") return;
    navBusy = true;
    updateNav();
    run(event, payload).then(function () {
      navBusy = false;
      updateNav();
    });
  }

  prevButton.addEventListener("click", function () { navigate("previous"); });
  nextButton.addEventListener("click", function () { navigate("next"); });
  endButton.addEventListener("click", function () {
    if (!view || view.phase === "ended") return;
    if (!window.confirm(t("confirm_end"))) return;
    run("end", {}, function () { W.toast(t("session_ended")); });
  });

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var tag = e.target && e.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (e.target && e.target.isContentEditable)) return;
    if (e.key === "ArrowRight" || e.key === "PageDown") {
      e.preventDefault();
      navigate("next");
    } else if (e.key === "ArrowLeft" || e.key === "PageUp") {
      e.preventDefault();
      navigate("previous");
    }
  });

  // ---------------------------------------------------------------- rendering

  function currentIndex() {
    if (!view) return -1;
    if (typeof view.index === "number") return view.index;
    return view.step ? view.step.index : -1;
  }

  function render(next) {
    if (!next) return;
    view = next;
    W.serverClock(view);
    if (view.title) document.title = view.title + " · " + t("console");
    joinedNode.textContent = W.plural("joined", view.joined || 0);
    endedNode.hidden = view.phase !== "ended";
    renderAgenda();
    renderNow();
    renderPanel();
    if (couples) couples.render(view);
    updateNav();
    tick();
  }

  function updateNav() {
    var index = currentIndex();
    var count = view && view.agenda ? view.agenda.length : 0;
    var over = !view || view.phase === "ended";
    prevButton.disabled = navBusy || over || index < 0;
    nextButton.disabled = navBusy || over || index >= count - 1;
    endButton.disabled = over;
  }

  function renderAgenda() {
    var index = currentIndex();
    var key = JSON.stringify([view.agenda, index, view.phase]);
    if (key === agendaKey) return;
    agendaKey = key;
    W.clear(agendaNode);
    var ended = view.phase === "ended";
    agendaNode.appendChild(agendaItem({ index: -1, kind: "lobby", title: t("lobby") }, index, ended));
    var section = null;
    var clock = 0;
    (view.agenda || []).forEach(function (item) {
      if (item.section !== section) {
        section = item.section;
        agendaNode.appendChild(el("li", { class: "agenda-section" }, [
          el("span", { class: "agenda-section-title", text: item.section || "" }),
          item.theme && item.theme !== item.section ? el("span", { class: "theme", text: item.theme }) : null,
        ]));
      }
      agendaNode.appendChild(agendaItem(item, index, ended, clock));
      clock += item.minutes || 0;
    });
    var current = agendaNode.querySelector(".current");
    if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });
  }

  function agendaItem(item, index, ended, startsAt) {
    var isCurrent = item.index === index && !ended;
    var button = el("button", {
      type: "button",
      class: "agenda-item kind-" + item.kind + (isCurrent ? " current" : "") + (item.index < index ? " done" : ""),
      "aria-current": isCurrent ? "step" : null,
      disabled: ended,
      title: isCurrent ? null : t("jump_here"),
      onClick: function () {
        if (item.index === currentIndex() || navBusy) return;
        navigate("jump", { index: item.index });
      },
    }, [
      el("span", { class: "agenda-kind", text: item.kind === "lobby" ? "" : t("short_" + item.kind) }),
      el("span", { class: "agenda-title", text: item.title || "" }),
      typeof item.minutes === "number"
        ? el("span", { class: "agenda-minutes", title: t("starts_at", { time: W.mmss(startsAt * 60) }),
            text: W.formatNumber(item.minutes, 1) + "′" })
        : null,
    ]);
    return el("li", {}, button);
  }

  function renderNow() {
    var index = currentIndex();
    var agenda = view.agenda || [];
    var item = agenda[index];
    var step = view.step;
    if (view.phase === "ended") {
      kickerNode.textContent = "";
      headingNode.textContent = t("session_ended");
    } else if (view.phase !== "step" || !step) {
      kickerNode.textContent = t("lobby");
      headingNode.textContent = t("lobby_hint");
    } else {
      var bits = [t("short_" + step.kind)];
      if (item && item.section) bits.push(item.section);
      kickerNode.textContent = t("step_of", { n: index + 1, total: agenda.length }) + " · " + bits.join(" · ");
      headingNode.textContent = W.stepHeading(step) || (item && item.title) || "";
    }
    var upcoming = agenda[index + 1];
    nextUpNode.textContent = upcoming && view.phase !== "ended"
      ? t("next_up", { title: upcoming.title || "" }) : "";
    notesNode.textContent = view.phase === "step" && view.notes ? view.notes : "";
    notesNode.parentNode.hidden = !(view.phase === "step" && view.notes);
  }

  function tick() {
    if (!view) return;
    var step = view.step;
    var started = view.step_started_at;
    if (view.phase !== "step" || !step || typeof started !== "number") {
      clockNode.hidden = true;
      return;
    }
    clockNode.hidden = false;
    var elapsed = Math.max(0, W.now() - started);
    var planned = (step.minutes || 0) * 60;
    elapsedNode.textContent = W.mmss(elapsed);
    plannedNode.textContent = t("of_planned", { planned: W.minutes(step.minutes || 0) });
    clockNode.classList.toggle("over", planned > 0 && elapsed > planned);
  }
  W.everySecond(tick);

  // ---------------------------------------------------------------- poll and reflection panels

  function renderPanel() {
    var step = view.phase === "step" ? view.step : null;
    var kind = step ? step.kind : null;
    var key = JSON.stringify([step && step.id, kind, view.results, view.answered, view.queue, view.wall && view.wall.length]);
    if (key === panelKey) return;
    var sameStep = panelKey && JSON.parse(panelKey)[0] === (step && step.id);
    panelKey = key;
    if (kind === "poll") renderPollPanel(step, sameStep);
    else if (kind === "reflection") renderQueue(step);
    else {
      resultsNode = null;
      W.clear(panelNode);
      panelNode.hidden = true;
    }
  }

  function renderPollPanel(step, sameStep) {
    panelNode.hidden = false;
    var results = view.results || {};
    if (!sameStep || !resultsNode) resultsNode = el("div", { class: "results console-results" });
    var closed = !!results.closed;
    var shown = results.shown;  // optional: whether the facilitator has shown the results
    var answered = typeof view.answered === "number" ? view.answered : (results.answered || 0);
    W.clear(panelNode);
    panelNode.appendChild(el("div", { class: "panel-head" }, [
      el("h3", { text: t("live_results") }),
      el("p", { class: "panel-meta" }, [
        el("strong", { text: W.plural("answered", answered) }),
        " · ",
        W.t("poll_type_" + step.type),
        step.results === "reveal" ? " · " + t("reveal_mode") : "",
      ]),
    ]));
    panelNode.appendChild(el("div", { class: "panel-actions" }, [
      closed
        ? el("button", { type: "button", class: "button", text: t("reopen_poll"),
            onClick: function () { run("reopen_poll", { step: step.id }); } })
        : el("button", { type: "button", class: "button", text: t("close_poll"),
            onClick: function () { run("close_poll", { step: step.id }); } }),
      el("button", { type: "button", class: "button" + (shown === true ? " active" : ""),
        "aria-pressed": shown === undefined ? null : String(shown === true),
        text: t("show_results"),
        onClick: function () { run("show_results", { step: step.id, shown: true }); } }),
      el("button", { type: "button", class: "button" + (shown === false ? " active" : ""),
        "aria-pressed": shown === undefined ? null : String(shown === false),
        text: t("hide_results"),
        onClick: function () { run("show_results", { step: step.id, shown: false }); } }),
    ]));
    panelNode.appendChild(resultsNode);
    W.renderResults(resultsNode, step, view.results);
  }

  var STATUS_KEYS = { held: "status_held_host", shown: "status_shown_host", hidden: "status_hidden_host" };

  function renderQueue(step) {
    resultsNode = null;
    panelNode.hidden = false;
    W.clear(panelNode);
    var queue = view.queue || [];
    var counts = { held: 0, shown: 0, hidden: 0 };
    queue.forEach(function (r) { if (counts[r.status] !== undefined) counts[r.status] += 1; });
    panelNode.appendChild(el("div", { class: "panel-head" }, [
      el("h3", { text: t("reflections") }),
      el("p", { class: "panel-meta", text: t("queue_counts", counts) }),
    ]));
    if (!queue.length) {
      panelNode.appendChild(el("p", { class: "muted", text: t("queue_empty") }));
      return;
    }
    // Held ones first: they are waiting for a decision.
    var ordered = queue.filter(function (r) { return r.status === "held"; })
      .concat(queue.filter(function (r) { return r.status !== "held"; }));
    panelNode.appendChild(el("ul", { class: "queue" }, ordered.map(function (r) {
      return el("li", { class: "queue-item queue-" + r.status }, [
        el("p", { class: "queue-text", text: r.text }),
        el("div", { class: "queue-actions" }, [
          el("span", { class: "badge badge-" + r.status, text: t(STATUS_KEYS[r.status] || r.status) }),
          r.status !== "shown" ? el("button", { type: "button", class: "button small primary",
            text: r.status === "held" ? t("approve") : t("show"),
            onClick: function () { moderate(r, "shown"); } }) : null,
          r.status !== "hidden" ? el("button", { type: "button", class: "button small",
            text: t("hide"),
            onClick: function () { moderate(r, "hidden"); } }) : null,
        ]),
      ]);
    })));
  }

  function moderate(reflection, status) {
    run("moderate", { id: reflection.id, status: status }, function () {
      reflection.status = status;
      panelKey = null;
      renderPanel();
    });
  }
})();
