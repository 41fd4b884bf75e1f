/* Entry module of the live console (/host/<code>): the console on /host, with the
 * facilitator's code and token (the token only when the page was opened with one). */
import { startConsole } from "./console-page.js";
import { readJson } from "./dom.js";
import { transports } from "./page.js";
import { openSocket } from "./socket.js";

const { code, token } = readJson(document, "host-auth");
startConsole({ connect: () => openSocket("/host", { code, token: token || null }, { transports }) });
