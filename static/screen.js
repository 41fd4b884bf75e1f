/* The projector screen: read only. Every `screen` push is the whole view; we redraw the part
 * that changed. Reflections on the wall are participants' text: textContent only. */
(function () {
  "use strict";

  var W = window.W;
  var t = W.t;
  var el = W.el;

  var code = document.body.getAttribute("data-code");
  var lobby = document.getElementById("lobby");
  var stepNode = document.getElementById("step");
  var ended = document.getElementById("ended");
  var corner = document.getElementById("corner");
  var joinedNode = document.getElementById("joined");
  var titleNodes = document.querySelectorAll("[data-title]");
  var statusNode = document.getElementById("status");

  var view = null;
  var lastStepKey = null;
  var resultsNode = null;
  var wallNode = null;

  var socket = W.io("/screen", { auth: { code: code } });
  W.connection(socket, statusNode, {
    onView: render,
    onRefused: function (err) {
      W.clear(stepNode).appendChild(el("div", { class: "screen-message" }, [
        el("h1", { text: t("cannot_show") }),
        el("p", { text: (err && err.message) || t("refused") }),
      ]));
      show("step");
    },
  });
  socket.on("screen", render);
  W.startCountdowns();

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
    W.serverClock(view);
    if (view.title) {
      document.title = view.title;
      for (var i = 0; i < titleNodes.length; i++) titleNodes[i].textContent = view.title;
    }
    joinedNode.textContent = W.plural("joined", view.joined || 0);

    if (view.phase === "ended") {
      show("ended");
      lastStepKey = null;
    } else if (view.phase === "step" && view.step) {
      show("step");
      renderStep(view.step);
    } else {
      show("lobby");
      lastStepKey = null;
    }
  }

  /** Redraw the step itself only when it changed; results and the wall update in place. */
  function renderStep(step) {
    var key = JSON.stringify(step);
    if (key !== lastStepKey) {
      lastStepKey = key;
      resultsNode = null;
      wallNode = null;
      W.clear(stepNode).appendChild(buildStep(step));
    }
    if (resultsNode) {
      // Many options must still fit the projector: fewer rows get bigger type.
      var rows = step.type === "scale" && step.scale ? step.scale.max - step.scale.min + 1
        : (step.options || []).length;
      if (rows) resultsNode.style.fontSize = "calc(var(--u) * " + Math.min(2.5, 21 / (rows + 2)).toFixed(2) + ")";
      W.renderResults(resultsNode, step, view.results);
    }
    if (wallNode) renderWall(view.wall || []);
  }

  function buildStep(step) {
    var kind = step.kind;
    var parts = [];
    if (kind === "info") {
      parts.push(el("h1", { class: "screen-title", text: step.title || "" }));
      parts.push(W.trustedHtml(el("div", { class: "prose screen-prose" }), step.body_html));
    } else if (kind === "poll") {
      parts.push(el("h1", { class: "screen-question", text: step.question || "" }));
      resultsNode = el("div", { class: "results screen-results" });
      parts.push(resultsNode);
    } else if (kind === "reflection") {
      parts.push(el("h1", { class: "screen-question", text: step.prompt || "" }));
      wallNode = el("div", { class: "wall" });
      parts.push(wallNode);
    } else if (kind === "pair") {
      parts.push(el("div", { class: "pair-head" }, [
        el("div", {}, [
          el("p", { class: "kicker", text: t("kind_pair") }),
          el("h1", { class: "screen-title", text: step.title || "" }),
        ]),
        W.countdown(step, "countdown-pair-screen"),
      ]));
      if (step.roles) {
        parts.push(el("p", { class: "screen-lead", text: t("pair_roles_" + step.roles) }));
        var roles = step.roles === "a-b" ? ["a", "b"] : ["speaker", "listener"];
        parts.push(el("p", { class: "role-chips" }, roles.map(function (role) {
          return el("span", { class: "role-chip", text: W.roleLabel(role) });
        })));
      }
      parts.push(el("p", { class: "screen-lead muted-screen", text: t("pair_hint") }));
      parts.push(W.renderRounds(step));
      // Notes that couples, both partners agreeing, shared anonymously: only when there are some.
      wallNode = el("div", { class: "wall pair-wall", hidden: true });
      parts.push(wallNode);
    } else if (kind === "break") {
      parts.push(el("p", { class: "kicker", text: t("kind_break") }));
      parts.push(el("h1", { class: "screen-title", text: step.message || "" }));
      parts.push(W.countdown(step, "countdown-screen"));
    } else {
      parts.push(el("h1", { class: "screen-title", text: W.stepHeading(step) }));
    }
    return el("div", { class: "screen-step screen-" + kind }, parts);
  }

  function renderWall(wall) {
    var key = JSON.stringify(wall);
    if (wallNode.getAttribute("data-key") === key) return;
    wallNode.setAttribute("data-key", key);
    W.clear(wallNode);
    var size = wall.length <= 4 ? "wall-xl" : wall.length <= 9 ? "wall-l"
      : wall.length <= 18 ? "wall-m" : wall.length <= 36 ? "wall-s" : "wall-xs";
    var pairWall = wallNode.classList.contains("pair-wall");
    wallNode.className = "wall " + size + (pairWall ? " pair-wall" : "");
    wallNode.hidden = pairWall && !wall.length;
    if (wallNode.parentNode) wallNode.parentNode.classList.toggle("has-wall", pairWall && wall.length > 0);
    if (pairWall && !wall.length) return;
    if (!wall.length) {
      wallNode.appendChild(el("p", { class: "wall-empty", text: t("wall_empty") }));
      return;
    }
    wall.forEach(function (card) {
      wallNode.appendChild(el("blockquote", { class: "wall-card", text: card.text }));
    });
  }

  // F toggles full screen; the pointer hides when it rests.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "f" && e.key !== "F") return;
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  });
  var idle = null;
  document.addEventListener("mousemove", function () {
    document.body.classList.remove("idle");
    clearTimeout(idle);
    idle = setTimeout(function () { document.body.classList.add("idle"); }, 3000);
  });
})();
