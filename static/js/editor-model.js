/* The script editor's changes to a script's data (plain JSON of the YAML document), with no
 * DOM: node's tests import this module. The form calls these and sends the data to the server,
 * which merges it into the text (comments and key order kept) and checks it.
 * The fields are those of workshop/script/model.py; an optional field left empty is taken out
 * of the data, never kept as "" (the checks would call an empty text an error). */

export const KINDS = ["info", "poll", "reflection", "pair", "break"];
export const POLL_TYPES = ["single", "multiple", "scale", "words"];
export const ROLES = { "speaker-listener": ["speaker", "listener"], "a-b": ["a", "b"] };
// Every step has these; a step that changes kind keeps them.
export const COMMON = ["id", "kind", "minutes", "notes", "content_note"];

const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

/** Set `key` of `object` to `value`; an empty value (""/null/undefined) of an optional
 *  field takes the key out instead. A required one keeps "" or null, so that the check
 *  names that very field ("'question' must not be empty"). */
export function setField(object, key, value, optional) {
  const empty = value === "" || value === null || value === undefined;
  if (empty && optional) delete object[key];
  else object[key] = empty && value === undefined ? null : value;
  return object;
}

/** A form field's text as a number: "" is null, "1,5" is 1.5 (a Dutch keyboard), and what is
 *  not a number stays text (the check then says what is wrong with it). */
export function numberFrom(text) {
  const trimmed = String(text).trim();
  if (trimmed === "") return null;
  const value = Number(trimmed.replace(",", "."));
  return Number.isFinite(value) ? value : trimmed;
}

export const steps = (data) => (Array.isArray(data && data.sections) ? data.sections : [])
  .flatMap((section) => (Array.isArray(section && section.steps) ? section.steps : []));

/** Every step id of the script (and the check-in's), to make a new one unique. */
export function takenIds(data) {
  const ids = new Set(steps(data).map((step) => step && step.id).filter(Boolean));
  if (data && data.check_in) ids.add(data.check_in.id || "check-in");
  return ids;
}

/** `base` when no step has it, else base-2, base-3, … */
export function uniqueId(base, taken) {
  const stem = String(base || "step").replace(/[^A-Za-z0-9_-]+/g, "-").replace(/-\d+$/, "") || "step";
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n += 1) {
    if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
  }
}

/** What a kind needs beyond the common fields, empty for the facilitator to fill in. */
export function kindDefaults(kind) {
  switch (kind) {
    case "info": return { title: "", body: "" };
    case "poll": return { question: "", type: "single", options: ["", ""] };
    case "reflection": return { prompt: "" };
    case "pair": return { title: "", roles: "speaker-listener", rounds: [newRound("speaker-listener")] };
    case "break": return { message: "" };
    default: return {};
  }
}

export function newRound(roles, minutes = 4) {
  const prompts = {};
  for (const role of ROLES[roles] || ROLES["speaker-listener"]) prompts[role] = "";
  return { minutes, prompts };
}

export function newStep(kind, taken) {
  return { id: uniqueId(kind, taken), kind, minutes: kind === "break" ? 10 : 5, notes: "",
    ...kindDefaults(kind) };
}

/** The step as another kind: the common fields kept, the old kind's own fields dropped (the
 *  check would call them unknown keys), the new kind's added. In place. */
export function changeKind(step, kind) {
  if (step.kind === kind) return step;
  for (const key of Object.keys(step)) if (!COMMON.includes(key)) delete step[key];
  step.kind = kind;
  Object.assign(step, kindDefaults(kind));
  return step;
}

/** A poll of another type: the fields only the old type had go, the new one's arrive. */
export function setPollType(step, type) {
  step.type = type;
  const choice = type === "single" || type === "multiple";
  if (!choice) delete step.options;
  else if (!Array.isArray(step.options)) step.options = ["", ""];
  if (type !== "multiple") delete step.max_choices;
  if (type !== "scale") delete step.scale;
  else if (!step.scale || typeof step.scale !== "object") {
    step.scale = { min: 1, max: 5, min_label: "", max_label: "" };
  }
  if (type !== "words") delete step.max_words;
  return step;
}

/** A pair step with other roles: each round's prompts move to the new names, in order. */
export function setRoles(step, roles) {
  const before = ROLES[step.roles] || [];
  const after = ROLES[roles] || [];
  step.roles = roles;
  for (const round of Array.isArray(step.rounds) ? step.rounds : []) {
    const old = round.prompts && typeof round.prompts === "object" ? round.prompts : {};
    const prompts = {};
    after.forEach((role, i) => {
      prompts[role] = own(old, role) ? old[role] : (own(old, before[i]) ? old[before[i]] : "");
    });
    round.prompts = prompts;
  }
  return step;
}

export const copy = (value) => JSON.parse(JSON.stringify(value));

/** A copy of step `i` of section `s` right after it, with an id of its own. */
export function duplicateStep(data, s, i) {
  const list = data.sections[s].steps;
  const twin = copy(list[i]);
  twin.id = uniqueId(twin.id || twin.kind, takenIds(data));
  list.splice(i + 1, 0, twin);
  return twin;
}

export function duplicateSection(data, s) {
  const twin = copy(data.sections[s]);
  const taken = takenIds(data);
  for (const step of twin.steps || []) {
    step.id = uniqueId(step.id || step.kind, taken);
    taken.add(step.id);
  }
  data.sections.splice(s + 1, 0, twin);
  return twin;
}

/** Step `i` of section `s` one place up (dir -1) or down (+1); at the edge of its section it
 *  goes into the one before (as its last) or after (as its first). Where it went, [s, i], or
 *  null when it cannot move (the very first or last step). */
export function moveStep(data, s, i, dir) {
  const sections = data.sections;
  const list = sections[s].steps;
  const target = i + dir;
  if (target >= 0 && target < list.length) {
    [list[i], list[target]] = [list[target], list[i]];
    return [s, target];
  }
  const next = s + dir;
  if (next < 0 || next >= sections.length) return null;
  const [step] = list.splice(i, 1);
  if (!Array.isArray(sections[next].steps)) sections[next].steps = [];
  if (dir < 0) {
    sections[next].steps.push(step);
    return [next, sections[next].steps.length - 1];
  }
  sections[next].steps.unshift(step);
  return [next, 0];
}

/** Move an item of one list to a place in another (or the same): a drag and drop. */
export function moveItem(from, oldIndex, to, newIndex) {
  const [item] = from.splice(oldIndex, 1);
  to.splice(newIndex, 0, item);
  return item;
}

export function moveSection(data, s, dir) {
  const target = s + dir;
  if (target < 0 || target >= data.sections.length) return null;
  moveItem(data.sections, s, data.sections, target);
  return target;
}

/** The 0-based place of step `i` of section `s` among all the script's steps (the preview's
 *  and the live session's step number). */
export function flatIndex(data, s, i) {
  let n = 0;
  for (let k = 0; k < s; k += 1) n += (data.sections[k].steps || []).length;
  return n + i;
}

/** The script's `questions` as the form shows it: "always", "off" or "steps" with the ids.
 *  YAML reads a bare off and on as false and true. */
export function questionsMode(value) {
  if (Array.isArray(value)) return { mode: "steps", ids: value.map(String) };
  if (value === true || value === "always") return { mode: "always", ids: [] };
  return { mode: "off", ids: [] };
}

/** "a, b c" as the list of step ids ["a", "b", "c"]. */
export const idList = (text) => String(text).split(/[\s,]+/).filter(Boolean);

/** A path (["sections", 0, "steps", 2]) as the page's data-path ("sections.0.steps.2"). */
export const pathKey = (path) => (path || []).join(".");

/** The path and its ancestors, nearest first, as keys: where a problem is shown. */
export function pathAndAncestors(path) {
  const keys = [];
  for (let n = (path || []).length; n > 0; n -= 1) keys.push(pathKey(path.slice(0, n)));
  return keys;
}
