"use strict";
/* Validation of imports: every hostile class the browser tests use, checked on the sources alone. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain, makeFramework } = require("./load.js");

const PH = load("assessment.js");
const model = PH.frameworkModel(makeFramework(4, 3, "l3"));
const PROTOTYPE_NAMES = ["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf", "isPrototypeOf"];
const HOSTILE = ['<img src=x onerror="window.__pwned=1;alert(1)">', "<script>window.__pwned=2;alert(2)</script>",
                 '"><svg onload="window.__pwned=3">'];

function file(overrides) {
  return Object.assign({ format: PH.FORMAT, schema: 1, framework: { id: model.id, version: model.version },
                         id: "abc", name: "Ours", created: "2025-01-01T00:00:00.000Z", updated: "2025-01-02T00:00:00.000Z",
                         answers: { f1: { current: "l2", target: "l4", note: "n" } } }, overrides);
}
const keys = (result) => plain(result.problems.map((problem) => problem.key));
/** Object.prototype of the sources' own realm: polluted if any import wrote through a "__proto__" key. */
const realmPrototype = Object.getPrototypeOf(PH);

test("files that are no assessment of this framework are refused with the reason", () => {
  const cases = [
    [null, "import_not_assessment"], [[], "import_not_assessment"], [5, "import_not_assessment"], ["text", "import_not_assessment"],
    [{ hello: 1 }, "import_not_assessment"], [file({ format: "other" }), "import_not_assessment"],
    [file({ schema: 7 }), "import_schema"], [file({ schema: "1" }), "import_schema"],
    [file({ framework: { id: "someone-elses-framework", version: "1" } }), "import_other_framework"],
    [file({ framework: "test-framework" }), "import_other_framework"], [file({ framework: null }), "import_other_framework"]];
  for (const [raw, key] of cases) assert.equal(PH.validateAssessment(model, raw, "Fallback").error.key, key, JSON.stringify(raw));
  assert.deepEqual(plain(PH.validateAssessment(model, file({ schema: 7 }), "F").error.values), { schema: "7" });
});

test("text that is too big or no JSON is refused before it is read", () => {
  assert.equal(PH.parseAssessment(model, " ".repeat(PH.MAX_IMPORT_BYTES + 1), "F").error.key, "import_too_big");
  assert.equal(PH.parseAssessment(model, "{nope", "F").error.key, "import_not_json");
  assert.equal(PH.parseAssessment(model, "\uFEFF" + JSON.stringify(file({})), "F").assessment.name, "Ours");
});

test("unknown functions and levels are reported and dropped; the rest is kept", () => {
  const result = PH.validateAssessment(model, file({ framework: { id: model.id, version: "0.9" }, answers: {
    "no-such-function": { current: "l1" }, f1: { current: "legendary", target: "l4", note: 5 },
    f2: { current: "l2", target: "unsure" }, f3: { current: "na", target: null, note: "fine" } } }), "F");
  assert.deepEqual(keys(result), ["import_other_version", "import_unknown_function", "import_unknown_level", "import_unknown_level"]);
  const answers = plain(result.assessment.answers);
  assert.deepEqual(Object.keys(answers), ["f1", "f2", "f3"]);
  assert.deepEqual([answers.f1.current, answers.f1.target, answers.f1.note], [null, "l4", ""]);
  assert.deepEqual([answers.f2.current, answers.f2.target], ["l2", null]);
  assert.deepEqual([answers.f3.current, answers.f3.note], ["na", "fine"]);
});

test("wrong types: no answers, answers not objects, odd values", () => {
  for (const answers of [undefined, null, [], "x", 3]) {
    const result = PH.validateAssessment(model, file({ answers }), "F");
    assert.deepEqual(keys(result), ["import_no_answers"], String(answers));
    assert.equal(result.assessment.answers.f1.target, "l3", "an empty answer with the suggested target");
  }
  const odd = PH.validateAssessment(model, file({ name: 42, id: { x: 1 }, created: 7, updated: "<script>",
    answers: { f1: "l2", f2: [1, 2], f3: { current: { x: 1 }, target: 3, note: ["n"], wording: "w" } } }), "Fallback");
  assert.deepEqual(keys(odd), ["import_no_name", "import_unknown_level", "import_unknown_level"]);
  assert.equal(odd.assessment.name, "Fallback");
  assert.match(odd.assessment.id, /^[0-9a-f]{18}$/);
  assert.ok(!isNaN(Date.parse(odd.assessment.created)) && odd.assessment.updated === odd.assessment.created);
  assert.deepEqual(plain(odd.assessment.answers.f3), { current: null, target: null, note: "" });
});

test("oversized text is clipped: name, note, the wording a first-format file kept", () => {
  const result = PH.validateAssessment(model, file({ name: "  " + "n".repeat(500) + "  ",
    answers: { f1: { current: "l1", target: "l2", note: "x".repeat(PH.MAX_NOTE + 5), wording: { current: "w".repeat(5000) } } } }), "F");
  assert.equal(result.assessment.name.length, PH.MAX_NAME);
  assert.equal(result.assessment.answers.f1.note.length, PH.MAX_NOTE);
  assert.equal(result.assessment.upgrade.reworded[0].was, "w".repeat(PH.MAX_WORDING) + "…");
  assert.deepEqual(keys(result), ["import_note_clipped"]);
  assert.equal(PH.validateAssessment(model, file({ id: "x".repeat(65) }), "F").assessment.id.length, 18);
  assert.equal(PH.validateAssessment(model, file({ id: "<b>x</b>" }), "F").assessment.id.length, 18);
});

test("ids named like Object.prototype's properties are ordinary keys and pollute nothing", () => {
  for (const name of PROTOTYPE_NAMES) {
    const text = JSON.stringify(file({ id: name, answers: { [name]: { current: "l1", note: "lost" }, f1: { current: name, target: name, note: "kept" } } }));
    const result = PH.parseAssessment(model, text, "F");
    assert.equal(result.assessment.id, name);
    assert.deepEqual(keys(result), ["import_unknown_function", "import_unknown_level", "import_unknown_level"], name);
    assert.deepEqual(plain(result.assessment.answers.f1), { current: null, target: null, note: "kept" });
    assert.equal(Object.keys(result.assessment.answers).includes(name), false);
  }
  const store = { value: null, getItem() { return this.value; }, setItem(key, value) { this.value = value; }, length: 0 };
  const opened = PH.openStore(model, "/", store), state = { current: "__proto__", assessments: PH.idMap() };
  for (const name of PROTOTYPE_NAMES) state.assessments[name] = PH.validateAssessment(model, file({ id: name, name: "Id " + name }), "F").assessment;
  assert.ok(opened.save(state));
  const back = opened.load("F");
  assert.deepEqual(plain(Object.keys(back.assessments).sort()), PROTOTYPE_NAMES.slice().sort());
  assert.equal(back.current, "__proto__");
  assert.equal(back.assessments.__proto__.name, "Id __proto__");
  assert.deepEqual(Object.keys(realmPrototype), []);
  assert.equal(realmPrototype.current, undefined);
});

test("script in names, notes, wording and dates stays text, as given", () => {
  const result = PH.validateAssessment(model, file({ id: "<b>x</b>", name: HOSTILE[0], created: "<script>", updated: HOSTILE[2],
    answers: { [HOSTILE[1]]: { current: "l1" }, f1: { current: "l1", target: "l4", note: HOSTILE[1], wording: { current: HOSTILE[2] } },
               f2: { current: HOSTILE[2], target: "l3", note: HOSTILE[0] } } }), "F");
  assert.equal(result.assessment.name, HOSTILE[0]);
  assert.equal(result.assessment.answers.f1.note, HOSTILE[1]);
  assert.equal(result.assessment.upgrade.reworded[0].was, HOSTILE[2]);
  assert.equal(result.assessment.answers.f2.note, HOSTILE[0]);
  assert.equal(result.assessment.answers.f2.current, null);
  assert.notEqual(result.assessment.created, "<script>");
  assert.deepEqual(plain(result.problems.map((problem) => problem.values.id)), [HOSTILE[1], HOSTILE[2]]);
});

test("an assessment of an older version keeps what no longer applies in its upgrade record", () => {
  const result = PH.validateAssessment(model, file({ framework: { id: model.id, version: "0.1" },
    answers: { gone: { current: "l1", target: "l2", note: "keep me" }, f1: { current: "l9", target: "l2" } } }), "F");
  assert.deepEqual(plain(result.assessment.upgrade), { from: "0.1", removed: [{ "function": "gone", current: "l1", target: "l2", note: "keep me" }],
    levels: [{ "function": "f1", side: "current", level: "l9" }], added: ["f2", "f3"], reworded: [] });
  assert.equal(PH.validateAssessment(model, file({}), "F").assessment.upgrade, undefined);
});

test("a framework whose own ids are prototype names keeps an answer for each", () => {
  const data = makeFramework(3, 3, null);
  data.functions[0].id = "__proto__";
  data.functions[1].id = "constructor";
  data.levels[1].id = "constructor";
  for (const fn of data.functions) fn.levels = { l1: fn.levels.l1, constructor: fn.levels.l2, l3: fn.levels.l3 };
  const odd = PH.frameworkModel(data);
  const text = JSON.stringify({ format: PH.FORMAT, schema: 1, framework: { id: odd.id, version: odd.version }, name: "Odd",
    answers: { ["__proto__"]: { current: "constructor", target: "l3" }, constructor: { current: "l1", target: "constructor" } } });
  const result = PH.parseAssessment(odd, text, "F");
  assert.deepEqual(plain(result.problems), []);
  assert.deepEqual(Object.keys(result.assessment.answers), ["__proto__", "constructor", "f3"]);
  assert.equal(result.assessment.answers["__proto__"].current, "constructor");
  assert.equal(result.assessment.answers.constructor.target, "constructor");
  assert.equal(PH.score(odd, result.assessment).scored, 2);
});
