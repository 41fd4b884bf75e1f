/* The preview: the selected step as the projector and a phone show it, drawn by the server
 * (workshop/preview.py, /scripts/preview/) into two iframes. A hidden form posts the text to
 * each, so the script need not be saved first; posted again (debounced) when the text or the
 * selected step changes. */
import { el } from "./dom.js";
import { csrfToken } from "./editor-api.js";

export class Preview {
  constructor(frames) {
    this.forms = frames.map(([url, name]) => {
      const fields = {
        csrf: el("input", { type: "hidden", name: "csrf_token" }),
        text: el("input", { type: "hidden", name: "text" }),
        step: el("input", { type: "hidden", name: "step" }),
      };
      const form = el("form", { method: "post", action: url, target: name, hidden: true, class: "ed-preview-form" },
        Object.values(fields));
      document.body.appendChild(form);
      return { form, fields };
    });
    this.shown = null;
    this.timer = null;
  }

  /** Show step `index` (0-based over all steps) of `text`, soon. */
  show(text, index, delay = 500) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.post(text, index), delay);
  }

  post(text, index) {
    const key = `${index}\n${text}`;
    if (key === this.shown) return;
    this.shown = key;
    for (const { form, fields } of this.forms) {
      fields.csrf.value = csrfToken();
      fields.text.value = text;
      fields.step.value = String(index);
      form.submit();
    }
  }
}
