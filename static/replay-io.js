/* Replay pages are the live console and screen pages: this points their socket at /replay.
 * Loaded before the socket.io client, it catches the client's global `io` as it is defined and
 * hands the page a function that always connects to /replay with the replay's own auth. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("replay-config").textContent);
  var real = null;

  function replayIo() {
    var socket = real("/replay", {
      auth: { code: config.code, token: config.token || null, audience: config.audience },
    });
    window.replaySocket = socket;
    return socket;
  }

  Object.defineProperty(window, "io", {
    configurable: true,
    get: function () { return real ? replayIo : undefined; },
    set: function (value) { real = value; },
  });
})();
