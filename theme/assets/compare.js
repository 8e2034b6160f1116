/* Compare two assessments and combine several respondents' answers, entirely in the browser.
   Builds on window.PartneringHandbook (assessment.js): framework data, validation, storage, scoring, chart. */
(function () {
  "use strict";

  var PH = window.PartneringHandbook, app = document.getElementById("compare-app");
  var model = PH && app ? PH.readFramework(document) : null;
  if (!model) return;

  var el = PH.el, t = PH.readStrings(document), lang = document.documentElement.lang || undefined;
  var MAX_FILES = 50, MAX_NOTE = 10000;
  // Two functions this many levels apart (or more) are worth a conversation: half the scale, at least 1.
  var threshold = Math.max(1, Math.ceil((model.count - 1) / 2));
  var store = PH.openStore(model, PH.siteBase(window.location, app.getAttribute("data-storage-base")), PH.browserStorage());
  var saved = store.load(t("first_name")).assessments, files = [], respondents = [], chartSide = "current";

  function sum(values) { return values.reduce(function (total, value) { return total + value; }, 0); }
  function number(value, digits) { return value.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }); }
  function signed(value) { return value > 0 ? "+" + value : value < 0 ? "\u2212" + Math.abs(value) : "0"; }
  function percent(value) { return t("compare_alignment_value", { percent: Math.round(value * 100) }); }
  function levelText(level, status) {
    if (level) return t("level_value", { position: level.position, level: level.name });
    return t(status === "unsure" ? "not_sure" : status === "na" ? "not_relevant" : "not_answered");
  }
  function tableBox(caption, table) {
    return el("div", { className: "table-scroll", tabindex: "0", role: "region", "aria-label": caption }, [table]);
  }
  function headRow(keys) {
    return el("thead", {}, [el("tr", {}, keys.map(function (key) { return el("th", { scope: "col", text: t(key) }); }))]);
  }
  function section(id, heading, children) {
    return el("section", { "aria-labelledby": id }, [el("h3", { id: id, text: heading })].concat(children));
  }
  function announce(text) {
    clearTimeout(announce.timer);
    announce.timer = setTimeout(function () { live.textContent = text; }, 500);
  }
  function report(box, headline, problems) {
    var list = el("ul", {}, problems.map(function (problem) { return el("li", { text: t(problem.key, problem.values) }); }));
    box.append(el("p", { text: headline }));
    if (problems.length) box.append(list);
  }

  /** Read an exported file: {assessment, problems} or {error}. */
  function readFile(file, fallbackName) {
    if (file.size > PH.MAX_IMPORT_BYTES) return Promise.resolve({ error: { key: "import_too_big", values: { max: "1 MB" } } });
    return file.text().then(function (text) { return PH.parseAssessment(model, text, fallbackName); },
      function () { return { error: { key: "import_not_json", values: {} } }; });
  }

  // ------------------------------------------------------------------ figures

  /** alignment = 1 − mean(|a − b|) / (N − 1) over [a, b] position pairs; null without pairs. */
  function alignment(pairs) {
    if (!pairs.length) return null;
    var distances = pairs.map(function (pair) { return Math.abs(pair[1] - pair[0]); }), mean = sum(distances) / pairs.length;
    return { distances: distances, pairs: pairs.length, ratio: model.count > 1 ? mean / (model.count - 1) : 0,
             value: model.count > 1 ? 1 - mean / (model.count - 1) : 1 };
  }

  function difference(a, b) { return a && b ? b.position - a.position : null; }

  function compare(a, b) {
    var rowsA = PH.score(model, a).rows, rowsB = PH.score(model, b).rows;
    var rows = rowsA.map(function (rowA, i) {
      var rowB = rowsB[i], now = difference(rowA.current, rowB.current), goal = difference(rowA.target, rowB.target);
      return { fn: rowA.fn, a: rowA, b: rowB, now: now, goal: goal,
               talkNow: now !== null && Math.abs(now) >= threshold, talkGoal: goal !== null && Math.abs(goal) >= threshold };
    });
    function pairs(side) {
      return rows.filter(function (row) { return row.a[side] && row.b[side]; })
        .map(function (row) { return [row.a[side].position, row.b[side].position]; });
    }
    return { rows: rows, current: alignment(pairs("current")), target: alignment(pairs("target")),
             talk: rows.filter(function (row) { return row.talkNow || row.talkGoal; }) };
  }

  /** Median of sorted positions; with an even count, the mean of the two middle ones. */
  function median(sorted) {
    var middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  function spread(rows, side) {
    var positions = rows.filter(function (row) { return row[side]; }).map(function (row) { return row[side].position; })
      .sort(function (x, y) { return x - y; });
    if (!positions.length) return null;
    var low = positions[0], high = positions[positions.length - 1];
    return { median: median(positions), low: low, high: high, spread: high - low, flagged: high - low >= threshold };
  }

  function combine(assessments) {
    var scored = assessments.map(function (assessment) { return PH.score(model, assessment).rows; });
    return model.functions.map(function (fn, i) {
      var rows = scored.map(function (rowsOfOne) { return rowsOfOne[i]; });
      var current = spread(rows, "current"), target = spread(rows, "target");
      return { fn: fn, rows: rows, current: current, target: target,
               flagged: !!(current && current.flagged) || !!(target && target.flagged) };
    });
  }

  /** Round a median to a level, halves down (2.5 -> 2): a combined answer never claims more than was said. */
  function roundHalfDown(value) { return Math.ceil(value - 0.5); }

  function combinedAnswer(row, side) {
    if (row[side]) return model.levelAt(roundHalfDown(row[side].median)).id;
    if (side === "target") return null;
    var statuses = row.rows.map(function (one) { return one.status; });
    return statuses.indexOf("unsure") >= 0 ? "unsure" : statuses.indexOf("na") >= 0 ? "na" : null;
  }

  function combinedAssessment(combined, name) {
    var assessment = PH.createAssessment(model, name);
    combined.forEach(function (row) {
      var answer = assessment.answers[row.fn.id];
      answer.wording = {};
      ["current", "target"].forEach(function (side) { PH.setAnswer(model, row.fn.id, answer, side, combinedAnswer(row, side)); });
      answer.note = row.rows.map(function (one, i) { return one.answer.note ? respondents[i].name + ": " + one.answer.note : ""; })
        .filter(Boolean).join("\n").slice(0, MAX_NOTE);
    });
    return assessment;
  }

  // ------------------------------------------------------------------ picking two assessments

  function side(key) {
    var select = el("select", { id: "compare-" + key }), file = el("input", { type: "file", id: "compare-file-" + key, accept: ".json,application/json" });
    select.addEventListener("change", renderComparison);
    file.addEventListener("change", function () {
      var chosen = file.files[0];
      file.value = "";
      if (chosen) loadForComparison(chosen, select);
    });
    return { select: select, fieldset: el("fieldset", { className: "compare-side" }, [
      el("legend", { text: t("compare_side_" + key) }),
      el("p", {}, [el("label", { "for": select.id, text: t("compare_saved") }), select]),
      el("p", {}, [el("label", { "for": file.id, text: t("compare_file") }), file])]) };
  }

  function fillSelects() {
    [sideA.select, sideB.select].forEach(function (select) {
      var value = select.value;
      select.replaceChildren(el("option", { value: "", text: t("compare_choose") }));
      Object.keys(saved).map(function (id) { return saved[id]; })
        .sort(function (x, y) { return x.created < y.created ? -1 : x.created > y.created ? 1 : 0; })
        .forEach(function (assessment) { select.append(el("option", { value: "s:" + assessment.id, text: assessment.name })); });
      files.forEach(function (assessment, i) { select.append(el("option", { value: "f:" + i, text: t("compare_from_file", { name: assessment.name }) })); });
      select.value = value;
    });
  }

  function chosen(value) {
    if (value.indexOf("s:") === 0) return saved[value.slice(2)] || null;
    if (value.indexOf("f:") === 0) return files[Number(value.slice(2))] || null;
    return null;
  }

  function loadForComparison(file, select) {
    readFile(file, file.name).then(function (result) {
      compareMessages.replaceChildren();
      if (result.error) { report(compareMessages, t("import_failed", { file: file.name }), [result.error]); return; }
      files.push(result.assessment);
      fillSelects();
      select.value = "f:" + (files.length - 1);
      report(compareMessages, t("compare_loaded", { name: result.assessment.name, file: file.name }), result.problems);
      renderComparison();
    });
  }

  // ------------------------------------------------------------------ comparison

  function renderComparison() {
    var a = chosen(sideA.select.value), b = chosen(sideB.select.value);
    if (!a || !b) { comparison.replaceChildren(el("p", { className: "compare-empty", text: t("compare_pick_two") })); return; }
    var result = compare(a, b);
    comparison.replaceChildren(
      el("h2", { id: "comparison-heading", text: t("compare_results_heading", { a: a.name, b: b.name }) }),
      el("p", { className: "compare-key", text: t("compare_key", { a: a.name, b: b.name }) }));
    [a, b].forEach(function (assessment) { var notice = PH.upgradeNotice(model, assessment, t); if (notice) comparison.append(notice); });
    comparison.append(alignmentPart(result), talkPart(result), chartPart(result), changedPart(result), compareFormulas(result));
    announce(t("compare_announce", { current: result.current ? percent(result.current.value) : t("none"),
      target: result.target ? percent(result.target.value) : t("none"), talk: result.talk.length }));
  }

  function alignmentPart(result) {
    var facts = el("dl", { className: "facts alignment" });
    ["current", "target"].forEach(function (key) {
      var figure = result[key], value = figure
        ? [el("data", { id: "alignment-" + key, value: String(figure.value), text: percent(figure.value) }), " ",
           t("compare_alignment_pairs", { pairs: figure.pairs, total: result.rows.length })]
        : [el("span", { id: "alignment-" + key, text: t("compare_alignment_none") })];
      facts.append(el("dt", { text: t("compare_alignment_" + key) }), el("dd", {}, value));
    });
    return section("alignment-heading", t("compare_alignment_heading"), [facts]);
  }

  function talkReasons(row) {
    var reasons = [];
    if (row.talkNow) reasons.push(t("compare_talk_current", { difference: Math.abs(row.now) }));
    if (row.talkGoal) reasons.push(t("compare_talk_target", { difference: Math.abs(row.goal) }));
    return reasons.join("; ");
  }

  function talkPart(result) {
    var content = result.talk.length
      ? el("ul", { id: "talk-list", className: "talk-list" }, result.talk.map(function (row) {
          return el("li", { "data-function": row.fn.id }, [el("strong", { text: row.fn.name }), ": " + talkReasons(row)]);
        }))
      : el("p", { id: "talk-list", text: t("compare_talk_none", { threshold: threshold }) });
    return section("talk-heading", t("compare_talk_heading"), [content]);
  }

  function chartPart(result) {
    var figure = el("figure", { className: "chart-figure" });
    function drawn() {
      var bars = result.rows.length < 3, side = chartSide;
      var axes = result.rows.map(function (row) { return row.talkNow || row.talkGoal ? row.fn.name + " \u2691" : row.fn.name; });
      var key = PH.axisKey(axes, t);
      var chart = PH.drawChart({
        title: t(bars ? "compare_chart_title_bars" : "compare_chart_title_radar"), max: model.count, axes: axes, axisKey: key,
        scale: model.levels.map(function (level) { return level.name; }),
        series: [{ name: "A", className: "series-a", marker: "circle", values: result.rows.map(function (row) { return row.a[side] ? row.a[side].position : null; }) },
                 { name: "B", className: "series-b", marker: "square", values: result.rows.map(function (row) { return row.b[side] ? row.b[side].position : null; }) }]
      });
      var legend = el("ul", { className: "chart-legend" }, ["a", "b"].map(function (key) {
        return el("li", {}, [el("span", { className: "swatch swatch-" + key, "aria-hidden": "true" }), t("compare_legend_" + key + (bars ? "_bars" : ""))]);
      }));
      figure.replaceChildren(chart, el("figcaption", {}, [legend, PH.scaleKey(model.levels.map(function (level) { return level.name; }), t), key]));
    }
    var choice = el("fieldset", { className: "chart-choice" }, [el("legend", { text: t("compare_chart_show") })].concat(["current", "target"].map(function (key) {
      var radio = el("input", { type: "radio", name: "compare-chart", id: "compare-chart-" + key, value: key });
      radio.checked = chartSide === key;
      radio.addEventListener("change", function () { chartSide = key; drawn(); });
      return el("span", { className: "check" }, [radio, el("label", { "for": radio.id, text: t("compare_chart_" + key) })]);
    })));
    drawn();
    return section("compare-chart-heading", t("compare_chart_heading"), [choice, figure, compareTable(result)]);
  }

  function compareTable(result) {
    var body = el("tbody");
    result.rows.forEach(function (row) {
      var talk = row.talkNow || row.talkGoal;
      body.append(el("tr", { "data-function": row.fn.id, className: talk ? "talk" : "" }, [
        el("th", { scope: "row", text: row.fn.name }),
        el("td", { className: "cell-a-current", text: levelText(row.a.current, row.a.status) }),
        el("td", { className: "cell-b-current", text: levelText(row.b.current, row.b.status) }),
        el("td", { className: "cell-difference-current", text: row.now === null ? t("none") : signed(row.now) }),
        el("td", { className: "cell-a-target", text: levelText(row.a.target, "open") }),
        el("td", { className: "cell-b-target", text: levelText(row.b.target, "open") }),
        el("td", { className: "cell-difference-target", text: row.goal === null ? t("none") : signed(row.goal) }),
        el("td", { className: "cell-talk" }, talk ? [el("strong", { text: t("compare_talk_marker") }), " " + talkReasons(row)] : [t("none")])]));
    });
    var caption = t("compare_table_caption");
    return tableBox(caption, el("table", { id: "compare-table", className: "compare-table" }, [el("caption", { text: caption }),
      headRow(["function", "compare_col_a_current", "compare_col_b_current", "compare_col_difference_current",
               "compare_col_a_target", "compare_col_b_target", "compare_col_difference_target", "compare_col_talk"]), body]));
  }

  function changedPart(result) {
    var changes = [], same = [];
    result.rows.forEach(function (row) {
      var parts = [];
      ["current", "target"].forEach(function (key) {
        var statusA = key === "current" ? row.a.status : "open", statusB = key === "current" ? row.b.status : "open";
        var from = levelText(row.a[key], statusA), to = levelText(row.b[key], statusB), diff = key === "current" ? row.now : row.goal;
        if (from === to) return;
        var change = t("compare_changed_" + key, { from: from, to: to });
        parts.push(diff === null ? change : t("compare_changed_by", { change: change, difference: signed(diff) }));
      });
      if (parts.length) changes.push(el("li", { "data-function": row.fn.id }, [el("strong", { text: row.fn.name }), ": " + parts.join("; ")]));
      else same.push(row.fn.name);
    });
    var children = [];
    if (changes.length) children.push(el("ul", { id: "changed-list" }, changes));
    if (!changes.length) children.push(el("p", { text: t("compare_changed_none") }));
    else if (same.length) children.push(el("p", { text: t("compare_changed_same", { functions: same.join(", ") }) }));
    return section("changed-heading", t("compare_changed_heading"), children);
  }

  function compareFormulas(result) {
    var first = model.levels[0], last = model.levels[model.levels.length - 1];
    var items = [t("formula_level", { count: model.count, first: first.name, last: last.name }),
                 t("compare_formula_alignment", { count: model.count })];
    ["current", "target"].forEach(function (key) {
      var figure = result[key];
      if (!figure || model.count < 2) return;
      items.push(t("compare_formula_values", { label: t("compare_alignment_" + key), values: figure.distances.join(" + "),
        pairs: figure.pairs, steps: model.count - 1, ratio: number(figure.ratio, 2), percent: Math.round(figure.value * 100) }));
    });
    items.push(t("compare_formula_difference"), t("compare_formula_threshold", { threshold: threshold }), t("formula_excluded"));
    return el("section", { "aria-labelledby": "compare-formula-heading", className: "formulas" }, [
      el("h3", { id: "compare-formula-heading", text: t("formula_heading") }),
      el("ul", {}, items.map(function (text) { return el("li", { text: text }); }))]);
  }

  // ------------------------------------------------------------------ combining respondents

  function loadRespondents(list) {
    var chosenFiles = Array.prototype.slice.call(list, 0, MAX_FILES);
    combineMessages.replaceChildren();
    Promise.all(chosenFiles.map(function (file, i) {
      return readFile(file, t("combine_respondent", { number: i + 1 })).then(function (result) { return { file: file, result: result }; });
    })).then(function (loaded) {
      respondents = [];
      loaded.forEach(function (one) {
        if (one.result.error) report(combineMessages, t("combine_failed", { file: one.file.name }), [one.result.error]);
        else {
          respondents.push(one.result.assessment);
          if (one.result.problems.length) report(combineMessages, t("compare_loaded", { name: one.result.assessment.name, file: one.file.name }), one.result.problems);
        }
      });
      renderCombination();
    });
  }

  function renderCombination() {
    if (respondents.length < 2) { combination.replaceChildren(el("p", { text: t("combine_need") })); return; }
    var combined = combine(respondents), names = respondents.map(function (one) { return one.name; });
    combination.replaceChildren(
      el("h2", { id: "combination-heading", text: t("combine_results_heading", { count: respondents.length }) }),
      el("p", { id: "respondents", text: t("combine_respondents", { names: names.join(", ") }) }));
    respondents.forEach(function (assessment) { var notice = PH.upgradeNotice(model, assessment, t); if (notice) combination.append(notice); });
    var flagged = combined.filter(function (row) { return row.flagged; });
    combination.append(flagsPart(flagged), combineTable(combined), savePart(combined, names), combineFormulas());
    announce(t("combine_announce", { count: respondents.length, flags: flagged.length }));
  }

  function flagReasons(row) {
    var reasons = [];
    if (row.current && row.current.flagged) reasons.push(t("combine_flag_current", { spread: row.current.spread }));
    if (row.target && row.target.flagged) reasons.push(t("combine_flag_target", { spread: row.target.spread }));
    return reasons.join("; ");
  }

  function flagsPart(flagged) {
    var content = flagged.length
      ? el("ul", { id: "combine-flags" }, flagged.map(function (row) {
          return el("li", { "data-function": row.fn.id }, [el("strong", { text: row.fn.name }), ": " + flagReasons(row)]);
        }))
      : el("p", { id: "combine-flags", text: t("combine_flags_none", { threshold: threshold }) });
    return section("combine-flags-heading", t("combine_flags_heading"), [content]);
  }

  function medianCell(figure, key) {
    if (!figure) return el("td", { className: "cell-median-" + key, text: t("none") });
    var lower = model.levelAt(Math.floor(figure.median)), upper = model.levelAt(Math.ceil(figure.median));
    return el("td", { className: "cell-median-" + key }, [el("data", { value: String(figure.median), text: number(figure.median, 1) }), " ",
      lower === upper ? lower.name : t("combine_median_between", { lower: lower.name, upper: upper.name })]);
  }

  function spreadCell(figure, key) {
    return el("td", { className: "cell-spread-" + key, "data-spread": figure ? String(figure.spread) : "",
      text: figure ? t("combine_spread_value", { low: figure.low, high: figure.high, spread: figure.spread }) : t("none") });
  }

  function combineTable(combined) {
    var body = el("tbody");
    combined.forEach(function (row) {
      var who = el("ul", { className: "who" }, row.rows.map(function (one, i) {
        return el("li", { text: t("combine_answer", { name: respondents[i].name, current: levelText(one.current, one.status), target: levelText(one.target, "open") }) });
      }));
      body.append(el("tr", { "data-function": row.fn.id, className: row.flagged ? "talk" : "" }, [
        el("th", { scope: "row", text: row.fn.name }),
        medianCell(row.current, "current"), spreadCell(row.current, "current"),
        medianCell(row.target, "target"), spreadCell(row.target, "target"),
        el("td", { className: "cell-who" }, [who]),
        el("td", { className: "cell-flag" }, row.flagged ? [el("strong", { text: t("combine_flag_marker") }), " " + flagReasons(row)] : [t("none")])]));
    });
    var caption = t("combine_table_caption");
    return tableBox(caption, el("table", { id: "combine-table", className: "combine-table" }, [el("caption", { text: caption }),
      headRow(["function", "combine_col_median_current", "combine_col_spread_current", "combine_col_median_target",
               "combine_col_spread_target", "combine_col_answers", "combine_col_flag"]), body]));
  }

  function savePart(combined, names) {
    var input = el("input", { type: "text", id: "combine-save-name", maxlength: "200", autocomplete: "off",
      value: t("combine_save_default", { names: names.join(", ") }).slice(0, 200) });
    var status = el("div", { className: "messages", role: "status", "aria-live": "polite" });
    var form = el("form", { className: "combine-save" }, [
      el("p", {}, [el("label", { "for": input.id, text: t("combine_save_name") }), input]),
      el("p", {}, [el("button", { type: "submit", text: t("combine_save") })]), status]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = input.value.trim().slice(0, 200);
      if (!name) { input.focus(); return; }
      var assessment = combinedAssessment(combined, name), state = store.load(t("first_name"));
      state.assessments[assessment.id] = assessment;
      state.current = assessment.id;
      if (!store.save(state)) { status.replaceChildren(el("p", { text: t("combine_not_saved") })); return; }
      saved = state.assessments;
      fillSelects();
      status.replaceChildren(el("p", {}, [t("combine_saved", { name: name }) + " ", el("a", { href: "assessment.html", text: t("combine_saved_link") })]));
    });
    return section("combine-save-heading", t("combine_save_heading"), [form]);
  }

  function combineFormulas() {
    var items = [t("combine_formula_median"), t("combine_formula_spread", { threshold: threshold }), t("combine_formula_save")];
    return el("section", { "aria-labelledby": "combine-formula-heading", className: "formulas" }, [
      el("h3", { id: "combine-formula-heading", text: t("formula_heading") }),
      el("ul", {}, items.map(function (text) { return el("li", { text: text }); }))]);
  }

  // ------------------------------------------------------------------ the page

  var sideA = side("a"), sideB = side("b");
  var compareMessages = el("div", { className: "messages", role: "status", "aria-live": "polite" });
  var comparison = el("section", { id: "comparison", className: "results comparison", "aria-labelledby": "comparison-heading" });
  var filesInput = el("input", { type: "file", id: "combine-files", multiple: "", accept: ".json,application/json" });
  var combineMessages = el("div", { className: "messages", role: "status", "aria-live": "polite" });
  var combination = el("section", { id: "combination", className: "results combination", "aria-labelledby": "combination-heading" });
  var live = el("div", { className: "visually-hidden", role: "status", "aria-live": "polite" });
  filesInput.addEventListener("change", function () { if (filesInput.files.length) loadRespondents(filesInput.files); });

  fillSelects();
  var ordered = Array.prototype.slice.call(sideA.select.options, 1);
  if (ordered.length >= 2) { sideA.select.value = ordered[0].value; sideB.select.value = ordered[1].value; }
  document.documentElement.classList.add("assessment-ready");
  app.append(
    el("section", { className: "toolbar compare-pick", "aria-labelledby": "compare-heading" }, [
      el("h2", { id: "compare-heading", text: t("compare_heading") }), el("p", { text: t("compare_intro") }),
      el("div", { className: "compare-sides" }, [sideA.fieldset, sideB.fieldset]), compareMessages]),
    comparison,
    el("section", { className: "toolbar combine-pick", "aria-labelledby": "combine-heading" }, [
      el("h2", { id: "combine-heading", text: t("combine_heading") }), el("p", { text: t("combine_intro") }),
      el("p", {}, [el("label", { "for": filesInput.id, text: t("combine_files") }), filesInput]), combineMessages]),
    combination, live);
  renderComparison();
  renderCombination();
})();
