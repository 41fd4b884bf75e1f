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
  var drafts = {};        // step id -> {text}; "" -> {name} (poll answers: poll.js)
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

  // What the couple, pair and poll modules (couple.js, pair.js, poll.js) may use of this page.
  var ctx = {
    socket: socket,
    code: code,
    view: function () { return view; },
    busy: function () { return busy; },
    notice: noticeFor,
    say: function (key, text, kind) { notice = { step: key, text: text, kind: kind || "ok" }; render(); },
    /** Set the notice (or, without text, clear it) and draw again even if the view is the same. */
    redraw: redraw,
    refresh: function () { lastKey = null; render(); },
    /** A command whose acknowledgement carries our new `me`; key names it for busy and notices. */
    run: function (event, payload, key) {
      return send(event, payload, key, function (ack) {
        if (ack.me && view) view.me = ack.me;
      });
    },
    send: send,
  };
  var couple = W.couple(ctx);
  var pair = W.pair(ctx, couple);
  var poll = W.poll(ctx);

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

  // ---------------------------------------------------------------- commands

  function refused(stepId, ackOrError) {
    notice = { step: stepId, text: W.problem(ackOrError), kind: "error" };
    // A refusal usually means our picture is stale (poll closed, step moved on): fetch a fresh one.
    if (ackOrError && ackOrError.ok === false) connection.sync();
  }

  /**
   * Send a command; key names it for busy and notices. onOk(ack) runs when it is accepted and
   * may return a text to confirm under the step; a refusal or a network failure is shown.
   */
  function send(event, payload, key, onOk) {
    busy = key;
    notice = null;
    render();
    return W.command(socket, event, payload).then(function (ack) {
      busy = null;
      if (ack.ok) {
        var said = onOk(ack);
        if (said) notice = { step: key, text: said, kind: "ok" };
      } else {
        refused(key, ack);
      }
      render();
      return ack;
    }, function (err) {
      busy = null;
      refused(key, err);
      render();
      return { ok: false };
    });
  }

  function join(name) {
    var payload = {};
    if (name) payload.name = name;
    send("join", payload, "join", function (ack) {
      if (ack.token) {   // a server that issues the token itself
        saveToken(ack.token);
        socket.auth.token = ack.token;
      }
      setView(ack.view);
    });
  }

  function reflect(step, text) {
    send("reflect", { step: step.id, text: text }, step.id, function (ack) {
      var mine = view.me.reflections = view.me.reflections || {};
      var list = mine[step.id] = mine[step.id] || [];
      var reflection = ack.reflection || { text: text, status: "held" };
      var known = list.some(function (r) { return reflection.id && r.id === reflection.id; });
      if (!known) list.push(reflection);
      draft(step.id).text = "";
      return t("received");
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

  function redraw(key, text, kind) {
    notice = text ? { step: key, text: text, kind: kind || "ok" } : null;
    lastKey = null;
    render();
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
    else if (step.kind === "poll") parts.push(poll.render(step));
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
        redraw(step.id, t("type_something"), "error");
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
