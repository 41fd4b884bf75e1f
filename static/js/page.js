/* What the server put into this page for its code: the words (strings.js reads them), the
 * limits it enforces on what people type (workshop/pages.py) and the transports to use.
 * Read once, when the first module imports this one. */
import { readJson } from "./dom.js";
import { fromPage } from "./strings.js";

export const { t, plural, formatNumber } = fromPage(document);

/** {name, word, reflection, note, couple_code, group: [fewest, most]} */
export const limits = readJson(document, "limits");

/** Behind a proxy with several processes the pages use WebSocket only, so that one connection
 *  stays on one process (see deploy/nginx.conf); otherwise socket.io's own choice. */
const transportList = document.documentElement.getAttribute("data-transports");
export const transports = transportList ? transportList.split(",") : undefined;

export const minutes = (n) => t("minutes", { n: formatNumber(n, 1) });

/** A pair step's role ("speaker") in words; a role the page has no word for, as it is. */
export const roleLabel = (role) => (t.has(`role_${role}`) ? t(`role_${role}`) : role);
