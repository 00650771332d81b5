// The public forms' proof of work: find a nonce whose SHA-256 of
// "stamp:nonce" starts with the number of zero bits the form names. A
// form sent without it is not refused; it waits for the center's check.
(function () {
  "use strict";
  function zeroBits(buf) {
    var bytes = new Uint8Array(buf), n = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { n += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { n++; b <<= 1; }
      return n;
    }
    return n;
  }
  async function solve(stamp, bits) {
    var enc = new TextEncoder();
    for (var nonce = 0; nonce < 50000000; nonce++) {
      var sum = await crypto.subtle.digest("SHA-256", enc.encode(stamp + ":" + nonce));
      if (zeroBits(sum) >= bits) { return String(nonce); }
    }
    return "";
  }
  function start(form) {
    var bits = parseInt(form.getAttribute("data-pow-bits"), 10);
    var status = form.querySelector(".pow-status");
    if (!window.crypto || !crypto.subtle || !bits) { return; }
    var done = false, waiting = false;
    var work = solve(form.elements.stamp.value, bits).then(function (nonce) {
      form.elements.pow.value = nonce;
      done = true;
    });
    form.addEventListener("submit", function (ev) {
      if (done || waiting) { return; }
      ev.preventDefault();
      waiting = true;
      if (status) { status.textContent = "送信の準備をしています…"; }
      work.then(function () { form.submit(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-pow-bits]");
    for (var i = 0; i < forms.length; i++) { start(forms[i]); }
  });
})();
