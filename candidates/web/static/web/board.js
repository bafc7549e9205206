// recruiting — the pipeline board and the lists. Drag a card to another column (the
// same engine command as the API: an advance onto the next stage, a hire onto the hired
// stage, else a move with a reason asked in a dialog); a refusal shows the engine's
// message and the card goes back. The move menu on each card, the bulk bar and the
// filters work with the keyboard alone: nothing here is drag-only.
(function () {
  "use strict";

  // A form marked data-compact sends only the fields in use, so the address a filter
  // leaves is short enough to bookmark and share.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-compact]")) return;
    var emptied = [];
    form.querySelectorAll("input, select, textarea").forEach(function (field) {
      if (field.name && !field.disabled && field.value === "" ) {
        field.disabled = true;
        emptied.push(field);
      }
    });
    // The form's data is read as the submission starts; give the fields back after.
    window.setTimeout(function () {
      emptied.forEach(function (field) { field.disabled = false; });
    }, 0);
  });

  // SortableJS styles the cards it moves through the CSSOM (allowed); when htmx then
  // swaps a column, its settling would copy those style attributes onto the new cards
  // with setAttribute, which the Content-Security-Policy refuses. Nothing here animates
  // inline styles: settle the rest only.
  if (window.htmx) {
    htmx.config.attributesToSettle = ["class", "width", "height"];
  }

  function columns() { return document.getElementById("board-columns"); }
  var statusBox = document.getElementById("board-status");
  var dropDialog = document.getElementById("drop-dialog");
  if (!columns() || !statusBox) return;

  // ------------------------------------------------------------------ drag and drop
  var pending = null;

  function sortables(disabled) {
    document.querySelectorAll("#board-columns .column-body").forEach(function (body) {
      if (body.sortable) body.sortable.option("disabled", disabled);
    });
  }

  function initColumns() {
    if (typeof Sortable === "undefined" || !columns()) return;
    if (!columns().querySelector(".column[data-can-move]")) return;
    columns().querySelectorAll(".column").forEach(function (column) {
      var body = column.querySelector(".column-body");
      if (!body || body.sortable) return;
      body.sortable = Sortable.create(body, {
        group: { name: "board", pull: column.hasAttribute("data-can-move"), put: true },
        sort: false,
        draggable: ".app-card",
        filter: ".is-locked, a, button, input, label",
        preventOnFilter: false,
        delay: 150,
        delayOnTouchOnly: true,
        animation: 120,
        onEnd: dropped
      });
    });
  }

  function dropped(event) {
    if (event.from === event.to || pending) return;
    var from = event.from.closest(".column");
    var to = event.to.closest(".column");
    pending = { card: event.item, body: event.from, index: event.oldIndex, from: from, to: to };
    if (to.dataset.stage === from.dataset.next || to.dataset.kind === "hired") {
      send("");
      return;
    }
    dropDialog.querySelector("[data-drop-name]").textContent =
      event.item.querySelector(".name").textContent;
    dropDialog.querySelector("[data-drop-stage]").textContent = to.dataset.name;
    dropDialog.querySelector("textarea").value = "";
    dropDialog.returnValue = "";
    dropDialog.showModal();
  }

  if (dropDialog) {
    dropDialog.addEventListener("close", function () {
      if (!pending || pending.sent) return;
      if (dropDialog.returnValue === "move") {
        send(dropDialog.querySelector("textarea").value);
      } else {
        revert();
        pending = null;
      }
    });
  }

  function send(reason) {
    pending.sent = true;
    sortables(true);
    var board = columns();
    var url = board.dataset.actUrl.replace("/0/act/", "/" + pending.card.dataset.id + "/act/");
    htmx.ajax("POST", url + "?" + board.dataset.query, {
      source: statusBox,
      target: statusBox,
      swap: "innerHTML",
      values: {
        action: "move",
        version: pending.card.dataset.version,
        to_stage: pending.to.dataset.stage,
        reason: reason
      }
    });
  }

  function revert() {
    var cards = pending.body.querySelectorAll(":scope > .app-card");
    var before = cards[pending.index] || pending.body.querySelector(":scope > .load-more");
    pending.body.insertBefore(pending.card, before || null);
  }

  // A column read again from the server, as the board shows it (same tab, filters).
  function refreshColumn(stageId) {
    var board = columns();
    if (!board || !document.getElementById("column-" + stageId)) return;
    var url = board.dataset.columnUrl.replace("/0/", "/" + stageId + "/");
    htmx.ajax("GET", url + "?" + board.dataset.query, {
      source: statusBox,
      target: "#column-" + stageId,
      swap: "outerHTML"
    });
  }

  // A command's answer names the columns it touched (HX-Trigger: board-refresh).
  document.addEventListener("board-refresh", function (event) {
    (event.detail.stages || []).forEach(refreshColumn);
  });

  // A drop refused (a stale version, an illegal move): app.js shows the engine's
  // message, the card goes back where it was, and its column is read again, with the
  // application's current version.
  statusBox.addEventListener("htmx:afterRequest", function (event) {
    if (!pending || event.detail.requestConfig.verb !== "post") return;
    var drop = pending;
    sortables(false);
    if (!event.detail.successful) revert();
    pending = null;
    if (!event.detail.successful) refreshColumn(drop.from.dataset.stage);
  });

  // ------------------------------------------------------------------ move menu
  var opener = null;

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".move-button");
    if (button) opener = button.closest(".app-card").dataset.id;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "move-dialog-body") return;
    var dialog = document.getElementById("move-dialog");
    if (!dialog.open) dialog.showModal();
    var first = ["input[type=radio]:checked", "input[type=radio]", "textarea", ".actions button"]
      .map(function (selector) { return dialog.querySelector(selector); })
      .filter(Boolean)[0];
    if (first) first.focus();
  });

  // Focus goes back to the card's Move button wherever the card now is: at once, and
  // again when its column, read again from the server, replaces it.
  var refocus = null;

  function focusCard() {
    var again = refocus && document.querySelector("#card-" + refocus + " .move-button");
    if (again) again.focus();
    return again;
  }

  var moveDialog = document.getElementById("move-dialog");
  if (moveDialog) {
    moveDialog.addEventListener("close", function () {
      refocus = opener;
      if (!focusCard()) statusBox.focus();
      window.setTimeout(function () { refocus = null; }, 3000);
    });
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (refocus && event.detail.target.classList.contains("column")) focusCard();
  });

  // A refusal of a form in a dialog (a missing reason, a stale version) is shown in the
  // dialog, where the person is, rather than behind it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    var dialog = elt && elt.closest && elt.closest("dialog");
    var code = event.detail.xhr.status;
    if (!dialog || code < 400 || code >= 500) return;
    var box = dialog.querySelector("[data-errors]");
    if (!box) return;
    event.detail.shouldSwap = true;
    event.detail.isError = false;
    event.detail.target = box;
    event.detail.swapOverride = "innerHTML";
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    var dialog = elt && elt.closest && elt.closest("dialog");
    if (dialog && elt.tagName === "FORM" && event.detail.xhr.status < 400) {
      var box = dialog.querySelector("[data-errors]");
      if (box) box.replaceChildren();
      dialog.close();
    }
  });

  // ------------------------------------------------------------------ bulk selection
  function updateSelection() {
    var checked = document.querySelectorAll(".bulk-check:checked");
    var count = document.getElementById("bulk-count");
    if (!count) return;
    var text = checked.length
      ? count.dataset.some.replace("__N__", checked.length)
      : count.dataset.none;
    count.textContent = text;
    document.querySelectorAll("[data-needs-selection]").forEach(function (button) {
      button.disabled = !checked.length;
    });
    document.querySelectorAll("[data-selection-text]").forEach(function (line) {
      line.textContent = text;
    });
    document.querySelectorAll(".app-card").forEach(function (card) {
      var box = card.querySelector(".bulk-check");
      card.classList.toggle("selected", !!(box && box.checked));
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches(".bulk-check")) updateSelection();
  });

  document.addEventListener("click", function (event) {
    var clear = event.target.closest && event.target.closest("[data-clear-selection]");
    if (!clear) return;
    document.querySelectorAll(".bulk-check:checked").forEach(function (box) {
      box.checked = false;
    });
    updateSelection();
  });

  document.addEventListener("htmx:load", function () {
    initColumns();
    updateSelection();
  });

  initColumns();
  updateSelection();
})();
