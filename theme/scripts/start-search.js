/* The list of results, loaded by the search box on its first use: it takes over the box. */
(() => {
  "use strict";
  const form = document.querySelector("form.search[data-index]");
  const PH = globalThis.PartneringHandbook;
  if (form) PH.attachSearch(form, PH.searchTextLoaded);
})();
