/* A phone's answers as they are being put together, before they are sent: pure, so that the
 * rules (how many choices, which words count) are tested without a browser. */

/** A keyed book of drafts: draft(key) is the same object every time, made empty the first
 *  time. Drafts live outside the view, so that a push from the server never wipes them. */
export function drafts() {
  const book = new Map();
  const draft = (key) => {
    if (!book.has(key)) book.set(key, {});
    return book.get(key);
  };
  draft.drop = (key) => book.delete(key);
  return draft;
}

/** Whether two lists hold the same choices, in any order. */
export function sameSet(a, b) {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, i) => v === y[i]);
}

/**
 * Tap option i of a multiple choice poll with at most `max` choices: {choices, refused}.
 * A chosen one is unchosen; a new one is added while there is room; with room for one only,
 * it replaces the choice; else it is refused (the person unchooses one first).
 */
export function toggleChoice(choices, i, max) {
  if (choices.includes(i)) return { choices: choices.filter((c) => c !== i), refused: false };
  if (choices.length < max) return { choices: [...choices, i], refused: false };
  if (max === 1) return { choices: [i], refused: false };
  return { choices, refused: true };
}

/** Choices as the server wants them: in option order. */
export const sortedChoices = (choices) => [...choices].sort((a, b) => a - b);

/** The words of a words poll as sent: trimmed, each cut at maxLength (the server's limit),
 *  empty ones and repeats (whatever their case) left out, at most maxWords. */
export function cleanWords(typed, maxLength, maxWords) {
  const seen = new Set();
  const words = [];
  for (const raw of typed || []) {
    const word = (raw || "").trim().slice(0, maxLength);
    const folded = word.toLocaleLowerCase();
    if (word && !seen.has(folded)) {
      seen.add(folded);
      words.push(word);
    }
  }
  return words.slice(0, maxWords);
}
