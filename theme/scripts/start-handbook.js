/* Every page's small enhancements; the pages work without them. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  PH.markScrollingTables(document);
  const form = document.querySelector("form.search[data-index]");
  if (form) PH.upgradeSearch(form);
  PH.followSections(document);
})();
