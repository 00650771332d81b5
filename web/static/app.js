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
  // Phones show each table row as a card (style.css); label every data cell
  // with its column's header so the card still says what each value is.
  Array.prototype.forEach.call(document.querySelectorAll("table:not(.grid)"), function (table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) { return; }
    var labels = [];
    Array.prototype.forEach.call(head.cells, function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) { labels.push(th.textContent.trim()); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var label = labels[col];
          if (cell.tagName === "TD" && label && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", label); }
          col += cell.colSpan || 1;
        });
      });
    });
  });
})();
