/* Names for the controls that select2 (Django's autocomplete widget) draws in the admin.
 *
 * select2 hides the labelled <select> and draws a combobox named only after the option
 * chosen (no name at all while empty), a search box with no name, and a "remove all"
 * cross inside its list of chosen items. A screen reader then hears "combobox" without
 * the field's name. Here each box is named by the <select>'s own label ("Funder: Seed
 * Foundation"), each search box (also the open dropdown's) by the same label, and the cross, which only a mouse
 * can use (the keyboard removes items with Backspace), is hidden from screen readers.
 * The boxes are drawn when the page loads and again for each inline row added, so a
 * MutationObserver names them whenever they appear.
 */
"use strict";
{
  function labelFor(select) {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = `${select.id}-label`;
    }
    return label;
  }

  /* The <select> a widget stands for: drawn right after it, or (an open dropdown, which
   * select2 adds at the end of the page) named in its list of results' id. */
  function selectOf(container) {
    const before = container.previousElementSibling;
    if (before && before.tagName === "SELECT") {
      return before;
    }
    const results = container.querySelector(".select2-results__options[id]");
    const match = results && results.id.match(/^select2-(.+)-results$/);
    return match ? document.getElementById(match[1]) : null;
  }

  function nameWidget(container) {
    const select = selectOf(container);
    if (!select) {
      return;
    }
    const label = labelFor(select);
    if (!label) {
      return;
    }
    const box = container.querySelector(".select2-selection");
    // A single choice is shown in a read-only textbox of its own, which needs the name too.
    const shown = container.querySelector(".select2-selection__rendered[id]");
    if (shown) {
      shown.setAttribute("aria-labelledby", label.id);
    }
    if (box) {
      box.setAttribute("aria-labelledby", shown ? `${label.id} ${shown.id}` : label.id);
    }
    for (const search of container.querySelectorAll(".select2-search__field")) {
      search.setAttribute("aria-labelledby", label.id);
    }
  }

  function nameAll(root) {
    for (const container of root.querySelectorAll(".select2-container")) {
      nameWidget(container);
    }
    for (const cross of root.querySelectorAll(".select2-selection__clear")) {
      cross.setAttribute("aria-hidden", "true");
    }
  }

  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) {
          continue;
        }
        if (node.matches(".select2-container")) {
          nameWidget(node);
        } else if (node.matches(".select2-selection__clear")) {
          node.setAttribute("aria-hidden", "true");
        } else if (node.closest(".select2-container")) {
          nameWidget(node.closest(".select2-container"));
        } else {
          nameAll(node);
        }
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  nameAll(document);
}
