/* On the phone: one round of a pair step for this couple. Your role and prompt (both roles, in
 * turn, on a one-phone couple), the round's countdown, 'done', and the private note: written
 * here, shown to the partner only once both have written, shared to the wall only if both agree.
 * Notes are what people typed: textContent only. */
import { countdown } from "./countdown.js";
import { countedText, el } from "./dom.js";
import { limits, roleLabel, t } from "./page.js";

const written = (text) => text !== null && text !== undefined;

export function pairing(ctx, couple) {
  const drafts = {};   // "step:round:seat" -> text being written

  function render(step) {
    const me = ctx.view().me;
    const c = me.couple;
    const p = me.pair;
    const card = (extra, parts) => el("section", { class: "card pair" + extra }, [
      el("p", { class: "kicker", text: t("kind_pair") }),
      el("h1", { text: step.title || "" }),
      parts,
    ]);
    if (!c) return card("", el("p", { class: "lead", text: t("pair_for_couples") }));
    if (!c.complete) return card("", el("p", { class: "lead", text: t("pair_wait_partner") }));
    if (!p || p.step !== step.id) {
      return card("", [el("p", { class: "lead", text: t("pair_together") }),
        el("p", { class: "muted", text: t("pair_follow") })]);
    }
    if (p.finished) {
      return card(" center", [el("p", { class: "lead", text: t("pair_finished") }),
        el("div", { class: "pulse", "aria-hidden": "true" }),
        el("p", {}, couple.cardButton(me))]);
    }
    return card("", [
      el("p", { class: "round-of", text: t("round_of", { n: p.round + 1, total: p.rounds }) }),
      presence(c),
      turns(p),
      typeof p.deadline === "number" ? [
        el("p", { class: "countdown-label", text: t("round_time_left") }),
        countdown({ started_at: p.deadline, minutes: 0 }, "countdown-phone countdown-pair"),
      ] : null,
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
    const turn = (p.turns || []).find((x) => String(x.seat) === String(seat));
    return turn ? roleLabel(turn.role) : t("partner_n", { n: Number(seat) + 1 });
  }

  function turn(order, role, prompt) {
    return el("div", { class: "turn" }, [
      el("p", { class: "turn-role" }, [
        el("span", { class: "turn-order", text: order }), " ",
        el("span", { class: "role-badge", text: roleLabel(role) }),
      ]),
      el("p", { class: "prompt", text: prompt || "" }),
    ]);
  }

  function turns(p) {
    const list = p.turns || [];
    if (list.length > 1) {   // one phone for two: both turns, one after the other
      return el("div", { class: "turns" }, [
        el("p", { class: "hint", text: t("one_phone_turns") }),
        list.map((x, i) => turn(i === 0 ? t("first") : t("then"), x.role, x.prompt)),
      ]);
    }
    return list.map((x) => turn(t("your_role"), x.role, x.prompt));
  }

  function doneControls(step, p, c) {
    if (p.done && !c.one_phone) {
      return el("div", { class: "pair-waiting" }, [
        el("div", { class: "pulse small-pulse", "aria-hidden": "true" }),
        el("p", { class: "lead", text: t("waiting_partner") }),
      ]);
    }
    const busy = ctx.busy() === "pair";
    return [
      p.partner_done && !c.one_phone ? el("p", { class: "hint", text: t("partner_is_done") }) : null,
      el("button", { type: "button", class: "button big primary pair-done", disabled: busy,
        text: busy ? t("sending") : t("done"),
        onClick: () => ctx.run("pair_done", { step: step.id, round: p.round }, "pair") }),
    ];
  }

  // ------------------------------------------------------------ the private note

  function note(step, p, c) {
    const n = p.note;
    const mySeats = Object.keys(n.mine || {}).sort();
    const parts = [
      el("h2", { text: t("note_for_partner") }),
      el("p", { class: "prompt", text: n.prompt || "" }),
    ];
    if (!n.revealed) {
      for (const seat of mySeats) {
        const label = c.one_phone ? t("writes", { role: roleOf(p, seat) }) : null;
        if (written(n.mine[seat])) parts.push(noteShown(label || t("my_note"), n.mine[seat], null));
        else parts.push(noteForm(step, p, c, seat, label));
      }
      // Shown once the server has our note: until the partner writes theirs, this is the sign.
      if (!c.one_phone && mySeats.every((s) => written(n.mine[s]))) {
        parts.push(el("p", { class: "notice notice-ok note-sent", role: "status", text: t("note_sent") }));
      }
    } else {
      const rows = [];
      if (c.one_phone) {
        for (const seat of Object.keys(n.partner || {}).sort()) {
          rows.push([seat, t("writes_done", { role: roleOf(p, seat) }), n.partner[seat]]);
        }
      } else {
        for (const seat of mySeats) rows.push([seat, t("my_note"), n.mine[seat]]);
        for (const seat of Object.keys(n.partner || {}).sort()) rows.push([seat, t("partner_note"), n.partner[seat]]);
      }
      for (const [seat, label, text] of rows) parts.push(noteShown(label, text, shareControl(step, n, c, seat)));
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
    const key = `${step.id}:${p.round}:${seat}`;
    const id = "pair-note-" + seat;
    const busy = ctx.busy() === "note";
    const { area, counter } = countedText({
      id, max: limits.note, rows: 4, value: drafts[key], disabled: busy,
      placeholder: t("note_placeholder"),
      onInput: (text, node) => { drafts[key] = text; ctx.corrected("note", node); },
    });
    const form = el("form", { class: "note-form", novalidate: true }, [
      el("label", { for: id, class: label ? "" : "sr-only", text: label || t("my_note") }),
      area,
      el("div", { class: "form-row" }, [el("span", { class: "hint", text: t("note_private") }), counter]),
      el("button", { type: "submit", class: "button big primary", disabled: busy,
        text: busy ? t("sending") : t("send_to_partner") }),
    ]);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (ctx.busy()) return;
      const text = (drafts[key] || "").trim();   // over the limit: the server says so
      if (!text) {
        ctx.say("note", t("type_something"), "error");
        return;
      }
      const payload = { step: step.id, round: p.round, text };
      if (c.one_phone) payload.seat = Number(seat);
      ctx.run("pair_note", payload, "note").then((ack) => {
        if (ack.ok) delete drafts[key];
      });
    });
    return form;
  }

  function shareControl(step, n, c, seat) {
    const share = (n.shares || []).find((s) => String(s.author) === String(seat));
    if (!share) return null;
    if (share.shared) return el("p", { class: "badge badge-shown", text: t("shared_on_wall") });
    if (share.agreed) return el("p", { class: "badge badge-held", text: t("share_agreed") });
    return el("button", {
      type: "button", class: "button small", disabled: ctx.busy() === "note",
      text: t("share_wall"),
      onClick: () => {
        // One phone for two: one tap would share, so ask whether both of them agree.
        if (c.one_phone && !window.confirm(t("confirm_share_both"))) return;
        ctx.run("pair_share", { step: step.id, round: n.round, author: Number(seat) }, "note");
      },
    });
  }

  return { render };
}
