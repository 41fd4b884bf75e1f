/* What a poll's results show, decided without a DOM (results.js draws it): bars for choices and
 * scales, a word cloud for words, or the line saying why there is nothing to show yet. The
 * server decides what may be seen (the anonymity minimum, the facilitator's reveal); this only
 * lays out what it sent. */

export const percent = (count, total) => (total > 0 ? Math.round((100 * count) / total) : 0);

/** Rows of bars: {label, count, pct, top}; top marks the most chosen (none when all are 0). */
function bars(labels, counts, total) {
  const most = Math.max(0, ...counts);
  return labels.map((label, i) => ({
    label, count: counts[i], pct: percent(counts[i], total), top: counts[i] > 0 && counts[i] === most,
  }));
}

/** A single or multiple choice poll: one bar per option, as a share of the people who answered
 *  (a multiple choice poll's shares add up to more than 100%). */
export function choiceBars(step, results) {
  const tally = Array.isArray(results.tally) ? results.tally : [];
  const options = step.options || [];
  return bars(options, options.map((_, i) => tally[i] || 0), results.answered || 0);
}

/** A scale: one bar per point, the end points with their labels, and the mean (or null). */
export function scaleBars(step, results) {
  const scale = step.scale || {};
  const tally = results.tally || {};
  const counts = tally.counts || {};
  const total = Object.values(counts).reduce((sum, n) => sum + (n || 0), 0);
  const labels = [];
  const rows = [];
  for (let v = scale.min; v <= scale.max; v++) {
    let label = String(v);
    if (v === scale.min && scale.min_label) label += " · " + scale.min_label;
    if (v === scale.max && scale.max_label) label += " · " + scale.max_label;
    labels.push(label);
    rows.push(counts[String(v)] || 0);
  }
  return { bars: bars(labels, rows, total), mean: typeof tally.mean === "number" ? tally.mean : null };
}

/** A word cloud: {word, count, size (em), big}, the most frequent in the middle. The server
 *  sends the words most frequent first, already cut to the ones worth showing. */
export function cloudWords(results) {
  const words = Array.isArray(results.tally) ? results.tally : [];
  if (!words.length) return [];
  const counts = words.map((w) => w[1]);
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  // Biggest words in the middle: alternate the (most frequent first) list to both ends.
  const arranged = [];
  words.forEach((w, i) => (i % 2 ? arranged.push(w) : arranged.unshift(w)));
  return arranged.map(([word, count]) => {
    const weight = max === min ? 0.5 : (count - min) / (max - min);
    return { word, count, size: (1 + 2.2 * Math.sqrt(weight)).toFixed(2), big: weight > 0.66 };
  });
}

/**
 * Why the results are not shown, or null when they are: {key} for a plain string, {plural, n}
 * for a count. The facilitator holding them back goes before the anonymity minimum.
 */
export function waitingReason(step, results) {
  if (results.visible && results.tally !== null && results.tally !== undefined) return null;
  const held = results.shown === false || (results.shown === undefined && step.results === "reveal");
  if (held) return { key: "results_revealed" };
  if (typeof results.min_answers === "number") return { plural: "results_appear_at", n: results.min_answers };
  return { key: "results_appear" };
}

/** How the results are drawn: "bars" (single, multiple), "scale", "cloud" (words) or null. */
export function resultsKind(step, results) {
  const type = results.type || step.type;
  if (type === "single" || type === "multiple") return "bars";
  if (type === "scale") return "scale";
  if (type === "words") return "cloud";
  return null;
}
