/* The compare page's controller: picking two assessments and showing how they compare.
   Combining several respondents is in compare-combine.js; the figures are scoring.js's. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { el } = PH;
  const SIDE_KEYS = ["current", "target"];
  const levelNames = (model) => model.levels.map((level) => level.name);

  function ComparePage(app, model, t) {
    this.app = app; this.model = model; this.t = t;
    this.lang = document.documentElement.lang || undefined;
    this.threshold = PH.threshold(model);
    this.store = PH.openStore(model, PH.rootPath(document, window.location), PH.browserStorage(), PH.siteBase(window.location));
    this.saved = this.store.load(t("first_name")).assessments;
    this.files = []; this.respondents = []; this.chartSide = "current";
  }

  ComparePage.prototype = {
    percent(value) { return this.t("compare_alignment_value", { percent: Math.round(value * 100) }); },
    messages() { return el("div", { className: "messages", role: "status", "aria-live": "polite" }); },

    tableBox(caption, table) {
      return el("div", { className: "table-scroll", tabindex: "0", role: "region", "aria-label": caption }, [table]);
    },

    headRow(keys) {
      return el("thead", {}, [el("tr", {}, keys.map((key) => el("th", { scope: "col", text: this.t(key) })))]);
    },

    section(id, heading, children) {
      return el("section", { "aria-labelledby": id }, [el("h3", { id: id, text: heading })].concat(children));
    },

    formulas(id, items) {
      return el("section", { "aria-labelledby": id, className: "formulas" }, [
        el("h3", { id: id, text: this.t("formula_heading") }),
        el("ul", {}, items.map((text) => el("li", { text: text })))]);
    },

    announce(text) {
      clearTimeout(this.announceTimer);
      this.announceTimer = setTimeout(() => { this.live.textContent = text; }, 500);
    },

    report(box, headline, problems) {
      const list = el("ul", {}, problems.map((problem) => el("li", { text: this.t(problem.key, problem.values) })));
      box.append(el("p", { text: headline }));
      if (problems.length) box.append(list);
    },

    start() {
      const t = this.t;
      this.sideA = this.side("a"); this.sideB = this.side("b");
      this.compareMessages = this.messages();
      this.comparison = el("section", { id: "comparison", className: "results comparison", "aria-labelledby": "comparison-heading" });
      this.live = el("div", { className: "visually-hidden", role: "status", "aria-live": "polite" });
      this.fillSelects();
      const ordered = Array.prototype.slice.call(this.sideA.select.options, 1);
      if (ordered.length >= 2) { this.sideA.select.value = ordered[0].value; this.sideB.select.value = ordered[1].value; }
      document.documentElement.classList.add("assessment-ready");
      this.app.append(
        el("section", { className: "toolbar compare-pick", "aria-labelledby": "compare-heading" }, [
          el("h2", { id: "compare-heading", text: t("compare_heading") }), el("p", { text: t("compare_intro") }),
          el("div", { className: "compare-sides" }, [this.sideA.fieldset, this.sideB.fieldset]), this.compareMessages]),
        this.comparison, ...this.combinePick(), this.live);
      this.renderComparison();
      this.renderCombination();
      window.addEventListener("storage", (event) => { if (event.key === this.store.key || event.key === null) this.reloadSaved(); });
    },

    /** Another page of this handbook saved: offer its assessments and redraw a comparison of them. */
    reloadSaved() {
      this.saved = this.store.load(this.t("first_name")).assessments;
      this.fillSelects();
      this.renderComparison();
    },

    // --- picking two assessments

    side(key) {
      const t = this.t, select = el("select", { id: "compare-" + key });
      const file = el("input", { type: "file", id: "compare-file-" + key, accept: ".json,application/json" });
      select.addEventListener("change", () => { this.renderComparison(); });
      file.addEventListener("change", () => {
        const chosen = file.files[0];
        file.value = "";
        if (chosen) this.loadForComparison(chosen, select);
      });
      return { select: select, fieldset: el("fieldset", { className: "compare-side" }, [
        el("legend", { text: t("compare_side_" + key) }),
        el("p", {}, [el("label", { "for": select.id, text: t("compare_saved") }), select]),
        el("p", {}, [el("label", { "for": file.id, text: t("compare_file") }), file])]) };
    },

    fillSelects() {
      const t = this.t, saved = this.saved;
      [this.sideA.select, this.sideB.select].forEach((select) => {
        const value = select.value;
        select.replaceChildren(el("option", { value: "", text: t("compare_choose") }));
        Object.keys(saved).map((id) => saved[id])
          .sort((x, y) => x.created < y.created ? -1 : x.created > y.created ? 1 : 0)
          .forEach((assessment) => { select.append(el("option", { value: "s:" + assessment.id, text: assessment.name })); });
        this.files.forEach((assessment, i) => { select.append(el("option", { value: "f:" + i, text: t("compare_from_file", { name: assessment.name }) })); });
        select.value = value;
      });
    },

    chosen(value) {
      if (value.indexOf("s:") === 0) return this.saved[value.slice(2)] || null;
      if (value.indexOf("f:") === 0) return this.files[Number(value.slice(2))] || null;
      return null;
    },

    loadForComparison(file, select) {
      const t = this.t, box = this.compareMessages;
      PH.readFile(this.model, file, file.name).then((result) => {
        box.replaceChildren();
        if (result.error) { this.report(box, t("import_failed", { file: file.name }), [result.error]); return; }
        this.files.push(result.assessment);
        this.fillSelects();
        select.value = "f:" + (this.files.length - 1);
        this.report(box, t("compare_loaded", { name: result.assessment.name, file: file.name }), result.problems);
        this.renderComparison();
      });
    },

    // --- comparison

    renderComparison() {
      const t = this.t, a = this.chosen(this.sideA.select.value), b = this.chosen(this.sideB.select.value), box = this.comparison;
      if (!a || !b) { box.replaceChildren(el("p", { className: "compare-empty", text: t("compare_pick_two") })); return; }
      const result = PH.compare(this.model, a, b);
      box.replaceChildren(
        el("h2", { id: "comparison-heading", text: t("compare_results_heading", { a: a.name, b: b.name }) }),
        el("p", { className: "compare-key", text: t("compare_key", { a: a.name, b: b.name }) }));
      [a, b].forEach((assessment) => { const notice = PH.upgradeNotice(this.model, assessment, t); if (notice) box.append(notice); });
      box.append(this.alignmentPart(result), this.talkPart(result), this.chartPart(result), this.changedPart(result), this.compareFormulas(result));
      this.announce(t("compare_announce", { current: result.current ? this.percent(result.current.value) : t("none"),
        target: result.target ? this.percent(result.target.value) : t("none"), talk: result.talk.length }));
    },

    alignmentPart(result) {
      const t = this.t, facts = el("dl", { className: "facts alignment" });
      SIDE_KEYS.forEach((key) => {
        const figure = result[key], value = figure
          ? [el("data", { id: "alignment-" + key, value: String(figure.value), text: this.percent(figure.value) }), " ",
             t("compare_alignment_pairs", { pairs: figure.pairs, total: result.rows.length })]
          : [el("span", { id: "alignment-" + key, text: t("compare_alignment_none") })];
        facts.append(el("dt", { text: t("compare_alignment_" + key) }), el("dd", {}, value));
      });
      return this.section("alignment-heading", t("compare_alignment_heading"), [facts]);
    },

    talkReasons(row) {
      const reasons = [];
      if (row.talkNow) reasons.push(this.t("compare_talk_current", { difference: Math.abs(row.now) }));
      if (row.talkGoal) reasons.push(this.t("compare_talk_target", { difference: Math.abs(row.goal) }));
      return reasons.join("; ");
    },

    talkPart(result) {
      const t = this.t, content = result.talk.length
        ? el("ul", { id: "talk-list", className: "talk-list" }, result.talk.map((row) =>
            el("li", { "data-function": row.fn.id }, [el("strong", { text: row.fn.name }), ": " + this.talkReasons(row)])))
        : el("p", { id: "talk-list", text: t("compare_talk_none", { threshold: this.threshold }) });
      return this.section("talk-heading", t("compare_talk_heading"), [content]);
    },

    drawComparison(figure, result) {
      const t = this.t, model = this.model, bars = result.rows.length < 3, side = this.chartSide;
      const axes = result.rows.map((row) => row.talkNow || row.talkGoal ? row.fn.name + " \u2691" : row.fn.name);
      const key = PH.axisKey(axes, t);
      const values = (which) => result.rows.map((row) => row[which][side] ? row[which][side].position : null);
      const chart = PH.drawChart({
        title: t(bars ? "compare_chart_title_bars" : "compare_chart_title_radar"), max: model.count, axes: axes, axisKey: key,
        scale: levelNames(model),
        series: [{ name: "A", className: "series-a", marker: "circle", values: values("a") },
                 { name: "B", className: "series-b", marker: "square", values: values("b") }]
      });
      const legend = el("ul", { className: "chart-legend" }, ["a", "b"].map((which) =>
        el("li", {}, [el("span", { className: "swatch swatch-" + which, "aria-hidden": "true" }), t("compare_legend_" + which + (bars ? "_bars" : ""))])));
      figure.replaceChildren(chart, el("figcaption", {}, [legend, PH.scaleKey(levelNames(model), t), key]));
    },

    chartPart(result) {
      const t = this.t, figure = el("figure", { className: "chart-figure" });
      const choice = el("fieldset", { className: "chart-choice" }, [el("legend", { text: t("compare_chart_show") })].concat(SIDE_KEYS.map((key) => {
        const radio = el("input", { type: "radio", name: "compare-chart", id: "compare-chart-" + key, value: key });
        radio.checked = this.chartSide === key;
        radio.addEventListener("change", () => { this.chartSide = key; this.drawComparison(figure, result); });
        return el("span", { className: "check" }, [radio, el("label", { "for": radio.id, text: t("compare_chart_" + key) })]);
      })));
      this.drawComparison(figure, result);
      return this.section("compare-chart-heading", t("compare_chart_heading"), [choice, figure, this.compareTable(result)]);
    },

    compareRow(row) {
      const t = this.t, talk = row.talkNow || row.talkGoal, shownDifference = (value) => value === null ? t("none") : PH.signedElement(value);
      return el("tr", { "data-function": row.fn.id, className: talk ? "talk" : "" }, [
        el("th", { scope: "row", text: row.fn.name }),
        el("td", { className: "cell-a-current", text: PH.levelText(this.t, row.a.current, row.a.status) }),
        el("td", { className: "cell-b-current", text: PH.levelText(this.t, row.b.current, row.b.status) }),
        el("td", { className: "cell-difference-current" }, [shownDifference(row.now)]),
        el("td", { className: "cell-a-target", text: PH.levelText(this.t, row.a.target, "open") }),
        el("td", { className: "cell-b-target", text: PH.levelText(this.t, row.b.target, "open") }),
        el("td", { className: "cell-difference-target" }, [shownDifference(row.goal)]),
        el("td", { className: "cell-talk" }, talk ? [el("strong", { text: t("compare_talk_marker") }), " " + this.talkReasons(row)] : [t("none")])]);
    },

    compareTable(result) {
      const caption = this.t("compare_table_caption");
      return this.tableBox(caption, el("table", { id: "compare-table", className: "compare-table" }, [el("caption", { text: caption }),
        this.headRow(["function", "compare_col_a_current", "compare_col_b_current", "compare_col_difference_current",
                      "compare_col_a_target", "compare_col_b_target", "compare_col_difference_target", "compare_col_talk"]),
        el("tbody", {}, result.rows.map((row) => this.compareRow(row)))]));
    },

    changes(row) {
      return SIDE_KEYS.map((key) => {
        const statusA = key === "current" ? row.a.status : "open", statusB = key === "current" ? row.b.status : "open";
        const from = PH.levelText(this.t, row.a[key], statusA), to = PH.levelText(this.t, row.b[key], statusB), diff = key === "current" ? row.now : row.goal;
        if (from === to) return null;
        const change = this.t("compare_changed_" + key, { from: from, to: to });
        return diff === null ? change : this.t("compare_changed_by", { change: change, difference: PH.signed(diff) });
      }).filter(Boolean);
    },

    changedPart(result) {
      const t = this.t, changes = [], same = [];
      result.rows.forEach((row) => {
        const parts = this.changes(row);
        if (parts.length) changes.push(el("li", { "data-function": row.fn.id }, [el("strong", { text: row.fn.name }), ": " + parts.join("; ")]));
        else same.push(row.fn.name);
      });
      const children = [];
      if (changes.length) children.push(el("ul", { id: "changed-list" }, changes));
      if (!changes.length) children.push(el("p", { text: t("compare_changed_none") }));
      else if (same.length) children.push(el("p", { text: t("compare_changed_same", { functions: same.join(", ") }) }));
      return this.section("changed-heading", t("compare_changed_heading"), children);
    },

    compareFormulas(result) {
      const t = this.t, model = this.model, first = model.levels[0], last = model.levels[model.levels.length - 1];
      const items = [t("formula_level", { count: model.count, first: first.name, last: last.name }),
                     t("compare_formula_alignment", { count: model.count })];
      SIDE_KEYS.forEach((key) => {
        const figure = result[key];
        if (!figure || model.count < 2) return;
        items.push(t("compare_formula_values", { label: t("compare_alignment_" + key), values: figure.distances.join(" + "),
          pairs: figure.pairs, steps: model.count - 1, ratio: PH.number(figure.ratio, 2, this.lang), percent: Math.round(figure.value * 100) }));
      });
      items.push(t("compare_formula_difference"), t("compare_formula_threshold", { threshold: this.threshold }), t("formula_excluded"));
      return this.formulas("compare-formula-heading", items);
    }
  };

  /** Start the compare page on the page that has one. */
  function startComparePage() {
    const app = document.getElementById("compare-app"), model = app ? PH.readFramework(document) : null;
    if (model) new ComparePage(app, model, PH.readStrings(document)).start();
  }

  Object.assign(PH, { ComparePage, startComparePage });
})();
