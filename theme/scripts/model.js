/* Assessments: a new one, a copy, an answer given. An answer names its levels by id; the assessment names
   the release it was made under (framework.version): no descriptor wording is kept. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { idMap } = PH;

  function newId() {
    const bytes = new Uint8Array(9);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, (b) => (b + 256).toString(16).slice(1)).join("");
  }

  function emptyAnswer(model) {
    return { current: null, target: model.suggestedTarget, note: "" };
  }

  /** Set one side (current/target) of an answer to a level id, "unsure", "na" or null. */
  function setAnswer(model, functionId, answer, side, value) {
    answer[side] = value;
    return answer;
  }

  /** Return a new, unanswered assessment of the framework. */
  function createAssessment(model, name, now) {
    const stamp = (now || new Date()).toISOString(), answers = idMap();
    model.functions.forEach((fn) => { answers[fn.id] = emptyAnswer(model); });
    return {
      format: PH.FORMAT, schema: PH.SCHEMA, framework: { id: model.id, version: model.version },
      id: newId(), name: name, created: stamp, updated: stamp, answers: answers
    };
  }

  function duplicateAssessment(assessment, name, now) {
    const copy = JSON.parse(JSON.stringify(assessment)), stamp = (now || new Date()).toISOString();
    copy.id = newId(); copy.name = name; copy.created = stamp; copy.updated = stamp;
    return copy;
  }

  Object.assign(PH, { newId, emptyAnswer, setAnswer, createAssessment, duplicateAssessment });
})();
