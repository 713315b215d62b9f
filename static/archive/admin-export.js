/* The admin's export page: "Select all" ticks or clears every field. django-import-export
 * wires this with an inline onchange attribute, which the site's CSP forbids; its handler
 * (export_selectable_fields.js, loaded before this file) is bound here instead. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
      toggle.addEventListener("change", onSelectToggleChange);
    });
  });
})();
