/* Entry module of both replay pages (/replay/<code> and /replay/<code>/screen): the live
 * console or screen, connected to /replay with the replay's own auth instead of /host or
 * /screen, and on the console the replay bar and timeline. See workshop/training/web.py. */
import { startConsole } from "./console-page.js";
import { readJson } from "./dom.js";
import { transports } from "./page.js";
import { startReplayControls } from "./replay-controls.js";
import { startScreen } from "./screen-page.js";
import { openSocket } from "./socket.js";

const config = readJson(document, "replay-config");
const connect = () => openSocket("/replay", {
  code: config.code, token: config.token || null, audience: config.audience,
}, { transports });

if (config.audience === "screen") {
  startScreen({ connect });
} else {
  startReplayControls(startConsole({ connect }), config.speed);
}
