"use strict";
/* The legacy fixtures (tests/fixtures/legacy-assessments/, made by the scripts of an earlier release)
   load on today's sources: stores migrate, share links decode, exports come out the same. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain, fixture, fixtureFramework } = require("./load.js");

const PH = load("assessment.js");
const MODELS = { "0.9.0": PH.frameworkModel(fixtureFramework("0.9.0")), "1.0.0": PH.frameworkModel(fixtureFramework("1.0.0")) };
const CATALOGUE = JSON.parse(fixture("assessments.json")).assessments;
const entries = Object.keys(CATALOGUE).sort();

function exported(name) { return JSON.parse(fixture(CATALOGUE[name].exports.json.file)); }

/** Answers whose kept wording differs from the descriptor of the page reading them: {function, side, level, was}. */
function rewordings(model, assessment, unknown) {
  const found = [];
  for (const fn of model.functions) {
    const answer = assessment.answers[fn.id];
    for (const side of ["current", "target"]) {
      const old = answer && answer.wording && answer.wording[side];
      if (typeof old === "string" && old !== fn.levels[answer[side]].descriptor) found.push({ "function": fn.id, side, level: answer[side], was: unknown ? null : old });
    }
  }
  return found;
}

/** An export of the first format as today's sources hold it: no wording; a rewording it showed, in the upgrade record. */
function migrated(name) {
  const model = MODELS[CATALOGUE[name].version], assessment = exported(name), reworded = rewordings(model, assessment, false);
  for (const answer of Object.values(assessment.answers)) delete answer.wording;
  if (assessment.upgrade || reworded.length) assessment.upgrade = Object.assign({ from: null, removed: [], levels: [], added: [] }, assessment.upgrade, { reworded });
  return assessment;
}

/** The one store in a localStorage dump, as the stored string. */
function dumpStorage(name) {
  const dump = JSON.parse(fixture(name));
  return { getItem: (key) => (Object.prototype.hasOwnProperty.call(dump, key) ? dump[key] : null), key: (i) => Object.keys(dump)[i],
           get length() { return Object.keys(dump).length; }, setItem: (key, value) => { dump[key] = value; }, removeItem: (key) => { delete dump[key]; } };
}

const ORIGIN_PATH = "/handbook/";

for (const [dump, version] of [["storage-0.9.0.json", "0.9.0"], ["storage.json", "1.0.0"]]) {
  test(`${dump} read by the ${version} page holds each assessment as that page exported it`, () => {
    const state = PH.openStore(MODELS[version], ORIGIN_PATH, dumpStorage(dump)).load("Assessment 1");
    const expected = entries.filter((name) => CATALOGUE[name].version === version && Object.keys(plain(state.assessments)).includes(CATALOGUE[name].id));
    assert.ok(expected.length >= 1);
    for (const name of expected) assert.deepEqual(plain(state.assessments[CATALOGUE[name].id]), migrated(name), name);
  });
}

test("the 0.9.0 store read by the 1.0.0 page is migrated: version, new function, upgrade record", () => {
  const state = PH.openStore(MODELS["1.0.0"], ORIGIN_PATH, dumpStorage("storage-0.9.0.json")).load("Assessment 1");
  assert.deepEqual(plain(state.assessments[CATALOGUE["older@1.0.0"].id]), migrated("older@1.0.0"));
  assert.deepEqual(plain(state.assessments[CATALOGUE["older@1.0.0"].id].upgrade.reworded),
    [{ "function": "agreement", side: "current", level: "proactive", was: "Letter of intent or memorandum of understanding" }]);
  const report = PH.upgradeReport(MODELS["1.0.0"], state.assessments[CATALOGUE["older@1.0.0"].id]);
  assert.deepEqual(plain(report.added), ["customer-relationships-and-satisfaction"]);
  assert.deepEqual(plain(report.reworded.map((entry) => [entry.fn.id, entry.level.id, entry.sides])), [["agreement", "proactive", ["current"]]]);
});

test("every exported file imports as it was exported", () => {
  for (const name of entries) {
    const result = PH.parseAssessment(MODELS[CATALOGUE[name].version], fixture(CATALOGUE[name].exports.json.file), "Imported");
    assert.deepEqual(plain(result.assessment), migrated(name), name);
    // Exported again, it is the same file without the wording (a rewording moved to the upgrade record).
    assert.deepEqual(JSON.parse(PH.exportJSON(result.assessment)), migrated(name), name);
  }
});

test("every CSV export comes out byte for byte the same", () => {
  for (const name of entries) {
    const expected = fixture(CATALOGUE[name].exports.csv.file);
    const header = expected.replace(/^\uFEFF/, "").split("\r\n")[0].split(",");
    const keys = ["csv_function_id", "csv_function", "csv_current_id", "csv_current", "csv_current_position",
                  "csv_target_id", "csv_target", "csv_target_position", "csv_gap", "csv_note"];
    const strings = Object.fromEntries(keys.map((key, i) => [key, header[i]]));
    const t = PH.translator(Object.assign(strings, { not_sure: "Not sure", not_relevant: "Not relevant to us" }));
    assert.equal(PH.assessmentCSV(MODELS[CATALOGUE[name].version], exported(name), t), expected, name);
    assert.equal(PH.fileName(CATALOGUE[name].name, "csv"), CATALOGUE[name].exports.csv.suggested_filename, name);
  }
});

test("every share link decodes to the answers of the matching export", () => {
  for (const link of JSON.parse(fixture("share-links.json"))) {
    const model = MODELS[link.version], expected = exported(link.assessment);
    const result = PH.decodeShare(model, "#" + link.fragment, "Imported");
    assert.equal(result.notes, link.notes, link.assessment);
    assert.equal(result.assessment.name, expected.name);
    assert.equal(result.assessment.updated, expected.updated);
    for (const fn of model.functions) {
      const answer = plain(result.assessment.answers[fn.id]), want = expected.answers[fn.id];
      assert.equal(answer.current, want.current, `${link.assessment} ${fn.id}`);
      assert.equal(answer.target, want.target, `${link.assessment} ${fn.id}`);
      assert.equal(answer.note, link.notes ? want.note : "", `${link.assessment} ${fn.id}`);
      assert.equal(answer.wording, undefined, `${link.assessment} ${fn.id}`);
    }
    // The link carries a hash of the wording: one that differs from today's descriptor is a rewording, old text unknown.
    const reworded = result.assessment.upgrade ? plain(result.assessment.upgrade.reworded) : [];
    assert.deepEqual(reworded, rewordings(model, expected, true), link.assessment);
  }
});
