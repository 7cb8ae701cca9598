// The dashboard refreshes itself: every data-refresh seconds it reloads the page, unless
// someone is typing in or choosing on a form (a case decision half made is never lost).
(function () {
  "use strict";
  var seconds = parseInt(document.body.getAttribute("data-refresh") || "0", 10);
  if (!seconds) { return; }
  var busy = false;
  document.addEventListener("input", function () { busy = true; });
  document.addEventListener("change", function () { busy = true; });
  window.setInterval(function () {
    if (!busy) { window.location.reload(); }
  }, seconds * 1000);
}());
