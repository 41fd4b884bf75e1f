/* The editor's JSON requests to the server (workshop/library/web.py):
 * each sends the page's CSRF token as X-CSRFToken. */
const token = () => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
};

export const csrfToken = token;

/** {status, body}: the reply's JSON (or {} when it is not JSON). A network failure throws. */
export async function request(method, url, body) {
  const reply = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json = {};
  try {
    json = await reply.json();
  } catch (e) { /* an answer that is not JSON: its status says enough */ }
  return { status: reply.status, body: json };
}
