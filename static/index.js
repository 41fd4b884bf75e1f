/* Home page: the join-by-code form goes straight to /j/CODE. */
(function () {
  "use strict";
  var form = document.getElementById("join-form");
  if (!form) return;
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var code = document.getElementById("join-code").value.trim().toUpperCase();
    if (code) window.location.href = "/j/" + encodeURIComponent(code);
  });
})();
