/* The self-assessment's summary beside the worksheet: answered count, overall figure and profile,
   written into the boxes the page keeps for them (each a line of its own, so nothing moves). */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;

  /** The summary's texts for a result: {answered, overall, counts: {level id: number}}. */
  function summaryTexts(result, t, number) {
    const counts = {};
    result.profile.forEach((entry) => { counts[entry.level.id] = entry.rows.length; });
    return {
      answered: t("scored_value", { scored: result.answered, total: result.total }),
      overall: result.rounded === null ? t("none") : number(result.rounded, 1) + " " + t("of_levels", { count: result.levels }),
      counts: counts
    };
  }

  Object.assign(PH.AssessmentPage.prototype, {
    showSummary(result) {
      const box = document.getElementById("summary");
      if (!box) return;  // a publisher's template without it
      // Wide screens show the box unfolded (assessment.css, same width); opened too, its links count
      // as reachable for assistive technology, and where CSS cannot unfold it, this does.
      if (!this.summaryShown && window.matchMedia("(min-width: 72rem)").matches) box.open = true;
      this.summaryShown = true;
      const texts = summaryTexts(result, this.t, (value, digits) => this.number(value, digits));
      box.querySelector("#summary-answered").textContent = texts.answered;
      box.querySelector("#summary-overall").textContent = texts.overall;
      box.querySelectorAll(".summary-profile li[data-level]").forEach((item) => {
        const count = texts.counts[item.getAttribute("data-level")] || 0;
        item.querySelector(".summary-count").textContent = String(count);
        item.querySelector("meter").value = count;
      });
    }
  });

  Object.assign(PH, { summaryTexts });
})();
