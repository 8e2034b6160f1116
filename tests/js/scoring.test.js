"use strict";
/* Scoring against the README's formulas: the self-assessment's figures, and the compare page's
   alignment, median and spread. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain, makeFramework } = require("./load.js");

const PH = load("assessment.js");

/** An assessment of model with answers {function id: [current, target]}; the rest left open. */
function assessed(model, answers) {
  const assessment = PH.createAssessment(model, "Test", new Date("2025-01-01T00:00:00Z"));
  for (const [id, [current, target]] of Object.entries(answers)) {
    PH.setAnswer(model, id, assessment.answers[id], "current", current);
    PH.setAnswer(model, id, assessment.answers[id], "target", target);
  }
  return assessment;
}

test("the overall figure is the mean level of the functions with a level, rounded to one decimal", () => {
  const model = PH.frameworkModel(makeFramework(4, 6, "l3"));
  const result = PH.score(model, assessed(model, { f1: ["l1", "l2"], f2: ["l3", "l3"], f3: ["l3", "l4"], f4: ["unsure", "l4"], f5: ["na", "l2"] }));
  assert.deepEqual(plain(result.positions), [1, 3, 3]);
  assert.equal(result.mean, 7 / 3);
  assert.equal(result.rounded, 2.3);
  assert.equal(result.lower.id, "l2");
  assert.equal(result.upper.id, "l3");
  assert.deepEqual([result.total, result.answered, result.scored, result.unsure, result.na, result.open, result.complete],
                   [6, 5, 3, 1, 1, 1, false]);
});

test("a mean on a level names that level alone; nothing scored gives no figure", () => {
  const model = PH.frameworkModel(makeFramework(3, 2, null));
  const level = PH.score(model, assessed(model, { f1: ["l2", null], f2: ["l2", null] }));
  assert.equal(level.rounded, 2);
  assert.equal(level.lower, level.upper);
  const none = PH.score(model, assessed(model, { f1: ["unsure", "l3"], f2: ["na", null] }));
  assert.deepEqual([none.mean, none.rounded, none.lower, none.upper, none.meanGap, none.scored], [null, null, null, null, null, 0]);
  assert.equal(none.complete, true);
});

test("rounding to one decimal rounds halves up", () => {
  const model = PH.frameworkModel(makeFramework(4, 4, null));
  // (1 + 2 + 2 + 2) / 4 = 1.75 -> 1.8; (1 + 1 + 2 + 2) / 4 = 1.5
  assert.equal(PH.score(model, assessed(model, { f1: ["l1", null], f2: ["l2", null], f3: ["l2", null], f4: ["l2", null] })).rounded, 1.8);
  assert.equal(PH.score(model, assessed(model, { f1: ["l1", null], f2: ["l1", null], f3: ["l2", null], f4: ["l2", null] })).rounded, 1.5);
});

test("the gap is target minus current, only where both are levels; the mean gap over those", () => {
  const model = PH.frameworkModel(makeFramework(4, 5, null));
  const result = PH.score(model, assessed(model, { f1: ["l1", "l4"], f2: ["l4", "l2"], f3: ["l2", null], f4: ["unsure", "l3"] }));
  assert.deepEqual(result.rows.map((row) => row.gap), [3, -2, null, null, null]);
  assert.deepEqual(plain(result.gaps), [3, -2]);
  assert.equal(result.meanGap, 0.5);
});

test("next steps list every function below its target, largest gap first, ties in framework order", () => {
  const model = PH.frameworkModel(makeFramework(5, 6, null));
  const result = PH.score(model, assessed(model, {
    f1: ["l2", "l3"], f2: ["l1", "l5"], f3: ["l3", "l3"], f4: ["l1", "l2"], f5: ["l4", "l2"], f6: ["na", "l5"] }));
  assert.deepEqual(result.nextSteps.map((step) => step.row.fn.id), ["f2", "f1", "f4"]);
  const first = result.nextSteps[0];
  assert.equal(first.next.id, "l2");
  assert.equal(first.description, "About l2");
  assert.deepEqual(plain(first.actions), ["Act l1"]);
  assert.equal(first.url, "functions/f2.html#l2");
});

test("the profile counts the functions at each level", () => {
  const model = PH.frameworkModel(makeFramework(3, 4, null));
  const result = PH.score(model, assessed(model, { f1: ["l1", null], f2: ["l3", null], f3: ["l3", null], f4: ["unsure", null] }));
  assert.deepEqual(result.profile.map((entry) => [entry.level.id, entry.rows.map((row) => row.fn.id)]),
                   [["l1", ["f1"]], ["l2", []], ["l3", ["f2", "f3"]]]);
});

test("alignment = 1 − mean(|a − b|) / (N − 1) over the functions both answered", () => {
  for (const levels of [2, 4, 7]) {
    const model = PH.frameworkModel(makeFramework(levels, 4, null));
    const top = "l" + levels;
    const a = assessed(model, { f1: ["l1", top], f2: [top, top], f3: ["unsure", null], f4: ["l1", "l1"] });
    const b = assessed(model, { f1: [top, top], f2: [top, "l1"], f3: ["l1", "l1"], f4: ["na", "l1"] });
    const result = PH.compare(model, a, b);
    const steps = levels - 1;
    assert.equal(result.current.pairs, 2);
    assert.deepEqual(plain(result.current.distances), [steps, 0]);
    assert.equal(result.current.value, 1 - (steps / 2) / steps);
    assert.equal(result.target.pairs, 3);
    assert.equal(result.target.value, 1 - (steps / 3) / steps);
    assert.equal(result.current.ratio, (steps / 2) / steps);
  }
});

test("no pair gives no alignment; differences are B − A; far apart is flagged to talk about", () => {
  const model = PH.frameworkModel(makeFramework(4, 3, null));  // threshold ceil(3 / 2) = 2
  assert.equal(PH.threshold(model), 2);
  const a = assessed(model, { f1: ["l1", "l2"], f2: ["l2", null], f3: ["unsure", null] });
  const b = assessed(model, { f1: ["l3", "l3"], f2: ["l1", null], f3: ["l4", null] });
  const result = PH.compare(model, a, b);
  assert.deepEqual(result.rows.map((row) => [row.now, row.goal, row.talkNow, row.talkGoal]),
                   [[2, 1, true, false], [-1, null, false, false], [null, null, false, false]]);
  assert.deepEqual(result.talk.map((row) => row.fn.id), ["f1"]);
  assert.equal(PH.compare(model, assessed(model, {}), b).current, null);
  assert.equal(PH.threshold(PH.frameworkModel(makeFramework(2, 1, null))), 1);
  assert.equal(PH.threshold(PH.frameworkModel(makeFramework(6, 1, null))), 3);
});

test("the median is the middle value, or the mean of the two middle ones", () => {
  assert.equal(PH.median([3]), 3);
  assert.equal(PH.median([1, 2, 4]), 2);
  assert.equal(PH.median([1, 2, 3, 4]), 2.5);
  assert.equal(PH.median([1, 1, 4, 4]), 2.5);
});

test("combining gives per function the median and the spread from lowest to highest, flagged at the threshold", () => {
  const model = PH.frameworkModel(makeFramework(4, 3, null));
  const people = [
    assessed(model, { f1: ["l1", "l4"], f2: ["l2", null], f3: ["unsure", null] }),
    assessed(model, { f1: ["l4", "l4"], f2: ["l2", null], f3: ["na", null] }),
    assessed(model, { f1: ["l2", "l3"], f2: ["l3", null] })];
  const combined = PH.combine(model, people);
  assert.deepEqual(plain(combined[0].current), { median: 2, low: 1, high: 4, spread: 3, flagged: true });
  assert.deepEqual(plain(combined[0].target), { median: 4, low: 3, high: 4, spread: 1, flagged: false });
  assert.deepEqual(plain(combined[1].current), { median: 2, low: 2, high: 3, spread: 1, flagged: false });
  assert.equal(combined[1].target, null);
  assert.equal(combined[2].current, null);
  assert.deepEqual(combined.map((row) => row.flagged), [true, false, false]);
});

test("a combined assessment rounds medians half down and keeps each respondent's note", () => {
  const model = PH.frameworkModel(makeFramework(4, 3, null));
  const one = assessed(model, { f1: ["l2", "l3"], f2: ["unsure", null] }), two = assessed(model, { f1: ["l3", "l4"], f2: ["na", null] });
  one.answers.f1.note = "first";
  two.answers.f1.note = "second";
  const saved = PH.combinedAssessment(model, PH.combine(model, [one, two]), ["Ann", "Bo"], "Both");
  assert.deepEqual([saved.answers.f1.current, saved.answers.f1.target], ["l2", "l3"]);  // 2.5 -> 2, 3.5 -> 3
  assert.equal(saved.answers.f2.current, "unsure");
  assert.equal(saved.answers.f3.current, null);
  assert.equal(saved.answers.f1.note, "Ann: first\nBo: second");
  assert.equal(PH.roundHalfDown(2.5), 2);
  assert.equal(PH.roundHalfDown(2.6), 3);
});
