/* The replay bar on the console page: play, pause, speed, a slider over the recorded time, and
 * the timeline of steps with planned against actual time and answers. The console itself
 * (agenda, notes, results, queue) is console-page.js on the same /replay socket. */
import { mmss, signedMmss } from "./clock.js";
import { byId, clear, el, isTyping, readJson } from "./dom.js";
import { formatNumber } from "./page.js";
import { command, send } from "./socket.js";
import { translator } from "./strings.js";
import { reported } from "./toast.js";

const SPEEDS = [0.5, 1, 2, 5, 10, 25, 50, 100];
const clockText = (seconds) => mmss(Math.round(seconds));

/** socket: the /replay socket; speed: the replay's speed when the page was made. */
export function startReplayControls(socket, speed) {
  const t = translator(readJson(document, "replay-strings"));
  const playButton = byId("replay-play");
  const speedSelect = byId("replay-speed");
  const slider = byId("replay-slider");
  const timeNode = byId("replay-time");
  const timelineNode = byId("replay-timeline-body");
  const bar = byId("replay-bar");

  let status = null;
  let dragging = false;

  /** A replay command; the status in its acknowledgement is shown at once. */
  const control = (sent) => reported(sent, (ack) => { if (ack.status) showStatus(ack.status); });
  const jump = (index) => control(command(socket, "jump", { index }));

  // ---------------------------------------------------------------- controls

  playButton.addEventListener("click", () => control(send(socket, status && status.playing ? "pause" : "play")));
  byId("replay-restart").addEventListener("click", () => jump(-1));
  speedSelect.addEventListener("change", () => control(send(socket, "speed", { speed: parseFloat(speedSelect.value) })));
  slider.addEventListener("input", () => {
    dragging = true;
    if (status) showTime(status.start + parseFloat(slider.value));
  });
  slider.addEventListener("change", () => {
    dragging = false;
    if (status) control(send(socket, "seek", { at: status.start + parseFloat(slider.value) }));
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== " " || isTyping(e.target) || (e.target && e.target.tagName === "BUTTON")) return;
    e.preventDefault();
    playButton.click();
  });

  function fillSpeeds(current) {
    const speeds = SPEEDS.includes(current) ? SPEEDS : [...SPEEDS, current].sort((a, b) => a - b);
    clear(speedSelect).append(...speeds.map((s) => el("option", {
      value: String(s), selected: s === current, text: formatNumber(s, 1) + "×" })));
  }
  fillSpeeds(speed || 1);

  // ---------------------------------------------------------------- status

  function showTime(at) {
    timeNode.textContent = t("at_time", {
      elapsed: mmss(at - status.start), total: mmss(status.end - status.start),
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
  const loadTimeline = () => control(send(socket, "timeline")).then((ack) => {
    if (ack.ok) renderTimeline(ack.report);
  });
  socket.on("connect", loadTimeline);
  if (socket.connected) loadTimeline();

  // ---------------------------------------------------------------- timeline

  const num = (text) => el("td", { class: "num", text });

  function stepRow(step) {
    const visited = step.visits > 0;
    return el("tr", {
      class: "timeline-step" + (visited ? "" : " skipped") + (visited && step.diff > 0.5 ? " over" : ""),
      "data-index": String(step.index),
      title: visited ? null : t("not_recorded"),
      onClick: () => { if (visited) jump(step.index); },
    }, [
      num(String(step.index + 1)),
      el("td", { class: "timeline-title" }, [
        visited ? el("button", { type: "button", class: "timeline-jump", text: step.title })
          : el("span", { text: step.title }),
        el("div", { class: "timeline-bars" }, [
          el("div", { class: "timeline-bar planned", style: `width:${(100 * step.planned / step.longest).toFixed(1)}%` }),
          el("div", { class: "timeline-bar actual", style: `width:${(100 * step.actual / step.longest).toFixed(1)}%` }),
        ]),
      ]),
      num(clockText(step.planned)),
      num(visited ? clockText(step.actual) : t("skipped")),
      num(signedMmss(step.diff)),
      num(step.answers === null ? "" : String(step.answers)),
    ]);
  }

  /** A subtotal or total row: planned, actual and the difference. */
  function sumRow(className, label, planned, actual, diff) {
    return el("tr", { class: className }, [
      el("td"), el("td", { text: label }),
      num(clockText(planned)), num(clockText(actual)), num(signedMmss(diff)), el("td"),
    ]);
  }

  function renderTimeline(report) {
    const steps = report.sections.flatMap((section) => section.steps);
    const longest = Math.max(1, ...steps.map((step) => Math.max(step.planned, step.actual)));
    const rows = [];
    for (const section of report.sections) {
      rows.push(el("tr", { class: "timeline-section" }, el("th", { colspan: "6" }, [section.title,
        section.theme && section.theme !== section.title ? el("span", { class: "theme", text: " " + section.theme }) : null])));
      for (const step of section.steps) rows.push(stepRow({ ...step, longest }));
      rows.push(sumRow("timeline-subtotal", t("section"), section.planned, section.actual,
        section.actual - section.planned));
    }
    rows.push(sumRow("timeline-total", t("total"), report.planned, report.actual, report.overrun));
    clear(timelineNode).append(
      el("table", { class: "timeline-table" }, [
        el("thead", {}, el("tr", {}, [
          el("th"), el("th"), el("th", { class: "num", text: t("planned") }),
          el("th", { class: "num", text: t("actual") }), el("th", { class: "num", text: t("diff") }),
          el("th", { class: "num", text: t("answers") }),
        ])),
        el("tbody", {}, rows),
      ]),
      el("p", { class: "timeline-overrun", text: report.overrun >= 0.5
        ? t("overrun", { time: clockText(report.overrun) }) : t("underrun", { time: clockText(-report.overrun) }) }),
    );
    if (status) markCurrent(status.phase === "step" ? status.index : null);
  }

  function markCurrent(index) {
    timelineNode.querySelectorAll(".timeline-step").forEach((row) => {
      row.classList.toggle("current", index !== null && row.getAttribute("data-index") === String(index));
    });
  }
}
