/* The editor's form: the script's own fields, its sections and their steps, drawn from the
 * script's data. Typing changes the data in place and redraws nothing (the focus stays put);
 * a change of shape (a step added, moved, of another kind) redraws the form from the data
 * and puts the focus back on the same control of the same step.
 * ctx: {t, changed() after a value changed, onSelect(step) when a step gets the focus}. */
import Sortable from "sortablejs";
import { clear, el } from "./dom.js";
import { button, field, problemSlot } from "./editor-fields.js";
import { KINDS, duplicateSection, duplicateStep, idList, moveItem, moveSection, moveStep,
  newStep, questionsMode, setField, takenIds } from "./editor-model.js";
import { stepFields } from "./editor-steps.js";

// The themes of workshop/script/model.py (THEMES), in its order: the template gives their names.
export const THEMES = ["opening", "foundation", "communication", "integrity", "repair", "building",
  "help", "closing"];

export class ScriptForm {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.t = ctx.t;
    this.keys = new WeakMap();
    this.nextKey = 1;
    this.expanded = new Set();      // keys of the steps whose fields are shown
    this.sortables = [];
    this.data = null;
    this.selected = null;
  }

  key(object) {
    if (!this.keys.has(object)) this.keys.set(object, String((this.nextKey += 1)));
    return this.keys.get(object);
  }

  /** New data (from the YAML tab, a reload): the same steps stay open, by their place. */
  setData(data) {
    const open = this.data ? this.openPlaces() : null;
    const selectedAt = this.data && this.selected ? this.placeOf(this.selected) : null;
    this.data = data;
    if (open) {
      this.expanded = new Set();
      for (const [s, i] of open) {
        const step = data && data.sections && data.sections[s] && (data.sections[s].steps || [])[i];
        if (step) this.expanded.add(this.key(step));
      }
    }
    this.selected = null;
    if (selectedAt) {
      const [s, i] = selectedAt;
      this.selected = (data && data.sections && data.sections[s] && (data.sections[s].steps || [])[i]) || null;
    }
    this.draw();
  }

  openPlaces() {
    const places = [];
    this.eachStep((step, s, i) => { if (this.expanded.has(this.key(step))) places.push([s, i]); });
    return places;
  }

  eachStep(fn) {
    const sections = (this.data && Array.isArray(this.data.sections)) ? this.data.sections : [];
    sections.forEach((section, s) => {
      const list = section && Array.isArray(section.steps) ? section.steps : [];
      list.forEach((step, i) => fn(step, s, i));
    });
  }

  placeOf(step) {
    let place = null;
    this.eachStep((other, s, i) => { if (other === step) place = [s, i]; });
    return place;
  }

  /** The selected step's [section, index], or the first step's. */
  selectedPlace() {
    return (this.selected && this.placeOf(this.selected)) || [0, 0];
  }

  changed() {
    this.ctx.changed();
  }

  /** The data changed shape: draw again, the focus on `focus` (a data-focus name) of the
   *  step or section `holderKey` (by default where the focus was). */
  restructured(focus, holderKey, quiet) {
    const active = document.activeElement;
    const holder = active && this.root.contains(active) ? active.closest("[data-key]") : null;
    const key = holderKey || (holder && holder.dataset.key);
    const name = focus || (active && active.dataset ? active.dataset.focus : null);
    this.draw();
    if (!quiet) this.ctx.changed();
    if (key) this.focusIn(key, name);
  }

  focusIn(key, name) {
    const holder = this.root.querySelector(`[data-key="${key}"]`);
    if (!holder) return;
    const own = [...holder.querySelectorAll("[data-focus]")]
      .filter((node) => node.closest("[data-key]") === holder);
    const target = own.find((node) => node.dataset.focus === name && !node.disabled) ||
      own.find((node) => node.dataset.focus === "toggle") || own.find((node) => !node.disabled);
    if (target) target.focus();
  }

  // SortableJS's own dragging (forceFallback) rather than the browser's HTML5 drag and drop:
  // the same with a mouse, a pen and a finger, and driven by plain pointer events.
  draw() {
    for (const sortable of this.sortables) sortable.destroy();
    this.sortables = [];
    clear(this.root);
    const data = this.data;
    const t = this.t;
    if (!data || typeof data !== "object") return;
    if (!Array.isArray(data.sections)) data.sections = [];
    const sections = el("ol", { class: "ed-sections", "aria-label": t("sections") },
      data.sections.map((section, s) => this.sectionItem(section, s)));
    this.sortables.push(Sortable.create(sections, {
      handle: ".ed-section-handle", animation: 150, forceFallback: true,
      onEnd: (e) => this.dropped(() => moveItem(data.sections, e.oldIndex, data.sections, e.newIndex), e),
    }));
    this.root.append(
      this.scriptCard(data),
      this.helpCard(data),
      sections,
      el("div", { class: "ed-add-section" }, [
        button(t("add_section"), () => {
          const section = { title: "", theme: "opening", steps: [newStep("info", takenIds(data))] };
          data.sections.push(section);
          this.expanded.add(this.key(section.steps[0]));
          this.restructured("title", this.key(section));
        }, { focus: "add-section" }),
      ]),
    );
    this.markSelected();
    this.ctx.redrawn();
  }

  /** After a drag and drop: SortableJS moved the elements; the data follows, then the form is
   *  drawn from it again. */
  dropped(move, e) {
    if (e.from === e.to && e.oldIndex === e.newIndex) return;
    move();
    this.restructured();
  }

  scriptCard(data) {
    const t = this.t;
    const f = (key, label, more = {}) => field({ path: key, object: data, key, label,
      changed: () => this.changed(), ...more });
    const questions = questionsMode(data.questions);
    return el("section", { class: "ed-script card", "data-path": "", "aria-labelledby": "ed-script-h" }, [
      el("h2", { id: "ed-script-h", text: t("script") }),
      problemSlot(""),
      f("title", t("f_title")),
      el("div", { class: "ed-row" }, [
        f("language", t("f_language"), { type: "select", choices: [["nl", t("dutch")], ["en", t("english")]],
          hint: t("hint_language") }),
        f("min_answers", t("f_min_answers"), { type: "number", optional: true, placeholder: "3",
          hint: t("hint_min_answers") }),
      ]),
      f("description", t("f_description"), { type: "textarea", rows: 2 }),
      el("div", { class: "ed-row" }, [
        field({ path: "questions", label: t("f_questions"), type: "select", value: questions.mode,
          focus: "questions",
          choices: [["off", t("questions_off")], ["always", t("questions_always")], ["steps", t("questions_steps")]],
          onChange: (mode) => {
            if (mode === "steps") data.questions = questions.ids.length ? questions.ids : [];
            else setField(data, "questions", mode === "off" ? null : "always", true);
            this.restructured("questions");
          } }),
        questions.mode === "steps" ? field({ path: "questions.0", label: t("f_question_steps"),
          value: questions.ids.join(", "), hint: t("hint_question_steps"), focus: "question-steps",
          onChange: (text) => { data.questions = idList(text); }, changed: () => this.changed() }) : null,
        f("questions_approval", t("f_questions_approval"), { type: "checkbox",
          onChange: (v) => setField(data, "questions_approval", v || null, true) }),
      ]),
      el("p", { class: "hint", text: t("hint_yaml_only") }),
    ]);
  }

  /** Where participants find help (the Help button on every phone, the take-home card): the
   *  local numbers a facilitator fills in before the evening. */
  helpCard(data) {
    const t = this.t;
    if (!Array.isArray(data.help)) data.help = [];
    const entries = data.help;
    const holder = this.key(entries);
    const tidy = () => { if (!entries.length) delete data.help; };
    const items = entries.map((entry, n) => {
      const key = this.key(entry);
      const f = (k, label, more = {}) => field({ path: `help.${n}.${k}`, object: entry, key: k, label,
        changed: () => this.changed(), ...more });
      return el("li", { class: "ed-help-entry", "data-key": key, "data-path": `help.${n}` }, [
        el("h3", { class: "ed-help-title", text: t("help_n", { n: n + 1 }) }),
        problemSlot(`help.${n}`),
        el("div", { class: "ed-row" }, [f("name", t("f_help_name")), f("for", t("f_help_for"))]),
        el("div", { class: "ed-row" }, [
          f("phone", t("f_help_phone"), { optional: true }),
          f("web", t("f_help_web"), { optional: true }),
          f("hours", t("f_help_hours"), { optional: true }),
        ]),
        button(t("remove_help"), () => {
          entries.splice(n, 1);
          tidy();
          this.restructured("add-help", holder);
        }, { focus: "remove-help", cls: "danger" }),
      ]);
    });
    const card = el("section", { class: "ed-help card", "data-key": holder, "data-path": "help",
      "aria-labelledby": "ed-help-h" }, [
      el("h2", { id: "ed-help-h", text: t("help_h") }),
      el("p", { class: "hint", text: t("hint_help") }),
      problemSlot("help"),
      el("ol", { class: "ed-help-entries" }, items),
      button(t("add_help"), () => {
        data.help = entries;
        entries.push({ name: "", for: "" });
        this.restructured("name", this.key(entries[entries.length - 1]));
      }, { focus: "add-help" }),
    ]);
    tidy();
    return card;
  }

  sectionItem(section, s) {
    const t = this.t;
    const data = this.data;
    const path = `sections.${s}`;
    if (!Array.isArray(section.steps)) section.steps = [];
    const key = this.key(section);
    const last = data.sections.length - 1;
    const f = (k, label, more = {}) => field({ path: `${path}.${k}`, object: section, key: k, label,
      changed: () => { heading.textContent = this.sectionTitle(section, s); this.changed(); }, ...more });
    const heading = el("h2", { class: "ed-section-title", text: this.sectionTitle(section, s) });
    const kind = el("select", { id: `ed-new-kind-${key}`, "data-focus": "new-kind" },
      KINDS.map((k) => el("option", { value: k, text: t(`kind_${k}`) })));
    kind.value = "poll";
    const steps = el("ol", { class: "ed-steps", "aria-label": t("steps_of", { title: section.title || s + 1 }) },
      section.steps.map((step, i) => this.stepItem(step, s, i)));
    this.sortables.push(Sortable.create(steps, {
      group: "steps", handle: ".ed-step-handle", animation: 150, forceFallback: true,
      onEnd: (e) => this.dropped(() => {
        const from = data.sections[Number(e.from.closest("[data-section]").dataset.section)].steps;
        const to = data.sections[Number(e.to.closest("[data-section]").dataset.section)].steps;
        moveItem(from, e.oldIndex, to, e.newIndex);
      }, e),
    }));
    return el("li", { class: "ed-section card", "data-path": path, "data-key": key, "data-section": String(s) }, [
      el("div", { class: "ed-section-head" }, [
        el("span", { class: "ed-handle ed-section-handle", title: t("drag"), "aria-hidden": "true", text: "⠿" }),
        heading,
        el("div", { class: "ed-actions" }, [
          button(t("move_up"), () => { moveSection(data, s, -1); this.restructured("section-up"); },
            { focus: "section-up", disabled: s === 0, title: t("section") }),
          button(t("move_down"), () => { moveSection(data, s, 1); this.restructured("section-down"); },
            { focus: "section-down", disabled: s === last, title: t("section") }),
          button(t("duplicate"), () => {
            const twin = duplicateSection(data, s);
            this.restructured("title", this.key(twin));
          }, { focus: "section-duplicate", title: t("section") }),
          button(t("delete"), () => {
            if (!window.confirm(t("confirm_delete_section", { title: section.title || s + 1 }))) return;
            data.sections.splice(s, 1);
            const near = data.sections[Math.min(s, data.sections.length - 1)];
            this.restructured("section-delete", near ? this.key(near) : null);
            if (!near) this.root.querySelector('[data-focus="add-section"]').focus();
          }, { focus: "section-delete", cls: "danger", title: t("section") }),
        ]),
      ]),
      problemSlot(path),
      el("div", { class: "ed-row" }, [
        f("title", t("f_section_title")),
        f("theme", t("f_theme"), { type: "select", choices: THEMES.map((k) => [k, t(`theme_${k}`)]) }),
      ]),
      steps,
      el("div", { class: "ed-add-step" }, [
        el("label", { for: kind.id, text: t("new_step_kind") }),
        kind,
        button(t("add_step"), () => {
          const step = newStep(kind.value, takenIds(data));
          section.steps.push(step);
          this.expanded.add(this.key(step));
          this.selected = step;
          this.restructured("toggle", this.key(step));
          this.ctx.onSelect();
        }, { focus: "add-step" }),
      ]),
    ]);
  }

  sectionTitle(section, s) {
    return this.t("section_n", { n: s + 1, title: section.title || "" });
  }

  headline(step) {
    const text = step.title || step.question || step.prompt || step.message || "";
    const kind = this.t.has(`kind_${step.kind}`) ? this.t(`kind_${step.kind}`) : String(step.kind || "?");
    return `${kind} · ${step.id || "?"}${text ? ` — ${text}` : ""}`;
  }

  stepItem(step, s, i) {
    const t = this.t;
    const data = this.data;
    const path = `sections.${s}.steps.${i}`;
    const key = this.key(step);
    const open = this.expanded.has(key);
    const bodyId = `ed-step-body-${key}`;
    const first = s === 0 && i === 0;
    const lastSection = data.sections.length - 1;
    const lastStep = s === lastSection && i === data.sections[s].steps.length - 1;
    const toggle = el("button", { type: "button", class: "ed-toggle", "aria-expanded": open ? "true" : "false",
      "aria-controls": bodyId, "data-focus": "toggle", text: this.headline(step) });
    const body = el("div", { id: bodyId, class: "ed-step-body", hidden: !open });
    const stepCtx = { t, changed: () => { toggle.textContent = this.headline(step); this.changed(); },
      restructured: (focus) => this.restructured(focus) };
    if (open) body.append(...stepFields(step, path, stepCtx), problemSlot(path));
    toggle.addEventListener("click", () => {
      if (this.expanded.has(key)) this.expanded.delete(key);
      else this.expanded.add(key);
      this.restructured("toggle", key, true);
    });
    const item = el("li", { class: "ed-step", "data-path": path, "data-key": key }, [
      el("div", { class: "ed-step-head" }, [
        el("span", { class: "ed-handle ed-step-handle", title: t("drag"), "aria-hidden": "true", text: "⠿" }),
        el("span", { class: "ed-start", "data-clock-for": path, title: t("starts_at") }),
        toggle,
        el("span", { class: "ed-badge", "data-badge-for": path, hidden: true }),
        el("div", { class: "ed-actions" }, [
          button(t("move_up"), () => this.move(step, s, i, -1, "up"), { focus: "up", disabled: first, title: step.id }),
          button(t("move_down"), () => this.move(step, s, i, 1, "down"), { focus: "down", disabled: lastStep, title: step.id }),
          button(t("duplicate"), () => {
            const twin = duplicateStep(data, s, i);
            this.expanded.add(this.key(twin));
            this.selected = twin;
            this.restructured("id", this.key(twin));
            this.ctx.onSelect();
          }, { focus: "duplicate", title: step.id }),
          button(t("delete"), () => {
            if (!window.confirm(t("confirm_delete_step", { id: step.id || i + 1 }))) return;
            const list = data.sections[s].steps;
            list.splice(i, 1);
            const near = list[Math.min(i, list.length - 1)];
            this.restructured("delete", near ? this.key(near) : this.key(data.sections[s]));
          }, { focus: "delete", cls: "danger", title: step.id }),
        ]),
      ]),
      body,
    ]);
    item.addEventListener("focusin", () => {
      if (this.selected === step) return;
      this.selected = step;
      this.markSelected();
      this.ctx.onSelect();
    });
    return item;
  }

  move(step, s, i, dir, focus) {
    moveStep(this.data, s, i, dir);
    this.restructured(focus, this.key(step));
  }

  markSelected() {
    for (const node of this.root.querySelectorAll(".ed-step.selected")) node.classList.remove("selected");
    if (!this.selected) return;
    const node = this.root.querySelector(`[data-key="${this.key(this.selected)}"]`);
    if (node) node.classList.add("selected");
  }

  /** Open the step at `path` (a problem's) and focus its field. */
  reveal(pathKeys) {
    for (const key of pathKeys) {
      const match = /^sections\.(\d+)\.steps\.(\d+)/.exec(key);
      if (!match) continue;
      const step = this.data.sections[Number(match[1])].steps[Number(match[2])];
      if (step && !this.expanded.has(this.key(step))) {
        this.expanded.add(this.key(step));
        this.draw();
      }
      break;
    }
    for (const key of pathKeys) {
      const holder = this.root.querySelector(`[data-path="${key}"]`);
      if (!holder) continue;
      const control = holder.querySelector("input, select, textarea, button");
      (control || holder).focus();
      holder.scrollIntoView({ block: "center" });
      return;
    }
  }
}
