/* The phone's connection, opened before the rest of the page code has arrived.
 *
 * The phone page loads this module on its own, as well as through phone.js: its few imports
 * (socket.io-client above all) come in early, and a module graph runs as soon as all of it is
 * there, so on a slow link the WebSocket opens about a second before phone.js's many modules
 * have arrived, and a tap on Join finds it open (docs/performance.md). phone.js imports the
 * same instance. The token is the participant: the phone makes it and keeps it, so that after
 * sleep, a lost Wi-Fi or a server restart it comes back as the same person. */
import { newToken } from "./ids.js";
import { transports } from "./page.js";
import { openSocket } from "./socket.js";
import { load, save } from "./storage.js";

export const code = document.body.getAttribute("data-code");
export const tokenKey = "workshop-token-" + code;
/** Whether this phone had a token of this session already (it may have joined). */
export const returning = !!load(tokenKey);
export const token = load(tokenKey) || newToken();
save(tokenKey, token);
export const socket = openSocket("/phone", { code, token }, { transports });
