/* The phone's preview in the editor: what phone-boot.js gives phone.js (the page's import map
 * points phone.js's import here), with the preview's view instead of a connection. The phone
 * has joined already (`returning`) and keeps no token: a preview is nobody. */
import { previewData, previewSocket } from "./preview-socket.js";

export const code = document.body.getAttribute("data-code");
export const tokenKey = "workshop-preview-token";
export const returning = true;
export const socket = previewSocket(previewData());
