// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Import progress: reload the status page every second while it runs.
  var running = document.querySelector("[data-refresh]");
  if (running) {
    setTimeout(function () { window.location.reload(); }, 1000);
  }
  // Print buttons: shown only where this file runs, as printing needs it.
  var prints = document.querySelectorAll("button[data-print]");
  for (var i = 0; i < prints.length; i++) {
    prints[i].hidden = false;
    prints[i].addEventListener("click", function () { window.print(); });
  }
  // Ask before actions marked as needing confirmation.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
})();
