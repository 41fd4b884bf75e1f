/* The replay controls on the console page: play, pause, speed, a slider over the recorded
 * time, and the timeline of steps with planned against actual time and answers. The console
 * itself (agenda, notes, results, queue) is console.js, fed by /replay. */
(function () {
  "use strict";

  var W = window.W;
  var el = W.el;
  var socket = window.replaySocket;
  if (!socket) return;
  var S = JSON.parse(document.getElementById("replay-strings").textContent);
  var config = JSON.parse(document.getElementById("replay-config").textContent);
  var $ = function (id) { return document.getElementById(id); };

  function t(key, params) {
    var text = S[key] || key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && name in params ? String(params[name]) : whole;
    });
  }

  var playButton = $("replay-play");
  var restartButton = $("replay-restart");
  var speedSelect = $("replay-speed");
  var slider = $("replay-slider");
  var timeNode = $("replay-time");
  var timelineNode = $("replay-timeline-body");
  var bar = $("replay-bar");

  var status = null;
  var dragging = false;
  var SPEEDS = [0.5, 1, 2, 5, 10, 25, 50, 100];

  function send(event, payload) {
    return W.send(socket, event, payload || {}).then(function (ack) {
      if (ack && ack.ok) {
        if (ack.status) showStatus(ack.status);
      } else {
        W.toast(W.problem(ack), "error");
      }
      return ack;
    }, function (err) { W.toast(W.problem(err), "error"); });
  }

  // ---------------------------------------------------------------- controls

  playButton.addEventListener("click", function () {
    send(status && status.playing ? "pause" : "play");
  });
  restartButton.addEventListener("click", function () { send("jump", { cid: W.cid(), index: -1 }); });
  speedSelect.addEventListener("change", function () {
    send("speed", { speed: parseFloat(speedSelect.value) });
  });
  slider.addEventListener("input", function () {
    dragging = true;
    if (status) showTime(status.start + parseFloat(slider.value));
  });
  slider.addEventListener("change", function () {
    dragging = false;
    if (status) send("seek", { at: status.start + parseFloat(slider.value) });
  });
  document.addEventListener("keydown", function (e) {
    var tag = e.target && e.target.tagName;
    if (e.key !== " " || tag === "INPUT" || tag === "SELECT" || tag === "BUTTON" || tag === "TEXTAREA") return;
    e.preventDefault();
    playButton.click();
  });

  function fillSpeeds(current) {
    var speeds = SPEEDS.slice();
    if (speeds.indexOf(current) < 0) speeds.push(current);
    speeds.sort(function (a, b) { return a - b; });
    W.clear(speedSelect);
    speeds.forEach(function (s) {
      speedSelect.appendChild(el("option", { value: String(s), selected: s === current, text: W.formatNumber(s, 1) + "×" }));
    });
  }
  fillSpeeds(config.speed || 1);

  // ---------------------------------------------------------------- status

  function showTime(clock) {
    timeNode.textContent = t("at_time", {
      elapsed: W.mmss(clock - status.start), total: W.mmss(status.end - status.start),
    }) + (status.finished ? " · " + t("finished") : "");
  }

  function showStatus(next) {
    status = next;
    playButton.textContent = status.playing ? "❚❚ " + t("pause") : "▶ " + t("play");
    playButton.classList.toggle("primary", !status.playing);
    bar.classList.toggle("replay-playing", status.playing);
    if (parseFloat(speedSelect.value) !== status.speed) fillSpeeds(status.speed);
    slider.max = String(Math.max(1, Math.ceil(status.end - status.start)));
    if (!dragging) {
      slider.value = String(status.clock - status.start);
      showTime(status.clock);
    }
    markCurrent(status.phase === "step" ? status.index : null);
  }

  socket.on("replay", showStatus);
  function start() {
    send("timeline").then(function (ack) {
      if (ack && ack.ok) renderTimeline(ack.report);
    });
  }
  socket.on("connect", start);
  if (socket.connected) start();

  // ---------------------------------------------------------------- timeline

  function clock(seconds) { return W.mmss(Math.round(seconds)); }
  function signed(seconds) {
    return (seconds >= 0.5 ? "+" : seconds <= -0.5 ? "−" : "±") + W.mmss(Math.round(Math.abs(seconds)));
  }

  function renderTimeline(report) {
    W.clear(timelineNode);
    var longest = 1;
    report.sections.forEach(function (section) {
      section.steps.forEach(function (step) { longest = Math.max(longest, step.planned, step.actual); });
    });
    var rows = [];
    report.sections.forEach(function (section) {
      rows.push(el("tr", { class: "timeline-section" }, [
        el("th", { colspan: "6" }, [section.title, section.theme && section.theme !== section.title
          ? el("span", { class: "theme", text: " " + section.theme }) : null]),
      ]));
      section.steps.forEach(function (step) {
        var visited = step.visits > 0;
        rows.push(el("tr", {
          class: "timeline-step" + (visited ? "" : " skipped") + (visited && step.diff > 0.5 ? " over" : ""),
          "data-index": String(step.index),
          title: visited ? null : t("not_recorded"),
          onClick: function () { if (visited) send("jump", { cid: W.cid(), index: step.index }); },
        }, [
          el("td", { class: "num", text: String(step.index + 1) }),
          el("td", { class: "timeline-title" }, [
            el("span", { text: step.title }),
            el("div", { class: "timeline-bars" }, [
              el("div", { class: "timeline-bar planned", style: "width:" + (100 * step.planned / longest).toFixed(1) + "%" }),
              el("div", { class: "timeline-bar actual", style: "width:" + (100 * step.actual / longest).toFixed(1) + "%" }),
            ]),
          ]),
          el("td", { class: "num", text: clock(step.planned) }),
          el("td", { class: "num", text: visited ? clock(step.actual) : t("skipped") }),
          el("td", { class: "num", text: signed(step.diff) }),
          el("td", { class: "num", text: step.answers === null ? "" : String(step.answers) }),
        ]));
      });
      rows.push(el("tr", { class: "timeline-subtotal" }, [
        el("td"), el("td", { text: t("section") }),
        el("td", { class: "num", text: clock(section.planned) }),
        el("td", { class: "num", text: clock(section.actual) }),
        el("td", { class: "num", text: signed(section.actual - section.planned) }), el("td"),
      ]));
    });
    rows.push(el("tr", { class: "timeline-total" }, [
      el("td"), el("td", { text: t("total") }),
      el("td", { class: "num", text: clock(report.planned) }),
      el("td", { class: "num", text: clock(report.actual) }),
      el("td", { class: "num", text: signed(report.overrun) }), el("td"),
    ]));
    timelineNode.appendChild(el("table", { class: "timeline-table" }, [
      el("thead", {}, el("tr", {}, [
        el("th"), el("th"), el("th", { class: "num", text: t("planned") }),
        el("th", { class: "num", text: t("actual") }), el("th", { class: "num", text: t("diff") }),
        el("th", { class: "num", text: t("answers") }),
      ])),
      el("tbody", {}, rows),
    ]));
    timelineNode.appendChild(el("p", { class: "timeline-overrun", text: report.overrun >= 0.5
      ? t("overrun", { time: clock(report.overrun) }) : t("underrun", { time: clock(-report.overrun) }) }));
    if (status) markCurrent(status.phase === "step" ? status.index : null);
  }

  function markCurrent(index) {
    var rows = timelineNode.querySelectorAll(".timeline-step");
    for (var i = 0; i < rows.length; i++) {
      rows[i].classList.toggle("current", index !== null && rows[i].getAttribute("data-index") === String(index));
    }
  }
})();
