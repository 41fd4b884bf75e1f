/* The checks' problems beside the form's fields, and the running clock: drawn again after each
 * answer of the server, without redrawing the form (the focus and what is typed stay). */
import { clear, el } from "./dom.js";
import { pathAndAncestors, pathKey } from "./editor-model.js";

/** Each problem and warning in the list of the field its path names, or of the nearest
 *  ancestor the form has, or else in the script's own list (path "": the top). */
export function placeProblems(root, check) {
  for (const slot of root.querySelectorAll("[data-problems-for]")) clear(slot);
  for (const node of root.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const node of root.querySelectorAll(".has-problem")) node.classList.remove("has-problem");
  const counts = new Map();       // a step's path -> how many problems it has (for its header)
  const items = [
    ...(check.problems || []).map((p) => [p, "error"]),
    ...(check.warnings || []).map((p) => [p, "warning"]),
  ];
  for (const [problem, kind] of items) {
    const keys = pathAndAncestors(problem.path);
    const slot = keys.map((key) => root.querySelector(`[data-problems-for="${key}"]`)).find(Boolean) ||
      root.querySelector('[data-problems-for=""]');
    if (!slot) continue;
    slot.appendChild(el("li", { class: `ed-problem ed-${kind}`, text: problem.message }));
    const holder = slot.parentElement;
    if (kind === "error" && holder) {
      holder.classList.add("has-problem");
      const control = holder.querySelector(":scope > input, :scope > select, :scope > textarea, " +
        ":scope > .ed-check-row > input");
      if (control) control.setAttribute("aria-invalid", "true");
    }
    const step = keys.find((key) => /^sections\.\d+\.steps\.\d+$/.test(key));
    if (step) {
      const count = counts.get(step) || { error: 0, warning: 0 };
      count[kind] += 1;
      counts.set(step, count);
    }
  }
  return counts;
}

/** The steps' headers say how many problems each has (their fields may be folded away). */
export function placeBadges(root, counts, plural) {
  for (const badge of root.querySelectorAll("[data-badge-for]")) {
    const count = counts.get(badge.dataset.badgeFor);
    badge.hidden = !count;
    if (!count) continue;
    badge.textContent = count.error ? plural("problems", count.error) : plural("warnings", count.warning);
    badge.classList.toggle("ed-badge-warning", !count.error);
  }
}

/** Each step's start time (the check's clock, matched by path) and the total. */
export function placeClock(root, clock, total) {
  const starts = new Map(((clock && clock.steps) || []).map((s) => [pathKey(s.path), s.start]));
  for (const node of root.querySelectorAll("[data-clock-for]")) {
    node.textContent = starts.get(node.dataset.clockFor) || "";
  }
  if (total) total.textContent = (clock && clock.total) || "0:00";
}
