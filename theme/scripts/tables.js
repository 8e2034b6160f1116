/* Let keyboard users scroll wide tables: a wrapper that scrolls becomes a focusable, labelled
   region, whether it was in the page from the start, drawn later by a script (the assessment's
   results) or made to scroll by a narrower window. Nothing runs until PH.markScrollingTables. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook = globalThis.PartneringHandbook || {};

  function mark(box, doc) {
    if (box.hasAttribute("tabindex") || box.scrollWidth <= box.clientWidth) return;
    const caption = box.querySelector("caption");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    if (caption && caption.id) box.setAttribute("aria-labelledby", caption.id);
    else box.setAttribute("aria-label", caption ? caption.textContent.trim() : doc.title);
  }

  /** Mark every scrolling table now and whenever the page or the window's width changes. */
  function markScrollingTables(doc) {
    const win = doc.defaultView;
    const markAll = () => doc.querySelectorAll(".table-scroll").forEach((box) => mark(box, doc));
    markAll();
    if (win.MutationObserver) new win.MutationObserver(markAll).observe(doc.body, { childList: true, subtree: true });
    win.addEventListener("resize", markAll);
  }

  PH.markScrollingTables = markScrollingTables;
})();
