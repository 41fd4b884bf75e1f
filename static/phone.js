/* The participant's phone: join, then follow the facilitator step by step.
 * The view comes from `sync` (on every connect) and acknowledgements; `session` pushes replace
 * the shared part and keep our own (`me`). Drafts live outside the view so that a push never
 * wipes what someone is typing. */
(function () {
  "use strict";

  var W = window.W;
  var t = W.t;
  var el = W.el;

  var code = document.body.getAttribute("data-code");
  var tokenKey = "workshop-token-" + code;
  var app = document.getElementById("app");
  var statusNode = document.getElementById("status");
  var nameNode = document.getElementById("me-name");

  var view = null;
  var drafts = {};        // step id -> {choices, words, text}; "" -> {name}
  var busy = null;        // step id (or "join") of the command in flight
  var notice = null;      // {step, text, kind} shown under the step's controls
  var lastKey = null;
  var lastStepId = null;

  // localStorage can be missing or throw (private browsing); then the token lives in memory.
  var memoryToken = null;
  function loadToken() {
    try { return window.localStorage.getItem(tokenKey) || memoryToken; } catch (e) { return memoryToken; }
  }
  function saveToken(token) {
    memoryToken = token;
    try { window.localStorage.setItem(tokenKey, token); } catch (e) { /* memory only */ }
  }

  // The phone makes its own token (the server keeps only a hash of it) and keeps it, so that
  // after sleep, a lost Wi-Fi or a server restart it comes back as the same participant.
  var token = loadToken();
  if (!token) {
    token = (W.cid() + W.cid()).replace(/-/g, "");
    saveToken(token);
  }
  var socket = W.io("/phone", { auth: { code: code, token: token } });

  var connection = W.connection(socket, statusNode, {
    onView: setView,
    onRefused: showRefused,
  });

  // Our own part (couple, round, notes) comes to this phone only, whenever it changes.
  socket.on("me", function (me) {
    if (!view || !me) return;
    view.me = me;
    render();
  });

  socket.on("session", function (shared) {
    if (!view || !shared) return;
    var me = view.me;
    Object.assign(view, shared);
    view.me = me;
    W.serverClock(shared);
    render();
  });

  W.startCountdowns();

  // What the couple and pair modules (couple.js, pair.js) may use of this page.
  var ctx = {
    socket: socket,
    code: code,
    view: function () { return view; },
    busy: function () { return busy; },
    notice: noticeFor,
    say: function (key, text, kind) { notice = { step: key, text: text, kind: kind || "ok" }; render(); },
    refresh: function () { lastKey = null; render(); },
    /** A command whose acknowledgement carries our new `me`; key names it for busy and notices. */
    run: function (event, payload, key) {
      busy = key;
      notice = null;
      render();
      return W.command(socket, event, payload).then(function (ack) {
        busy = null;
        if (ack.ok && ack.me && view) view.me = ack.me;
        else if (!ack.ok) refused(key, ack);
        render();
        return ack;
      }, function (err) {
        busy = null;
        refused(key, err);
        render();
        return { ok: false };
      });
    },
  };
  var couple = W.couple(ctx);
  var pair = W.pair(ctx, couple);

  function setView(next) {
    if (!next) return;
    view = next;
    W.serverClock(view);
    render();
    if (view.me) couple.afterJoin();
  }

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

  // ---------------------------------------------------------------- commands

  function refused(stepId, ackOrError) {
    notice = { step: stepId, text: W.problem(ackOrError), kind: "error" };
    // A refusal usually means our picture is stale (poll closed, step moved on): fetch a fresh one.
    if (ackOrError && ackOrError.ok === false) connection.sync();
  }

  function join(name) {
    busy = "join";
    notice = null;
    render();
    var payload = {};
    if (name) payload.name = name;
    W.command(socket, "join", payload).then(function (ack) {
      busy = null;
      if (ack.ok) {
        if (ack.token) {   // a server that issues the token itself
          saveToken(ack.token);
          socket.auth.token = ack.token;
        }
        setView(ack.view);
      } else {
        refused("join", ack);
        render();
      }
    }, function (err) {
      busy = null;
      refused("join", err);
      render();
    });
  }

  function vote(step, answer) {
    busy = step.id;
    notice = null;
    render();
    W.command(socket, "vote", { step: step.id, answer: answer }).then(function (ack) {
      busy = null;
      if (ack.ok) {
        view.me.answers = view.me.answers || {};
        view.me.answers[step.id] = ack.answer !== undefined ? ack.answer : answer;
        notice = { step: step.id, text: t("answer_saved"), kind: "ok" };
        delete drafts[step.id];
      } else {
        refused(step.id, ack);
      }
      render();
    }, function (err) {
      busy = null;
      refused(step.id, err);
      render();
    });
  }

  function reflect(step, text) {
    busy = step.id;
    notice = null;
    render();
    W.command(socket, "reflect", { step: step.id, text: text }).then(function (ack) {
      busy = null;
      if (ack.ok) {
        var mine = view.me.reflections = view.me.reflections || {};
        var list = mine[step.id] = mine[step.id] || [];
        var reflection = ack.reflection || { text: text, status: "held" };
        var known = list.some(function (r) { return reflection.id && r.id === reflection.id; });
        if (!known) list.push(reflection);
        draft(step.id).text = "";
        notice = { step: step.id, text: t("received"), kind: "ok" };
      } else {
        refused(step.id, ack);
      }
      render();
    }, function (err) {
      busy = null;
      refused(step.id, err);
      render();
    });
  }

  // ---------------------------------------------------------------- rendering

  function render() {
    if (!view) return;
    var key = JSON.stringify([view.phase, view.step, view.poll, view.me, busy, notice]);
    if (key === lastKey) return;
    lastKey = key;

    if (view.title) document.title = view.title;
    nameNode.textContent = view.me && view.me.name ? view.me.name : "";
    nameNode.hidden = !(view.me && view.me.name);

    var stepId = view.phase === "step" && view.step ? view.step.id : view.phase;
    var moved = stepId !== lastStepId;
    if (moved && notice && notice.step !== stepId) notice = null;
    lastStepId = stepId;

    // A push may come while someone types: keep their field focused and the caret where it was.
    var focused = document.activeElement;
    var focusId = focused && focused.id && app.contains(focused) ? focused.id : null;
    var caret = focusId && typeof focused.selectionStart === "number"
      ? [focused.selectionStart, focused.selectionEnd] : null;

    W.clear(app);
    if (view.phase === "ended") W.append(app, renderEnded());
    else if (!view.me) W.append(app, renderJoin());
    else if (view.phase !== "step" || !view.step) W.append(app, renderLobby());
    else W.append(app, renderStep(view.step));
    if (moved) window.scrollTo(0, 0);

    var again = focusId && !moved ? document.getElementById(focusId) : null;
    if (again && !again.disabled) {
      again.focus({ preventScroll: true });
      if (caret && again.setSelectionRange) {
        try { again.setSelectionRange(caret[0], caret[1]); } catch (e) { /* not a text field */ }
      }
    }
  }

  function noticeFor(stepId) {
    if (!notice || notice.step !== stepId) return null;
    return el("p", { class: "notice notice-" + notice.kind, role: "status", text: notice.text });
  }

  function renderRefused(err) {
    return el("section", { class: "card center" }, [
      el("h1", { text: t("cannot_join") }),
      el("p", { text: (err && err.message) || t("refused") }),
      el("button", { class: "button big", type: "button", text: t("try_again"),
        onClick: function () { socket.connect(); } }),
      el("p", {}, el("a", { href: "/", text: t("home") })),
    ]);
  }

  function showRefused(err) {
    lastKey = null;
    W.clear(app).appendChild(renderRefused(err));
  }

  function renderJoin() {
    var d = draft("");
    var input = el("input", {
      id: "join-name", type: "text", maxlength: "40", autocomplete: "given-name",
      autocapitalize: "words", enterkeyhint: "go", value: d.name || "",
      onInput: function (e) { d.name = e.target.value; },
    });
    var joining = busy === "join";
    var form = el("form", { class: "card join", novalidate: true }, [
      el("h1", { text: view.title || "" }),
      el("p", { class: "lead", text: t("welcome") }),
      el("label", { for: "join-name", text: t("name_label") }),
      input,
      el("p", { class: "hint", text: t("name_hint") }),
      el("button", { class: "button big primary", type: "submit", disabled: joining,
        text: joining ? t("joining") : t("join") }),
      noticeFor("join"),
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (busy) return;
      join((d.name || "").trim().slice(0, 40));
    });
    return form;
  }

  function renderLobby() {
    return [
      couple.banner(),
      el("section", { class: "card center waiting" }, [
        el("h1", { text: view.me.name ? t("hello_name", { name: view.me.name }) : t("hello") }),
        el("p", { class: "lead", text: t("you_are_in") }),
        el("div", { class: "pulse", "aria-hidden": "true" }),
        el("p", { text: t("waiting_start") }),
      ]),
      couple.panel("lobby"),
    ];
  }

  function renderEnded() {
    return el("section", { class: "card center" }, [
      el("h1", { text: t("thanks") }),
      el("p", { class: "lead", text: t("ended") }),
      el("p", { class: "muted", text: t("close_page") }),
    ]);
  }

  function renderStep(step) {
    var parts = [couple.banner()];
    if (step.content_note) {
      parts.push(el("aside", { class: "content-note", role: "note" }, [
        el("strong", { text: t("content_note") + " " }), step.content_note,
      ]));
    }
    if (step.kind === "info") parts.push(renderInfo(step));
    else if (step.kind === "poll") parts.push(renderPoll(step));
    else if (step.kind === "reflection") parts.push(renderReflection(step));
    else if (step.kind === "pair") parts.push(pair.render(step));
    else if (step.kind === "break") parts.push(renderBreak(step));
    else parts.push(el("section", { class: "card" }, el("h1", { text: W.stepHeading(step) })));
    parts.push(couple.panel("step"), couple.careControls());
    return el("div", { class: "step step-" + step.kind }, parts);
  }

  function renderInfo(step) {
    return el("section", { class: "card" }, [
      el("h1", { text: step.title || "" }),
      W.trustedHtml(el("div", { class: "prose" }), step.body_html),
    ]);
  }

  function renderBreak(step) {
    return el("section", { class: "card center" }, [
      el("p", { class: "kicker", text: t("kind_break") }),
      el("h1", { text: step.message || "" }),
      W.countdown(step, "countdown-phone"),
      el("p", { class: "muted", text: t("break_back") }),
    ]);
  }

  // ---------------------------------------------------------------- polls

  function renderPoll(step) {
    var answer = view.me.answers ? view.me.answers[step.id] : undefined;
    var hasAnswer = answer !== undefined && answer !== null;
    var closed = !!(view.poll && view.poll.closed);
    var sending = busy === step.id;
    var controls;
    if (step.type === "single") controls = singleControls(step, answer, closed, sending);
    else if (step.type === "multiple") controls = multipleControls(step, answer, closed, sending);
    else if (step.type === "scale") controls = scaleControls(step, answer, closed, sending);
    else if (step.type === "words") controls = wordsControls(step, answer, closed, sending);
    else controls = el("p", { class: "muted", text: t("unsupported") });

    var status = null;
    if (closed) status = el("p", { class: "notice notice-closed", text: t("poll_closed_phone") });
    else if (hasAnswer && !(notice && notice.step === step.id)) {
      status = el("p", { class: "notice notice-quiet", text: t("can_change") });
    }
    return el("section", { class: "card poll" + (closed ? " closed" : "") }, [
      el("h1", { class: "question", text: step.question || "" }),
      controls,
      noticeFor(step.id),
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
        notice = null;
        if (selected) {
          d.choices = d.choices.filter(function (c) { return c !== i; });
        } else if (d.choices.length < max) {
          d.choices = d.choices.concat([i]);
        } else if (max === 1) {
          d.choices = [i];
        } else {
          notice = { step: step.id, text: t("max_choices", { n: max }), kind: "error" };
        }
        lastKey = null;
        render();
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
      el("p", { class: "hint", text: max === 1 ? t("one_word") : t("up_to_words", { n: max }) }),
      inputs,
      closed ? null : el("button", {
        type: "submit", class: "button big primary send", disabled: sending,
        text: sending ? t("sending") : (saved.length ? t("change_answer") : t("send")),
      }),
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (busy || closed) return;
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
        notice = { step: step.id, text: t("type_a_word"), kind: "error" };
        lastKey = null;
        render();
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

  // ---------------------------------------------------------------- reflections

  var STATUS_KEYS = { held: "status_held", shown: "status_shown", hidden: "status_hidden" };

  function renderReflection(step) {
    var d = draft(step.id);
    var sending = busy === step.id;
    var mine = (view.me.reflections && view.me.reflections[step.id]) || [];
    var counter = el("span", { class: "counter", text: (d.text || "").length + " / 500" });
    var area = el("textarea", {
      id: "reflection-text", maxlength: "500", rows: "5", disabled: sending,
      placeholder: t("reflection_placeholder"),
      onInput: function (e) {
        d.text = e.target.value;
        counter.textContent = d.text.length + " / 500";
      },
    });
    area.value = d.text || "";
    var form = el("form", { class: "reflect", novalidate: true }, [
      el("label", { for: "reflection-text", class: "sr-only", text: t("your_reflection") }),
      area,
      el("div", { class: "form-row" }, [
        el("span", { class: "hint", text: t("anonymous") }),
        counter,
      ]),
      el("button", { type: "submit", class: "button big primary send", disabled: sending,
        text: sending ? t("sending") : (mine.length ? t("send_another") : t("send")) }),
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (busy) return;
      var text = (d.text || "").trim();
      if (!text) {
        notice = { step: step.id, text: t("type_something"), kind: "error" };
        lastKey = null;
        render();
        return;
      }
      reflect(step, text.slice(0, 500));
    });

    var list = mine.length ? el("div", { class: "mine" }, [
      el("h2", { text: t("your_reflections") }),
      el("ul", { class: "my-reflections" }, mine.map(function (r) {
        return el("li", {}, [
          el("p", { text: r.text }),
          STATUS_KEYS[r.status] ? el("span", { class: "badge badge-" + r.status, text: t(STATUS_KEYS[r.status]) }) : null,
        ]);
      })),
    ]) : null;

    return el("section", { class: "card reflection" }, [
      el("h1", { class: "question", text: step.prompt || "" }),
      form,
      noticeFor(step.id),
      list,
    ]);
  }
})();
