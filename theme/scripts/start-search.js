/* The list of results, loaded by the search box on its first use: it takes over the box. */
(() => {
  "use strict";
  const form = document.querySelector("form.search[data-index]");
  if (form) globalThis.PartneringHandbook.attachSearch(form);
})();
