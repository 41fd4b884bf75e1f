/* The YAML tab: the script's text as a person edits it in a text editor, with the checks'
 * problems as line:col: message; a click on one puts the cursor on its line. */
import { clear, el } from "./dom.js";

/** The offset in `text` of line `line` (1-based), column `column`. */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let n = 1; n < line; n += 1) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf("\n", offset);
  return Math.min(offset + Math.max(0, (column || 1) - 1), end < 0 ? text.length : end);
}

export function jumpTo(area, line, column) {
  const at = offsetOf(area.value, line, column);
  area.focus();
  area.setSelectionRange(at, at);
  // Scroll the line into the middle of the field (a textarea scrolls to its caret only on typing).
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
  area.scrollTop = Math.max(0, (line - 1) * lineHeight - area.clientHeight / 2);
}

/** The problems and warnings of the text, each a button to its line. */
export function listProblems(list, area, check, t) {
  clear(list);
  const items = [
    ...(check.problems || []).map((p) => [p, "error"]),
    ...(check.warnings || []).map((p) => [p, "warning"]),
  ];
  for (const [p, kind] of items) {
    list.appendChild(el("li", { class: `ed-problem ed-${kind}` }, [
      el("button", { type: "button", class: "linkish ed-jump", title: t("jump_to_line"),
        onClick: () => jumpTo(area, p.line, p.column) }, [
        el("code", { text: `${p.line}:${p.column}` }), `: ${p.message}`,
      ]),
    ]));
  }
}
