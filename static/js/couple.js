/* On the phone: forming a couple (a code and a QR code for the partner, or typing theirs, or one
 * shared phone), the quiet 'I need a moment' control on every step, and the take-home card of
 * the notes a couple exchanged. phone.js owns the view and the socket; coupling(ctx) gets them.
 * Names and notes are what people typed: textContent only. */
import { el } from "./dom.js";
import { limits, t } from "./page.js";
import { helpList } from "./safety.js";
import { closeSheet, openSheet } from "./sheet.js";
import { load, save } from "./storage.js";
import { cardSections } from "./take-home.js";

const SVG = "http://www.w3.org/2000/svg";

/** The couple code in a partner's QR link (/j/CODE?couple=XXXX), or null. */
function coupleParam() {
  const match = /[?&]couple=([A-Za-z0-9]+)/.exec(window.location.search);
  return match ? match[1].slice(0, limits.couple_code).toUpperCase() : null;
}

function svgNode(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

// The QR library (50 KB) is fetched only when a phone first shows a couple code: most
// phones never do, and the first load should stay light on a venue's Wi-Fi.
let qrLibrary = null;
const loadQr = () => (qrLibrary ||= import("qrcode-generator").then((m) => m.default));

/** A box that gets the QR code of text once the library is there. */
function qrNode(text) {
  const box = el("div", { class: "qr-box" });
  loadQr().then((qrcode) => box.appendChild(qrSvg(qrcode, text)));
  return box;
}

/** A QR code drawn as SVG paths (no style attributes: the CSP allows none). */
function qrSvg(qrcode, text) {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const quiet = 4;   // the blank margin a camera needs, in modules
  const d = [];
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (qr.isDark(y, x)) d.push(`M${x + quiet} ${y + quiet}h1v1h-1z`);
    }
  }
  const size = n + 2 * quiet;
  const svg = svgNode("svg", { viewBox: `0 0 ${size} ${size}`, "shape-rendering": "crispEdges",
    role: "img", "aria-label": t("qr_label") });
  svg.append(svgNode("rect", { width: "100%", height: "100%", fill: "#fff" }),
    svgNode("path", { d: d.join(""), fill: "#000" }));
  return el("div", { class: "couple-qr" }, svg);
}

export function coupling(ctx) {
  const aloneKey = "workshop-alone-" + ctx.code;
  let alone = load(aloneKey) === "1";
  let codeDraft = "";
  let typing = false;           // the 'enter my partner's code' field is open
  let offerOpen = false;        // the discreet panel on a step is unfolded
  let autoJoin = coupleParam();

  const me = () => ctx.view() && ctx.view().me;
  const coupleBusy = () => ctx.busy() === "couple";

  function setAlone(value) {
    alone = value;
    save(aloneKey, value ? "1" : null);
  }

  /** Opened from a partner's QR code: join their couple once we are in the session. */
  function afterJoin() {
    const mine = me();
    if (!autoJoin || !mine || ctx.busy()) return;
    const wanted = autoJoin;
    autoJoin = null;
    // A reload must not try again: drop ?couple= from the address.
    try {
      window.history.replaceState(null, "", window.location.pathname);
    } catch (e) { /* fine: the couple is joined once anyway */ }
    if (!mine.couple) ctx.run("couple_join", { couple: wanted }, "couple");
  }

  // ------------------------------------------------------------ forming a couple

  function create(onePhone) {
    setAlone(false);
    ctx.run("couple_create", onePhone ? { one_phone: true } : {}, "couple");
  }

  function joinPartner() {
    const wanted = codeDraft.trim().toUpperCase();
    if (wanted.length !== limits.couple_code) {
      ctx.say("couple", t("code_four"), "error");
      return;
    }
    ctx.run("couple_join", { couple: wanted }, "couple").then((ack) => {
      if (ack.ok) {
        codeDraft = "";
        typing = false;
      }
    });
  }

  function leave(confirmFirst) {
    if (confirmFirst && !window.confirm(t("confirm_leave"))) return;
    ctx.run("couple_leave", {}, "couple");
  }

  function panel(where) {
    const mine = me();
    if (!mine) return null;
    const couple = mine.couple;
    if (couple && (couple.complete || couple.one_phone)) return together(couple, mine);
    if (couple) return showCode(couple);
    const asked = mine.couple_request;
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
          onClick: () => { setAlone(false); offerOpen = true; ctx.refresh(); } }),
      ]);
    }
    const busy = coupleBusy();
    const cameAlone = el("button", { type: "button", id: "came-alone", class: "linkish", disabled: busy,
      text: t("came_alone"), onClick: () => { setAlone(true); ctx.refresh(); } });
    const choices = el("div", { class: "couple-choices" }, [
      el("button", { type: "button", class: "button big primary", disabled: busy,
        text: t("show_code"), onClick: () => create(false) }),
      typing ? codeForm(busy) : el("button", { type: "button", class: "button big", disabled: busy,
        text: t("enter_code"), onClick: () => { typing = true; ctx.refresh(); focusSoon("couple-code"); } }),
      el("button", { type: "button", class: "button big", disabled: busy,
        text: t("one_phone"), onClick: () => create(true) }),
      where === "lobby" ? cameAlone : null,
      ctx.notice("couple"),
    ]);
    const declined = asked && asked.status === "declined"
      ? el("p", { class: "notice error", role: "alert", text: t("partner_said_no") }) : null;
    if (where === "lobby") {
      return el("section", { class: "card couple couple-offer" }, [
        el("h2", { text: t("came_with_partner") }),
        el("p", { class: "hint", text: t("link_phones") }),
        declined,
        choices,
      ]);
    }
    // During a step the couple choices fold away under one line, so that the step stays the
    // only thing on the page; 'I came alone' is one tap and needs no unfolding, beside it.
    const details = el("details", { class: "couple-offer discreet", open: offerOpen }, [
      el("summary", { text: t("came_with_partner") }),
      el("p", { class: "hint", text: t("link_phones") }),
      choices,
    ]);
    details.addEventListener("toggle", () => { offerOpen = details.open; });
    return el("section", { class: "couple couple-offer-step" }, [
      declined,
      details,
      el("p", { class: "couple-alone-line" }, cameAlone),
    ]);
  }

  function codeForm(busy) {
    const form = el("form", { class: "inline-row couple-code-form", novalidate: true }, [
      el("input", {
        id: "couple-code", type: "text", maxlength: String(limits.couple_code), autocomplete: "off",
        autocapitalize: "characters", spellcheck: "false", enterkeyhint: "go", class: "code-input",
        value: codeDraft, "aria-label": t("partner_code"), placeholder: t("partner_code"),
        onInput: (e) => { codeDraft = e.target.value.replace(/[^A-Za-z0-9]/g, "").toUpperCase(); },
      }),
      el("button", { type: "submit", class: "button primary", disabled: busy, text: t("join_partner") }),
    ]);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!ctx.busy()) joinPartner();
    });
    return form;
  }

  function focusSoon(id) {
    setTimeout(() => document.getElementById(id)?.focus(), 0);
  }

  function showCode(couple) {
    const url = `${window.location.origin}/j/${ctx.code}?couple=${couple.code}`;
    return el("section", { class: "card couple couple-code center" }, [
      el("h2", { text: t("your_couple_code") }),
      el("p", { class: "big-code", text: couple.code, "aria-label": couple.code.split("").join(" ") }),
      requestsOf(couple),
      qrNode(url),
      el("p", { text: t("scan_or_type") }),
      el("p", { class: "muted waiting-partner", text: t("waiting_partner_join") }),
      ctx.notice("couple"),
      el("button", { type: "button", class: "linkish", text: t("cancel"),
        disabled: coupleBusy(), onClick: () => leave(false) }),
    ]);
  }

  /** Who asks to join our couple: only a yes here lets them in (a code can be overheard). */
  function requestsOf(couple) {
    const busy = coupleBusy();
    const answer = (r, yes) => ctx.run("couple_answer", { request: r.id, yes }, "couple");
    return el("div", { class: "couple-requests" }, (couple.requests || []).map((r) =>
      el("div", { class: "couple-request", role: "alert" }, [
        el("p", { text: r.name ? t("partner_asks", { name: r.name }) : t("someone_asks") }),
        el("div", { class: "couple-choices" }, [
          el("button", { type: "button", class: "button big primary", disabled: busy, text: t("yes_partner"),
            onClick: () => answer(r, true) }),
          el("button", { type: "button", class: "button big", disabled: busy, text: t("not_partner"),
            onClick: () => answer(r, false) }),
        ]),
      ])));
  }

  function together(couple, mine) {
    const names = (couple.partners || []).filter((n) => n);
    let line;
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
          disabled: coupleBusy(), onClick: () => leave(true) }),
      ]),
    ]);
  }

  function inPairStep() {   // the pair card says it there, once is enough
    const view = ctx.view();
    return !!(view && view.phase === "step" && view.step && view.step.kind === "pair");
  }

  // ------------------------------------------------------------ care: 'I need a moment'

  function care(kind) {
    ctx.run("care", { kind }, "care");
  }

  function careControls() {
    const mine = me();
    if (!mine || mine.care) return null;
    const busy = ctx.busy() === "care";
    return el("div", { class: "care-controls" }, [
      el("button", { type: "button", class: "linkish", disabled: busy, text: t("need_moment"),
        onClick: () => care("pause") }),
      el("span", { "aria-hidden": "true", text: "·" }),
      el("button", { type: "button", class: "linkish", disabled: busy, text: t("skip_this"),
        onClick: () => care("skip") }),
      ctx.notice("care"),
    ]);
  }

  function banner() {
    const mine = me();
    if (!mine || !mine.care) return null;
    return el("section", { class: "care-banner", role: "status" }, [
      el("p", { class: "care-text", text: t("take_your_time") }),
      el("button", { type: "button", class: "button big", disabled: ctx.busy() === "care",
        text: t("ready"), onClick: () => care("ok") }),
      ctx.notice("care"),
    ]);
  }

  // ------------------------------------------------------------ the take-home card

  function cardButton(mine) {
    if (!mine || !Array.isArray(mine.card) || !mine.card.length) return null;
    return el("button", { type: "button", id: "our-notes", class: "button small", text: t("our_notes"), onClick: openCard });
  }

  function openCard() {
    const mine = me();
    const view = ctx.view();
    const onePhone = !!(mine.couple && mine.couple.one_phone);
    openSheet(el("article", { class: "take-home-card" }, [
      el("p", { class: "kicker", text: (view && view.title) || "" }),
      el("h1", { id: "card-title", text: t("our_notes") }),
      cardSections(mine.card, onePhone),
      // Where to find help goes home with them too.
      helpList((view && view.help) || [], "card-help"),
      el("div", { class: "take-home-actions no-print" }, [
        el("button", { type: "button", class: "button big primary", text: t("print_save"),
          "data-autofocus": true, onClick: () => window.print() }),
        el("button", { type: "button", class: "button big", text: t("close"), onClick: closeSheet }),
      ]),
    ]), "card-title");
  }

  return { afterJoin, panel, banner, careControls, cardButton };
}
