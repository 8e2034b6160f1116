/* Start the compare page: the only source that runs on the page when the script loads. */
globalThis.PartneringHandbook.startComparePage();
