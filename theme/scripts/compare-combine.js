/* The compare page's second part: combining several respondents' exported files, and saving the result. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { el, MAX_NAME } = PH;

  Object.assign(PH.ComparePage.prototype, {
    /** The file picker's section and the combination's, in page order. */
    combinePick() {
      const t = this.t, filesInput = el("input", { type: "file", id: "combine-files", multiple: "", accept: ".json,application/json" });
      this.combineMessages = this.messages();
      this.combination = el("section", { id: "combination", className: "results combination", "aria-labelledby": "combination-heading" });
      filesInput.addEventListener("change", () => { if (filesInput.files.length) this.loadRespondents(filesInput.files); });
      return [el("section", { className: "toolbar combine-pick", "aria-labelledby": "combine-heading" }, [
        el("h2", { id: "combine-heading", text: t("combine_heading") }), el("p", { text: t("combine_intro") }),
        el("p", {}, [el("label", { "for": filesInput.id, text: t("combine_files") }), filesInput]), this.combineMessages]),
        this.combination];
    },

    loadRespondents(list) {
      const t = this.t, box = this.combineMessages, chosenFiles = Array.prototype.slice.call(list, 0, PH.MAX_FILES);
      box.replaceChildren();
      Promise.all(chosenFiles.map((file, i) => PH.readFile(this.model, file, t("combine_respondent", { number: i + 1 }))
        .then((result) => ({ file: file, result: result })))).then((loaded) => {
        this.respondents = [];
        loaded.forEach((one) => {
          if (one.result.error) this.report(box, t("combine_failed", { file: one.file.name }), [one.result.error]);
          else {
            this.respondents.push(one.result.assessment);
            if (one.result.problems.length) this.report(box, t("compare_loaded", { name: one.result.assessment.name, file: one.file.name }), one.result.problems);
          }
        });
        this.renderCombination();
      });
    },

    renderCombination() {
      const t = this.t, respondents = this.respondents, box = this.combination;
      if (respondents.length < 2) { box.replaceChildren(el("p", { text: t("combine_need") })); return; }
      const combined = PH.combine(this.model, respondents), names = respondents.map((one) => one.name);
      box.replaceChildren(
        el("h2", { id: "combination-heading", text: t("combine_results_heading", { count: respondents.length }) }),
        el("p", { id: "respondents", text: t("combine_respondents", { names: names.join(", ") }) }));
      respondents.forEach((assessment) => { const notice = PH.upgradeNotice(this.model, assessment, t); if (notice) box.append(notice); });
      const flagged = combined.filter((row) => row.flagged);
      box.append(this.flagsPart(flagged), this.combineTable(combined), this.savePart(combined, names), this.combineFormulas());
      this.announce(t("combine_announce", { count: respondents.length, flags: flagged.length }));
    },

    flagReasons(row) {
      const reasons = [];
      if (row.current && row.current.flagged) reasons.push(this.t("combine_flag_current", { spread: row.current.spread }));
      if (row.target && row.target.flagged) reasons.push(this.t("combine_flag_target", { spread: row.target.spread }));
      return reasons.join("; ");
    },

    flagsPart(flagged) {
      const t = this.t, content = flagged.length
        ? el("ul", { id: "combine-flags" }, flagged.map((row) =>
            el("li", { "data-function": row.fn.id }, [el("strong", { text: row.fn.name }), ": " + this.flagReasons(row)])))
        : el("p", { id: "combine-flags", text: t("combine_flags_none", { threshold: this.threshold }) });
      return this.section("combine-flags-heading", t("combine_flags_heading"), [content]);
    },

    medianCell(figure, key) {
      if (!figure) return el("td", { className: "cell-median-" + key, text: this.t("none") });
      const lower = this.model.levelAt(Math.floor(figure.median)), upper = this.model.levelAt(Math.ceil(figure.median));
      return el("td", { className: "cell-median-" + key }, [el("data", { value: String(figure.median), text: PH.number(figure.median, 1, this.lang) }), " ",
        lower === upper ? lower.name : this.t("combine_median_between", { lower: lower.name, upper: upper.name })]);
    },

    spreadCell(figure, key) {
      return el("td", { className: "cell-spread-" + key, "data-spread": figure ? String(figure.spread) : "",
        text: figure ? this.t("combine_spread_value", { low: figure.low, high: figure.high, spread: figure.spread }) : this.t("none") });
    },

    combineRow(row) {
      const t = this.t, who = el("ul", { className: "who" }, row.rows.map((one, i) =>
        el("li", { text: t("combine_answer", { name: this.respondents[i].name, current: PH.levelText(this.t, one.current, one.status), target: PH.levelText(this.t, one.target, "open") }) })));
      return el("tr", { "data-function": row.fn.id, className: row.flagged ? "talk" : "" }, [
        el("th", { scope: "row", text: row.fn.name }),
        this.medianCell(row.current, "current"), this.spreadCell(row.current, "current"),
        this.medianCell(row.target, "target"), this.spreadCell(row.target, "target"),
        el("td", { className: "cell-who" }, [who]),
        el("td", { className: "cell-flag" }, row.flagged ? [el("strong", { text: t("combine_flag_marker") }), " " + this.flagReasons(row)] : [t("none")])]);
    },

    combineTable(combined) {
      const caption = this.t("combine_table_caption");
      return this.tableBox(caption, el("table", { id: "combine-table", className: "combine-table" }, [el("caption", { text: caption }),
        this.headRow(["function", "combine_col_median_current", "combine_col_spread_current", "combine_col_median_target",
                      "combine_col_spread_target", "combine_col_answers", "combine_col_flag"]),
        el("tbody", {}, combined.map((row) => this.combineRow(row)))]));
    },

    savePart(combined, names) {
      const t = this.t, input = el("input", { type: "text", id: "combine-save-name", maxlength: String(MAX_NAME), autocomplete: "off",
        value: t("combine_save_default", { names: names.join(", ") }).slice(0, MAX_NAME) });
      const status = this.messages();
      const form = el("form", { className: "combine-save" }, [
        el("p", {}, [el("label", { "for": input.id, text: t("combine_save_name") }), input]),
        el("p", {}, [el("button", { type: "submit", text: t("combine_save") })]), status]);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const name = input.value.trim().slice(0, MAX_NAME);
        if (!name) { input.focus(); return; }
        this.saveCombined(PH.combinedAssessment(this.model, combined, names, name), status);
      });
      return this.section("combine-save-heading", t("combine_save_heading"), [form]);
    },

    saveCombined(assessment, status) {
      const t = this.t, state = this.store.load(t("first_name"));
      state.assessments[assessment.id] = assessment;
      state.current = assessment.id;
      if (!this.store.save(state)) { status.replaceChildren(el("p", { text: t("combine_not_saved") })); return; }
      this.saved = state.assessments;
      this.fillSelects();
      status.replaceChildren(el("p", {}, [t("combine_saved", { name: assessment.name }) + " ", el("a", { href: "assessment.html", text: t("combine_saved_link") })]));
    },

    combineFormulas() {
      const t = this.t;
      return this.formulas("combine-formula-heading",
        [t("combine_formula_median"), t("combine_formula_spread", { threshold: this.threshold }), t("combine_formula_save")]);
    }
  });
})();
