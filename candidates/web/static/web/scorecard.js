// The scorecard's draft: htmx saves it as the assessor types (see the form's hx-*
// attributes). Two things more: the saved-state says "Saving…" while a save is on its
// way, and a change not yet saved when the page is left (a reload, a closed tab) is
// sent with sendBeacon, so that no typed word is lost.
// The submit button posts the form to the submit URL as an ordinary form: the
// form's data-confirm (web/app.js) asks first.
(function () {
  "use strict";

  var form = document.getElementById("scorecard-form");
  if (!form) return;
  var url = form.getAttribute("data-draft-url");
  // Edits made, edits a save has sent, edits a save has confirmed. A save in flight
  // when the page goes may never land, so only a confirmed one counts.
  var edits = 0;
  var sending = 0;
  var saved = 0;

  form.addEventListener("input", function () { edits += 1; });
  form.addEventListener("change", function () { edits += 1; });
  form.addEventListener("htmx:beforeRequest", function () {
    sending = edits;
    var state = document.getElementById("draft-state");
    if (state) {
      state.setAttribute("aria-busy", "true");
      state.textContent = form.getAttribute("data-saving") || "…";
    }
  });
  form.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) saved = Math.max(saved, sending);
  });
  // Submitting sends everything itself (unless the confirmation was declined).
  form.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) saved = edits;
  });

  // beforeunload comes before a reload's request goes out, so the draft usually lands
  // before the page is read again; pagehide catches what is left (a closed tab).
  function flush() {
    if (edits > saved && url && navigator.sendBeacon) {
      navigator.sendBeacon(url, new FormData(form));
      saved = edits;
    }
  }
  window.addEventListener("beforeunload", flush);
  window.addEventListener("pagehide", flush);
})();
