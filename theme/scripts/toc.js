/* "On this page": the list of the page's sections marks the one being read as the reader
   scrolls. The list works without it; nothing runs until PH.followSections(doc). */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook = globalThis.PartneringHandbook || {};
  const READING_LINE = 0.3;  // the section whose heading is above this share of the window is read

  /** The position of the section being read: the last heading above the reading line, else the first. */
  function sectionInView(tops, line) {
    let current = 0;
    tops.forEach((top, position) => { if (top <= line) current = position; });
    return current;
  }

  /** Mark the links to the section in view with aria-current, in every list of the page. */
  function followSections(doc) {
    const win = doc.defaultView;
    const links = Array.from(doc.querySelectorAll(".toc a[href^='#']"));
    const ids = Array.from(new Set(links.map((link) => decodeURIComponent(link.hash.slice(1)))));
    const headings = ids.map((id) => doc.getElementById(id)).filter(Boolean);
    if (!headings.length || !win.IntersectionObserver) return;
    const update = () => {
      const tops = headings.map((heading) => heading.getBoundingClientRect().top);
      const current = headings[sectionInView(tops, win.innerHeight * READING_LINE)].id;
      for (const link of links) {
        if (decodeURIComponent(link.hash.slice(1)) === current) link.setAttribute("aria-current", "location");
        else link.removeAttribute("aria-current");
      }
    };
    // The observer calls back only when a heading crosses the reading line, never on every scroll.
    const observer = new win.IntersectionObserver(update, { rootMargin: "0px 0px " + (-100 * (1 - READING_LINE)) + "% 0px" });
    headings.forEach((heading) => observer.observe(heading));
  }

  Object.assign(PH, { sectionInView, followSections });
})();
