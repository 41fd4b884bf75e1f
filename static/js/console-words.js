/* The console's private words: people who asked to speak to the facilitator alone
 * (docs/protocol.md). Only this page hears of them; each names what is needed to find the
 * person (their name, or the console's alias, and their couple's number), and "Seen" tells
 * their phone that the facilitator knows. A new request is also said in a toast. */
import { clear, el } from "./dom.js";
import { t } from "./page.js";
import { toast } from "./toast.js";

function clockTime(epochSeconds) {
  const d = new Date(epochSeconds * 1000);
  return `${d.getHours()}:${String(d.getMinutes()).padStart(2, "0")}`;
}

export function consolePrivateWords(node, run) {
  let lastKey = null;
  let known = null;          // ids seen in an earlier view: null until the first one

  function who(word) {
    const name = word.name || word.alias;
    return word.couple ? t("word_who_couple", { name, n: word.couple }) : name;
  }

  function render(view) {
    const words = view.private_words || [];
    const fresh = words.filter((w) => w.status === "waiting" && known && !known.has(w.id));
    known = new Set(words.map((w) => w.id));
    for (const word of fresh) toast(t("word_asked", { who: who(word) }));
    const key = JSON.stringify(words);
    if (key === lastKey) return;
    lastKey = key;
    clear(node);
    node.hidden = !words.length;
    if (!words.length) return;
    const waiting = words.filter((w) => w.status === "waiting").length;
    node.classList.toggle("words-waiting", waiting > 0);
    node.append(
      el("div", { class: "panel-head" }, [
        el("h3", { text: t("private_words") }),
        el("p", { class: "panel-meta", text: t("private_words_hint") }),
      ]),
      el("ul", { class: "word-list" }, words.map((word) => el("li", {
        class: "word word-" + word.status }, [
        el("span", { class: "word-who", text: who(word) }),
        el("span", { class: "muted", text: clockTime(word.at) }),
        word.status === "waiting"
          ? el("button", { type: "button", class: "button small primary", text: t("word_seen"),
            onClick: () => run("private_word_seen", { word: word.id }) })
          : el("span", { class: "badge", text: t("word_is_seen") }),
      ]))),
    );
  }

  return { render };
}
