/* Keeping a page in step with the server: a status line, a sync on every connect and
 * reconnect, and waking up after sleep. socket.io reconnects by itself, but a page that comes
 * back to the foreground checks at once, and a connection that looks alive but is not (a phone
 * or laptop after sleep) is replaced. */
import { t } from "./page.js";
import { problem, send } from "./socket.js";
import { toast } from "./toast.js";

const WAKE_PROBE_MS = 5000;

/**
 * handlers.onView(view) gets every synced view; handlers.onRefused(err) runs when the server
 * refuses the connection (unknown code, no right to it). Returns {sync}.
 */
export function watchConnection(socket, statusNode, handlers) {
  function show(state, text) {
    if (!statusNode) return;
    statusNode.className = "status status-" + state;
    statusNode.textContent = text;
    statusNode.hidden = state === "online";
  }
  show("connecting", t("connecting"));

  function sync() {
    send(socket, "sync", {}).then((ack) => {
      if (ack.ok) handlers.onView(ack.view);
      else toast(problem(ack, t), "error");
    }, () => { /* every try unanswered, still offline: the next connect syncs */ });
  }

  function connected() {
    show("online", t("online"));
    sync();
  }
  socket.on("connect", connected);
  // Opened before this page code ran (the phone's phone-boot.js): it may be connected already.
  if (socket.connected) connected();
  socket.on("disconnect", (reason) => {
    show("offline", t("offline"));
    // The server closed us on purpose (e.g. a restart): socket.io will not retry by itself.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 1000);
  });
  socket.io.on("reconnect_attempt", () => show("offline", t("reconnecting")));
  socket.on("connect_error", (err) => {
    if (socket.active) {
      show("offline", t("reconnecting"));
    } else {
      // Refused by the server: socket.io will not retry on its own.
      show("refused", (err && err.message) || t("refused"));
      if (handlers.onRefused) handlers.onRefused(err);
    }
  });

  function wake() {
    if (document.visibilityState === "hidden") return;
    if (!socket.connected) {
      socket.connect();
      return;
    }
    // After sleep the socket can look connected while it is dead; a quick sync tells. Volatile
    // and with its own timeout, so that it skips the retry queue: one unanswered try is the
    // answer, and the fresh connection syncs anyway.
    socket.volatile.timeout(WAKE_PROBE_MS).emitWithAck("sync", {}).then((ack) => {
      if (ack && ack.ok) handlers.onView(ack.view);
    }, () => {
      socket.disconnect();
      socket.connect();
    });
  }
  document.addEventListener("visibilitychange", wake);
  window.addEventListener("online", wake);
  window.addEventListener("pageshow", (e) => { if (e.persisted) wake(); });
  return { sync };
}
