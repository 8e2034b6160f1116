/* The self-assessment's results: progress, overall figure, profile, chart and table, next steps, formulas. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { el } = PH;
  const levelNames = (model) => model.levels.map((level) => level.name);

  Object.assign(PH.AssessmentPage.prototype, {
    render(quiet) {
      const result = PH.score(this.model, this.assessment()), t = this.t;
      this.progressText.textContent = t("progress", { answered: result.answered, total: result.total });
      this.progressBar.max = result.total;
      this.progressBar.value = result.answered;
      this.results.replaceChildren.apply(this.results, this.resultParts(result));
      this.showSummary(result);
      if (!quiet) this.announce(result);
    },

    announce(result) {
      let text = this.t("progress", { answered: result.answered, total: result.total });
      if (result.rounded !== null) text += " " + this.overallText(result) + ".";
      clearTimeout(this.announceTimer);
      this.announceTimer = setTimeout(() => { this.live.textContent = text; }, 700);
    },

    overallText(result) {
      const values = { mean: this.number(result.rounded, 1), count: result.levels, lower: result.lower.name, upper: result.upper.name };
      return this.t(result.lower === result.upper ? "overall_at" : "overall_between", values);
    },

    /** When the assessment last changed, and under which framework version. */
    reportMeta(result) {
      const assessment = this.assessment(), version = this.model.version;
      // A new, unanswered assessment has no date worth reading; formatting one would also load the
      // browser's date and number data (~30 ms of main thread) before the reader can do anything.
      if (assessment.created === assessment.updated && !result.answered) return this.t("report_meta_new", { version });
      return this.t("report_meta", { updated: this.when(assessment.updated), version });
    },

    resultParts(result) {
      const t = this.t, parts = [el("h2", { id: "results-heading", text: t("results_heading", { name: this.assessment().name }) })];
      parts.push(el("p", { className: "report-meta", text: this.reportMeta(result) }));
      parts.push(el("p", { className: "completeness " + (result.complete ? "is-complete" : "is-incomplete") }, [
        el("strong", { text: t(result.complete ? "complete" : "incomplete") }), " ",
        t(result.complete ? "complete_text" : "incomplete_text", { answered: result.answered, total: result.total, open: result.open })
      ]));
      parts.push(this.overallPart(result));
      if (result.scored) parts.push(this.profilePart(result), this.chartPart(result));
      parts.push(this.nextStepsPart(result), this.formulaPart(result));
      return parts;
    },

    overallPart(result) {
      const t = this.t, box = el("div", { className: "overall" });
      if (result.rounded === null) {
        box.appendChild(el("p", { text: t("no_levels_yet") }));
      } else {
        box.appendChild(el("p", { className: "overall-figure" }, [
          el("data", { value: String(result.rounded), id: "overall-mean", text: this.number(result.rounded, 1) }),
          " ", t("of_levels", { count: result.levels })]));
        box.appendChild(el("p", { className: "overall-text", id: "overall-text",
          text: t(result.lower === result.upper ? "at_level" : "between_levels", { lower: result.lower.name, upper: result.upper.name }) }));
      }
      const facts = el("dl", { className: "facts" });
      const fact = (key, value, id) => { facts.append(el("dt", { text: t(key) }), el("dd", { id: id, text: value })); };
      fact("fact_scored", t("scored_value", { scored: result.scored, total: result.total }), "fact-scored");
      fact("fact_excluded", t("excluded_value", { unsure: result.unsure, na: result.na, excluded: result.unsure + result.na }), "fact-excluded");
      fact("fact_mean_gap", result.meanGap === null ? t("none") : this.number(result.meanGap, 1), "fact-mean-gap");
      fact("fact_below_target", String(result.nextSteps.length), "fact-below-target");
      box.appendChild(facts);
      return box;
    },

    profilePart(result) {
      const t = this.t, body = el("tbody");
      result.profile.forEach((entry) => {
        body.appendChild(el("tr", { "data-level": entry.level.id }, [
          el("th", { scope: "row", text: entry.level.position + " " + entry.level.name }),
          el("td", { className: "count", text: String(entry.rows.length) }),
          el("td", { text: entry.rows.map((row) => row.fn.name).join(", ") })
        ]));
      });
      return el("section", { "aria-labelledby": "profile-heading" }, [
        el("h3", { id: "profile-heading", text: t("profile_heading") }),
        el("div", { className: "table-scroll" }, [el("table", { className: "profile" }, [
          el("caption", { text: t("profile_caption") }),
          el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: t("level") }), el("th", { scope: "col", text: t("count") }), el("th", { scope: "col", text: t("functions") })])]),
          body])])
      ]);
    },

    chartFigure(result) {
      const t = this.t, levelValue = (level) => level ? level.position : null;
      const names = result.rows.map((row) => row.fn.name), key = PH.axisKey(names, t), radar = result.total >= 3;
      const chart = PH.drawChart({
        title: t(radar ? "chart_title_radar" : "chart_title_bars"), axes: names, max: result.levels, axisKey: key,
        scale: levelNames(this.model),
        series: [{ name: t("current"), className: "series-current", marker: "circle", values: result.rows.map((row) => levelValue(row.current)) },
                 { name: t("target"), className: "series-target", marker: "square", values: result.rows.map((row) => levelValue(row.target)) }]
      });
      const legend = el("ul", { className: "chart-legend" }, [
        el("li", {}, [el("span", { className: "swatch swatch-current", "aria-hidden": "true" }), t(radar ? "legend_current" : "legend_current_bars")]),
        el("li", {}, [el("span", { className: "swatch swatch-target", "aria-hidden": "true" }), t(radar ? "legend_target" : "legend_target_bars")])]);
      return el("figure", { className: "chart-figure" }, [chart, el("figcaption", {}, [legend, PH.scaleKey(levelNames(this.model), t), key])]);
    },

    chartPart(result) {
      const t = this.t, hasNotes = result.rows.some((row) => row.answer.note);
      const head = [t("function"), t("current"), t("target"), t("gap")].concat(hasNotes ? [t("note")] : []);
      const body = el("tbody");
      result.rows.forEach((row) => {
        const cells = [el("th", { scope: "row", text: row.fn.name }),
          el("td", { className: "cell-current", text: PH.levelText(t, row.current, row.status) }),
          el("td", { className: "cell-target", text: PH.levelText(t, row.target, "open") }),
          el("td", { className: "cell-gap" }, [row.gap === null ? t("none") : PH.signedElement(row.gap)])];
        if (hasNotes) cells.push(el("td", { className: "cell-note", text: row.answer.note }));
        body.appendChild(el("tr", { "data-function": row.fn.id }, cells));
      });
      return el("section", { "aria-labelledby": "chart-heading" }, [
        el("h3", { id: "chart-heading", text: t("chart_heading") }),
        this.chartFigure(result),
        el("div", { className: "table-scroll" }, [el("table", { className: "levels-table", id: "levels-table" }, [
          el("caption", { text: t("table_caption") }),
          el("thead", {}, [el("tr", {}, head.map((text) => el("th", { scope: "col", text: text })))]),
          body])])
      ]);
    },

    nextStep(step) {
      const t = this.t, row = step.row, item = el("li", { "data-function": row.fn.id }, [
        el("h4", { text: row.fn.name }),
        el("p", { className: "step-levels", text: t("next_levels", { current: row.current.name, next: step.next.name, target: row.target.name, gap: row.gap }) })]);
      if (step.description) item.appendChild(el("p", { text: step.description }));
      if (step.actions.length) {
        item.appendChild(el("p", { className: "step-actions", text: t("next_actions", { level: step.next.name }) }));
        item.appendChild(el("ul", {}, step.actions.map((action) => el("li", { text: action }))));
      }
      item.appendChild(el("p", {}, [el("a", { href: step.url, text: t("next_link", { level: step.next.name, function: row.fn.name }) })]));
      if (row.answer.note) item.appendChild(el("p", { className: "step-note", text: t("note_value", { note: row.answer.note }) }));
      return item;
    },

    nextStepsPart(result) {
      const t = this.t, section = el("section", { "aria-labelledby": "next-heading", className: "next-steps" }, [
        el("h3", { id: "next-heading", text: t("next_heading") }), el("p", { text: t("next_intro") })]);
      if (!result.nextSteps.length) { section.appendChild(el("p", { text: t("next_none") })); return section; }
      section.appendChild(el("ol", { id: "next-steps" }, result.nextSteps.map((step) => this.nextStep(step))));
      return section;
    },

    formulaPart(result) {
      const t = this.t, levels = this.model.levels, first = levels[0], last = levels[levels.length - 1];
      const items = [t("formula_level", { count: result.levels, first: first.name, last: last.name })];
      if (result.scored) {
        items.push(t("formula_mean_values", { values: result.positions.join(" + "), scored: result.scored,
          mean: this.number(result.mean, 2), rounded: this.number(result.rounded, 1) }));
      } else items.push(t("formula_mean"));
      items.push(t("formula_between"), t("formula_gap"), t("formula_profile"), t("formula_excluded"));
      return el("section", { "aria-labelledby": "formula-heading", className: "formulas" }, [
        el("h3", { id: "formula-heading", text: t("formula_heading") }),
        el("ul", {}, items.map((text) => el("li", { text: text })))]);
    }
  });
})();
