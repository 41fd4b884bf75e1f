/* The editor's form fields: a label, a control and, under it, the place where the checks'
 * problems about that field appear. Each field's wrapper has data-path (the field's path in
 * the script, "sections.0.steps.2.scale.min"), the path the check gives a problem.
 * A field writes its value into its object at once (setField); `changed` says it did. */
import { el } from "./dom.js";
import { numberFrom, setField } from "./editor-model.js";

let counter = 0;
const fieldId = () => `ed-f${(counter += 1)}`;

/** Where the problems about `path` are listed (editor-problems.js fills it). */
export const problemSlot = (path) => el("ul", { class: "ed-problems", "data-problems-for": path });

/**
 * One field. spec: {path, label, type ("text", "textarea", "number", "select", "checkbox"),
 * object, key, optional, choices ([[value, label], …] for a select), hint, rows, step,
 * placeholder, focus (a name to find it again after a redraw), onChange (instead of writing
 * object[key]; given the value), changed (called after every change)}.
 */
export function field(spec) {
  const id = fieldId();
  const { object, key } = spec;
  const value = spec.value !== undefined ? spec.value : (object ? object[key] : undefined);
  const hintId = spec.hint ? `${id}-hint` : null;
  let control;
  const write = (v) => {
    if (spec.onChange) spec.onChange(v);
    else setField(object, key, v, spec.optional);
    if (spec.changed) spec.changed();
  };
  if (spec.type === "select") {
    control = el("select", { id, "aria-describedby": hintId, "data-focus": spec.focus || key },
      spec.choices.map(([v, label]) => el("option", { value: v, text: label })));
    const known = spec.choices.some(([v]) => v === value);
    // A value the form has no choice for (a typo in the YAML) is shown as it is, not lost.
    if (!known && value !== undefined && value !== null && value !== "") {
      control.appendChild(el("option", { value: String(value), text: String(value) }));
    }
    control.value = value === undefined || value === null ? (spec.choices[0] || [""])[0] : String(value);
    control.addEventListener("change", () => write(control.value));
  } else if (spec.type === "checkbox") {
    control = el("input", { id, type: "checkbox", "aria-describedby": hintId,
      "data-focus": spec.focus || key });
    control.checked = !!value;
    control.addEventListener("change", () => write(control.checked));
    return el("div", { class: "ed-field ed-check", "data-path": spec.path }, [
      el("div", { class: "ed-check-row" }, [control, el("label", { for: id, text: spec.label })]),
      spec.hint ? el("p", { id: hintId, class: "hint", text: spec.hint }) : null,
      problemSlot(spec.path),
    ]);
  } else if (spec.type === "textarea") {
    control = el("textarea", { id, rows: String(spec.rows || 3), "aria-describedby": hintId,
      placeholder: spec.placeholder, "data-focus": spec.focus || key });
    control.value = value === undefined || value === null ? "" : String(value);
    control.addEventListener("input", () => write(control.value));
  } else {
    const number = spec.type === "number";
    // A number field as text with a numeric keyboard: a type=number field gives no value at
    // all for what it cannot read ("1,5", "abc"), and the check should say what is wrong.
    control = el("input", { id, type: "text", inputmode: number ? "decimal" : null,
      "aria-describedby": hintId, placeholder: spec.placeholder, "data-focus": spec.focus || key,
      class: number ? "ed-number" : null });
    control.value = value === undefined || value === null ? "" : String(value);
    control.addEventListener("input", () => write(number ? numberFrom(control.value) : control.value));
  }
  return el("div", { class: `ed-field ed-${spec.type || "text"}`, "data-path": spec.path }, [
    el("label", { for: id, text: spec.label }),
    control,
    spec.hint ? el("p", { id: hintId, class: "hint", text: spec.hint }) : null,
    problemSlot(spec.path),
  ]);
}

/** A small button; `focus` names it for finding it again after a redraw. */
export function button(label, onClick, { focus, cls, disabled, title } = {}) {
  return el("button", { type: "button", class: `button small ${cls || ""}`.trim(), text: label,
    onClick, disabled: !!disabled, title, "aria-label": title ? `${label}: ${title}` : null,
    "data-focus": focus || null });
}
