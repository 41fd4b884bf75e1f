/* A sheet over the phone's page (the take-home card, help, a private word): modal, so what is
 * behind it can be neither reached nor read until it closes; the focus goes into it and back
 * to what opened it. It lives beside the page's #app, so a push that redraws the step leaves
 * an open sheet as it is, and closing it shows the step as it is now. */
import { el } from "./dom.js";

let open = null;   // {node, opener}

/** Show `content` (an element) as the sheet labelled by the element with id `labelledBy`. */
export function openSheet(content, labelledBy, className = "") {
  closeSheet();
  const opener = document.activeElement;
  const node = el("div", { class: "take-home sheet " + className, role: "dialog",
    "aria-modal": "true", "aria-labelledby": labelledBy }, content);
  for (const child of document.body.children) child.inert = true;
  document.body.appendChild(node);
  document.body.classList.add("card-open");
  open = { node, opener };
  window.scrollTo(0, 0);
  // The focus goes in without scrolling: the sheet shows from its top (help: the first
  // entries, the emergency number, are what someone in distress must see first).
  (node.querySelector("[data-autofocus]") || node.querySelector("button, a"))?.focus({ preventScroll: true });
  return node;
}

export function closeSheet() {
  if (!open) return;
  const { node, opener } = open;
  open = null;
  node.remove();
  for (const child of document.body.children) child.inert = false;
  document.body.classList.remove("card-open");
  if (opener && opener.isConnected) opener.focus();
  else if (opener && opener.id) document.getElementById(opener.id)?.focus();
}

/** The open sheet's element, if it has this class. */
export function sheetOf(className) {
  return open && open.node.classList.contains(className) ? open.node : null;
}

document.addEventListener("keydown", (e) => { if (e.key === "Escape" && open) closeSheet(); });
