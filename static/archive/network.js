/* The network picture, enhanced: pan, zoom, drag nodes, highlight neighbours.
 *
 * The server draws the whole picture as SVG with every node a link to its page, so
 * without this file the picture and its links still work. This adds:
 * - dragging the background (or the arrow keys with the picture focused) to pan,
 *   the wheel or the +/− buttons to zoom, "Reset view" to go back;
 * - dragging a node to move it (its links follow); a click without a drag opens it;
 * - hovering or focusing a node to highlight it and its direct links.
 */
(function () {
  "use strict";

  function enhance(container) {
    var svg = container.querySelector("svg.network__svg");
    var viewport = svg.querySelector(".network__viewport");
    var tools = container.querySelector(".network__tools");
    var box = svg.viewBox.baseVal;
    var view = { x: box.x, y: box.y, w: box.width, h: box.height };
    var initial = Object.assign({}, view);
    var nodes = {};
    var links = Array.prototype.slice.call(svg.querySelectorAll(".link"));

    container.classList.add("network--enhanced");
    tools.hidden = false;
    svg.setAttribute("tabindex", "0");

    svg.querySelectorAll(".node").forEach(function (el) {
      var match = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(el.getAttribute("transform"));
      nodes[el.dataset.id] = { el: el, x: parseFloat(match[1]), y: parseFloat(match[2]) };
    });

    function radius(node) {
      var use = node.el.querySelector("use");
      var scale = /scale\(([-\d.]+)\)/.exec(use.getAttribute("transform"));
      return 7 * (scale ? parseFloat(scale[1]) : 1);
    }

    function applyView() {
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    }

    function toSvg(event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      return point.matrixTransform(viewport.getScreenCTM().inverse());
    }

    function zoom(factor, cx, cy) {
      var w = Math.min(Math.max(view.w * factor, initial.w / 8), initial.w * 3);
      var h = (w / view.w) * view.h;
      if (cx === undefined) {
        cx = view.x + view.w / 2;
        cy = view.y + view.h / 2;
      }
      view.x = cx - ((cx - view.x) * w) / view.w;
      view.y = cy - ((cy - view.y) * h) / view.h;
      view.w = w;
      view.h = h;
      applyView();
    }

    function redrawLinks(id) {
      links.forEach(function (line) {
        if (line.dataset.source !== id && line.dataset.target !== id) {
          return;
        }
        var a = nodes[line.dataset.source];
        var b = nodes[line.dataset.target];
        var dx = b.x - a.x;
        var dy = b.y - a.y;
        var length = Math.hypot(dx, dy) || 1;
        var end = radius(b) + (line.classList.contains("link--flow") ? 4 : 0);
        line.setAttribute("x1", a.x + (dx / length) * radius(a));
        line.setAttribute("y1", a.y + (dy / length) * radius(a));
        line.setAttribute("x2", b.x - (dx / length) * end);
        line.setAttribute("y2", b.y - (dy / length) * end);
      });
    }

    function highlight(id) {
      if (!id) {
        container.classList.remove("is-highlighting");
        return;
      }
      container.classList.add("is-highlighting");
      var near = {};
      near[id] = true;
      links.forEach(function (line) {
        var touches = line.dataset.source === id || line.dataset.target === id;
        line.classList.toggle("is-near", touches);
        if (touches) {
          near[line.dataset.source] = true;
          near[line.dataset.target] = true;
        }
      });
      Object.keys(nodes).forEach(function (key) {
        nodes[key].el.classList.toggle("is-near", !!near[key]);
      });
    }

    Object.keys(nodes).forEach(function (id) {
      var el = nodes[id].el;
      el.addEventListener("pointerenter", function () { highlight(id); });
      el.addEventListener("pointerleave", function () { highlight(null); });
      el.addEventListener("focus", function () { highlight(id); });
      el.addEventListener("blur", function () { highlight(null); });
    });

    var drag = null;

    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) {
        return;
      }
      var nodeEl = event.target.closest(".node");
      var start = toSvg(event);
      drag = {
        id: nodeEl ? nodeEl.dataset.id : null,
        startX: event.clientX,
        startY: event.clientY,
        origin: start,
        view: Object.assign({}, view),
        moved: false,
      };
      svg.setPointerCapture(event.pointerId);
      if (!drag.id) {
        svg.classList.add("is-panning");
      }
    });

    svg.addEventListener("pointermove", function (event) {
      if (!drag) {
        return;
      }
      if (Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) > 4) {
        drag.moved = true;
      }
      if (!drag.moved) {
        return;
      }
      if (drag.id) {
        var point = toSvg(event);
        var node = nodes[drag.id];
        node.x = point.x;
        node.y = point.y;
        node.el.setAttribute("transform", "translate(" + node.x + " " + node.y + ")");
        redrawLinks(drag.id);
      } else {
        var scale = view.w / svg.getBoundingClientRect().width;
        view.x = drag.view.x - (event.clientX - drag.startX) * scale;
        view.y = drag.view.y - (event.clientY - drag.startY) * scale;
        applyView();
      }
    });

    function endDrag(event) {
      if (!drag) {
        return;
      }
      var finished = drag;
      drag = null;
      svg.classList.remove("is-panning");
      if (svg.hasPointerCapture(event.pointerId)) {
        svg.releasePointerCapture(event.pointerId);
      }
      // Pointer capture swallows the click on a node: open it here unless it was dragged.
      if (finished.id && !finished.moved && event.type === "pointerup") {
        var link = nodes[finished.id].el;
        window.location.href = link.getAttribute("href");
      }
    }

    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    svg.addEventListener("click", function (event) {
      // Keyboard activation (Enter) still follows the link; pointer clicks are handled above.
      if (event.detail > 0 && event.target.closest(".node")) {
        event.preventDefault();
      }
    });

    svg.addEventListener(
      "wheel",
      function (event) {
        event.preventDefault();
        var point = toSvg(event);
        zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, point.x, point.y);
      },
      { passive: false }
    );

    svg.addEventListener("keydown", function (event) {
      if (event.target !== svg) {
        return;
      }
      var step = view.w / 10;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        view.x += moves[event.key][0];
        view.y += moves[event.key][1];
        applyView();
        event.preventDefault();
      } else if (event.key === "+" || event.key === "=") {
        zoom(1 / 1.25);
      } else if (event.key === "-") {
        zoom(1.25);
      }
    });

    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) {
        return;
      }
      if (button.dataset.zoom === "in") {
        zoom(1 / 1.25);
      } else if (button.dataset.zoom === "out") {
        zoom(1.25);
      } else {
        view = Object.assign({}, initial);
        applyView();
      }
    });
  }

  function ready() {
    document.querySelectorAll("[data-network]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
