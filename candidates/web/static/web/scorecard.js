// The scorecard's draft: htmx saves it as the assessor types (see the form's hx-*
// attributes). Two things more: the saved-state says "Saving…" while a save is on its
// way, and a change made in the second before leaving the page (a reload, a closed tab)
// is still sent, with sendBeacon, so that no typed word is lost.
// The submit button posts the form to the submit URL as an ordinary form: the
// form's data-confirm (web/app.js) asks first.
(function () {
  "use strict";

  var form = document.getElementById("scorecard-form");
  if (!form) return;
  var url = form.getAttribute("data-draft-url");
  var dirty = false;

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("htmx:beforeRequest", function () {
    dirty = false;
    var state = document.getElementById("draft-state");
    if (state) {
      state.setAttribute("aria-busy", "true");
      state.textContent = form.getAttribute("data-saving") || "…";
    }
  });
  form.addEventListener("htmx:responseError", function () { dirty = true; });
  // Submitting sends everything itself (unless the confirmation was declined).
  form.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) dirty = false;
  });

  // beforeunload comes before a reload's request goes out, so the draft usually lands
  // before the page is read again; pagehide catches what is left (a closed tab).
  function flush() {
    if (dirty && url && navigator.sendBeacon) {
      navigator.sendBeacon(url, new FormData(form));
      dirty = false;
    }
  }
  window.addEventListener("beforeunload", flush);
  window.addEventListener("pagehide", flush);
})();
