/* On the phone: a poll step's controls (one choice, several choices, a scale, a few words) and
 * the vote. phone.js owns the view, the socket and the notices; W.poll(ctx) gets them. The
 * answer being put together lives here, outside the view, so that a push never wipes it. */
(function () {
  "use strict";

  var W = window.W;
  var t = W.t;
  var el = W.el;

  W.poll = function (ctx) {
    var drafts = {};   // step id -> {choices, words}

    function draft(stepId) {
      if (!drafts[stepId]) drafts[stepId] = {};
      return drafts[stepId];
    }

    function sameSet(a, b) {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
      var x = a.slice().sort(), y = b.slice().sort();
      for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
      return true;
    }

    function vote(step, answer) {
      ctx.send("vote", { step: step.id, answer: answer }, step.id, function (ack) {
        var me = ctx.view().me;
        me.answers = me.answers || {};
        me.answers[step.id] = ack.answer !== undefined ? ack.answer : answer;
        delete drafts[step.id];
        return t("answer_saved");
      });
    }

    function render(step) {
      var view = ctx.view();
      var answer = view.me.answers ? view.me.answers[step.id] : undefined;
      var hasAnswer = answer !== undefined && answer !== null;
      var closed = !!(view.poll && view.poll.closed);
      var sending = ctx.busy() === step.id;
      var controls;
      if (step.type === "single") controls = singleControls(step, answer, closed, sending);
      else if (step.type === "multiple") controls = multipleControls(step, answer, closed, sending);
      else if (step.type === "scale") controls = scaleControls(step, answer, closed, sending);
      else if (step.type === "words") controls = wordsControls(step, answer, closed, sending);
      else controls = el("p", { class: "muted", text: t("unsupported") });

      var notice = ctx.notice(step.id);
      var status = null;
      if (closed) status = el("p", { class: "notice notice-closed", text: t("poll_closed_phone") });
      else if (hasAnswer && !notice) status = el("p", { class: "notice notice-quiet", text: t("can_change") });
      return el("section", { class: "card poll" + (closed ? " closed" : "") }, [
        el("h1", { class: "question", text: step.question || "" }),
        controls,
        notice,
        status,
      ]);
    }

    function choiceButton(label, selected, disabled, onClick, extraClass) {
      return el("button", {
        type: "button",
        class: "choice" + (selected ? " selected" : "") + (extraClass ? " " + extraClass : ""),
        "aria-pressed": selected ? "true" : "false",
        disabled: disabled,
        onClick: onClick,
      }, [el("span", { class: "check", "aria-hidden": "true" }), el("span", { class: "choice-text", text: label })]);
    }

    function singleControls(step, answer, closed, sending) {
      return el("div", { class: "choices" }, (step.options || []).map(function (option, i) {
        return choiceButton(option, answer === i, closed || sending, function () {
          if (answer !== i) vote(step, i);
        });
      }));
    }

    function multipleControls(step, answer, closed, sending) {
      var d = draft(step.id);
      var saved = Array.isArray(answer) ? answer : [];
      if (!Array.isArray(d.choices)) d.choices = saved.slice();
      var max = step.max_choices || (step.options || []).length;
      var buttons = (step.options || []).map(function (option, i) {
        var selected = d.choices.indexOf(i) >= 0;
        return choiceButton(option, selected, closed || sending, function () {
          var problem = null;
          if (selected) {
            d.choices = d.choices.filter(function (c) { return c !== i; });
          } else if (d.choices.length < max) {
            d.choices = d.choices.concat([i]);
          } else if (max === 1) {
            d.choices = [i];
          } else {
            problem = t("max_choices", { n: max });
          }
          ctx.redraw(step.id, problem, "error");
        }, "toggle");
      });
      var unchanged = sameSet(d.choices, saved) && saved.length > 0;
      var hint = step.max_choices && step.max_choices < (step.options || []).length
        ? el("p", { class: "hint", text: t("choose_up_to", { n: step.max_choices }) })
        : el("p", { class: "hint", text: t("choose_any") });
      return el("div", {}, [
        hint,
        el("div", { class: "choices" }, buttons),
        closed ? null : el("button", {
          type: "button", class: "button big primary send",
          disabled: sending || !d.choices.length || unchanged,
          text: sending ? t("sending") : (saved.length ? t("change_answer") : t("send")),
          onClick: function () { vote(step, d.choices.slice().sort(function (a, b) { return a - b; })); },
        }),
      ]);
    }

    function scaleControls(step, answer, closed, sending) {
      var scale = step.scale || { min: 1, max: 5 };
      var buttons = [];
      for (var v = scale.min; v <= scale.max; v++) {
        (function (value) {
          buttons.push(el("button", {
            type: "button",
            class: "scale-point" + (answer === value ? " selected" : ""),
            "aria-pressed": answer === value ? "true" : "false",
            disabled: closed || sending,
            text: String(value),
            onClick: function () { if (answer !== value) vote(step, value); },
          }));
        })(v);
      }
      var points = scale.max - scale.min + 1;
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
      var d = draft(step.id);
      var max = step.max_words || 3;
      var saved = Array.isArray(answer) ? answer : [];
      if (!Array.isArray(d.words)) d.words = saved.slice();
      var inputs = [];
      for (var i = 0; i < max; i++) {
        (function (index) {
          inputs.push(el("input", {
            type: "text", class: "word", maxlength: "30", autocomplete: "off",
            autocapitalize: "none", spellcheck: "true", enterkeyhint: index < max - 1 ? "next" : "send",
            "aria-label": t("word_n", { n: index + 1 }),
            value: d.words[index] || "", disabled: closed || sending,
            onInput: function (e) { d.words[index] = e.target.value; },
          }));
        })(i);
      }
      var form = el("form", { class: "words", novalidate: true }, [
        el("p", { class: "hint", text: W.plural("up_to_words", max) }),
        inputs,
        closed ? null : el("button", {
          type: "submit", class: "button big primary send", disabled: sending,
          text: sending ? t("sending") : (saved.length ? t("change_answer") : t("send")),
        }),
      ]);
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        if (ctx.busy() || closed) return;
        var seen = {};
        var words = [];
        (d.words || []).forEach(function (word) {
          word = (word || "").trim().slice(0, 30);
          var folded = word.toLocaleLowerCase();
          if (word && !seen[folded]) {
            seen[folded] = true;
            words.push(word);
          }
        });
        if (!words.length) {
          ctx.redraw(step.id, t("type_a_word"), "error");
          return;
        }
        vote(step, words.slice(0, max));
      });
      // Enter in a field moves to the next one rather than sending half an answer.
      form.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" || e.target.tagName !== "INPUT") return;
        var index = inputs.indexOf(e.target);
        if (index >= 0 && index < inputs.length - 1) {
          e.preventDefault();
          inputs[index + 1].focus();
        }
      });
      return form;
    }

    return { render: render };
  };
})();
