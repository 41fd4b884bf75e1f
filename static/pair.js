/* On the phone: one round of a pair step for this couple. Your role and prompt (both roles, in
 * turn, on a one-phone couple), the round's countdown, 'done', and the private note: written
 * here, shown to the partner only once both have written, shared to the wall only if both agree.
 * Notes are what people typed: textContent only. */
(function () {
  "use strict";

  var W = window.W;
  var t = W.t;
  var el = W.el;
  var MAX_NOTE = 500;

  W.pair = function (ctx, couple) {
    var drafts = {};   // "step:round:seat" -> text being written

    function render(step) {
      var view = ctx.view();
      var me = view.me;
      var c = me.couple;
      var p = me.pair;
      var head = [
        el("p", { class: "kicker", text: t("kind_pair") }),
        el("h1", { text: step.title || "" }),
      ];
      if (!c) return el("section", { class: "card pair" }, [head, el("p", { class: "lead", text: t("pair_for_couples") })]);
      if (!c.complete) return el("section", { class: "card pair" }, [head, el("p", { class: "lead", text: t("pair_wait_partner") })]);
      if (!p || p.step !== step.id) {
        return el("section", { class: "card pair" }, [head,
          el("p", { class: "lead", text: t("pair_together") }),
          el("p", { class: "muted", text: t("pair_follow") })]);
      }
      if (p.finished) {
        return el("section", { class: "card pair center" }, [head,
          el("p", { class: "lead", text: t("pair_finished") }),
          el("div", { class: "pulse", "aria-hidden": "true" }),
          el("p", {}, couple.cardButton(me))]);
      }
      return el("section", { class: "card pair" }, [
        head,
        el("p", { class: "round-of", text: t("round_of", { n: p.round + 1, total: p.rounds }) }),
        presence(c),
        turns(p, c),
        typeof p.deadline === "number"
          ? W.countdown({ started_at: p.deadline, minutes: 0 }, "countdown-phone countdown-pair") : null,
        p.note ? note(step, p, c) : null,
        doneControls(step, p, c),
        ctx.notice("pair"),
      ]);
    }

    function presence(c) {
      if (c.one_phone) return null;
      return [
        c.partner_online === false ? el("p", { class: "gentle", text: t("partner_offline") }) : null,
        c.partner_needs_moment ? el("p", { class: "gentle", text: t("partner_needs_moment") }) : null,
      ];
    }

    function roleOf(p, seat) {
      var turn = (p.turns || []).filter(function (x) { return String(x.seat) === String(seat); })[0];
      return turn ? W.roleLabel(turn.role) : t("partner_n", { n: Number(seat) + 1 });
    }

    function turns(p, c) {
      var list = p.turns || [];
      if (list.length > 1) {
        return el("div", { class: "turns" }, [
          el("p", { class: "hint", text: t("one_phone_turns") }),
          list.map(function (turn, i) {
            return el("div", { class: "turn" }, [
              el("p", { class: "turn-role" }, [
                el("span", { class: "turn-order", text: i === 0 ? t("first") : t("then") }), " ",
                el("span", { class: "role-badge", text: W.roleLabel(turn.role) }),
              ]),
              el("p", { class: "prompt", text: turn.prompt || "" }),
            ]);
          }),
        ]);
      }
      return list.map(function (turn) {
        return el("div", { class: "turn" }, [
          el("p", { class: "turn-role" }, [
            el("span", { class: "turn-order", text: t("your_role") }), " ",
            el("span", { class: "role-badge", text: W.roleLabel(turn.role) }),
          ]),
          el("p", { class: "prompt", text: turn.prompt || "" }),
        ]);
      });
    }

    function doneControls(step, p, c) {
      if (p.done && !c.one_phone) {
        return el("div", { class: "pair-waiting" }, [
          el("div", { class: "pulse small-pulse", "aria-hidden": "true" }),
          el("p", { class: "lead", text: t("waiting_partner") }),
        ]);
      }
      var busy = ctx.busy() === "pair";
      return [
        p.partner_done && !c.one_phone ? el("p", { class: "hint", text: t("partner_is_done") }) : null,
        el("button", { type: "button", class: "button big primary pair-done", disabled: busy,
          text: busy ? t("sending") : t("done"),
          onClick: function () { ctx.run("pair_done", { step: step.id, round: p.round }, "pair"); } }),
      ];
    }

    // ------------------------------------------------------------ the private note

    function note(step, p, c) {
      var n = p.note;
      var mySeats = Object.keys(n.mine || {}).sort();
      var parts = [
        el("h2", { text: t("note_for_partner") }),
        el("p", { class: "prompt", text: n.prompt || "" }),
      ];
      if (!n.revealed) {
        mySeats.forEach(function (seat) {
          var written = n.mine[seat];
          var label = c.one_phone ? t("writes", { role: roleOf(p, seat) }) : null;
          if (written === null || written === undefined) parts.push(noteForm(step, p, c, seat, label));
          else parts.push(noteShown(label || t("my_note"), written, null));
        });
        var allWritten = mySeats.every(function (s) { return n.mine[s] !== null && n.mine[s] !== undefined; });
        if (allWritten && !c.one_phone) parts.push(el("p", { class: "notice notice-ok", text: t("note_sent") }));
      } else {
        var notes = [];
        if (c.one_phone) {
          Object.keys(n.partner || {}).sort().forEach(function (seat) {
            notes.push([seat, t("writes_done", { role: roleOf(p, seat) }), n.partner[seat]]);
          });
        } else {
          mySeats.forEach(function (seat) { notes.push([seat, t("my_note"), n.mine[seat]]); });
          Object.keys(n.partner || {}).sort().forEach(function (seat) {
            notes.push([seat, t("partner_note"), n.partner[seat]]);
          });
        }
        notes.forEach(function (row) { parts.push(noteShown(row[1], row[2], shareControl(step, n, c, row[0]))); });
        parts.push(el("p", { class: "hint", text: t("share_both_agree") }));
      }
      parts.push(ctx.notice("note"));
      return el("div", { class: "pair-note" }, parts);
    }

    function noteShown(label, text, extra) {
      return el("figure", { class: "note-shown" }, [
        el("figcaption", { text: label }),
        el("blockquote", { text: text || "" }),
        extra,
      ]);
    }

    function noteForm(step, p, c, seat, label) {
      var key = step.id + ":" + p.round + ":" + seat;
      var id = "pair-note-" + seat;
      var busy = ctx.busy() === "note";
      var counter = el("span", { class: "counter", text: (drafts[key] || "").length + " / " + MAX_NOTE });
      var area = el("textarea", {
        id: id, maxlength: String(MAX_NOTE), rows: "4", disabled: busy,
        placeholder: t("note_placeholder"),
        onInput: function (e) {
          drafts[key] = e.target.value;
          counter.textContent = drafts[key].length + " / " + MAX_NOTE;
        },
      });
      area.value = drafts[key] || "";
      var form = el("form", { class: "note-form", novalidate: true }, [
        el("label", { for: id, class: label ? "" : "sr-only", text: label || t("my_note") }),
        area,
        el("div", { class: "form-row" }, [el("span", { class: "hint", text: t("note_private") }), counter]),
        el("button", { type: "submit", class: "button big primary", disabled: busy,
          text: busy ? t("sending") : t("send_to_partner") }),
      ]);
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        if (ctx.busy()) return;
        var text = (drafts[key] || "").trim().slice(0, MAX_NOTE);
        if (!text) {
          ctx.say("note", t("type_something"), "error");
          return;
        }
        var payload = { step: step.id, round: p.round, text: text };
        if (c.one_phone) payload.seat = Number(seat);
        ctx.run("pair_note", payload, "note").then(function (ack) {
          if (ack.ok) delete drafts[key];
        });
      });
      return form;
    }

    function shareControl(step, n, c, seat) {
      var share = (n.shares || []).filter(function (s) { return String(s.author) === String(seat); })[0];
      if (!share) return null;
      if (share.shared) return el("p", { class: "badge badge-shown", text: t("shared_on_wall") });
      if (share.agreed) return el("p", { class: "badge badge-held", text: t("share_agreed") });
      return el("button", {
        type: "button", class: "button small", disabled: ctx.busy() === "note",
        text: t("share_wall"),
        onClick: function () {
          // One phone for two: one tap would share, so ask whether both of them agree.
          if (c.one_phone && !window.confirm(t("confirm_share_both"))) return;
          ctx.run("pair_share", { step: step.id, round: n.round, author: Number(seat) }, "note");
        },
      });
    }

    return { render: render };
  };
})();
