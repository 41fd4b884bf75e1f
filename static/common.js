/* Shared by the phone, screen and console pages: ids, acknowledged commands with retry,
 * safe DOM building, translated strings, clocks and the poll results renderer.
 * Everything a participant typed goes into the page through textContent, never innerHTML. */
(function () {
  "use strict";

  var W = {};

  // ---------------------------------------------------------------- strings

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) return {};
    try { return JSON.parse(node.textContent); } catch (e) { return {}; }
  }

  W.strings = Object.assign({}, readJson("common-strings"), readJson("strings"));

  /** A translated string with {name} placeholders filled in. */
  W.t = function (key, params) {
    var text = Object.prototype.hasOwnProperty.call(W.strings, key) ? W.strings[key] : key;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, function (whole, name) {
        return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
      });
    }
    return text;
  };

  // Counts with a word ("1 person answered" / "3 people answered"): the page gets, from the
  // catalogue, one object of strings per plural form of its language ("common-plurals" in
  // base.html, "plurals" on the page) and the catalogue's rule that picks the form for n.
  var plurals = (function () {
    var common = readJson("common-plurals"), page = readJson("plurals");
    var forms = [];
    for (var i = 0; i < Math.max(common.length || 0, page.length || 0); i++) {
      forms.push(Object.assign({}, common[i], page[i]));
    }
    return forms;
  })();

  /** Which form a count takes. `counts[i]` is the smallest count that takes form i (from the
   *  catalogue); a count takes the form whose count is in the same plural category of the
   *  language (Intl.PluralRules, CLDR's rules). Nothing from the page is evaluated as code: the
   *  Content-Security-Policy allows no eval. Without Intl: the msgids' own rule, 1 or not. */
  W.pluralForm = function (counts, lang) {
    var rules = null;
    try { rules = new Intl.PluralRules(lang); } catch (e) { /* an old browser */ }
    return function (n) {
      if (!rules || !counts || !counts.length) return n === 1 ? 0 : 1;
      var category = rules.select(n);
      for (var i = 0; i < counts.length; i++) {
        if (rules.select(counts[i]) === category) return i;
      }
      return counts.length - 1;
    };
  };
  var pluralNode = document.getElementById("common-plurals");
  var pluralForm = W.pluralForm(
    pluralNode && JSON.parse(pluralNode.getAttribute("data-counts") || "null"),
    document.documentElement.lang || "en");

  /** The form of `key` for the count n, with {n} (and any params) filled in. */
  W.plural = function (key, n, params) {
    var form = Math.min(Math.max(pluralForm(n) || 0, 0), plurals.length - 1);
    var forms = plurals[form] || {};
    var text = Object.prototype.hasOwnProperty.call(forms, key) ? forms[key] : key;
    var p = Object.assign({ n: n }, params || {});
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(p, name) ? String(p[name]) : whole;
    });
  };

  W.lang = document.documentElement.lang || "en";

  W.formatNumber = function (value, digits) {
    try {
      return new Intl.NumberFormat(W.lang, { maximumFractionDigits: digits || 0 }).format(value);
    } catch (e) {
      return String(Math.round(value));
    }
  };

  // ---------------------------------------------------------------- DOM

  /** Build an element. attrs: class, text (textContent), html (trusted only), on{Event}, others
   *  as attributes. children: nodes, strings (as text) or arrays of those; null is skipped. */
  W.el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    attrs = attrs || {};
    Object.keys(attrs).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key === "style") W.setStyle(node, value);
      else if (key.slice(0, 2) === "on" && typeof value === "function") {
        node.addEventListener(key.slice(2).toLowerCase(), value);
      } else if (value === true) node.setAttribute(key, "");
      else node.setAttribute(key, String(value));
    });
    W.append(node, children);
    return node;
  };

  /** Inline styles through the CSSOM ("width:40%;--points:3"): the Content-Security-Policy
   *  (style-src 'self') blocks style attributes, not node.style. */
  W.setStyle = function (node, css) {
    String(css).split(";").forEach(function (declaration) {
      var colon = declaration.indexOf(":");
      if (colon < 0) return;
      var property = declaration.slice(0, colon).trim();
      if (property) node.style.setProperty(property, declaration.slice(colon + 1).trim());
    });
    return node;
  };

  W.append = function (node, children) {
    if (children === null || children === undefined) return node;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      if (Array.isArray(child)) W.append(node, child);
      else if (typeof child === "string" || typeof child === "number") {
        node.appendChild(document.createTextNode(String(child)));
      } else node.appendChild(child);
    });
    return node;
  };

  W.clear = function (node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  };

  /** Escape text for the rare place a string must be built as HTML. Prefer W.el. */
  W.escape = function (text) {
    return String(text === null || text === undefined ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  };

  /** Server-sanitised HTML from the facilitator's script (an info step's body_html): the only
   *  HTML any page inserts. */
  W.trustedHtml = function (node, html) {
    node.innerHTML = html || "";
    return node;
  };

  // ---------------------------------------------------------------- ids and commands

  W.cid = function () {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = [];
    if (window.crypto && window.crypto.getRandomValues) {
      var buffer = new Uint8Array(16);
      window.crypto.getRandomValues(buffer);
      bytes = Array.prototype.slice.call(buffer);
    } else {
      for (var i = 0; i < 16; i++) bytes.push(Math.floor(Math.random() * 256));
    }
    return bytes.map(function (b) { return (b + 256).toString(16).slice(1); }).join("");
  };

  var ACK_TIMEOUT = 10000;
  var MAX_ATTEMPTS = 6;

  /**
   * Emit a command and resolve with its acknowledgement ({ok: true, ...} or {ok: false, message}).
   * A timed-out attempt is sent again with the same payload, so the same cid: the server applies
   * a command once however often it arrives. While offline we wait for the reconnect rather than
   * burn attempts. Rejects only when the server could not be reached at all.
   */
  W.send = function (socket, event, payload) {
    payload = payload || {};
    return new Promise(function (resolve, reject) {
      var attempts = 0;
      function attempt() {
        if (!socket.connected) {
          socket.once("connect", attempt);
          return;
        }
        attempts += 1;
        socket.timeout(ACK_TIMEOUT).emit(event, payload, function (err, ack) {
          if (!err) {
            resolve(ack || { ok: false, error: "no_ack", message: W.t("no_answer") });
            return;
          }
          if (attempts >= MAX_ATTEMPTS) {
            reject(new Error("timeout"));
            return;
          }
          setTimeout(attempt, Math.min(500 * attempts, 3000));
        });
      }
      attempt();
    });
  };

  /** send() for a command that changes something: adds a fresh cid. */
  /** io() with the server's transport choice: behind a proxy with several processes the pages
   * use WebSocket only, so one connection stays on one process (see deploy/nginx.conf). */
  W.io = function (namespace, options) {
    var transports = document.documentElement.getAttribute("data-transports");
    if (transports) options.transports = transports.split(",");
    return io(namespace, options);
  };

  W.command = function (socket, event, payload) {
    return W.send(socket, event, Object.assign({ cid: W.cid() }, payload || {}));
  };

  /** The text to show a person for a refused command or a network failure. */
  W.problem = function (ackOrError) {
    if (ackOrError && ackOrError.message && ackOrError.ok === false) return ackOrError.message;
    return W.t("network_error");
  };

  // ---------------------------------------------------------------- connection

  /**
   * Keep a status element up to date, sync on every connect and reconnect, and survive
   * sleeping phones and laptops: socket.io reconnects by itself, but a page that comes back to
   * the foreground checks at once, and a connection that looks alive but is not (after sleep)
   * is replaced. handlers.onView(view) gets every synced view; handlers.onRefused(err) runs
   * when the server refuses the connection (unknown code, no right to it).
   */
  W.connection = function (socket, statusNode, handlers) {
    function show(state, text) {
      if (!statusNode) return;
      statusNode.className = "status status-" + state;
      statusNode.textContent = text;
      statusNode.hidden = state === "online";
    }
    show("connecting", W.t("connecting"));

    function sync() {
      W.send(socket, "sync", {}).then(function (ack) {
        if (ack && ack.ok) handlers.onView(ack.view);
        else W.toast(W.problem(ack), "error");
      }, function () { /* still offline: the next connect syncs */ });
    }

    socket.on("connect", function () {
      show("online", W.t("online"));
      sync();
    });
    socket.on("disconnect", function (reason) {
      show("offline", W.t("offline"));
      // The server closed us on purpose (e.g. a restart): socket.io will not retry by itself.
      if (reason === "io server disconnect") setTimeout(function () { socket.connect(); }, 1000);
    });
    socket.io.on("reconnect_attempt", function () { show("offline", W.t("reconnecting")); });
    socket.on("connect_error", function (err) {
      if (socket.active) {
        show("offline", W.t("reconnecting"));
      } else {
        // Refused by the server: socket.io will not retry on its own.
        show("refused", (err && err.message) || W.t("refused"));
        if (handlers.onRefused) handlers.onRefused(err);
      }
    });

    function wake() {
      if (document.visibilityState === "hidden") return;
      if (!socket.connected) {
        socket.connect();
        return;
      }
      // After sleep the socket can look connected while it is dead; a quick sync tells.
      socket.timeout(5000).emit("sync", {}, function (err, ack) {
        if (err) {
          socket.disconnect();
          socket.connect();
        } else if (ack && ack.ok) {
          handlers.onView(ack.view);
        }
      });
    }
    document.addEventListener("visibilitychange", wake);
    window.addEventListener("online", wake);
    window.addEventListener("pageshow", function (e) { if (e.persisted) wake(); });
    return { sync: sync };
  };

  // ---------------------------------------------------------------- time

  // Step start times are the server's epoch seconds; a view may carry `now` (the server's
  // clock) so that a phone whose clock is off still counts down correctly.
  var clockOffset = 0;
  W.serverClock = function (view) {
    if (view && typeof view.now === "number") clockOffset = view.now - Date.now() / 1000;
  };
  W.now = function () { return Date.now() / 1000 + clockOffset; };

  W.mmss = function (seconds) {
    var negative = seconds < 0;
    seconds = Math.floor(Math.abs(seconds));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var text = (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
    return (negative ? "−" : "") + text;
  };

  W.minutes = function (minutes) {
    return W.t("minutes", { n: W.formatNumber(minutes, 1) });
  };

  /** Seconds left in a timed step (a break), or null if it has no start. */
  W.remaining = function (step) {
    if (!step || typeof step.started_at !== "number") return null;
    return step.started_at + (step.minutes || 0) * 60 - W.now();
  };

  /** Call fn every second, aligned to the second; returns a stop function. */
  W.everySecond = function (fn) {
    var timer = null;
    function tick() {
      fn();
      timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
    }
    tick();
    return function () { clearTimeout(timer); };
  };

  /** A countdown element for a timed step; W.startCountdowns keeps every one ticking. */
  W.countdown = function (step, className) {
    var node = W.el("div", { class: "countdown" + (className ? " " + className : "") });
    if (step && typeof step.started_at === "number") {
      node.setAttribute("data-ends", String(step.started_at + (step.minutes || 0) * 60));
    }
    updateCountdown(node);
    return node;
  };

  function updateCountdown(node) {
    var ends = parseFloat(node.getAttribute("data-ends"));
    if (isNaN(ends)) {
      node.textContent = "";
      return;
    }
    var left = ends - W.now();
    node.textContent = left > 0 ? W.mmss(Math.ceil(left)) : W.t("time_up");
    node.classList.toggle("countdown-over", left <= 0);
  }

  W.startCountdowns = function () {
    return W.everySecond(function () {
      var nodes = document.querySelectorAll(".countdown[data-ends]");
      for (var i = 0; i < nodes.length; i++) updateCountdown(nodes[i]);
    });
  };

  // ---------------------------------------------------------------- toast

  W.toast = function (message, kind) {
    var box = document.getElementById("toasts");
    if (!box) {
      box = W.el("div", { id: "toasts", class: "toasts", role: "status", "aria-live": "polite" });
      document.body.appendChild(box);
    }
    var item = W.el("div", { class: "toast" + (kind ? " toast-" + kind : ""), text: message });
    box.appendChild(item);
    setTimeout(function () { item.classList.add("toast-leaving"); }, 4500);
    setTimeout(function () { if (item.parentNode) item.parentNode.removeChild(item); }, 5000);
  };

  // ---------------------------------------------------------------- poll results

  function percent(count, total) {
    return total > 0 ? Math.round((100 * count) / total) : 0;
  }

  function bar(label, count, total, extraClass) {
    var pct = percent(count, total);
    return W.el("div", { class: "bar" + (extraClass ? " " + extraClass : "") }, [
      W.el("div", { class: "bar-label", text: label }),
      W.el("div", { class: "bar-track" }, [
        W.el("div", { class: "bar-fill", style: "width:" + pct + "%" }),
      ]),
      W.el("div", { class: "bar-count" }, [
        W.el("span", { class: "bar-n", text: W.formatNumber(count) }),
        W.el("span", { class: "bar-pct", text: pct + "%" }),
      ]),
    ]);
  }

  function choiceBars(step, results) {
    var tally = Array.isArray(results.tally) ? results.tally : [];
    var options = step.options || [];
    var answered = results.answered || 0;
    var most = Math.max.apply(null, [0].concat(tally));
    return W.el("div", { class: "bars" }, options.map(function (option, i) {
      var count = tally[i] || 0;
      return bar(option, count, answered, count > 0 && count === most ? "bar-top" : "");
    }));
  }

  function scaleBars(step, results) {
    var scale = step.scale || {};
    var tally = results.tally || {};
    var counts = tally.counts || {};
    var total = 0;
    Object.keys(counts).forEach(function (k) { total += counts[k] || 0; });
    var rows = [];
    for (var v = scale.min; v <= scale.max; v++) rows.push(counts[v] || counts[String(v)] || 0);
    var most = Math.max.apply(null, [0].concat(rows));
    rows = rows.map(function (count, i) {
      var v = scale.min + i;
      var label = String(v);
      if (v === scale.min && scale.min_label) label += " · " + scale.min_label;
      if (v === scale.max && scale.max_label) label += " · " + scale.max_label;
      return bar(label, count, total, count > 0 && count === most ? "bar-top" : "");
    });
    var parts = [W.el("div", { class: "bars bars-scale" }, rows)];
    if (typeof tally.mean === "number") {
      parts.push(W.el("div", { class: "mean",
        text: W.t("mean", { mean: W.formatNumber(tally.mean, 1) }) }));
    }
    return W.el("div", {}, parts);
  }

  function wordCloud(results) {
    var words = Array.isArray(results.tally) ? results.tally.slice(0, 60) : [];
    if (!words.length) return W.el("p", { class: "muted", text: W.t("no_words_yet") });
    var counts = words.map(function (w) { return w[1]; });
    var max = Math.max.apply(null, counts);
    var min = Math.min.apply(null, counts);
    // Biggest words in the middle: alternate the (most frequent first) list to both ends.
    var arranged = [];
    words.forEach(function (w, i) {
      if (i % 2) arranged.push(w); else arranged.unshift(w);
    });
    return W.el("div", { class: "cloud" }, arranged.map(function (w) {
      var weight = max === min ? 0.5 : (w[1] - min) / (max - min);
      var size = (1 + 2.2 * Math.sqrt(weight)).toFixed(2);
      return W.el("span", {
        class: "cloud-word" + (weight > 0.66 ? " cloud-big" : ""),
        style: "font-size:" + size + "em",
        title: String(w[1]),
        text: w[0],
      });
    }));
  }

  /**
   * Render RESULTS for a poll STEP into container. Used by the screen and the console.
   * Returns the container.
   */
  W.renderResults = function (container, step, results) {
    // Bars grow from their previous width rather than jumping, when the options are the same.
    var before = Array.prototype.map.call(container.querySelectorAll(".bar-fill"), function (n) {
      return n.style.width;
    });
    var sameStep = container.getAttribute("data-step") === String(step && step.id);
    container.setAttribute("data-step", String(step && step.id));
    W.clear(container);
    build(container, step, results);
    var fills = container.querySelectorAll(".bar-fill");
    if (sameStep && before.length === fills.length && fills.length) {
      var targets = Array.prototype.map.call(fills, function (n) { return n.style.width; });
      Array.prototype.forEach.call(fills, function (n, i) { n.style.width = before[i]; });
      void container.offsetWidth;  // commit the old widths so the change transitions
      Array.prototype.forEach.call(fills, function (n, i) { n.style.width = targets[i]; });
    }
    return container;
  };

  function build(container, step, results) {
    if (!step || !results) return;
    var answered = results.answered || 0;
    var head = W.el("div", { class: "results-head" }, [
      W.el("span", { class: "answered", text: W.plural("answered", answered) }),
      results.closed ? W.el("span", { class: "badge badge-closed", text: W.t("poll_closed") }) : null,
    ]);
    container.appendChild(head);

    if (!results.visible || results.tally === null || results.tally === undefined) {
      var waiting;
      var held = results.shown === false ||
        (results.shown === undefined && step.results === "reveal");
      if (held) {
        waiting = W.t("results_revealed");
      } else if (typeof results.min_answers === "number") {
        waiting = W.plural("results_appear_at", results.min_answers);
      } else {
        waiting = W.t("results_appear");
      }
      container.appendChild(W.el("p", { class: "results-waiting", text: waiting }));
      return;
    }

    var type = results.type || step.type;
    if (type === "single" || type === "multiple") container.appendChild(choiceBars(step, results));
    else if (type === "scale") container.appendChild(scaleBars(step, results));
    else if (type === "words") container.appendChild(wordCloud(results));
  }

  // ---------------------------------------------------------------- step helpers

  /** The line a step is known by: its title, a poll's question or a reflection's prompt. */
  W.stepHeading = function (step) {
    if (!step) return "";
    return step.title || step.question || step.prompt || step.message || "";
  };

  W.kindLabel = function (kind) {
    return W.t("kind_" + kind);
  };

  W.roleLabel = function (role) {
    var key = "role_" + role;
    return Object.prototype.hasOwnProperty.call(W.strings, key) ? W.t(key) : role;
  };

  /** A pair step's rounds as public instructions (used by the screen). */
  W.renderRounds = function (step) {
    var rounds = Array.isArray(step.rounds) ? step.rounds : [];
    return W.el("ol", { class: "rounds" }, rounds.map(function (round, i) {
      var items = [];
      if (typeof round === "string") {
        items.push(W.el("p", { text: round }));
      } else if (round) {
        if (round.instructions) items.push(W.el("p", { text: round.instructions }));
        if (round.prompts && typeof round.prompts === "object") {
          items.push(W.el("dl", { class: "prompts" }, Object.keys(round.prompts).map(function (role) {
            return [W.el("dt", { text: W.roleLabel(role) }), W.el("dd", { text: round.prompts[role] })];
          })));
        }
        if (round.note) items.push(W.el("p", { class: "round-note", text: W.t("round_note") }));
      }
      var head = W.t("round_n", { n: i + 1 });
      if (round && typeof round.minutes === "number") head += " · " + W.minutes(round.minutes);
      return W.el("li", { class: "round" }, [W.el("h3", { text: head }), items]);
    }));
  };

  window.W = W;
})();
