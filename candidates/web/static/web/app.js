// recruiting — the little JavaScript every page shares. Pages work without it; with it,
// forms switch at once, dialogs open in place and htmx's refusals are shown.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A form marked data-autosubmit sends itself when one of its fields changes.
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-autosubmit]");
    if (form) form.requestSubmit();
  });

  // A button with data-dialog="<id>" opens that <dialog>; data-close closes its own.
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-dialog]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-dialog"));
      if (dialog && dialog.showModal) {
        event.preventDefault();
        dialog.showModal();
      }
      return;
    }
    var closer = event.target.closest && event.target.closest("[data-close]");
    if (closer) {
      var own = closer.closest("dialog");
      if (own) {
        event.preventDefault();
        own.close();
      }
    }
  });

  // A form with data-confirm="<question>" asks before it is sent.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  // htmx sends a form without a submit event a listener could stop: ask here too.
  // Only a submission asks: a form that also saves as one types (hx-trigger on change)
  // sends those requests without asking.
  document.addEventListener("htmx:confirm", function (event) {
    var trigger = event.detail.triggeringEvent;
    if (!trigger || trigger.type !== "submit") return;
    var source = event.detail.elt;
    var form = source && source.closest ? source.closest("[data-confirm]") : null;
    if (!form) return;
    event.preventDefault();
    if (window.confirm(form.getAttribute("data-confirm"))) event.detail.issueRequest(true);
  });

  // htmx swaps no error answer by itself: show the refusal's message where the page
  // keeps its messages (the service's own words, e.g. a stale version or illegal move).
  document.addEventListener("htmx:responseError", function (event) {
    var text = event.detail.xhr.responseText || "";
    var box = document.getElementById("page-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "page-errors";
      box.setAttribute("role", "alert");
      var main = document.getElementById("main");
      main.insertBefore(box, main.firstChild);
    }
    var holder = document.createElement("div");
    holder.innerHTML = text;
    var alert = holder.querySelector(".alert");
    box.replaceChildren(alert || document.createTextNode(event.detail.xhr.statusText));
  });
})();
