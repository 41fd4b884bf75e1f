/* What a phone keeps across reloads (its token, "I came alone"). localStorage can be missing
 * or throw (private browsing, storage off): then the value lives in memory until the page goes,
 * which is as good as it gets. */

const memory = new Map();

function store() {
  try {
    return globalThis.localStorage || null;
  } catch (e) {
    return null;   // reading the property itself can throw when storage is blocked
  }
}

export function load(key) {
  try {
    const stored = store()?.getItem(key);
    if (stored !== null && stored !== undefined) return stored;
  } catch (e) { /* memory only */ }
  return memory.has(key) ? memory.get(key) : null;
}

/** Keep value under key; null forgets it. */
export function save(key, value) {
  if (value === null) memory.delete(key);
  else memory.set(key, value);
  try {
    if (value === null) store()?.removeItem(key);
    else store()?.setItem(key, value);
  } catch (e) { /* memory only */ }
}
