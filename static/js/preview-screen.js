/* Entry module of the projector's preview in the editor: the live screen's page code, with the
 * view it was given instead of a connection (preview-socket.js). */
import { el } from "./dom.js";
import { previewData, previewSocket } from "./preview-socket.js";
import { startScreen } from "./screen-page.js";

const data = previewData();
startScreen({ connect: () => previewSocket(data) });

// The screen's own fit (screen-page.js `fit`) marks a step that overflows even at its smallest
// type data-fit="no": that is what the room would miss, measured in this browser, also for
// the kinds the server's estimate (projector.share) leaves out, such as a pair step's rounds.
// Said by a banner, unless the server's estimate already put one there.
const stepNode = document.getElementById("step");
const banner = el("p", { class: "preview-warning", id: "preview-cut-off", role: "alert",
  hidden: true, text: data.cut_off || "" });
document.querySelector(".stage").prepend(banner);

function showCutOff() {
  const estimated = document.querySelector(".preview-warning:not(#preview-cut-off)");
  banner.hidden = !!estimated || !stepNode.querySelector(".screen-step[data-fit='no']");
}
new MutationObserver(showCutOff).observe(stepNode, {
  subtree: true, childList: true, attributes: true, attributeFilter: ["data-fit"],
});
showCutOff();
