/* Small enhancements shared by every page; the pages work without them. */
(function () {
  "use strict";
  // Let keyboard users scroll wide tables: their wrappers are focusable regions.
  document.querySelectorAll(".table-scroll:not([tabindex])").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      var table = box.querySelector("table");
      var caption = table && table.querySelector("caption");
      if (caption && caption.id) box.setAttribute("aria-labelledby", caption.id);
      else box.setAttribute("aria-label", document.title);
    }
  });
  // On narrow screens the navigation starts folded so the page's text comes first; the
  // markup leaves it open for readers without JavaScript and for wide screens.
  var menu = document.querySelector(".nav-menu");
  if (menu && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 59.99rem)");
    var fold = function () { menu.open = !narrow.matches; };
    fold();
    if (narrow.addEventListener) narrow.addEventListener("change", fold);
  }
})();
