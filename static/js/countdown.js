/* Countdown elements for timed steps (a break, a pair round), all kept ticking by one timer.
 * The end time sits on the element (data-ends), so a redraw never restarts a countdown. */
import { clock, countdownAt, endsAt, everySecond } from "./clock.js";
import { el } from "./dom.js";
import { t } from "./page.js";

function update(node) {
  const { text, over } = countdownAt(parseFloat(node.getAttribute("data-ends")), clock.now(), t("time_up"));
  node.textContent = text;
  node.classList.toggle("countdown-over", over);
}

/** A countdown element for a step with started_at and minutes. */
export function countdown(step, className) {
  const ends = endsAt(step);
  const node = el("div", { class: "countdown" + (className ? " " + className : ""),
    "data-ends": ends === null ? null : String(ends) });
  update(node);
  return node;
}

/** Keep every countdown on the page ticking; returns a stop function. */
export function startCountdowns() {
  return everySecond(() => document.querySelectorAll(".countdown[data-ends]").forEach(update));
}
