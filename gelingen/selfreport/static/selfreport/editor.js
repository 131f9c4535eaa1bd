// Small Markdown helpers for the chapter editor. Without JavaScript the textareas work as they are.
(function () {
  "use strict";
  var tools = document.querySelector(".editor-tools");
  if (!tools) return;
  tools.hidden = false;
  var last = document.querySelector("textarea.md-editor");
  document.querySelectorAll("textarea.md-editor").forEach(function (area) {
    area.addEventListener("focus", function () { last = area; });
  });
  var snippets = {
    bold: ["**", "**", "fett"],
    italic: ["*", "*", "kursiv"],
    heading: ["\n# ", "\n", "Überschrift"],
    list: ["\n- ", "\n- \n", "Punkt"],
    table: ["\n| Spalte 1 | Spalte 2 |\n|---|---|\n| ", " |  |\n", "Wert"]
  };
  function insert(before, after, placeholder) {
    if (!last) return;
    var start = last.selectionStart, end = last.selectionEnd;
    var selected = last.value.slice(start, end) || placeholder;
    last.value = last.value.slice(0, start) + before + selected + after + last.value.slice(end);
    last.focus();
    last.selectionStart = start + before.length;
    last.selectionEnd = start + before.length + selected.length;
    last.dispatchEvent(new Event("input", { bubbles: true }));
  }
  tools.addEventListener("click", function (event) {
    var kind = event.target.getAttribute("data-md");
    if (!kind) return;
    if (kind === "cite") {
      var id = document.getElementById("cite-input").value.trim();
      if (id) insert("[" + id + "]", "", "");
      return;
    }
    insert.apply(null, snippets[kind]);
  });
})();
