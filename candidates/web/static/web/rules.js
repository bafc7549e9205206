// recruiting — the eligibility-rule builder. The form's `definition` field (JSON text)
// is what the server reads; without this file it is edited by hand. With it, a
// structured editor is built from the JSON and writes it back on every change:
// groups (all / any), conditions (fact, operator, value) and, for publications and
// awards, how many items must match and the conditions each item is checked against.
// Every node knows its path ($.all[0].where.any[1] …), so the server's problems, which
// name such paths, are shown beside the condition they concern.
(function () {
  "use strict";

  var data = document.getElementById("rule-builder-data");
  var root = document.getElementById("rule-builder");
  var textarea = document.getElementById("id_definition");
  if (!data || !root || !textarea) return;
  var catalogue = JSON.parse(data.textContent);
  var words = catalogue.words;
  var view = document.getElementById("rule-json-view");
  var editor = document.getElementById("rule-json-editor");
  var editButton = document.getElementById("rule-json-edit");
  var details = document.getElementById("rule-json");
  var note = document.getElementById("builder-note");
  var top = catalogue.facts;
  var byName = {};
  top.forEach(function (fact) { byName[fact.name] = fact; });
  var counter = 0;

  // ------------------------------------------------------------ small helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function button(text, role, extra) {
    var attrs = { type: "button", className: "btn btn-small " + (extra || ""), "data-action": role };
    return el("button", attrs, [document.createTextNode(text)]);
  }

  function option(value, text, selected) {
    var node = el("option", { value: value, text: text });
    if (selected) node.selected = true;
    return node;
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function factsOf(scope) { return scope ? scope.fields : top; }

  function specOf(name, scope) {
    var found = null;
    factsOf(scope).forEach(function (fact) { if (fact.name === name) found = fact; });
    return found;
  }

  // The suggestion lists, once each, as <datalist>s.
  var lists = {};
  Object.keys(catalogue.lists).forEach(function (name) {
    var id = "rule-list-" + name;
    var list = el("datalist", { id: id });
    catalogue.lists[name].forEach(function (item) {
      if (typeof item === "string") list.appendChild(el("option", { value: item }));
      else list.appendChild(el("option", { value: item.value, label: item.label }));
    });
    document.body.appendChild(list);
    lists[name] = id;
  });

  // ------------------------------------------------------------ defaults

  function defaultOp(spec) {
    if (spec.type === "number") return "gte";
    return spec.operators[0];
  }

  function defaultValue(spec, op) {
    if (op === "exists") return true;
    if (spec.type === "bool") return true;
    if (spec.type === "enum") return op === "in" ? [spec.choices[0].value] : spec.choices[0].value;
    if (op === "in" || op === "contains_any") return [];
    return "";
  }

  function newCondition(scope) {
    var facts = factsOf(scope);
    var spec = scope ? (facts.filter(function (f) { return f.type === "enum"; })[0] || facts[0])
      : (byName.years_experience || facts[0]);
    var op = defaultOp(spec);
    var node = { fact: spec.name, op: op };
    if (spec.type === "collection") node.min = 1;
    else node.value = defaultValue(spec, op);
    return node;
  }

  // ------------------------------------------------------------ building the editor

  function buildNode(node, scope, isRoot) {
    if (isObject(node) && (Array.isArray(node.all) || Array.isArray(node.any)) && !("fact" in node)) {
      return buildGroup(node, scope, isRoot);
    }
    return buildCondition(isObject(node) ? node : {}, scope);
  }

  function buildGroup(node, scope, isRoot) {
    var join = Array.isArray(node.any) ? "any" : "all";
    var children = node[join] || [];
    var select = el("select", { "data-role": "join", "aria-label": words.match });
    select.appendChild(option("all", words.all, join === "all"));
    select.appendChild(option("any", words.any, join === "any"));
    var head = el("div", { className: "group-head" }, [
      el("span", { className: "group-label", text: words.match }),
      select,
      isRoot ? null : button(words.removeGroup, "remove-group", "btn-quiet")
    ]);
    var list = el("ol", { className: "rule-children" });
    children.forEach(function (child) {
      list.appendChild(el("li", {}, [buildNode(child, scope, false)]));
    });
    var actions = el("div", { className: "actions group-actions" }, [
      button("+ " + words.addCondition, "add-condition"),
      button("+ " + words.addGroup, "add-group")
    ]);
    var group = el("fieldset", { className: "rule-group", "data-node": "group" }, [
      el("legend", { className: "visually-hidden", text: words.group }),
      head,
      el("ul", { className: "errorlist node-errors", "data-errors": "" }),
      list,
      actions
    ]);
    group.scope = scope;
    return group;
  }

  function buildCondition(node, scope) {
    var spec = specOf(node.fact, scope);
    var factSelect = el("select", { "data-role": "fact", "aria-label": words.fact });
    factsOf(scope).forEach(function (fact) {
      factSelect.appendChild(option(fact.name, fact.label, fact.name === node.fact));
    });
    if (!spec) factSelect.appendChild(option(String(node.fact), String(node.fact) + " " + words.unknown, true));
    var opSelect = el("select", { "data-role": "op", "aria-label": words.operator });
    var ops = spec ? spec.operators : [];
    ops.forEach(function (op) {
      var text = op === "exists" && spec.type === "collection" ? words.atLeast : catalogue.operators[op] || op;
      opSelect.appendChild(option(op, text, op === node.op));
    });
    if (ops.indexOf(node.op) < 0) opSelect.appendChild(option(String(node.op), String(node.op) + " " + words.unknown, true));
    var row = el("div", { className: "rule-row", "data-node": "condition", "data-op": String(node.op) }, [
      factSelect,
      opSelect,
      el("div", { className: "rule-value", "data-role": "value" }, [valueWidget(spec, node)]),
      button(words.remove, "remove-condition", "btn-quiet")
    ]);
    row.querySelector("[data-action='remove-condition']").setAttribute("aria-label", words.removeCondition);
    if (spec && spec.help) factSelect.title = spec.help;
    if (spec && spec.type === "collection") row.appendChild(collectionPart(spec, node));
    row.appendChild(el("ul", { className: "errorlist node-errors", "data-errors": "" }));
    row.scope = scope;
    return row;
  }

  // How many items must match, in the value's place: "Publications · at least · 2 of them".
  function minWidget(node) {
    var min = el("input", { type: "number", min: "1", max: "100", step: "1", "data-role": "min",
      "aria-label": words.count, className: "min-input" });
    min.value = node.min === undefined ? 1 : node.min;
    return el("div", { className: "min-line", "data-kind": "min" }, [min, el("span", { text: words.items })]);
  }

  function collectionPart(spec, node) {
    var part = el("div", { className: "rule-collection" });
    if (node.where !== undefined) {
      part.appendChild(el("p", { className: "where-label", text: words.where }));
      var where = buildNode(node.where, spec, false);
      where.setAttribute("data-where", "");
      // The root of a `where` cannot be removed as a group; "count every item" does it.
      var remove = where.querySelector(":scope > .group-head [data-action='remove-group']");
      if (remove) remove.remove();
      part.appendChild(where);
      part.appendChild(button(words.removeWhere, "remove-where", "btn-quiet"));
    } else {
      part.appendChild(button("+ " + words.addWhere, "add-where"));
    }
    return part;
  }

  // The value's control, by the fact's type and the operator; anything that does not
  // fit one (a value typed by hand in the JSON) is shown as raw JSON to fix.
  function valueWidget(spec, node) {
    var value = node.value;
    if (spec && spec.type === "collection") return minWidget(node);
    if (!spec) return el("span", { className: "muted", text: "" });
    if (node.op === "exists") {
      return choiceSelect([["true", words.present], ["false", words.missing]], value === false ? "false" : "true", "bool");
    }
    if (spec.type === "bool" && (value === true || value === false || value === undefined)) {
      return choiceSelect([["true", words.yes], ["false", words.no]], value === false ? "false" : "true", "bool");
    }
    if (spec.type === "enum" && node.op === "eq" && (value === undefined || typeof value === "string")) {
      return choiceSelect(spec.choices.map(function (c) { return [c.value, c.label]; }), value, "string");
    }
    if (spec.type === "enum" && node.op === "in" && Array.isArray(value)) {
      return checkboxes(spec.choices, value);
    }
    if ((node.op === "in" || node.op === "contains_any") && (Array.isArray(value) || value === undefined)) {
      return chips(spec, value || []);
    }
    if (spec.type === "number" && (typeof value === "number" || value === "" || value === undefined)) {
      var number = el("input", { type: "number", step: "any", "data-kind": "number", "aria-label": words.value });
      number.value = value === undefined ? "" : value;
      return number;
    }
    if (spec.type === "string" && (typeof value === "string" || value === undefined)) {
      var text = el("input", { type: "text", "data-kind": "string", "aria-label": words.value });
      if (spec.suggest && lists[spec.suggest]) text.setAttribute("list", lists[spec.suggest]);
      text.value = value === undefined ? "" : value;
      return text;
    }
    var raw = el("input", { type: "text", "data-kind": "raw", className: "code", "aria-label": words.value });
    raw.value = value === undefined ? "" : JSON.stringify(value);
    return raw;
  }

  function choiceSelect(pairs, current, kind) {
    var select = el("select", { "data-kind": kind, "aria-label": words.value });
    pairs.forEach(function (pair) { select.appendChild(option(pair[0], pair[1], pair[0] === current)); });
    if (current !== undefined && !pairs.some(function (p) { return p[0] === current; })) {
      select.appendChild(option(String(current), String(current) + " " + words.unknown, true));
    }
    return select;
  }

  function checkboxes(choices, values) {
    var box = el("div", { className: "check-row", "data-kind": "checks", role: "group", "aria-label": words.value });
    choices.forEach(function (choice) {
      var input = el("input", { type: "checkbox", value: choice.value });
      input.checked = values.indexOf(choice.value) >= 0;
      box.appendChild(el("label", { className: "check" }, [input, document.createTextNode(" " + choice.label)]));
    });
    return box;
  }

  function chips(spec, values) {
    var kind = spec.type === "number" ? "number" : "string";
    var list = el("ul", { className: "chip-list" });
    values.forEach(function (value) { list.appendChild(chip(value)); });
    var input = el("input", { type: kind === "number" ? "number" : "text", step: "any",
      "aria-label": words.newValue, "data-role": "chip-input" });
    if (spec.suggest && lists[spec.suggest]) input.setAttribute("list", lists[spec.suggest]);
    return el("div", { className: "chips", "data-kind": "chips", "data-of": kind }, [
      el("div", { className: "chip-add" }, [input, button(words.addValue, "add-chip")]),
      list
    ]);
  }

  function chip(value) {
    var remove = button("×", "remove-chip", "btn-quiet chip-remove");
    remove.setAttribute("aria-label", words.removeValue.replace("%s", String(value)));
    var item = el("li", { className: "chip" }, [el("span", { text: String(value) }), remove]);
    item.chipValue = value;
    return item;
  }

  // ------------------------------------------------------------ reading it back

  function readNode(node, path) {
    node.setAttribute("data-path", path);
    return node.getAttribute("data-node") === "group" ? readGroup(node, path) : readCondition(node, path);
  }

  function readGroup(group, path) {
    var join = group.querySelector(":scope > .group-head [data-role='join']").value;
    var items = [];
    var children = group.querySelectorAll(":scope > .rule-children > li > [data-node]");
    Array.prototype.forEach.call(children, function (child, index) {
      items.push(readNode(child, path + "." + join + "[" + index + "]"));
    });
    var out = {};
    out[join] = items;
    return out;
  }

  function readCondition(row, path) {
    var out = {
      fact: row.querySelector(":scope > [data-role='fact']").value,
      op: row.querySelector(":scope > [data-role='op']").value
    };
    var widget = row.querySelector(":scope > [data-role='value'] > *");
    if (widget && widget.getAttribute("data-kind") === "min") {
      var min = widget.querySelector("[data-role='min']").value;
      out.min = min === "" ? min : Number(min);
    } else {
      var value = widget ? readValue(widget) : undefined;
      if (value !== undefined) out.value = value;
    }
    var part = row.querySelector(":scope > .rule-collection");
    if (part) {
      var where = part.querySelector(":scope > [data-where]");
      if (where) out.where = readNode(where, path + ".where");
    }
    return out;
  }

  function readValue(widget) {
    var kind = widget.getAttribute("data-kind");
    if (kind === "bool") return widget.value === "true";
    if (kind === "string") return widget.value;
    if (kind === "number") return widget.value === "" ? undefined : Number(widget.value);
    if (kind === "checks") {
      return Array.prototype.filter.call(widget.querySelectorAll("input"), function (i) { return i.checked; })
        .map(function (i) { return i.value; });
    }
    if (kind === "chips") {
      var values = Array.prototype.map.call(widget.querySelectorAll(".chip"), function (c) { return c.chipValue; });
      var pending = widget.querySelector("[data-role='chip-input']").value.trim();
      if (pending) values.push(chipValue(widget, pending));
      return values;
    }
    if (kind === "raw") {
      if (widget.value.trim() === "") return undefined;
      try { return JSON.parse(widget.value); } catch (e) { return widget.value; }
    }
    return undefined;
  }

  function chipValue(widget, text) {
    if (widget.getAttribute("data-of") !== "number") return text;
    var number = Number(text);
    return text !== "" && isFinite(number) ? number : text;
  }

  // ------------------------------------------------------------ keeping the JSON in sync

  var current = null;

  function write() {
    var tree = root.firstElementChild;
    if (!tree) return;
    current = readNode(tree, "$");
    var text = JSON.stringify(current, null, 2);
    textarea.value = text;
    view.textContent = text;
  }

  function show(definition) {
    var tree = isObject(definition) && (Array.isArray(definition.all) || Array.isArray(definition.any)) && !("fact" in definition)
      ? definition : { all: [definition] };
    root.replaceChildren(buildGroup(tree, null, true));
    root.hidden = false;
  }

  function load(text, writeBack) {
    var parsed;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      parsed = undefined;
    }
    // While the text cannot be shown, the builder rests (inert), so that it never
    // writes over what is being typed.
    var shown = isObject(parsed);
    note.textContent = shown ? "" : parsed === undefined ? words.jsonInvalid : words.cannotShow;
    root.inert = !shown;
    root.classList.toggle("is-resting", !shown);
    if (!shown) return false;
    show(parsed);
    if (writeBack) write();
    else {
      current = readNode(root.firstElementChild, "$");  // the paths, for problems
      view.textContent = text;
    }
    return true;
  }

  // ------------------------------------------------------------ problems beside their node

  function clearProblems(scope) {
    Array.prototype.forEach.call((scope || root).querySelectorAll(".has-error"), function (node) {
      node.classList.remove("has-error");
    });
    Array.prototype.forEach.call((scope || root).querySelectorAll("[data-errors]"), function (list) {
      list.replaceChildren();
    });
  }

  // The node a problem's path is about: the deepest one whose path starts it
  // ("$.all[0].where.all[1].value" → the condition at "$.all[0].where.all[1]").
  function nodeFor(path) {
    var best = null;
    var bestLength = -1;
    Array.prototype.forEach.call(root.querySelectorAll("[data-path]"), function (node) {
      var own = node.getAttribute("data-path");
      var next = path.charAt(own.length);
      if (path.indexOf(own) === 0 && (next === "" || next === "." || next === "[") && own.length > bestLength) {
        best = node;
        bestLength = own.length;
      }
    });
    return best;
  }

  function markProblems(problems) {
    clearProblems();
    (problems || []).forEach(function (problem) {
      var node = nodeFor(problem.path);
      if (!node) return;
      node.classList.add("has-error");
      var list = node.querySelector(":scope > [data-errors]");
      if (list) list.appendChild(el("li", { text: problem.message }));
    });
  }

  // ------------------------------------------------------------ edits

  function changed(target, structural) {
    if (structural) clearProblems();
    else {
      var node = target.closest("[data-node]");
      if (node) {
        node.classList.remove("has-error");
        var list = node.querySelector(":scope > [data-errors]");
        if (list) list.replaceChildren();
      }
    }
    write();
  }

  function replaceCondition(row, node) {
    var fresh = buildCondition(node, row.scope);
    row.replaceWith(fresh);
    return fresh;
  }

  root.addEventListener("change", function (event) {
    var target = event.target;
    var role = target.getAttribute("data-role");
    var row = target.closest("[data-node='condition']");
    if (role === "fact" && row) {
      var spec = specOf(target.value, row.scope);
      var node = { fact: target.value, op: defaultOp(spec) };
      if (spec.type === "collection") node.min = 1;
      else node.value = defaultValue(spec, node.op);
      replaceCondition(row, node).querySelector("[data-role='fact']").focus();
      changed(target, true);
      return;
    }
    if (role === "op" && row) {
      var before = readCondition(row, row.getAttribute("data-path") || "$");
      var factSpec = specOf(before.fact, row.scope);
      var oldOp = row.getAttribute("data-op");
      var newOp = target.value;
      var next = { fact: before.fact, op: newOp };
      if (factSpec && factSpec.type !== "collection") {
        // Keep what was typed where it still fits: one value becomes a list of one.
        var value = before.value;
        var wasList = oldOp === "in" || oldOp === "contains_any";
        var isList = newOp === "in" || newOp === "contains_any";
        if (oldOp === "exists" || newOp === "exists") value = defaultValue(factSpec, newOp);
        else if (!wasList && isList) value = value === undefined || value === "" ? [] : [value];
        else if (wasList && !isList) value = Array.isArray(value) && value.length ? value[0] : defaultValue(factSpec, newOp);
        if (value !== undefined) next.value = value;
      }
      replaceCondition(row, next).querySelector("[data-role='op']").focus();
      changed(target, true);
      return;
    }
    changed(target, false);
  });

  root.addEventListener("input", function (event) {
    if (event.target.matches("input[type='number'], input[type='text']")) changed(event.target, false);
  });

  function addChip(widget) {
    var input = widget.querySelector("[data-role='chip-input']");
    var text = input.value.trim();
    if (!text) return;
    widget.querySelector(".chip-list").appendChild(chip(chipValue(widget, text)));
    input.value = "";
    input.focus();
  }

  root.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.getAttribute("data-role") === "chip-input") {
      event.preventDefault();
      addChip(event.target.closest("[data-kind='chips']"));
      changed(event.target, false);
    }
  });

  root.addEventListener("click", function (event) {
    var target = event.target.closest("button[data-action]");
    if (!target) return;
    event.preventDefault();
    var action = target.getAttribute("data-action");
    var group = target.closest("[data-node='group']");
    var row = target.closest("[data-node='condition']");
    var focus = null;
    if (action === "add-condition" || action === "add-group") {
      var child = action === "add-condition"
        ? buildCondition(newCondition(group.scope), group.scope)
        : buildGroup({ any: [newCondition(group.scope)] }, group.scope, false);
      group.querySelector(":scope > .rule-children").appendChild(el("li", {}, [child]));
      focus = child.querySelector("select");
    } else if (action === "remove-condition" || action === "remove-group") {
      var node = action === "remove-condition" ? row : group;
      var parent = node.parentElement.closest("[data-node='group']");
      node.parentElement.remove();
      focus = parent ? parent.querySelector(":scope > .group-actions button") : null;
    } else if (action === "add-where" || action === "remove-where") {
      var state = readCondition(row, row.getAttribute("data-path") || "$");
      var spec = specOf(state.fact, row.scope);
      if (action === "add-where") state.where = { all: [newCondition(spec)] };
      else delete state.where;
      var fresh = replaceCondition(row, state);
      focus = fresh.querySelector(action === "add-where" ? "[data-where] select" : "[data-action='add-where']");
    } else if (action === "add-chip") {
      addChip(target.closest("[data-kind='chips']"));
    } else if (action === "remove-chip") {
      var widget = target.closest("[data-kind='chips']");
      target.closest(".chip").remove();
      focus = widget.querySelector("[data-role='chip-input']");
    }
    changed(target.isConnected ? target : root, action !== "add-chip" && action !== "remove-chip");
    if (focus) focus.focus();
  });

  // ------------------------------------------------------------ the JSON, for those who want it

  var timer = null;
  textarea.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { load(textarea.value, false); }, 300);
  });

  if (editButton) {
    editButton.addEventListener("click", function () {
      var open = editor.hidden;
      editor.hidden = !open;
      view.hidden = open;
      editButton.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) textarea.focus();
    });
  }

  // The simulation's answer names the draft's problems by path, too.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "simulation") return;
    var result = event.detail.target.querySelector("[data-problems]");
    if (result) markProblems(JSON.parse(result.getAttribute("data-problems") || "[]"));
  });

  // ------------------------------------------------------------ start

  if (load(textarea.value, false)) {
    markProblems(catalogue.problems);
    editor.hidden = true;
    view.hidden = false;
    // With the builder, the JSON is for those who open it — unless it holds a problem
    // the builder could not place.
    if (!catalogue.problems.length) details.open = false;
  } else {
    root.hidden = true;
  }
})();
