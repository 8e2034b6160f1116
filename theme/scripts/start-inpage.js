/* Start in-page scoring and the home page's map: the only source that runs on the page when the script loads. */
globalThis.PartneringHandbook.startInpage();
