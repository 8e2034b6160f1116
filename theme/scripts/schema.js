/* Validation: an assessment read from a file, a link or storage is checked against the framework.
   Nothing from the input is trusted: unknown ids are reported and dropped, text is clipped. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { has, idMap, isObject, clip, shown, SIDES, OTHER_ANSWERS, MAX_NAME, MAX_NOTE } = PH;

  function cleanDate(value, fallback) {
    return typeof value === "string" && value.length < 40 && !isNaN(Date.parse(value)) ? value : fallback;
  }

  /** An answer as kept: levels by id and the note (the wording a first-format file kept is read by upgradeRecord). */
  function cleanAnswer(model, fn, given, say) {
    const answer = { current: null, target: null, note: "" };
    SIDES.forEach((side) => {
      const value = given[side];
      const known = model.level(value) || (side === "current" && OTHER_ANSWERS.indexOf(value) >= 0);
      if (value === null || value === undefined) return;
      if (!known) { say("import_unknown_level", { id: shown(value, 80), function: fn.name }); return; }
      answer[side] = value;
    });
    if (typeof given.note === "string") {
      if (given.note.length > MAX_NOTE) say("import_note_clipped", { function: fn.name, max: MAX_NOTE });
      answer.note = given.note.slice(0, MAX_NOTE);
    }
    return answer;
  }

  /** The error for a file that is no assessment of this framework, or null. */
  function refusal(model, raw) {
    if (!isObject(raw) || raw.format !== PH.FORMAT) return { key: "import_not_assessment", values: {} };
    if (raw.schema !== PH.SCHEMA) return { key: "import_schema", values: { schema: shown(raw.schema, 20) } };
    const framework = isObject(raw.framework) ? raw.framework : {};
    if (framework.id !== model.id) return { key: "import_other_framework", values: { id: shown(framework.id, 80), expected: model.title } };
    return null;
  }

  function cleanAnswers(model, given, say) {
    Object.keys(given).forEach((id) => { if (!model.fn(id)) say("import_unknown_function", { id: clip(id, 80) }); });
    const answers = idMap();
    model.functions.forEach((fn) => {
      answers[fn.id] = has(given, fn.id) && isObject(given[fn.id]) ? cleanAnswer(model, fn, given[fn.id], say) : PH.emptyAnswer(model);
    });
    return answers;
  }

  /**
   * Check an assessment read from a file or from storage against the framework.
   * Return {assessment, problems} or {error}; problems and error are {key, values} for translator().
   */
  function validateAssessment(model, raw, fallbackName, now) {
    const problems = [], stamp = (now || new Date()).toISOString();
    const say = (key, values) => { problems.push({ key: key, values: values || {} }); };
    const error = refusal(model, raw);
    if (error) return { error: error };
    const version = raw.framework.version;
    if (version !== model.version) say("import_other_version", { version: shown(version, 40), expected: model.version });
    let name = typeof raw.name === "string" ? raw.name.trim().slice(0, MAX_NAME) : "";
    if (!name) { say("import_no_name", { name: fallbackName }); name = fallbackName; }
    const given = isObject(raw.answers) ? raw.answers : {};
    if (!isObject(raw.answers)) say("import_no_answers");
    const answers = cleanAnswers(model, given, say);
    const id = typeof raw.id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(raw.id) ? raw.id : PH.newId();
    const created = cleanDate(raw.created, stamp);
    const assessment = {
      format: PH.FORMAT, schema: PH.SCHEMA, framework: { id: model.id, version: model.version }, id: id, name: name,
      created: created, updated: cleanDate(raw.updated, created), answers: answers
    };
    const upgrade = PH.upgradeRecord(model, raw, given, version);
    if (upgrade) assessment.upgrade = upgrade;
    return { assessment: assessment, problems: problems };
  }

  /** Parse the text of an exported file: {assessment, problems} or {error}. */
  function parseAssessment(model, text, fallbackName) {
    if (text.length > PH.MAX_IMPORT_BYTES) return { error: { key: "import_too_big", values: { max: "1 MB" } } };
    let raw;
    try { raw = JSON.parse(text.replace(/^\uFEFF/, "")); } catch (error) { return { error: { key: "import_not_json", values: {} } }; }
    return validateAssessment(model, raw, fallbackName);
  }

  function exportJSON(assessment) { return JSON.stringify(assessment, null, 2) + "\n"; }

  Object.assign(PH, { validateAssessment, parseAssessment, exportJSON });
})();
