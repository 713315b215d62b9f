/* Pick a citation's quote from its source's text instead of pasting it.
 * Each citation row (sources.admin.CitationInline) gets a "Pick from the article" button:
 * it shows the chosen source's text beside the form; the words selected there fill the
 * row's quote, exactly as the article has them, so the quote check passes. */
(function () {
  "use strict";

  var panel = null;

  function textUrl(textarea, sourceId) {
    // The address of source 0's text, from the server; the chosen source's id replaces 0.
    return textarea.dataset.textUrl.replace("/0/text/", "/" + sourceId + "/text/");
  }

  function closePanel() {
    if (panel) panel.remove();
    panel = null;
  }

  function openPanel(row, textarea) {
    var select = row.querySelector("select[name$='-source']");
    var sourceId = select ? select.value : "";
    closePanel();
    panel = document.createElement("section");
    panel.className = "quote-picker";
    panel.setAttribute("aria-label", "Pick the quote from the article");
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    panel.appendChild(status);
    row.insertAdjacentElement("afterend", wrapRow(row, panel));
    if (!sourceId) {
      status.textContent = "Choose the source first, then pick the quote from its text.";
      return;
    }
    status.textContent = "Loading the article…";
    fetch(textUrl(textarea, sourceId), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) {
          status.textContent = "The article's text could not be loaded.";
          return;
        }
        status.textContent = "Select the sentence in “" + data.title +
          "” that says it, then press “Use the selected text”.";
        var text = document.createElement("div");
        text.className = "quote-picker-text";
        text.tabIndex = 0;
        text.textContent = data.text;
        var use = document.createElement("button");
        use.type = "button";
        use.className = "button quote-picker-use";
        use.textContent = "Use the selected text";
        use.addEventListener("click", function () {
          var selection = window.getSelection();
          var chosen = selection ? selection.toString().replace(/\s+/g, " ").trim() : "";
          if (!chosen || !text.contains(selection.anchorNode)) {
            status.textContent = "Select the words in the article's text first.";
            return;
          }
          textarea.value = chosen;
          textarea.dispatchEvent(new Event("change", { bubbles: true }));
          closePanel();
          textarea.focus();
        });
        var cancel = document.createElement("button");
        cancel.type = "button";
        cancel.className = "button";
        cancel.textContent = "Close";
        cancel.addEventListener("click", closePanel);
        panel.appendChild(text);
        panel.appendChild(use);
        panel.appendChild(cancel);
      });
  }

  function wrapRow(row, content) {
    // In a tabular inline the panel is a table row of its own, as wide as the table.
    if (row.tagName !== "TR") return content;
    var tr = document.createElement("tr");
    tr.className = "quote-picker-row";
    var td = document.createElement("td");
    td.colSpan = row.children.length;
    td.appendChild(content);
    tr.appendChild(td);
    return tr;
  }

  function addButton(textarea) {
    if (textarea.parentNode.querySelector(".quote-picker-open")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button quote-picker-open";
    button.textContent = "Pick from the article";
    textarea.insertAdjacentElement("afterend", button);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[name^='citations'][name$='-quote']").forEach(addButton);
    document.addEventListener("click", function (event) {
      var button = event.target.closest(".quote-picker-open");
      if (!button) return;
      var row = button.closest("tr, .inline-related");
      openPanel(row, button.parentNode.querySelector("textarea"));
    });
  });
})();
