/* A poll's results drawn into the screen and the console, from the decisions of tally.js. */
import { clear, el } from "./dom.js";
import { formatNumber, plural, t } from "./page.js";
import { choiceBars, cloudWords, resultsKind, scaleBars, waitingReason } from "./tally.js";

function bar({ label, count, pct, top }) {
  return el("div", { class: "bar" + (top ? " bar-top" : "") }, [
    el("div", { class: "bar-label", text: label }),
    el("div", { class: "bar-track" }, el("div", { class: "bar-fill", style: `width:${pct}%` })),
    el("div", { class: "bar-count" }, [
      el("span", { class: "bar-n", text: formatNumber(count) }),
      el("span", { class: "bar-pct", text: pct + "%" }),
    ]),
  ]);
}

function scale(step, results) {
  const { bars, mean } = scaleBars(step, results);
  return el("div", {}, [
    el("div", { class: "bars bars-scale" }, bars.map(bar)),
    mean === null ? null : el("div", { class: "mean", text: t("mean", { mean: formatNumber(mean, 1) }) }),
  ]);
}

function cloud(results) {
  const words = cloudWords(results);
  if (!words.length) return el("p", { class: "muted", text: t("no_words_yet") });
  return el("div", { class: "cloud" }, words.map((w) => el("span", {
    class: "cloud-word" + (w.big ? " cloud-big" : ""), style: `font-size:${w.size}em`,
    title: String(w.count), text: w.word,
  })));
}

function build(container, step, results) {
  if (!step || !results) return;
  container.appendChild(el("div", { class: "results-head" }, [
    el("span", { class: "answered", text: plural("answered", results.answered || 0) }),
    results.closed ? el("span", { class: "badge badge-closed", text: t("poll_closed") }) : null,
  ]));
  const waiting = waitingReason(step, results);
  if (waiting) {
    const text = waiting.plural ? plural(waiting.plural, waiting.n) : t(waiting.key);
    container.appendChild(el("p", { class: "results-waiting", text }));
    return;
  }
  const kind = resultsKind(step, results);
  if (kind === "bars") container.appendChild(el("div", { class: "bars" }, choiceBars(step, results).map(bar)));
  else if (kind === "scale") container.appendChild(scale(step, results));
  else if (kind === "cloud") container.appendChild(cloud(results));
}

/** Draw RESULTS for a poll STEP into container; returns the container. */
export function renderResults(container, step, results) {
  // Bars grow from their previous width rather than jumping, when the options are the same.
  const widths = (nodes) => Array.from(nodes, (n) => n.style.width);
  const before = widths(container.querySelectorAll(".bar-fill"));
  const sameStep = container.getAttribute("data-step") === String(step && step.id);
  container.setAttribute("data-step", String(step && step.id));
  build(clear(container), step, results);
  const fills = container.querySelectorAll(".bar-fill");
  if (sameStep && fills.length && before.length === fills.length) {
    const targets = widths(fills);
    fills.forEach((n, i) => { n.style.width = before[i]; });
    void container.offsetWidth;  // commit the old widths so the change transitions
    fills.forEach((n, i) => { n.style.width = targets[i]; });
  }
  return container;
}
