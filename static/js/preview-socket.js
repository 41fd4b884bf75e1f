/* The editor's preview (workshop/preview.py): a stand-in for the socket.io connection of the
 * live pages, so that their own page code draws one step of a script that is not running.
 * The server put the view a live session at that step would send into the page; `sync`
 * answers with it, and every other command is refused with the page's message: a preview
 * sends nothing and changes nothing. */

/** The page's preview data: {view, message}. */
export function previewData() {
  return JSON.parse(document.getElementById("preview-view").textContent);
}

/** What the pages use of a socket.io socket, answering from `data`. */
export function previewSocket(data) {
  const handlers = {};
  const answer = (event) => Promise.resolve(event === "sync"
    ? { ok: true, view: structuredClone(data.view) }
    : { ok: false, error: "preview", message: data.message });
  const socket = {
    connected: true,
    active: true,
    auth: {},
    io: { on() {} },
    on(event, fn) { (handlers[event] = handlers[event] || []).push(fn); return socket; },
    connect() { return socket; },
    disconnect() { return socket; },
    emitWithAck: (event) => answer(event),
    volatile: { timeout: () => ({ emitWithAck: (event) => answer(event) }) },
  };
  return socket;
}
