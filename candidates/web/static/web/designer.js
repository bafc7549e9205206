// recruiting — the track designer's stage list. Without this file the list is a plain
// formset (positions typed as numbers, a Delete box, "Add a stage" asks the server for a
// blank one); with it, stages are dragged by their handle (SortableJS) or moved with
// their Up and Down buttons, added and removed in place, and only the settings their
// kind uses are shown. Positions are renumbered after every change.
(function () {
  "use strict";

  var form = document.getElementById("stages-form");
  var list = document.getElementById("stage-list");
  if (!form || !list) return;
  var template = document.getElementById("stage-template");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var panelKinds = (form.getAttribute("data-panel-kinds") || "").split(" ");

  // Moves are announced to screen readers in the page's language.
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.appendChild(status);
  var words = {
    moved: form.getAttribute("data-moved") || "Stage moved to position %s.",
    removed: form.getAttribute("data-removed") || "Stage removed.",
    restored: form.getAttribute("data-restored") || "Stage restored.",
    added: form.getAttribute("data-added") || "Stage added."
  };
  function say(text, value) {
    status.textContent = value === undefined ? text : text.replace("%s", value);
  }

  function stages() {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > [data-stage]"));
  }

  function field(stage, name) {
    return stage.querySelector("[name$='-" + name + "']");
  }

  function renumber() {
    var shown = 0;
    var all = stages();
    all.forEach(function (stage, index) {
      var position = field(stage, "position");
      if (position) position.value = index + 1;
      var removed = stage.classList.contains("is-removed");
      if (!removed) shown += 1;
      var number = stage.querySelector("[data-stage-number]");
      if (number) number.textContent = removed ? "–" : shown;
      var up = stage.querySelector("[data-move='up']");
      var down = stage.querySelector("[data-move='down']");
      if (up) up.setAttribute("aria-disabled", index === 0 ? "true" : "false");
      if (down) down.setAttribute("aria-disabled", index === all.length - 1 ? "true" : "false");
    });
  }

  // Only the settings a stage's kind uses: a panel for assessments, written tests and
  // interviews; a pass mark for written tests.
  function showSettings(stage) {
    var kind = field(stage, "kind");
    if (!kind) return;
    var panel = stage.querySelector("[data-panel]");
    if (panel) panel.hidden = panelKinds.indexOf(kind.value) < 0;
    var mark = stage.querySelector("[data-for='written_test']");
    if (mark) mark.hidden = kind.value !== "written_test";
    // A written test or an interview has a panel only with a scorecard.
    var numbers = stage.querySelector("[data-needs-scorecard]");
    var scorecard = field(stage, "scorecard");
    if (numbers) numbers.hidden = kind.value !== "bu_assessment" && !(scorecard && scorecard.value);
  }

  function showName(stage) {
    var name = field(stage, "name");
    var title = stage.querySelector("[data-stage-name]");
    if (name && title) title.textContent = name.value ? " · " + name.value : "";
  }

  function move(stage, step) {
    var all = stages();
    var index = all.indexOf(stage);
    var target = all[index + step];
    if (!target) return;
    if (step < 0) list.insertBefore(stage, target);
    else list.insertBefore(target, stage);
    renumber();
    say(words.moved, all.indexOf(stage) + step + 1);
  }

  function setRemoved(stage, removed) {
    var box = field(stage, "DELETE");
    if (box) box.checked = removed;
    stage.classList.toggle("is-removed", removed);
    var note = stage.querySelector("[data-removed-note]");
    if (note) note.hidden = !removed;
    renumber();
    var focus = stage.querySelector(removed ? "[data-undo]" : "[data-remove]");
    if (focus) focus.focus();
    say(removed ? words.removed : words.restored);
  }

  function addStage() {
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("ol");
    holder.innerHTML = html.trim();
    var stage = holder.firstElementChild;
    // Before a final "hired" stage, which must stay last.
    var kept = stages().filter(function (s) { return !s.classList.contains("is-removed"); });
    var last = kept[kept.length - 1];
    var lastKind = last ? field(last, "kind") : null;
    if (lastKind && lastKind.value === "hired") list.insertBefore(stage, last);
    else list.appendChild(stage);
    total.value = index + 1;
    showSettings(stage);
    renumber();
    var name = field(stage, "name");
    if (name) name.focus();
    say(words.added);
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var stage = button.closest("[data-stage]");
    if (button.hasAttribute("data-add-stage")) {
      event.preventDefault();
      addStage();
    } else if (stage && button.hasAttribute("data-move")) {
      if (button.getAttribute("aria-disabled") === "true") return;
      move(stage, button.getAttribute("data-move") === "up" ? -1 : 1);
      button.focus();
    } else if (stage && button.hasAttribute("data-remove")) {
      setRemoved(stage, true);
    } else if (stage && button.hasAttribute("data-undo")) {
      setRemoved(stage, false);
    }
  });

  form.addEventListener("change", function (event) {
    var stage = event.target.closest("[data-stage]");
    if (stage && /-(kind|scorecard)$/.test(event.target.name)) showSettings(stage);
  });
  form.addEventListener("input", function (event) {
    var stage = event.target.closest("[data-stage]");
    if (stage && /-name$/.test(event.target.name)) showName(stage);
  });

  stages().forEach(showSettings);
  renumber();

  if (window.Sortable) {
    window.Sortable.create(list, {
      handle: ".drag-handle",
      draggable: "[data-stage]",
      animation: 150,
      // Mouse and touch events rather than the browser's drag and drop: the same
      // behaviour on phones, and a stage follows the pointer.
      forceFallback: true,
      fallbackOnBody: true,
      onEnd: function (event) {
        renumber();
        if (event.oldIndex !== event.newIndex) say(words.moved, event.newIndex + 1);
      }
    });
  }
})();
