/* Framework upgrades: what changed for an assessment made under another release, and its notice.
   Answers name levels by id and the assessment names its release (framework version); a descriptor
   counts as reworded for an answer when the build's release data (framework-data's "releases") says
   it changed since that release, or, for files, storage and links of the first format, when the
   wording or wording hash kept with the answer differs from today's (read once, then dropped). */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { has, idMap, isObject, clip, shown, SIDES, OTHER_ANSWERS, MAX_NOTE, MAX_WORDING, el } = PH;

  function text(value, length) { return typeof value === "string" ? clip(value, length) : null; }
  function records(list, limit) { return Array.isArray(list) ? list.filter(isObject).slice(0, limit) : []; }
  function note(value) { return typeof value === "string" ? value.slice(0, MAX_NOTE) : ""; }

  /** A reworded answer: {function, side, level, was}, was the earlier wording when known, else null. */
  function cleanReworded(model, entries) {
    return records(entries, 500).filter((entry) => model.fn(entry["function"]) && SIDES.indexOf(entry.side) >= 0 && model.level(entry.level))
      .map((entry) => ({ "function": entry["function"], side: entry.side, level: entry.level,
                         was: typeof entry.was === "string" && entry.was ? clip(entry.was, MAX_WORDING) : null }));
  }

  /** Check an upgrade record kept with an assessment (it comes from storage or a file: trust nothing). */
  function cleanUpgrade(model, value) {
    if (!isObject(value)) return null;
    const record = {
      // null: nothing but rewordings, found in an assessment of today's release (of the first format).
      from: value.from === null ? null : text(value.from, 40) || "?",
      removed: records(value.removed, 200).map((entry) => ({
        "function": text(entry["function"], 80) || "?", current: text(entry.current, 80), target: text(entry.target, 80),
        note: note(entry.note) })),
      levels: records(value.levels, 200).filter((entry) => model.fn(entry["function"]) && SIDES.indexOf(entry.side) >= 0)
        .map((entry) => ({ "function": entry["function"], side: entry.side, level: text(entry.level, 80) || "?" })),
      added: Array.isArray(value.added) ? value.added.filter((id) => model.fn(id)).slice(0, 500) : [],
      reworded: cleanReworded(model, value.reworded)
    };
    return record.removed.length + record.levels.length + record.added.length + record.reworded.length ? record : null;
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

  /** Answers of the first format whose kept wording differs from today's descriptor ("" from a link: unknown). */
  function keptRewordings(model, given) {
    const found = [];
    model.functions.forEach((fn) => {
      const answer = has(given, fn.id) && isObject(given[fn.id]) ? given[fn.id] : null;
      if (!answer || !isObject(answer.wording)) return;
      SIDES.forEach((side) => {
        const level = model.level(answer[side]), old = answer.wording[side];
        if (level && typeof old === "string" && old !== fn.levels[level.id].descriptor) {
          found.push({ "function": fn.id, side: side, level: level.id, was: old });
        }
      });
    });
    return found;
  }

  /** Answers made under an older release for a descriptor reworded since, as the build lists them. */
  function releaseRewordings(model, given, version) {
    const releases = isObject(model.data.releases) ? model.data.releases : {};
    const changes = typeof version === "string" && has(releases, version) ? releases[version] : null;
    const reworded = changes && isObject(changes.reworded) ? changes.reworded : {};
    const found = [];
    model.functions.forEach((fn) => {
      const answer = has(given, fn.id) && isObject(given[fn.id]) ? given[fn.id] : null;
      const levels = has(reworded, fn.id) && Array.isArray(reworded[fn.id]) ? reworded[fn.id] : [];
      SIDES.forEach((side) => {
        const kept = answer && isObject(answer.wording) && typeof answer.wording[side] === "string";
        if (answer && !kept && model.level(answer[side]) && levels.indexOf(answer[side]) >= 0) {
          found.push({ "function": fn.id, side: side, level: answer[side], was: null });
        }
      });
    });
    return found;
  }

  function addRewordings(record, found) {
    found.forEach((entry) => {
      const known = record.reworded.some((old) => old["function"] === entry["function"] && old.side === entry.side);
      if (!known) record.reworded.push(entry);
    });
  }

  /**
   * Record what a framework upgrade changed for an assessment made under another release: answers for
   * functions or levels that are gone (kept here with their notes, so nothing vanishes unseen), functions
   * that are new and answers whose descriptor was reworded since. Merged with a record the assessment
   * already carries; the wording an assessment of the first format kept is read here and not kept.
   */
  function upgradeRecord(model, raw, given, version) {
    const moved = version !== model.version;
    const record = cleanUpgrade(model, raw.upgrade) || { from: null, removed: [], levels: [], added: [], reworded: [] };
    if (moved) {
      if (record.from === null) record.from = shown(version, 40);
      recordRemoved(model, record, given);
      recordChanged(model, record, given);
    }
    addRewordings(record, keptRewordings(model, given).concat(moved ? releaseRewordings(model, given, version) : []));
    return cleanUpgrade(model, record);
  }

  /** The record's rewordings that still apply (the answer is at that level), by function and level. */
  function rewordings(model, assessment, record) {
    const reworded = [], seen = idMap();
    model.functions.forEach((fn) => {
      const answer = assessment.answers[fn.id];
      SIDES.forEach((side) => {
        const entry = answer && record.reworded.find((one) => one["function"] === fn.id && one.side === side && one.level === answer[side]);
        if (!entry) return;
        const key = fn.id + " " + entry.level;
        if (has(seen, key)) { seen[key].sides.push(side); return; }
        const level = model.level(entry.level);
        seen[key] = { fn: fn, level: level, sides: [side], old: entry.was || "", now: fn.levels[level.id].descriptor };
        reworded.push(seen[key]);
      });
    });
    return reworded;
  }

  /**
   * Return what changed in the framework since an assessment was made, or null: {from, removed, levels,
   * added, reworded}; a rewording is left out once the reader has chosen another level there.
   */
  function upgradeReport(model, assessment) {
    const record = assessment.upgrade ? cleanUpgrade(model, assessment.upgrade) : null;
    if (!record) return null;
    const reworded = rewordings(model, assessment, record);
    if (!record.removed.length && !record.levels.length && !record.added.length && !reworded.length) return null;
    return { from: record.from, removed: record.removed, levels: record.levels, added: record.added, reworded: reworded };
  }

  /** The reader has seen the changes: forget the record (answers name levels, not wording: nothing else to change). */
  function acknowledgeUpgrade(model, assessment) {
    delete assessment.upgrade;
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
