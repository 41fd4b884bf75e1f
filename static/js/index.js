/* Entry module of the home page: the join-by-code form goes straight to /j/CODE. */
const form = document.getElementById("join-form");
if (form) {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const code = document.getElementById("join-code").value.trim().toUpperCase();
    if (code) window.location.href = "/j/" + encodeURIComponent(code);
  });
}
