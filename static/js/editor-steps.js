/* The fields of one step, by kind (docs/script-format.md, workshop/script/model.py). `ctx`:
 * {t, changed() after a value changed, restructured() after a change that redraws the form}. */
import { el } from "./dom.js";
import { button, field, problemSlot } from "./editor-fields.js";
import { KINDS, POLL_TYPES, ROLES, changeKind, newRound, setField, setPollType, setRoles }
  from "./editor-model.js";

/** The fields of `step` at `path` ("sections.0.steps.2"). */
export function stepFields(step, path, ctx) {
  const { t } = ctx;
  const f = (key, label, more = {}) => field({ path: `${path}.${key}`, object: step, key, label,
    changed: ctx.changed, ...more });
  const common = [
    el("div", { class: "ed-row" }, [
      f("kind", t("f_kind"), { type: "select", choices: KINDS.map((k) => [k, t(`kind_${k}`)]),
        onChange: (kind) => { changeKind(step, kind); ctx.restructured(); } }),
      f("id", t("f_id"), { hint: t("hint_id") }),
      f("minutes", t("f_minutes"), { type: "number" }),
    ]),
  ];
  const own = KIND_FIELDS[step.kind] ? KIND_FIELDS[step.kind](step, path, ctx, f) : [];
  return [
    ...common,
    ...own,
    f("notes", t("f_notes"), { type: "textarea", rows: 3, hint: t("hint_notes") }),
    f("content_note", t("f_content_note"), { optional: true, hint: t("hint_content_note") }),
  ];
}

const KIND_FIELDS = {
  info: (step, path, { t }, f) => [
    f("title", t("f_title")),
    f("body", t("f_body"), { type: "textarea", rows: 5, hint: t("hint_body") }),
  ],
  poll: pollFields,
  reflection: (step, path, { t }, f) => [
    f("prompt", t("f_prompt"), { type: "textarea", rows: 2 }),
    el("div", { class: "ed-row" }, [
      f("approval", t("f_approval"), { type: "checkbox",
        onChange: (v) => setField(step, "approval", v || null, true) }),
      f("private", t("f_private_reflection"), { type: "checkbox",
        onChange: (v) => setField(step, "private", v || null, true) }),
    ]),
  ],
  pair: pairFields,
  break: (step, path, { t }, f) => [f("message", t("f_message"))],
};

function pollFields(step, path, ctx, f) {
  const { t } = ctx;
  const parts = [
    f("question", t("f_question"), { type: "textarea", rows: 2 }),
    el("div", { class: "ed-row" }, [
      f("type", t("f_type"), { type: "select", choices: POLL_TYPES.map((k) => [k, t(`type_${k}`)]),
        onChange: (type) => { setPollType(step, type); ctx.restructured(); } }),
      f("results", t("f_results"), { type: "select", value: step.results || "live",
        choices: [["live", t("results_live")], ["reveal", t("results_reveal")]],
        // live is the default: it is left out
        onChange: (v) => setField(step, "results", v === "live" ? null : v, true) }),
    ]),
  ];
  if (step.type === "single" || step.type === "multiple" || Array.isArray(step.options)) {
    parts.push(optionsList(step, path, ctx));
  }
  if (step.type === "multiple" || step.max_choices !== undefined) {
    parts.push(f("max_choices", t("f_max_choices"), { type: "number", optional: true,
      hint: t("hint_max_choices") }));
  }
  if (step.type === "scale" || step.scale !== undefined) parts.push(scaleFields(step, path, ctx));
  if (step.type === "words" || step.max_words !== undefined) {
    parts.push(f("max_words", t("f_max_words"), { type: "number", optional: true, placeholder: "3",
      hint: t("hint_max_words") }));
  }
  parts.push(el("div", { class: "ed-row" }, [
    f("private", t("f_private_poll"), { type: "checkbox",
      onChange: (v) => setField(step, "private", v || null, true) }),
    f("on_screen", t("f_on_screen"), { type: "select",
      value: step.on_screen === true ? "yes" : step.on_screen === false ? "no" : "",
      choices: [["", t("on_screen_default")], ["yes", t("on_screen_yes")], ["no", t("on_screen_no")]],
      onChange: (v) => setField(step, "on_screen", v === "" ? null : v === "yes", true) }),
  ]));
  return parts;
}

function optionsList(step, path, ctx) {
  const { t } = ctx;
  if (!Array.isArray(step.options)) step.options = [];
  const options = step.options;
  const at = `${path}.options`;
  const rows = options.map((option, i) => el("li", { class: "ed-option" }, [
    field({ path: `${at}.${i}`, label: t("f_option_n", { n: i + 1 }), value: option, focus: `option-${i}`,
      onChange: (v) => { options[i] = v; }, changed: ctx.changed }),
    button(t("remove"), () => { options.splice(i, 1); ctx.restructured(`option-${Math.max(0, i - 1)}`); },
      { focus: `remove-option-${i}`, title: t("f_option_n", { n: i + 1 }) }),
  ]));
  return el("fieldset", { class: "ed-options", "data-path": at }, [
    el("legend", { text: t("f_options") }),
    el("ol", { class: "ed-option-list" }, rows),
    button(t("add_option"), () => { options.push(""); ctx.restructured(`option-${options.length - 1}`); },
      { focus: "add-option" }),
    problemSlot(at),
  ]);
}

function scaleFields(step, path, ctx) {
  const { t } = ctx;
  if (!step.scale || typeof step.scale !== "object") step.scale = {};
  const scale = step.scale;
  const at = `${path}.scale`;
  const f = (key, label, more = {}) => field({ path: `${at}.${key}`, object: scale, key, label,
    changed: ctx.changed, focus: `scale-${key}`, ...more });
  return el("fieldset", { class: "ed-scale", "data-path": at }, [
    el("legend", { text: t("f_scale") }),
    el("div", { class: "ed-row" }, [
      f("min", t("f_scale_min"), { type: "number" }),
      f("max", t("f_scale_max"), { type: "number" }),
    ]),
    el("div", { class: "ed-row" }, [
      f("min_label", t("f_scale_min_label")),
      f("max_label", t("f_scale_max_label")),
    ]),
    problemSlot(at),
  ]);
}

function pairFields(step, path, ctx, f) {
  const { t } = ctx;
  if (!Array.isArray(step.rounds)) step.rounds = [];
  const rounds = step.rounds;
  const roles = ROLES[step.roles] || ROLES["speaker-listener"];
  const at = `${path}.rounds`;
  const roundItems = rounds.map((round, r) => {
    const rp = `${at}.${r}`;
    if (!round.prompts || typeof round.prompts !== "object") round.prompts = {};
    const rf = (key, label, more = {}) => field({ path: `${rp}.${key}`, object: round, key, label,
      changed: ctx.changed, focus: `round-${r}-${key}`, ...more });
    return el("li", { class: "ed-round", "data-path": rp }, [
      el("div", { class: "ed-round-head" }, [
        el("h4", { text: t("round_n", { n: r + 1 }) }),
        button(t("remove_round"), () => { rounds.splice(r, 1); ctx.restructured("add-round"); },
          { focus: `remove-round-${r}`, title: t("round_n", { n: r + 1 }) }),
      ]),
      rf("minutes", t("f_minutes"), { type: "number" }),
      el("div", { class: "ed-prompts", "data-path": `${rp}.prompts` }, [
        ...roles.map((role) => field({ path: `${rp}.prompts.${role}`, object: round.prompts, key: role,
          label: t("f_prompt_for", { role: t(`role_${role}`) }), type: "textarea", rows: 2,
          changed: ctx.changed, focus: `round-${r}-prompt-${role}` })),
        problemSlot(`${rp}.prompts`),
      ]),
      rf("note", t("f_note"), { optional: true, hint: t("hint_note") }),
      problemSlot(rp),
    ]);
  });
  return [
    f("title", t("f_title")),
    el("div", { class: "ed-row" }, [
      f("roles", t("f_roles"), { type: "select",
        choices: [["speaker-listener", t("roles_speaker_listener")], ["a-b", t("roles_a_b")]],
        onChange: (v) => { setRoles(step, v); ctx.restructured(); } }),
      f("swap", t("f_swap"), { type: "checkbox", value: step.swap !== false,
        // true is the default: only "no swap" is written
        onChange: (v) => setField(step, "swap", v ? null : false, true) }),
    ]),
    el("fieldset", { class: "ed-rounds", "data-path": at }, [
      el("legend", { text: t("f_rounds") }),
      el("ol", { class: "ed-round-list" }, roundItems),
      button(t("add_round"), () => {
        const last = rounds[rounds.length - 1];
        rounds.push(newRound(step.roles, last && typeof last.minutes === "number" ? last.minutes : 4));
        ctx.restructured(`round-${rounds.length - 1}-minutes`);
      }, { focus: "add-round" }),
      problemSlot(at),
    ]),
  ];
}
