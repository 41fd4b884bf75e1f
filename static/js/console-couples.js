/* The console's couples panel: a grid of couples with their progress (never what they wrote),
 * the people who came alone with a way to pair them, and the pair step's time controls. A
 * 'needs a moment' signal shows which couple or person, never why. */
import { clear, el } from "./dom.js";
import { limits, plural, t } from "./page.js";
import { toast } from "./toast.js";

const [FEWEST, MOST] = limits.group;   // people the facilitator may pair at once

/** node: the panel's element; run(event, payload, onOk): the console's acknowledged command. */
export function consoleCouples(node, run) {
  let selected = new Set();   // aliases of the singles ticked for pairing
  let lastKey = null;
  let view = null;

  function render(next) {
    view = next;
    const couples = view.couples || [];
    const singles = view.singles || [];
    const step = view.phase === "step" ? view.step : null;
    const pairStep = !!(step && step.kind === "pair");
    // Forget ticks for people who are no longer single.
    const aliases = new Set(singles.map((s) => s.alias));
    selected = new Set([...selected].filter((a) => aliases.has(a)));

    const key = JSON.stringify([couples, singles, pairStep, view.phase, [...selected]]);
    if (key === lastKey) return;
    lastKey = key;
    clear(node);
    node.hidden = !couples.length && !singles.length && !pairStep;
    if (node.hidden) return;

    const moments = couples.filter((c) => c.needs_moment).length + singles.filter((s) => s.needs_moment).length;
    node.appendChild(el("div", { class: "panel-head couples-head" }, [
      el("h3", { text: t("couples") }),
      el("p", { class: "panel-meta" }, [
        plural("couples_count", couples.length), " · ", plural("singles_count", singles.length),
        moments ? el("span", { class: "moment-signal", text: plural("moments", moments) }) : null,
      ]),
    ]));
    if (pairStep && view.phase !== "ended") {
      node.appendChild(el("div", { class: "panel-actions" }, [
        el("button", { type: "button", class: "button", text: t("plus_two"),
          onClick: () => run("pair_extend", { minutes: 2 }, () => toast(t("extended"))) }),
        el("button", { type: "button", class: "button danger", text: t("end_exercise"),
          onClick: () => { if (window.confirm(t("confirm_end_exercise"))) run("pair_finish", {}); } }),
      ]));
    }
    if (couples.length) node.appendChild(el("ul", { class: "couple-grid" }, couples.map((c) => tile(c, pairStep))));
    if (singles.length) node.appendChild(singlesList(singles));
  }

  function tile(c, pairStep) {
    const names = (c.names || []).filter((n) => n);
    const badges = [];
    if (c.one_phone) badges.push(t("badge_one_phone"));
    else if (c.size === 1) badges.push(t("badge_waiting"));
    else if (c.size > 2) badges.push(t("badge_trio"));
    if (c.formed_by === "facilitator") badges.push(t("badge_by_you"));
    let progress = null;
    if (pairStep && typeof c.round === "number") {
      progress = el("p", { class: "couple-progress" }, c.finished
        ? el("strong", { text: t("finished") })
        : [el("strong", { text: t("round_r_n", { r: c.round + 1, n: c.rounds }) }),
          " · ", t("done_count", { done: c.done || 0, size: c.one_phone ? 1 : c.size })]);
    }
    return el("li", { class: "couple-tile" + (c.needs_moment ? " needs-moment" : "") + (c.finished ? " finished" : "") }, [
      el("div", { class: "couple-top" }, [
        el("span", { class: "couple-number", text: "#" + c.number }),
        c.offline ? el("span", { class: "offline-mark", title: t("offline_phone") }, [
          el("span", { class: "dot dot-offline", "aria-hidden": "true" }), " ", t("offline_short")]) : null,
        c.needs_moment ? el("span", { class: "moment-signal", text: t("needs_moment") }) : null,
      ]),
      names.length ? el("p", { class: "couple-names", text: names.join(" & ") }) : null,
      badges.length ? el("p", { class: "couple-badges" }, badges.map((b) => el("span", { class: "badge", text: b }))) : null,
      progress,
      el("button", { type: "button", class: "linkish small", text: t("undo_pairing"),
        onClick: () => {
          if (window.confirm(t("confirm_unpair", { n: c.number }))) run("unpair", { couple: c.couple });
        } }),
    ]);
  }

  function singlesList(singles) {
    const count = selected.size;
    return el("div", { class: "singles" }, [
      el("h4", { text: t("without_partner") }),
      el("ul", { class: "singles-list" }, singles.map((s) => {
        const id = "single-" + s.alias;
        return el("li", { class: s.needs_moment ? "needs-moment" : "" }, [
          el("input", { type: "checkbox", id, checked: selected.has(s.alias),
            onChange: (e) => {
              if (e.target.checked) selected.add(s.alias);
              else selected.delete(s.alias);
              render(view);
            } }),
          el("label", { for: id }, [
            el("span", { class: "dot " + (s.online ? "dot-online" : "dot-offline"),
              title: s.online ? t("online_phone") : t("offline_phone") }),
            " ", s.name || t("participant"), " ",
            el("span", { class: "alias", text: "·" + String(s.alias || "").slice(-4) }),
          ]),
          s.needs_moment ? el("span", { class: "moment-signal", text: t("needs_moment") }) : null,
        ]);
      })),
      el("button", { type: "button", class: "button primary", disabled: count < FEWEST || count > MOST,
        text: count > 2 ? t("pair_trio") : t("pair_selected"),
        onClick: () => run("pair_up", { participants: [...selected] }, () => {
          selected = new Set();
          lastKey = null;
        }) }),
      el("p", { class: "hint", text: t("pair_hint") }),
    ]);
  }

  return { render };
}
