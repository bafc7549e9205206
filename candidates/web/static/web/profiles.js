// recruiting — the profile pages. Without this file the forms still work (a fixed
// number of empty rows; the override box ticked by hand); with it, rows are added on
// demand and the override box follows the fast track picked.
(function () {
  "use strict";

  // "Add a publication": a copy of the formset's empty row, numbered after the others.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-add-row]");
    if (!button) return;
    var prefix = button.getAttribute("data-add-row");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-template");
    var rows = document.getElementById(prefix + "-rows");
    if (!total || !template || !rows) return;
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input, select, textarea");
    if (first) first.focus();
  });

  // Switching to a fast track whose rules fail needs the override and its reason.
  function followTrack(select) {
    var form = select.form;
    var box = form && form.querySelector("input[name=override]");
    var option = select.options[select.selectedIndex];
    if (!box || !option) return;
    var needs = option.getAttribute("data-needs-override") === "true";
    box.checked = needs;
    var reason = form.querySelector("textarea[name=reason]");
    if (reason) reason.required = needs;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-override-follows]")) {
      followTrack(event.target);
    }
  });

  // An action's form arrives in its dialog when the dialog opens: focus its first field.
  document.addEventListener("htmx:afterSwap", function (event) {
    var body = event.detail.target;
    if (!body.closest || !body.closest("dialog")) return;
    body.querySelectorAll("select[data-override-follows]").forEach(followTrack);
    var first = body.querySelector("select, textarea, input:not([type=hidden])");
    if (first) first.focus();
  });
})();
