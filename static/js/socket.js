/* The connection to the server and the commands sent over it.
 *
 * Every command is acknowledged ({ok: true, ...} or {ok: false, message}). socket.io-client's
 * own retry does the re-sending (its `retries` and `ackTimeout` options): an emit waits up to
 * ACK_TIMEOUT_MS for its acknowledgement and is sent again, the very same arguments, up to
 * RETRIES more times. Queued emits go one at a time, in order; while offline the queue waits
 * and its first emit is sent again on reconnect (a disconnect costs that emit one try). Because
 * a retry re-sends the same payload, it carries the same cid: the server applies a command once
 * however often it arrives (workshop/hub.py).
 */
import { io } from "socket.io-client";
import { cid } from "./ids.js";

export const ACK_TIMEOUT_MS = 10000;
export const RETRIES = 5;

/** Unless a page is told otherwise: WebSocket first, one request to connect; socket.io's own
 *  default (long-polling, then an upgrade) took a phone on a 400 ms round trip about a second
 *  longer to its first view (docs/performance.md). Where no WebSocket gets through, the
 *  client falls back to long-polling (tryAllTransports). */
export const TRANSPORTS = ["websocket", "polling"];

/** The options of io() for a page: its auth, the retry policy, the transports (if given). */
export function socketOptions(auth, transports) {
  const options = { auth, retries: RETRIES, ackTimeout: ACK_TIMEOUT_MS };
  if (transports) options.transports = transports;
  else Object.assign(options, { transports: TRANSPORTS, tryAllTransports: true });
  return options;
}

/** A socket to `url` (a namespace of this site, "/phone", or a full URL). */
export function openSocket(url, auth, { transports } = {}) {
  return io(url, socketOptions(auth, transports));
}

/** Emit and resolve with the acknowledgement; rejects when every try went unanswered. */
export async function send(socket, event, payload = {}) {
  const ack = await socket.emitWithAck(event, payload);
  return ack || { ok: false, error: "no_ack" };
}

/** Waits before a command the server could not save (try_again: its disk full, its database
 *  restarting) is sent again, the same cid: a vote or a note should not need a second tap for
 *  a hiccup of a few seconds. After the last, the page shows the server's message. */
export const TRY_AGAIN_AFTER_MS = [1000, 2000];

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** send() for a command that changes something: with a fresh cid, made once, so that every
 *  retry of it carries the same one. */
export async function command(socket, event, payload = {}, waits = TRY_AGAIN_AFTER_MS) {
  const args = { cid: cid(), ...payload };
  let ack = await send(socket, event, args);
  for (const wait of waits) {
    if (ack.error !== "try_again") break;
    await pause(wait);
    ack = await send(socket, event, args);
  }
  return ack;
}

/** The text to show a person for a refused command or a network failure (t: the page's words). */
export function problem(ackOrError, t) {
  if (ackOrError && ackOrError.ok === false && ackOrError.message) return ackOrError.message;
  if (ackOrError && ackOrError.error === "no_ack") return t("no_answer");
  return t("network_error");
}
