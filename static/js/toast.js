/* Short messages in a corner that go away by themselves: confirmations and problems on the
 * console and the replay bar, which have no place under a form to say them. */
import { el } from "./dom.js";
import { t } from "./page.js";
import { problem } from "./socket.js";

export function toast(message, kind) {
  let box = document.getElementById("toasts");
  if (!box) {
    box = el("div", { id: "toasts", class: "toasts", role: "status", "aria-live": "polite" });
    document.body.appendChild(box);
  }
  const item = el("div", { class: "toast" + (kind ? " toast-" + kind : ""), text: message });
  box.appendChild(item);
  setTimeout(() => item.classList.add("toast-leaving"), 4500);
  setTimeout(() => item.remove(), 5000);
}

/** The acknowledgement of a sent command, with a refusal or a network failure toasted:
 *  onOk(ack) runs when it was accepted. Always resolves (a failure as {ok: false}). */
export function reported(sent, onOk) {
  return sent.then((ack) => {
    if (ack.ok) {
      if (onOk) onOk(ack);
    } else {
      toast(problem(ack, t), "error");
    }
    return ack;
  }, (err) => {
    toast(problem(err, t), "error");
    return { ok: false };
  });
}
