/* The search box in the header: the form the page holds (a link to the whole handbook without
   scripts) upgraded in place into the box, which has the same size. The engine, the index, the
   script of the list of results (assets/search.js) and the index's snippets are loaded as
   classic scripts the first time the box is used, so that a page pays nothing for search until
   then and the search works from file:// too. Nothing runs until PH.upgradeSearch(form) is called. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook = globalThis.PartneringHandbook || {};

  /** Add a classic script, run in the order added unless async; resolve when it has run. */
  function loadScript(doc, src, async = false) {
    return new Promise((resolve, reject) => {
      const script = doc.createElement("script");
      script.src = src;
      script.async = async;
      script.onload = resolve;
      script.onerror = () => reject(new Error("could not load " + src));
      doc.head.append(script);
    });
  }

  /** Load, all at once, what the box needs once used; the list's start source takes over the box.

      The engine, the index and the list run in this order; the snippets, the largest part, run
      whenever they arrive (PH.searchTextLoaded), so that the engine is built meanwhile. */
  function loadSearch(form) {
    const doc = form.ownerDocument, status = form.querySelector("[aria-live]");
    status.textContent = form.dataset.loading;
    const sources = [form.dataset.engine, form.dataset.index, form.dataset.script];
    const loaded = sources.map((src) => loadScript(doc, src));
    PH.searchTextLoaded = loadScript(doc, form.dataset.text, true);  // asked for last: it is needed last
    return Promise.all(loaded.concat(PH.searchTextLoaded))
      .catch(() => { status.textContent = form.dataset.failed; });
  }

  /** Whether a key press goes to a field, where "/" is typed rather than a shortcut. */
  function typing(target) {
    return Boolean(target && target.closest && target.closest("input, textarea, select, [contenteditable]:not([contenteditable=false])"));
  }

  /** Upgrade the page's search form in place: the link gives way to the box, and "/" focuses it. */
  function upgradeSearch(form) {
    const doc = form.ownerDocument;
    const input = form.querySelector("[role=combobox]");
    let loading = null;
    const load = () => { loading = loading || loadSearch(form); };
    form.querySelector(".search-link").hidden = true;
    input.hidden = false;
    form.addEventListener("submit", (event) => event.preventDefault());
    input.addEventListener("input", load);
    input.addEventListener("focus", load);
    doc.addEventListener("keydown", (event) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      event.preventDefault();
      input.focus();
    });
    return input;
  }

  Object.assign(PH, { upgradeSearch, typingInField: typing });
})();
