/* Possible duplicates, listed under a record's name as the archivist types it.
 * The name input carries data-similar-url (core.admin_tools.SimilarNamesMixin); the
 * list comes from the same variant-aware search as the admin's (core.search). */
(function () {
  "use strict";

  function recordId() {
    var match = window.location.pathname.match(/\/(\d+)\/change\/$/);
    return match ? match[1] : "";
  }

  function show(box, results) {
    box.textContent = "";
    box.hidden = results.length === 0;
    if (!results.length) return;
    var intro = document.createElement("p");
    intro.textContent = "Possible duplicate — a record with a name like this exists:";
    box.appendChild(intro);
    var list = document.createElement("ul");
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.target = "_blank";
      link.textContent = result.name;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function watch(input) {
    var box = document.createElement("div");
    box.className = "similar-names warning";
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
    box.hidden = true;
    input.insertAdjacentElement("afterend", box);
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var name = input.value.trim();
        if (name === asked) return;
        asked = name;
        if (name.length < 3) return show(box, []);
        var url = input.dataset.similarUrl + "?name=" + encodeURIComponent(name) +
          "&exclude=" + recordId();
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { if (asked === name) show(box, data.results); });
      }, 250);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-similar-url]").forEach(watch);
  });
})();
