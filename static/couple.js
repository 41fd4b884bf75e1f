/* On the phone: forming a couple (a code and a QR code for the partner, or typing theirs, or one
 * shared phone), the quiet 'I need a moment' control on every step, and the take-home card of
 * the notes a couple exchanged. phone.js owns the view and the socket; W.couple(ctx) gets them.
 * Names and notes are what people typed: textContent only. */
(function () {
  "use strict";

  var W = window.W;
  var t = W.t;
  var el = W.el;
  var SVG = "http://www.w3.org/2000/svg";

  W.couple = function (ctx) {
    var aloneKey = "workshop-alone-" + ctx.code;
    var codeDraft = "";
    var typing = false;           // the 'enter my partner's code' field is open
    var offerOpen = false;        // the discreet panel on a step is unfolded
    var autoJoin = readCoupleParam();
    var cardNode = null;

    function me() {
      var view = ctx.view();
      return view && view.me;
    }

    function remember(key, value) {
      try {
        if (value) window.localStorage.setItem(key, "1"); else window.localStorage.removeItem(key);
      } catch (e) { /* private browsing: forget on reload */ }
    }
    var alone = (function () {
      try { return window.localStorage.getItem(aloneKey) === "1"; } catch (e) { return false; }
    })();

    function readCoupleParam() {
      var match = /[?&]couple=([A-Za-z0-9]{1,12})/.exec(window.location.search);
      return match ? match[1].toUpperCase() : null;
    }

    /** Opened from a partner's QR code: join their couple once we are in the session. */
    function afterJoin() {
      var mine = me();
      if (!autoJoin || !mine || ctx.busy()) return;
      var wanted = autoJoin;
      autoJoin = null;
      // A reload must not try again: drop ?couple= from the address.
      try { window.history.replaceState(null, "", window.location.pathname); } catch (e) { /* fine */ }
      if (mine.couple) return;
      ctx.run("couple_join", { couple: wanted }, "couple");
    }

    // ------------------------------------------------------------ forming a couple

    function create(onePhone) {
      alone = false;
      remember(aloneKey, false);
      ctx.run("couple_create", onePhone ? { one_phone: true } : {}, "couple");
    }

    function joinPartner() {
      var wanted = codeDraft.trim().toUpperCase();
      if (wanted.length !== 4) {
        ctx.say("couple", t("code_four"), "error");
        return;
      }
      ctx.run("couple_join", { couple: wanted }, "couple").then(function (ack) {
        if (ack.ok) { codeDraft = ""; typing = false; }
      });
    }

    function leave(confirmFirst) {
      if (confirmFirst && !window.confirm(t("confirm_leave"))) return;
      ctx.run("couple_leave", {}, "couple");
    }

    function panel(where) {
      var mine = me();
      if (!mine) return null;
      var couple = mine.couple;
      if (couple && (couple.complete || couple.one_phone)) return together(couple, mine);
      if (couple) return showCode(couple);
      var asked = mine.couple_request;
      if (asked && asked.status === "waiting") {
        return el("section", { class: "card couple couple-asked", role: "status" }, [
          el("p", { text: t("waiting_confirm") }),
          ctx.notice("couple"),
        ]);
      }
      if (alone) {
        return el("section", { class: "card couple couple-alone" }, [
          el("p", { text: t("alone_paired") }),
          el("button", { type: "button", class: "linkish", text: t("came_with_partner_after_all"),
            onClick: function () { alone = false; remember(aloneKey, false); offerOpen = true; ctx.refresh(); } }),
        ]);
      }
      var busy = ctx.busy() === "couple";
      var choices = el("div", { class: "couple-choices" }, [
        el("button", { type: "button", class: "button big primary", disabled: busy,
          text: t("show_code"), onClick: function () { create(false); } }),
        typing ? codeForm(busy) : el("button", { type: "button", class: "button big", disabled: busy,
          text: t("enter_code"), onClick: function () { typing = true; ctx.refresh(); focusSoon("couple-code"); } }),
        el("button", { type: "button", class: "button big", disabled: busy,
          text: t("one_phone"), onClick: function () { create(true); } }),
        el("button", { type: "button", class: "linkish", disabled: busy, text: t("came_alone"),
          onClick: function () { alone = true; remember(aloneKey, true); ctx.refresh(); } }),
        ctx.notice("couple"),
      ]);
      var declined = asked && asked.status === "declined"
        ? el("p", { class: "notice error", role: "alert", text: t("partner_said_no") }) : null;
      if (where === "lobby") {
        return el("section", { class: "card couple couple-offer" }, [
          el("h2", { text: t("came_with_partner") }),
          el("p", { class: "hint", text: t("link_phones") }),
          declined,
          choices,
        ]);
      }
      var details = el("details", { class: "card couple couple-offer discreet", open: offerOpen }, [
        el("summary", { text: t("came_with_partner") }),
        el("p", { class: "hint", text: t("link_phones") }),
        choices,
      ]);
      details.addEventListener("toggle", function () { offerOpen = details.open; });
      return details;
    }

    function codeForm(busy) {
      var input = el("input", {
        id: "couple-code", type: "text", maxlength: "4", autocomplete: "off", autocapitalize: "characters",
        spellcheck: "false", enterkeyhint: "go", class: "code-input", value: codeDraft,
        "aria-label": t("partner_code"), placeholder: t("partner_code"),
        onInput: function (e) { codeDraft = e.target.value.replace(/[^A-Za-z0-9]/g, "").toUpperCase(); },
      });
      var form = el("form", { class: "inline-row couple-code-form", novalidate: true }, [
        input,
        el("button", { type: "submit", class: "button primary", disabled: busy, text: t("join_partner") }),
      ]);
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        if (!ctx.busy()) joinPartner();
      });
      return form;
    }

    function focusSoon(id) {
      setTimeout(function () { var node = document.getElementById(id); if (node) node.focus(); }, 0);
    }

    function showCode(couple) {
      var url = window.location.origin + "/j/" + ctx.code + "?couple=" + couple.code;
      return el("section", { class: "card couple couple-code center" }, [
        el("h2", { text: t("your_couple_code") }),
        el("p", { class: "big-code", text: couple.code, "aria-label": couple.code.split("").join(" ") }),
        requestsOf(couple),
        qrNode(url),
        el("p", { text: t("scan_or_type") }),
        el("p", { class: "muted waiting-partner", text: t("waiting_partner_join") }),
        ctx.notice("couple"),
        el("button", { type: "button", class: "linkish", text: t("cancel"),
          disabled: ctx.busy() === "couple", onClick: function () { leave(false); } }),
      ]);
    }

    /** Who asks to join our couple: only a yes here lets them in (a code can be overheard). */
    function requestsOf(couple) {
      var busy = ctx.busy() === "couple";
      return el("div", { class: "couple-requests" }, (couple.requests || []).map(function (r) {
        return el("div", { class: "couple-request", role: "alert" }, [
          el("p", { text: r.name ? t("partner_asks", { name: r.name }) : t("someone_asks") }),
          el("div", { class: "couple-choices" }, [
            el("button", { type: "button", class: "button big primary", disabled: busy, text: t("yes_partner"),
              onClick: function () { ctx.run("couple_answer", { request: r.id, yes: true }, "couple"); } }),
            el("button", { type: "button", class: "button big", disabled: busy, text: t("not_partner"),
              onClick: function () { ctx.run("couple_answer", { request: r.id, yes: false }, "couple"); } }),
          ]),
        ]);
      }));
    }

    function together(couple, mine) {
      var names = (couple.partners || []).filter(function (n) { return n; });
      var line;
      if (couple.one_phone) line = t("sharing_phone");
      else if (couple.size > 2) line = names.length ? t("trio_with", { names: names.join(" & ") }) : t("trio");
      else line = names.length ? t("couple_with", { name: names[0] }) : t("couple_with_partner");
      return el("section", { class: "couple couple-strip" }, [
        el("p", { class: "couple-line" }, [el("span", { class: "heart", "aria-hidden": "true", text: "♥" }), " ", line]),
        couple.partner_needs_moment && !couple.one_phone && !inPairStep()
          ? el("p", { class: "gentle", text: t("partner_needs_moment") }) : null,
        ctx.notice("couple"),
        el("p", { class: "couple-actions" }, [
          inPairStep() && mine.pair && mine.pair.finished ? null : cardButton(mine),
          el("button", { type: "button", class: "linkish small", text: t("leave_couple"),
            disabled: ctx.busy() === "couple", onClick: function () { leave(true); } }),
        ]),
      ]);
    }

    function inPairStep() {   // the pair card says it there, once is enough
      var view = ctx.view();
      return !!(view && view.phase === "step" && view.step && view.step.kind === "pair");
    }

    // ------------------------------------------------------------ the QR code, drawn as SVG

    function qrNode(text) {
      if (typeof window.qrcode !== "function") return null;   // the code alone still works
      var qr = window.qrcode(0, "M");
      qr.addData(text);
      qr.make();
      var n = qr.getModuleCount();
      var quiet = 4;
      var d = [];
      for (var y = 0; y < n; y++) {
        for (var x = 0; x < n; x++) {
          if (qr.isDark(y, x)) d.push("M" + (x + quiet) + " " + (y + quiet) + "h1v1h-1z");
        }
      }
      var svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", "0 0 " + (n + 2 * quiet) + " " + (n + 2 * quiet));
      svg.setAttribute("shape-rendering", "crispEdges");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", t("qr_label"));
      var bg = document.createElementNS(SVG, "rect");
      bg.setAttribute("width", "100%");
      bg.setAttribute("height", "100%");
      bg.setAttribute("fill", "#fff");
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d.join(""));
      path.setAttribute("fill", "#000");
      svg.appendChild(bg);
      svg.appendChild(path);
      return el("div", { class: "couple-qr", "data-url": text }, svg);
    }

    // ------------------------------------------------------------ care: 'I need a moment'

    function careControls() {
      var mine = me();
      if (!mine || mine.care) return null;
      var busy = ctx.busy() === "care";
      return el("div", { class: "care-controls" }, [
        el("button", { type: "button", class: "linkish", disabled: busy, text: t("need_moment"),
          onClick: function () { ctx.run("care", { kind: "pause" }, "care"); } }),
        el("span", { "aria-hidden": "true", text: "·" }),
        el("button", { type: "button", class: "linkish", disabled: busy, text: t("skip_this"),
          onClick: function () { ctx.run("care", { kind: "skip" }, "care"); } }),
        ctx.notice("care"),
      ]);
    }

    function banner() {
      var mine = me();
      if (!mine || !mine.care) return null;
      return el("section", { class: "care-banner", role: "status" }, [
        el("p", { class: "care-text", text: t("take_your_time") }),
        el("button", { type: "button", class: "button big", disabled: ctx.busy() === "care",
          text: t("ready"), onClick: function () { ctx.run("care", { kind: "ok" }, "care"); } }),
        ctx.notice("care"),
      ]);
    }

    // ------------------------------------------------------------ the take-home card

    function cardButton(mine) {
      if (!mine || !Array.isArray(mine.card) || !mine.card.length) return null;
      return el("button", { type: "button", class: "button small", text: t("our_notes"), onClick: openCard });
    }

    function noteRows(entry, onePhone) {
      var rows = [];
      if (onePhone) {
        // One phone, two writers: each note once, by seat.
        Object.keys(entry.partner || entry.mine || {}).sort().forEach(function (seat) {
          var text = (entry.partner || {})[seat] || (entry.mine || {})[seat];
          if (text) rows.push([t("partner_n", { n: Number(seat) + 1 }), text]);
        });
        return rows;
      }
      Object.keys(entry.mine || {}).forEach(function (seat) {
        if (entry.mine[seat]) rows.push([t("my_note"), entry.mine[seat]]);
      });
      Object.keys(entry.partner || {}).forEach(function (seat) {
        if (entry.partner[seat]) rows.push([t("partner_note"), entry.partner[seat]]);
      });
      return rows;
    }

    function openCard() {
      closeCard();
      var mine = me();
      var view = ctx.view();
      var onePhone = !!(mine.couple && mine.couple.one_phone);
      cardNode = el("div", { class: "take-home", role: "dialog", "aria-modal": "true", "aria-labelledby": "card-title" }, [
        el("article", { class: "take-home-card" }, [
          el("p", { class: "kicker", text: (view && view.title) || "" }),
          el("h1", { id: "card-title", text: t("our_notes") }),
          (mine.card || []).map(function (entry) {
            return el("section", { class: "card-entry" }, [
              el("h2", { text: entry.title || "" }),
              entry.prompt ? el("p", { class: "muted", text: entry.prompt }) : null,
              noteRows(entry, onePhone).map(function (row) {
                return el("figure", { class: "card-note" }, [
                  el("figcaption", { text: row[0] }),
                  el("blockquote", { text: row[1] }),
                ]);
              }),
            ]);
          }),
          el("div", { class: "take-home-actions no-print" }, [
            el("button", { type: "button", class: "button big primary", text: t("print_save"),
              onClick: function () { window.print(); } }),
            el("button", { type: "button", class: "button big", text: t("close"), onClick: closeCard }),
          ]),
        ]),
      ]);
      document.body.appendChild(cardNode);
      document.body.classList.add("card-open");
      window.scrollTo(0, 0);
    }

    function closeCard() {
      if (cardNode && cardNode.parentNode) cardNode.parentNode.removeChild(cardNode);
      cardNode = null;
      document.body.classList.remove("card-open");
    }

    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && cardNode) closeCard(); });

    return {
      afterJoin: afterJoin,
      panel: panel,
      banner: banner,
      careControls: careControls,
      cardButton: cardButton,
    };
  };
})();
