/* On the phone: a reflection step. Write an anonymous reflection (up to the server's limit),
 * send it, and see what you sent with whether it is on the wall. phone.js owns the view, the
 * socket and the notices; reflecting(ctx) gets them. */
import { drafts } from "./answers.js";
import { countedText, el } from "./dom.js";
import { limits, t } from "./page.js";

const STATUS_KEYS = { held: "status_held", shown: "status_shown", hidden: "status_hidden",
  private: "status_private" };

export function reflecting(ctx) {
  const draft = drafts();   // step id -> {text}

  function reflect(step, text) {
    ctx.send("reflect", { step: step.id, text }, step.id, (ack) => {
      const me = ctx.view().me;
      const mine = me.reflections = me.reflections || {};
      const list = mine[step.id] = mine[step.id] || [];
      const reflection = ack.reflection || { text, status: "held" };
      if (!list.some((r) => reflection.id && r.id === reflection.id)) list.push(reflection);
      draft(step.id).text = "";
      return t("received");
    });
  }

  function render(step) {
    const d = draft(step.id);
    const sending = ctx.busy() === step.id;
    const me = ctx.view().me;
    const mine = (me.reflections && me.reflections[step.id]) || [];
    const { area, counter } = countedText({
      id: "reflection-text", max: limits.reflection, rows: 5, value: d.text, disabled: sending,
      placeholder: t("reflection_placeholder"),
      onInput: (text, node) => { d.text = text; ctx.corrected(step.id, node); },
    });
    const form = el("form", { class: "reflect", novalidate: true }, [
      el("label", { for: "reflection-text", class: "sr-only", text: t("your_reflection") }),
      area,
      el("div", { class: "form-row" }, [
        el("span", { class: "hint", text: step.private ? t("private_answer") : t("anonymous") }), counter]),
      el("button", { type: "submit", class: "button big primary send", disabled: sending,
        text: sending ? t("sending") : (mine.length ? t("send_another") : t("send")) }),
    ]);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (ctx.busy()) return;
      const text = (d.text || "").trim();
      if (text) reflect(step, text);      // over the limit: the server says so, nothing is cut
      else ctx.say(step.id, t("type_something"), "error");
    });

    const list = mine.length ? el("div", { class: "mine" }, [
      el("h2", { text: t("your_reflections") }),
      el("ul", { class: "my-reflections" }, mine.map((r) => el("li", {}, [
        el("p", { text: r.text }),
        STATUS_KEYS[r.status] ? el("span", { class: "badge badge-" + r.status, text: t(STATUS_KEYS[r.status]) }) : null,
      ]))),
    ]) : null;

    return el("section", { class: "card reflection" }, [
      el("h1", { class: "question", text: step.prompt || "" }),
      form,
      ctx.notice(step.id),
      list,
    ]);
  }

  return { render };
}
