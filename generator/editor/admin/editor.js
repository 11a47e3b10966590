// The check's answer to each save, shown beside the form: every problem as
// file:line:column: field: message. Written with textContent only: a message quotes what
// an editor typed, which must never run as HTML here.
(function () {
  "use strict";
  var GUARD = "with neither a new timeline event nor a new correction";
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
    panel.appendChild(element("h2", check.failed
      ? "Als Entwurf gespeichert, die Prüfung meldet Fehler; die Vorschau zeigt den letzten guten Stand. / Saved as a draft; the check found problems, the preview keeps the last good site."
      : "Gespeichert und geprüft: keine Fehler. / Saved and checked: no problems."));
    panel.appendChild(element("p", saved));
    if (check.problems.length) {
      var list = element("ul");
      check.problems.forEach(function (line) { list.appendChild(element("li", line)); });
      panel.appendChild(list);
    }
    if (check.problems.some(function (line) { return line.indexOf(GUARD) !== -1; })) {
      panel.appendChild(element("p",
        "Eine Kennzahl hat sich geändert. Sagen Sie den Lesern warum: eine Korrektur (was falsch war, was richtig ist) oder ein neues Ereignis in der Zeitleiste, dann erneut speichern. / A key figure changed: tell readers why with a correction or a new timeline event, then save again."));
      offer("Korrekturen / Corrections", "Korrektur hinzufügen / Add a correction");
      offer("Zeitleiste / Timeline", "Ereignis hinzufügen / Add a timeline event");
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
