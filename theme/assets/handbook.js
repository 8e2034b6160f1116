/* Small enhancements shared by every page; the pages work without them. */
(function () {
  "use strict";
  // Let keyboard users scroll wide tables: a wrapper that scrolls becomes a focusable, labelled
  // region, whether it was in the page from the start, drawn later by a script (the assessment's
  // results) or made to scroll by a narrower window.
  function mark(box) {
    if (box.hasAttribute("tabindex") || box.scrollWidth <= box.clientWidth) return;
    var caption = box.querySelector("caption");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    if (caption && caption.id) box.setAttribute("aria-labelledby", caption.id);
    else box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
  }
  function markAll() { document.querySelectorAll(".table-scroll").forEach(mark); }
  markAll();
  if (window.MutationObserver) new MutationObserver(markAll).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", markAll);
})();
