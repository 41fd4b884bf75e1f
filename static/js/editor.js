/* Entry module of the script editor (templates/editor.html, issue 15).
 *
 * The server keeps the script as YAML text; the page holds that text and its data (the same
 * document as JSON). The form edits the data: each pause in typing (300 ms) sends {text, data}
 * to /api/scripts/render, which merges the data into the text (comments and key order kept)
 * and checks it. The YAML tab edits the text: it goes to /api/scripts/check, and the form is
 * drawn again from the data that comes back. Only the newest answer is used, so a slow answer
 * never undoes later typing. Save sends the text with the version it started from; the server
 * refuses it (409) when someone saved in between. */
import { byId, readJson } from "./dom.js";
import { request } from "./editor-api.js";
import { ScriptForm } from "./editor-form.js";
import { flatIndex } from "./editor-model.js";
import { Preview } from "./editor-preview.js";
import { placeBadges, placeClock, placeProblems } from "./editor-problems.js";
import { listProblems } from "./editor-yaml.js";
import { plural, t } from "./page.js";

const config = readJson(document, "editor-config");
const urls = { ...config.urls };
const DELAY = 300;

const state = {
  text: "", version: null, check: null,
  saved: "", savedValid: false,       // the text as last saved (or loaded), and whether it is valid
  timer: null, queued: null, seq: 0, inFlight: 0, waiters: [],
  conflict: null, saving: false,
};

const formRoot = byId("ed-form");
const yamlArea = byId("ed-yaml");
const form = new ScriptForm(formRoot, {
  t,
  changed: () => schedule("render"),
  onSelect: () => showPreview(),
  redrawn: () => { if (state.check) placeCheck(state.check); },
});
const preview = new Preview([[urls.preview_screen, "preview-screen"], [urls.preview_phone, "preview-phone"]]);

// --- talking to the server --------------------------------------------------------------------
function schedule(kind) {
  state.queued = kind;
  clearTimeout(state.timer);
  state.timer = setTimeout(flush, DELAY);
  showSaveState();
}

/** Send what is queued now. */
function flush() {
  clearTimeout(state.timer);
  state.timer = null;
  const kind = state.queued;
  state.queued = null;
  if (kind === "render") send(urls.render, { text: state.text, data: form.data }, applyRender);
  else if (kind === "check") send(urls.check, { text: state.text }, applyCheck);
}

async function send(url, body, apply) {
  const seq = (state.seq += 1);
  state.inFlight += 1;
  try {
    const reply = await request("POST", url, body);
    if (seq !== state.seq) return;       // a newer request is on its way: its answer counts
    if (reply.status === 200) apply(reply.body);
    else say(reply.body.message || t("server_refused"), "error");
  } catch (e) {
    if (seq === state.seq) say(t("network_error"), "error");
  } finally {
    state.inFlight -= 1;
    showSaveState();
    if (!state.inFlight && !state.timer) state.waiters.splice(0).forEach((resolve) => resolve());
  }
}

/** Resolves once nothing is waiting to be sent or answered (before a save, a tab switch). */
function settle() {
  if (state.timer) flush();
  if (!state.inFlight && !state.timer) return Promise.resolve();
  return new Promise((resolve) => state.waiters.push(resolve));
}

function applyRender(body) {
  state.text = body.text;
  if (document.activeElement !== yamlArea) yamlArea.value = body.text;
  placeCheck(body);
}

/** The YAML tab's text checked: the form drawn again from its data. */
function applyCheck(body) {
  const broken = body.data === null || typeof body.data !== "object";
  byId("ed-yaml-broken").hidden = !broken;
  formRoot.hidden = broken;
  if (!broken) form.setData(body.data);
  placeCheck(body);
}

function placeCheck(check) {
  state.check = check;
  const counts = placeProblems(formRoot, check);
  placeBadges(formRoot, counts, plural);
  placeClock(formRoot, check.clock, byId("ed-total"));
  listProblems(byId("ed-yaml-problems"), yamlArea, check, t);
  const problems = (check.problems || []).length;
  const warnings = (check.warnings || []).length;
  const summary = byId("ed-summary");
  summary.textContent = check.data === null ? t("yaml_broken_short")
    : problems ? plural("problems", problems) + (warnings ? ` · ${plural("warnings", warnings)}` : "")
      : warnings ? `${t("no_problems")} · ${plural("warnings", warnings)}` : t("no_problems");
  summary.className = `ed-summary ${problems ? "ed-summary-bad" : "ed-summary-ok"}`;
  byId("ed-yaml-none").hidden = problems + warnings > 0;
  showSaveState();
  showPreview();
}

// --- saving -----------------------------------------------------------------------------------
const dirty = () => state.text !== state.saved || !!state.timer || state.inFlight > 0;

function showSaveState() {
  const node = byId("ed-save-state");
  const text = dirty() ? t("unsaved") : "";
  if (text || node.dataset.kind === "unsaved") {
    node.textContent = text;
    node.dataset.kind = text ? "unsaved" : "";
  }
  const valid = state.check && state.check.valid;
  const start = byId("ed-start");
  start.disabled = dirty() || !state.savedValid || !valid;
  const why = dirty() ? t("start_needs_save") : !state.savedValid ? t("start_needs_valid") : "";
  byId("ed-start-hint").textContent = why;
  if (why) start.title = why;
  else start.removeAttribute("title");
}

function say(message, kind) {
  const node = byId("ed-status");
  node.textContent = message;
  node.className = `ed-status notice ${kind === "error" ? "notice-error" : "notice-ok"}`;
  node.hidden = !message;
}

async function save() {
  if (state.saving) return;
  state.saving = true;
  byId("ed-save").disabled = true;
  say("", "ok");        // the last save's "Saved" is not this one's
  try {
    await settle();
    const text = state.text;
    const reply = await request("PUT", urls.api, { text, version: state.version });
    if (reply.status === 200 || reply.status === 201) saved(reply.body, text);
    else if (reply.status === 409) showConflict(reply.body);
    else say(reply.body.message || t("server_refused"), "error");
  } catch (e) {
    say(t("network_error"), "error");
  } finally {
    state.saving = false;
    byId("ed-save").disabled = false;
    showSaveState();
  }
}

function saved(body, text) {
  state.version = body.version;
  state.saved = text;
  state.savedValid = !!body.valid;
  hideConflict();
  const node = byId("ed-save-state");
  node.textContent = "";
  node.dataset.kind = "";
  say(body.valid ? t("saved") : t("saved_draft"), body.valid ? "ok" : "error");
  if (body.url && body.url !== window.location.pathname) {
    // A template is saved as a new script of one's own: this page is now that script's.
    window.history.replaceState(null, "", body.url);
    urls.api = urls.api.slice(0, urls.api.lastIndexOf("/") + 1) + encodeURIComponent(body.id);
    urls.start = urls.start.replace(`/${encodeURIComponent(config.sid)}/`, `/${encodeURIComponent(body.id)}/`);
    byId("ed-start-form").action = urls.start;
    config.sid = body.id;
    const notice = byId("ed-template-notice");
    if (notice) notice.hidden = true;
  }
  if (body.name) byId("ed-name").textContent = body.name;
}

function showConflict(body) {
  state.conflict = body;
  byId("ed-conflict-message").textContent = body.message || t("conflict");
  byId("ed-diff").textContent = body.diff || "";
  byId("ed-conflict").hidden = false;
  byId("ed-status").hidden = true;
  byId("ed-conflict").focus();
}

function hideConflict() {
  state.conflict = null;
  byId("ed-conflict").hidden = true;
}

byId("ed-load-theirs").addEventListener("click", async () => {
  const theirs = state.conflict;
  if (!theirs) return;
  hideConflict();
  await settle();
  state.text = theirs.text;
  state.saved = theirs.text;
  state.version = theirs.version;
  yamlArea.value = theirs.text;
  send(urls.check, { text: theirs.text }, (body) => {
    state.savedValid = !!body.valid;
    applyCheck(body);
  });
  say(t("loaded_theirs"), "ok");
});

byId("ed-overwrite").addEventListener("click", () => {
  if (!state.conflict) return;
  state.version = state.conflict.version;
  hideConflict();
  save();
});

byId("ed-save").addEventListener("click", save);
document.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
    e.preventDefault();
    save();
  }
});
window.addEventListener("beforeunload", (e) => {
  if (!dirty()) return;
  e.preventDefault();
  e.returnValue = "";
});
byId("ed-start-form").addEventListener("submit", (e) => {
  if (dirty() || !state.savedValid) e.preventDefault();
});

// --- the two tabs -----------------------------------------------------------------------------
const tabs = [byId("ed-tab-form"), byId("ed-tab-yaml")];

async function selectTab(tab) {
  // What one side has not sent yet is sent and answered first, so the other is up to date.
  await settle();
  for (const other of tabs) {
    const on = other === tab;
    other.setAttribute("aria-selected", on ? "true" : "false");
    other.tabIndex = on ? 0 : -1;
    byId(other.getAttribute("aria-controls")).hidden = !on;
  }
  if (tab === tabs[1]) yamlArea.value = state.text;
}

tabs.forEach((tab, i) => {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (e) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    e.preventDefault();
    const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    next.focus();
    selectTab(next);
  });
});

yamlArea.addEventListener("input", () => {
  state.text = yamlArea.value;
  schedule("check");
});

// --- the preview ------------------------------------------------------------------------------
function showPreview() {
  if (!form.data || !Array.isArray(form.data.sections) || !form.data.sections.length) return;
  // A script with problems cannot be drawn: the last good preview stays until they are fixed.
  if (!state.check || !state.check.valid) return;
  const [s, i] = form.selectedPlace();
  const section = form.data.sections[s];
  const step = section && Array.isArray(section.steps) ? section.steps[i] : null;
  if (!step) return;
  byId("ed-preview-step").textContent = t("preview_of", { n: flatIndex(form.data, s, i) + 1, id: step.id || "?" });
  preview.show(state.text, flatIndex(form.data, s, i));
}

// --- start ------------------------------------------------------------------------------------
async function load() {
  try {
    const reply = await request("GET", urls.api);
    if (reply.status !== 200) {
      say(reply.body.message || t("server_refused"), "error");
      return;
    }
    const body = reply.body;
    state.text = body.text;
    state.saved = body.text;
    state.version = body.version;
    state.savedValid = !!body.valid;
    yamlArea.value = body.text;
    applyCheck(body);
  } catch (e) {
    say(t("network_error"), "error");
  }
}

load();
