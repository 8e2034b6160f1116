/* Framework upgrades: what changed for an assessment made under another version, and its notice. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { has, idMap, isObject, clip, shown, SIDES, OTHER_ANSWERS, MAX_NOTE, el } = PH;

  function text(value, length) { return typeof value === "string" ? clip(value, length) : null; }
  function records(list, limit) { return Array.isArray(list) ? list.filter(isObject).slice(0, limit) : []; }
  function note(value) { return typeof value === "string" ? value.slice(0, MAX_NOTE) : ""; }

  /** Check an upgrade record kept with an assessment (it comes from storage or a file: trust nothing). */
  function cleanUpgrade(model, value) {
    if (!isObject(value)) return null;
    const record = {
      from: text(value.from, 40) || "?",
      removed: records(value.removed, 200).map((entry) => ({
        "function": text(entry["function"], 80) || "?", current: text(entry.current, 80), target: text(entry.target, 80),
        note: note(entry.note) })),
      levels: records(value.levels, 200).filter((entry) => model.fn(entry["function"]) && SIDES.indexOf(entry.side) >= 0)
        .map((entry) => ({ "function": entry["function"], side: entry.side, level: text(entry.level, 80) || "?" })),
      added: Array.isArray(value.added) ? value.added.filter((id) => model.fn(id)).slice(0, 500) : []
    };
    return record.removed.length + record.levels.length + record.added.length ? record : null;
  }

  function recordRemoved(model, record, given) {
    Object.keys(given).forEach((id) => {
      const answer = given[id];
      if (model.fn(id) || !isObject(answer) || record.removed.length >= 200) return;
      record.removed.push({ "function": clip(id, 80), current: text(answer.current, 80), target: text(answer.target, 80),
                            note: note(answer.note) });
    });
  }

  function recordChanged(model, record, given) {
    model.functions.forEach((fn) => {
      const answer = has(given, fn.id) ? given[fn.id] : null;
      if (!isObject(answer)) { if (record.added.indexOf(fn.id) < 0) record.added.push(fn.id); return; }
      SIDES.forEach((side) => {
        const value = answer[side];
        if (typeof value === "string" && !model.level(value) && !(side === "current" && OTHER_ANSWERS.indexOf(value) >= 0)) {
          record.levels.push({ "function": fn.id, side: side, level: clip(value, 80) });
        }
      });
    });
  }

  /**
   * Record what a framework upgrade changed for an assessment made under another version: answers for
   * functions or levels that are gone (kept here with their notes, so nothing vanishes unseen) and
   * functions that are new. Merged with a record the assessment already carries.
   */
  function upgradeRecord(model, raw, given, version) {
    const previous = cleanUpgrade(model, raw.upgrade);
    if (version === model.version) return previous;
    const record = previous || { from: shown(version, 40), removed: [], levels: [], added: [] };
    recordRemoved(model, record, given);
    recordChanged(model, record, given);
    return cleanUpgrade(model, record);
  }

  function rewordings(model, assessment) {
    const reworded = [], seen = idMap();
    model.functions.forEach((fn) => {
      const answer = assessment.answers[fn.id];
      if (!answer || !isObject(answer.wording)) return;
      SIDES.forEach((side) => {
        const level = model.level(answer[side]), old = answer.wording[side];
        if (!level || typeof old !== "string" || old === fn.levels[level.id].descriptor) return;
        const key = fn.id + " " + level.id;
        if (has(seen, key)) { seen[key].sides.push(side); return; }
        seen[key] = { fn: fn, level: level, sides: [side], old: old, now: fn.levels[level.id].descriptor };
        reworded.push(seen[key]);
      });
    });
    return reworded;
  }

  /**
   * Return what changed in the framework since an assessment was made, or null: {from, removed, levels,
   * added, reworded}. Reworded descriptors are found by comparing the wording stored with each answer
   * with the descriptor today ("" stands for an earlier wording that is not known, e.g. from a link).
   */
  function upgradeReport(model, assessment) {
    const record = assessment.upgrade || null, reworded = rewordings(model, assessment);
    if (!record && !reworded.length) return null;
    return { from: record ? record.from : null, removed: record ? record.removed : [], levels: record ? record.levels : [],
             added: record ? record.added : [], reworded: reworded };
  }

  /** The reader has seen the changes: forget the record and take today's wording as the one answered. */
  function acknowledgeUpgrade(model, assessment) {
    delete assessment.upgrade;
    model.functions.forEach((fn) => {
      const answer = assessment.answers[fn.id];
      SIDES.forEach((side) => { if (model.level(answer[side])) PH.setAnswer(model, fn.id, answer, side, answer[side]); });
    });
    return assessment;
  }

  /** The notice's list items, as [heading key, items] pairs. */
  function noticeParts(model, assessment, report, t) {
    function answerText(value) {
      const level = model.level(value);
      return level ? level.name : value === "unsure" ? t("not_sure") : value === "na" ? t("not_relevant") : value === null ? t("none") : value;
    }
    function fnName(id) { const fn = model.fn(id); return fn ? fn.name : id; }
    const removed = report.removed.map((entry) => [
      t("upgrade_removed_function", { "function": entry["function"], current: answerText(entry.current), target: answerText(entry.target) }),
      entry.note ? el("span", { className: "upgrade-note", text: " " + t("note_value", { note: entry.note }) }) : null
    ]).concat(report.levels.map((entry) => [
      t("upgrade_removed_level", { "function": fnName(entry["function"]), level: entry.level, side: t("side_" + entry.side) })]));
    const added = report.added.map((id) => {
      const answer = assessment.answers[id] || {};
      return [t(answer.current ? "upgrade_added" : "upgrade_added_open", { "function": fnName(id) })];
    });
    const reworded = report.reworded.map((entry) => {
      const values = { "function": entry.fn.name, level: entry.level.name, old: entry.old, now: entry.now,
                       sides: entry.sides.map((side) => t("side_" + side)).join(", ") };
      return [t(entry.old ? "upgrade_reworded" : "upgrade_reworded_unknown", values)];
    });
    return [["upgrade_removed_heading", removed], ["upgrade_added_heading", added], ["upgrade_reworded_heading", reworded]];
  }

  /** Show an upgrade report as a notice: a <div> with a heading and lists, or null when nothing changed. */
  function upgradeNotice(model, assessment, t) {
    const report = upgradeReport(model, assessment);
    if (!report) return null;
    const box = el("div", { className: "upgrade-notice" }, [el("h3", { text: t("upgrade_heading", { name: assessment.name }) })]);
    if (report.from !== null) box.appendChild(el("p", { text: t("upgrade_from", { from: report.from, to: model.version }) }));
    noticeParts(model, assessment, report, t).forEach(([key, items]) => {
      if (!items.length) return;
      box.appendChild(el("p", { className: "upgrade-lead", text: t(key) }));
      box.appendChild(el("ul", { className: key.replace(/_/g, "-") }, items.map((item) => el("li", {}, item))));
    });
    return box;
  }

  Object.assign(PH, { upgradeRecord, upgradeReport, acknowledgeUpgrade, upgradeNotice });
})();
