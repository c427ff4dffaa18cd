/* A wide table scrolls sideways inside its own box (.table-wrap) on a phone. A box that scrolls
   must be reachable from the keyboard, or its hidden columns are out of reach without a mouse
   or a finger (WCAG 2.1.1; axe's scrollable-region-focusable): such a box joins the tab order,
   and leaves it again when the screen is wide enough for the whole table. Tables that htmx
   swaps in are looked at too. */
(function () {
  "use strict";

  function update() {
    var boxes = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    }
  }

  var pending = null;
  function later() {
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(update, 150);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("load", update);
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", update);
})();
