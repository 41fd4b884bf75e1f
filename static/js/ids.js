/* Random ids made in the page: a command's cid (the server applies a command once per cid, so
 * a re-sent command is recognised) and the phone's own token. */

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** A fresh random id. crypto.randomUUID exists only in secure contexts (https, localhost); a
 *  phone on the venue's LAN over http gets 16 random bytes as hex instead. */
export function cid(crypto = globalThis.crypto) {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return hex(crypto.getRandomValues(new Uint8Array(16)));
}

/** A phone's token: 32 random bytes as hex (the server keeps only a hash of it). */
export function newToken(crypto = globalThis.crypto) {
  return hex(crypto.getRandomValues(new Uint8Array(32)));
}
