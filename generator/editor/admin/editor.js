// The check's answer to each save, shown beside the form: every problem as
// file:line:column: field: message, in the editor's language, and the panel's own words
// in it too (both from the backend: generator/editor/backend.py, the check's catalog).
// Written with textContent only: a message quotes what an editor typed, which must never
// run as HTML here.
(function () {
  "use strict";
  var panel = document.createElement("aside");
  panel.id = "briefing-check";
  panel.setAttribute("role", "status");
  panel.setAttribute("aria-live", "polite");
  panel.hidden = true;
  document.body.appendChild(panel);
  var shown = "";

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    return node;
  }

  // The form's "add" button of a list, found by the list's label (cms_config.py).
  function addButton(label) {
    var buttons = document.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      // The form writes the label in lower case on its button ("… hinzufügen").
      var text = (buttons[i].textContent || "").toLowerCase();
      if (text.indexOf(label.toLowerCase()) !== -1 && /hinzufügen|add/.test(text)) {
        return buttons[i];
      }
    }
    return null;
  }

  function offer(label, words) {
    var button = element("button", words);
    button.type = "button";
    button.addEventListener("click", function () {
      var add = addButton(label);
      if (!add) return;
      add.scrollIntoView({block: "center"});
      add.click();
    });
    panel.appendChild(button);
  }

  function render(check) {
    var key = JSON.stringify(check);
    if (key === shown) return;
    shown = key;
    panel.textContent = "";
    if (!check.saved || !check.saved.length) { panel.hidden = true; return; }
    panel.hidden = false;
    panel.className = check.failed ? "failed" : "";
    var saved = check.saved.join(", ");
    var texts = check.texts || {};
    panel.lang = check.language || "";
    panel.appendChild(element("h2", check.failed ? texts.failed : texts.passed));
    panel.appendChild(element("p", saved));
    if (check.problems.length) {
      var list = element("ul");
      check.problems.forEach(function (line) { list.appendChild(element("li", line)); });
      panel.appendChild(list);
    }
    // The git guard refused a changed key figure: offer what makes it right, in the form.
    if (check.guard) {
      panel.appendChild(element("p", texts.guard));
      offer("Korrekturen / Corrections", texts.add_correction);
      offer("Zeitleiste / Timeline", texts.add_event);
    }
  }

  function poll() {
    fetch("/api/v1/check", {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (check) { if (check) render(check); })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
