/* Small progressive enhancements; every page works without this file.
 *
 * - Filter panels (<details data-open-wide>) start open on wide screens, where they
 *   sit beside the results, and closed on phones, where they would push results down.
 * - Forms marked data-autosubmit apply a ticked box or a chosen option at once;
 *   typed fields (search, years, amounts) still wait for Enter or the button. The
 *   control that changed gets the focus back on the new page, so keyboard users do
 *   not start again from the top after every tick.
 */
(function () {
  "use strict";

  var wide = window.matchMedia("(min-width: 60rem)");

  function openOnWide() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = wide.matches;
    });
  }

  var FOCUS_KEY = "archive:autosubmit-focus";

  function autosubmit(form) {
    // Say so before it happens (WCAG 3.2.2): the page reloads on a tick only with this file.
    form.querySelectorAll("[data-autosubmit-hint]").forEach(function (hint) {
      hint.hidden = false;
    });
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches("input[type=checkbox], input[type=radio], select")) {
        try {
          sessionStorage.setItem(FOCUS_KEY, JSON.stringify([target.name, target.value, target.type]));
        } catch (error) {
          // Storage may be disabled; the filter still applies.
        }
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.submit();
        }
      }
    });
    // Empty fields would clutter the address; leave them out of the submitted state.
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (field.name && field.value === "" && field.type !== "checkbox" && field.type !== "radio") {
          field.disabled = true;
        }
      });
    });
  }

  function restoreFocus() {
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(FOCUS_KEY) || "null");
      sessionStorage.removeItem(FOCUS_KEY);
    } catch (error) {
      return;
    }
    if (!saved) {
      return;
    }
    var selector = saved[2] === "select-one" ? "select" : "input";
    var fields = document.querySelectorAll("form[data-autosubmit] " + selector);
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.name === saved[0] && (selector === "select" || field.value === saved[1])) {
        var details = field.closest("details");
        if (details) {
          details.open = true;
        }
        field.focus({ preventScroll: false });
        return;
      }
    }
  }

  function ready() {
    openOnWide();
    if (wide.addEventListener) {
      wide.addEventListener("change", openOnWide);
    }
    document.querySelectorAll("form[data-autosubmit]").forEach(autosubmit);
    restoreFocus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
