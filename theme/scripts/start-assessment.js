/* Start the self-assessment: the only source that runs on the page when the script loads. */
globalThis.PartneringHandbook.startAssessmentPage();
