/* Assessments: a new one, a copy, an answer given, and the descriptor wording kept with each answer. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { idMap, SIDES } = PH;

  function newId() {
    const bytes = new Uint8Array(9);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, (b) => (b + 256).toString(16).slice(1)).join("");
  }

  function emptyAnswer(model) {
    const answer = { current: null, target: null, note: "", wording: {} };
    return setAnswer(model, null, answer, "target", model.suggestedTarget);
  }

  /** Set one side (current/target) of an answer and remember the descriptor it was given for. */
  function setAnswer(model, functionId, answer, side, value) {
    const level = model.level(value), fn = model.fn(functionId);
    answer[side] = value;
    if (level && fn) answer.wording[side] = fn.levels[level.id].descriptor;
    else if (!level) delete answer.wording[side];
    return answer;
  }

  function fillWording(model, assessment) {
    model.functions.forEach((fn) => {
      const answer = assessment.answers[fn.id];
      SIDES.forEach((side) => {
        const level = model.level(answer[side]);
        if (level && typeof answer.wording[side] !== "string") answer.wording[side] = fn.levels[level.id].descriptor;
      });
    });
    return assessment;
  }

  /** Return a new, unanswered assessment of the framework. */
  function createAssessment(model, name, now) {
    const stamp = (now || new Date()).toISOString(), answers = idMap();
    model.functions.forEach((fn) => { answers[fn.id] = emptyAnswer(model); });
    return fillWording(model, {
      format: PH.FORMAT, schema: PH.SCHEMA, framework: { id: model.id, version: model.version },
      id: newId(), name: name, created: stamp, updated: stamp, answers: answers
    });
  }

  function duplicateAssessment(assessment, name, now) {
    const copy = JSON.parse(JSON.stringify(assessment)), stamp = (now || new Date()).toISOString();
    copy.id = newId(); copy.name = name; copy.created = stamp; copy.updated = stamp;
    return copy;
  }

  Object.assign(PH, { newId, emptyAnswer, setAnswer, fillWording, createAssessment, duplicateAssessment });
})();
