/* Building the page safely. Everything a participant typed goes in through textContent (the
 * `text` attribute of el()), never innerHTML; trustedHtml() is the one exception, for HTML the
 * server sanitised. No document access at import time: node's tests import this module. */

/** The declarations of a style string ("width:40%; --points:3") as [property, value] pairs. */
export function styleDeclarations(css) {
  const pairs = [];
  for (const declaration of String(css).split(";")) {
    const colon = declaration.indexOf(":");
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim();
    if (property) pairs.push([property, declaration.slice(colon + 1).trim()]);
  }
  return pairs;
}

/** Inline styles through the CSSOM: the Content-Security-Policy (style-src 'self') blocks
 *  style attributes, not node.style. */
export function setStyle(node, css) {
  for (const [property, value] of styleDeclarations(css)) node.style.setProperty(property, value);
  return node;
}

/** Build an element. attrs: class, text (textContent), style (through setStyle), on{Event}
 *  handlers, others as attributes (true: present, false/null: absent). children: nodes,
 *  strings (as text) or arrays of those; null and false are skipped. */
export function el(tag, attrs = {}, children = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key === "style") setStyle(node, value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  return append(node, children);
}

export function append(node, children) {
  if (children === null || children === undefined) return node;
  for (const child of Array.isArray(children) ? children : [children]) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (typeof child === "string" || typeof child === "number") {
      node.appendChild(document.createTextNode(String(child)));
    } else node.appendChild(child);
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Server-sanitised HTML from the facilitator's script (an info step's body_html): the only
 *  HTML any page inserts. */
export function trustedHtml(node, html) {
  node.innerHTML = html || "";
  return node;
}

export const byId = (id) => document.getElementById(id);

/** Say text to screen readers through a polite live region that is always on the page (a
 *  region made together with its text is often not read). Emptied first and filled a moment
 *  later, so that the same text twice in a row (two steps with one title) is said twice. */
export function announce(node, text) {
  if (!node) return;
  clearTimeout(node.announcing);
  node.textContent = "";
  if (text) node.announcing = setTimeout(() => { node.textContent = text; }, 60);
}

/** The parsed JSON of a <script type="application/json"> block, or `fallback`. */
export function readJson(doc, id, fallback = {}) {
  const node = doc.getElementById(id);
  if (!node) return fallback;
  try {
    return JSON.parse(node.textContent);
  } catch (e) {
    return fallback;
  }
}

/** Whether a key press goes to a field someone types in (so it is no page shortcut). */
export function isTyping(target) {
  const tag = target && target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || !!(target && target.isContentEditable);
}

/** A textarea with a "12 / 500" counter under it; `max` is the server's limit. No maxlength:
 *  a pasted text over it would be cut without a word; the counter turns to a warning instead,
 *  and the server refuses it with a message (too_long) if it is sent. */
export function countedText({ id, max, rows, value, placeholder, disabled, onInput }) {
  const counter = el("span", { class: "counter", "aria-live": "polite" });
  const show = (text) => {
    counter.textContent = `${text.length} / ${max}`;
    counter.classList.toggle("over", text.length > max);
  };
  const area = el("textarea", {
    id, rows: String(rows), disabled, placeholder,
    onInput: (e) => { show(e.target.value); onInput(e.target.value, e.target); },
  });
  area.value = value || "";
  show(area.value);
  return { area, counter };
}
