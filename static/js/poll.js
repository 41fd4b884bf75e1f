/* On the phone: a poll step's controls (one choice, several choices, a scale, a few words) and
 * the vote. phone.js owns the view, the socket and the notices; answering(ctx) gets them. The
 * rules of an answer being put together are answers.js's. */
import { cleanWords, drafts, sameSet, sortedChoices, toggleChoice } from "./answers.js";
import { el } from "./dom.js";
import { limits, plural, t } from "./page.js";

export function answering(ctx) {
  const draft = drafts();   // step id -> {choices, words}

  function vote(step, answer) {
    ctx.send("vote", { step: step.id, answer }, step.id, (ack) => {
      const me = ctx.view().me;
      me.answers = me.answers || {};
      me.answers[step.id] = ack.answer !== undefined ? ack.answer : answer;
      draft.drop(step.id);
      return t("answer_saved");
    });
  }

  function render(step) {
    const view = ctx.view();
    const answer = view.me.answers ? view.me.answers[step.id] : undefined;
    // (The check-in is answered whatever the step, and is never closed.)
    const closed = !step.check_in && !!(view.poll && view.poll.closed);
    const sending = ctx.busy() === step.id;
    const make = { single: singleControls, multiple: multipleControls, scale: scaleControls,
      words: wordsControls }[step.type];
    const controls = make ? make(step, answer, closed, sending)
      : el("p", { class: "muted", text: t("unsupported") });

    const notice = ctx.notice(step.id);
    let status = null;
    if (closed) status = el("p", { class: "notice notice-closed", text: t("poll_closed_phone") });
    else if (answer !== undefined && answer !== null && !notice) {
      status = el("p", { class: "notice notice-quiet", text: t("can_change") });
    }
    return el("section", { class: "card poll" + (closed ? " closed" : "") }, [
      el("h1", { class: "question", text: step.question || "" }),
      step.private ? el("p", { class: "private-note", text: t("private_answer") }) : null,
      controls,
      notice,
      status,
    ]);
  }

  // Every control has an id: phone.js gives the focus back to it after the page is drawn again
  // (a vote, a toggle), so that the keyboard stays where it was.
  function choiceButton(id, label, selected, disabled, onClick, extraClass) {
    return el("button", {
      type: "button",
      id,
      class: "choice" + (selected ? " selected" : "") + (extraClass ? " " + extraClass : ""),
      "aria-pressed": selected ? "true" : "false",
      disabled,
      onClick,
    }, [el("span", { class: "check", "aria-hidden": "true" }), el("span", { class: "choice-text", text: label })]);
  }

  function sendButton(type, disabled, sending, changing, onClick) {
    return el("button", { type, id: "poll-send", class: "button big primary send", disabled, onClick,
      text: sending ? t("sending") : (changing ? t("change_answer") : t("send")) });
  }

  function singleControls(step, answer, closed, sending) {
    return el("div", { class: "choices" }, (step.options || []).map((option, i) =>
      choiceButton(`choice-${i}`, option, answer === i, closed || sending, () => { if (answer !== i) vote(step, i); })));
  }

  function multipleControls(step, answer, closed, sending) {
    const d = draft(step.id);
    const options = step.options || [];
    const saved = Array.isArray(answer) ? answer : [];
    if (!Array.isArray(d.choices)) d.choices = [...saved];
    const max = step.max_choices || options.length;
    const buttons = options.map((option, i) => choiceButton(`choice-${i}`, option, d.choices.includes(i), closed || sending, () => {
      const { choices, refused } = toggleChoice(d.choices, i, max);
      d.choices = choices;
      ctx.say(step.id, refused ? plural("max_choices", max) : null, "error");
    }, "toggle"));
    const unchanged = saved.length > 0 && sameSet(d.choices, saved);
    const limited = step.max_choices && step.max_choices < options.length;
    return el("div", {}, [
      el("p", { class: "hint", text: limited ? plural("choose_up_to", step.max_choices) : t("choose_any") }),
      el("div", { class: "choices" }, buttons),
      closed ? null : sendButton("button", sending || !d.choices.length || unchanged, sending, saved.length,
        () => vote(step, sortedChoices(d.choices))),
    ]);
  }

  function scaleControls(step, answer, closed, sending) {
    const scale = step.scale;   // a scale poll always has one (script/model.py)
    const buttons = [];
    for (let value = scale.min; value <= scale.max; value++) {
      buttons.push(el("button", {
        type: "button",
        id: `point-${value}`,
        class: "scale-point" + (answer === value ? " selected" : ""),
        "aria-pressed": answer === value ? "true" : "false",
        disabled: closed || sending,
        text: String(value),
        onClick: () => { if (answer !== value) vote(step, value); },
      }));
    }
    const points = scale.max - scale.min + 1;
    return el("div", { class: "scale" }, [
      el("div", { class: "scale-points" + (points > 6 ? " scale-many" : ""),
        style: "--points:" + Math.min(points, 6) }, buttons),
      el("div", { class: "scale-labels" }, [
        el("span", { text: scale.min + " · " + (scale.min_label || "") }),
        el("span", { text: scale.max + " · " + (scale.max_label || "") }),
      ]),
    ]);
  }

  function wordsControls(step, answer, closed, sending) {
    const d = draft(step.id);
    const max = step.max_words;
    const saved = Array.isArray(answer) ? answer : [];
    if (!Array.isArray(d.words)) d.words = [...saved];
    const inputs = Array.from({ length: max }, (_, index) => el("input", {
      type: "text", id: `word-${index}`, class: "word", maxlength: String(limits.word), autocomplete: "off",
      autocapitalize: "none", spellcheck: "true", enterkeyhint: index < max - 1 ? "next" : "send",
      "aria-label": t("word_n", { n: index + 1 }),
      value: d.words[index] || "", disabled: closed || sending,
      onInput: (e) => { d.words[index] = e.target.value; },
    }));
    const form = el("form", { class: "words", novalidate: true }, [
      el("p", { class: "hint", text: plural("up_to_words", max) }),
      inputs,
      closed ? null : sendButton("submit", sending, sending, saved.length),
    ]);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (ctx.busy() || closed) return;
      const words = cleanWords(d.words, limits.word, max);
      if (words.length) vote(step, words);
      else ctx.say(step.id, t("type_a_word"), "error");
    });
    // Enter in a field moves to the next one rather than sending half an answer.
    form.addEventListener("keydown", (e) => {
      const index = inputs.indexOf(e.target);
      if (e.key === "Enter" && index >= 0 && index < inputs.length - 1) {
        e.preventDefault();
        inputs[index + 1].focus();
      }
    });
    return form;
  }

  return { render };
}
