/* Entry module of the live projector screen (/s/<code>): the screen on /screen. */
import { transports } from "./page.js";
import { startScreen } from "./screen-page.js";
import { openSocket } from "./socket.js";

const code = document.body.getAttribute("data-code");
startScreen({ connect: () => openSocket("/screen", { code }, { transports }) });
