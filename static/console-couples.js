/* The console's couples panel: a grid of couples with their progress (never what they wrote),
 * the people who came alone with a way to pair them, and the pair step's time controls. A
 * 'needs a moment' signal shows which couple or person, never why. */
(function () {
  "use strict";

  var W = window.W;
  var t = W.t;
  var el = W.el;

  /** node: the panel's element; run(event, payload, onOk): console.js's acknowledged command. */
  W.consoleCouples = function (node, run) {
    var selected = {};   // alias -> true, the singles ticked for pairing
    var lastKey = null;
    var view = null;

    function render(next) {
      view = next;
      var couples = view.couples || [];
      var singles = view.singles || [];
      var step = view.phase === "step" ? view.step : null;
      var pairStep = !!(step && step.kind === "pair");
      // Forget ticks for people who are no longer single.
      var aliases = {};
      singles.forEach(function (s) { aliases[s.alias] = true; });
      Object.keys(selected).forEach(function (a) { if (!aliases[a]) delete selected[a]; });

      var key = JSON.stringify([couples, singles, pairStep, view.phase, selected]);
      if (key === lastKey) return;
      lastKey = key;
      W.clear(node);
      node.hidden = !couples.length && !singles.length && !pairStep;
      if (node.hidden) return;

      var moments = couples.filter(function (c) { return c.needs_moment; }).length +
        singles.filter(function (s) { return s.needs_moment; }).length;
      node.appendChild(el("div", { class: "panel-head couples-head" }, [
        el("h3", { text: t("couples") }),
        el("p", { class: "panel-meta" }, [
          W.plural("couples_count", couples.length), " · ", W.plural("singles_count", singles.length),
          moments ? el("span", { class: "moment-signal", text: W.plural("moments", moments) }) : null,
        ]),
      ]));
      if (pairStep && view.phase !== "ended") {
        node.appendChild(el("div", { class: "panel-actions" }, [
          el("button", { type: "button", class: "button", text: t("plus_two"),
            onClick: function () { run("pair_extend", { minutes: 2 }, function () { W.toast(t("extended")); }); } }),
          el("button", { type: "button", class: "button danger", text: t("end_exercise"),
            onClick: function () {
              if (window.confirm(t("confirm_end_exercise"))) run("pair_finish", {});
            } }),
        ]));
      }
      if (couples.length) {
        node.appendChild(el("ul", { class: "couple-grid" }, couples.map(function (c) { return tile(c, pairStep); })));
      }
      if (singles.length) node.appendChild(singlesList(singles));
    }

    function tile(c, pairStep) {
      var names = (c.names || []).filter(function (n) { return n; });
      var badges = [];
      if (c.one_phone) badges.push(t("badge_one_phone"));
      else if (c.size === 1) badges.push(t("badge_waiting"));
      else if (c.size > 2) badges.push(t("badge_trio"));
      if (c.formed_by === "facilitator") badges.push(t("badge_by_you"));
      var progress = null;
      if (pairStep && typeof c.round === "number") {
        var people = c.one_phone ? 1 : c.size;
        progress = el("p", { class: "couple-progress" }, c.finished
          ? [el("strong", { text: t("finished") })]
          : [el("strong", { text: t("round_r_n", { r: c.round + 1, n: c.rounds }) }),
             " · ", t("done_count", { done: c.done || 0, size: people })]);
      }
      return el("li", { class: "couple-tile" + (c.needs_moment ? " needs-moment" : "") + (c.finished ? " finished" : "") }, [
        el("div", { class: "couple-top" }, [
          el("span", { class: "couple-number", text: "#" + c.number }),
          c.offline ? el("span", { class: "offline-mark", title: t("offline_phone") }, [
            el("span", { class: "dot dot-offline", "aria-hidden": "true" }), " ", t("offline_short")]) : null,
          c.needs_moment ? el("span", { class: "moment-signal", text: t("needs_moment") }) : null,
        ]),
        names.length ? el("p", { class: "couple-names", text: names.join(" & ") }) : null,
        badges.length ? el("p", { class: "couple-badges" }, badges.map(function (b) {
          return el("span", { class: "badge", text: b });
        })) : null,
        progress,
        el("button", { type: "button", class: "linkish small", text: t("undo_pairing"),
          onClick: function () {
            if (window.confirm(t("confirm_unpair", { n: c.number }))) run("unpair", { couple: c.couple });
          } }),
      ]);
    }

    function singlesList(singles) {
      var count = Object.keys(selected).length;
      return el("div", { class: "singles" }, [
        el("h4", { text: t("without_partner") }),
        el("ul", { class: "singles-list" }, singles.map(function (s) {
          var id = "single-" + s.alias;
          return el("li", { class: s.needs_moment ? "needs-moment" : "" }, [
            el("input", { type: "checkbox", id: id, checked: !!selected[s.alias],
              onChange: function (e) {
                if (e.target.checked) selected[s.alias] = true; else delete selected[s.alias];
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
        el("button", { type: "button", class: "button primary", disabled: count < 2 || count > 3,
          text: count === 3 ? t("pair_trio") : t("pair_selected"),
          onClick: function () {
            var chosen = Object.keys(selected);
            run("pair_up", { participants: chosen }, function () {
              selected = {};
              lastKey = null;
            });
          } }),
        el("p", { class: "hint", text: t("pair_hint") }),
      ]);
    }

    return { render: render };
  };
})();
