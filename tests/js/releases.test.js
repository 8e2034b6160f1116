"use strict";
/* Answers by id and release: no wording is kept; a rewording is known from the build's release data
   (framework-data's "releases"), or read once from the wording or hashes of first-format files and links. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain, makeFramework } = require("./load.js");

const PH = load("assessment.js");
const data = makeFramework(4, 3, "l3");
data.version = "2.0";
data.releases = { "1.0": { reworded: { f1: ["l2"], f3: ["l1", "l4"] }, functions_added: ["f3"] }, "1.5": {} };
const model = PH.frameworkModel(data);
const descriptor = (fn, level) => model.fn(fn).levels[level].descriptor;

/** An exported file of this framework, made under a version, with {function: [current, target, wording?]}. */
function file(version, answers, extra = {}) {
  const given = {};
  for (const [id, [current, target, wording]] of Object.entries(answers)) {
    given[id] = { current, target, note: "n-" + id };
    if (wording) given[id].wording = wording;
  }
  return Object.assign({ format: PH.FORMAT, schema: PH.SCHEMA, framework: { id: model.id, version }, id: "x1", name: "N",
                         created: "2027-01-01T00:00:00.000Z", updated: "2027-01-02T00:00:00.000Z", answers: given }, extra);
}

function read(raw) { return PH.validateAssessment(model, JSON.parse(JSON.stringify(raw)), "F").assessment; }
function shownRewordings(assessment) {
  const report = PH.upgradeReport(model, assessment);
  return report ? plain(report.reworded.map((entry) => [entry.fn.id, entry.level.id, entry.sides, entry.old, entry.now])) : null;
}

test("answers keep levels by id and the note: no wording, made, answered, validated or exported", () => {
  const made = PH.createAssessment(model, "A", new Date("2027-01-01T00:00:00Z"));
  PH.setAnswer(model, "f1", made.answers.f1, "current", "l2");
  assert.deepEqual(plain(made.answers.f1), { current: "l2", target: "l3", note: "" });
  assert.deepEqual(plain(made.framework), { id: model.id, version: "2.0" });
  const again = read(JSON.parse(PH.exportJSON(made)));
  assert.deepEqual(plain(again), plain(made));
  assert.doesNotMatch(PH.exportJSON(again), /wording/);
});

test("an answer made under an older release for a descriptor reworded since is pointed out", () => {
  const assessment = read(file("1.0", { f1: ["l2", "l2"], f2: ["l2", "l3"] }));
  assert.equal(assessment.framework.version, "2.0");
  assert.deepEqual(plain(assessment.upgrade), { from: "1.0", removed: [], levels: [], added: ["f3"],
    reworded: [{ "function": "f1", side: "current", level: "l2", was: null }, { "function": "f1", side: "target", level: "l2", was: null }] });
  assert.deepEqual(shownRewordings(assessment), [["f1", "l2", ["current", "target"], "", descriptor("f1", "l2")]]);
  // Answers at levels not reworded, and releases that reworded nothing, point nothing out.
  assert.deepEqual(read(file("1.0", { f1: ["l1", "l3"], f2: ["l2", "l3"], f3: ["l2", null] })).upgrade, undefined);
  assert.deepEqual(plain(read(file("1.5", { f1: ["l2", "l3"], f2: [null, null] })).upgrade.reworded), []);
});

test("a release the build does not know points no rewording out; today's release none either", () => {
  assert.equal(read(file("0.1", { f1: ["l2", "l2"], f2: [null, null], f3: [null, null] })).upgrade, undefined);
  assert.deepEqual(plain(read(file("0.1", { f1: ["l2", "l2"], f2: [null, null] })).upgrade),
    { from: "0.1", removed: [], levels: [], added: ["f3"], reworded: [] });
  assert.equal(read(file("2.0", { f1: ["l2", "l2"], f2: [null, null], f3: ["l1", "l4"] })).upgrade, undefined);
});

test("the wording a first-format file kept is read once: a rewording with its old text, then dropped", () => {
  const raw = file("2.0", { f1: ["l2", "l3", { current: "Worded before", target: descriptor("f1", "l3") }], f2: [null, null], f3: [null, null] });
  const assessment = read(raw);
  assert.deepEqual(plain(assessment.answers.f1), { current: "l2", target: "l3", note: "n-f1" });
  assert.deepEqual(plain(assessment.upgrade), { from: null, removed: [], levels: [], added: [],
    reworded: [{ "function": "f1", side: "current", level: "l2", was: "Worded before" }] });
  assert.deepEqual(shownRewordings(assessment), [["f1", "l2", ["current"], "Worded before", descriptor("f1", "l2")]]);
  // Kept wording wins over the release data: equal to today's, nothing is pointed out.
  const older = read(file("1.0", { f1: ["l2", "l1", { current: descriptor("f1", "l2"), target: descriptor("f1", "l1") }], f2: [null, null] }));
  assert.deepEqual(plain(older.upgrade.reworded), []);
  // Exported and read again, the record and the answers stay as they are.
  assert.deepEqual(plain(read(JSON.parse(PH.exportJSON(assessment)))), plain(assessment));
});

test("choosing another level drops that rewording from the notice; dismissing forgets the record", () => {
  const assessment = read(file("1.0", { f1: ["l2", "l2"], f2: [null, null] }));
  PH.setAnswer(model, "f1", assessment.answers.f1, "current", "l3");
  assert.deepEqual(shownRewordings(assessment), [["f1", "l2", ["target"], "", descriptor("f1", "l2")]]);
  PH.acknowledgeUpgrade(model, assessment);
  assert.equal(assessment.upgrade, undefined);
  assert.equal(PH.upgradeReport(model, assessment), null);
  const only = read(file("2.0", { f1: ["l2", "l3", { current: "Before" }], f2: [null, null], f3: [null, null] }));
  PH.setAnswer(model, "f1", only.answers.f1, "current", "l1");
  assert.equal(PH.upgradeReport(model, only), null, "nothing left to say");
});

test("hostile rewording records are dropped: unknown functions, sides and levels; old text is clipped", () => {
  const raw = file("2.0", { f1: ["l2", "l3"], f2: [null, null], f3: [null, null] }, { upgrade: { from: null, removed: [], levels: [], added: [],
    reworded: [{ "function": "nope", side: "current", level: "l2" }, { "function": "f1", side: "middle", level: "l2" },
               { "function": "f1", side: "current", level: "gone" }, { "function": "__proto__", side: "current", level: "l1" },
               { "function": "f1", side: "current", level: "l2", was: "w".repeat(5000) }, "text", null] } });
  const record = read(raw).upgrade;
  assert.deepEqual(plain(record.reworded), [{ "function": "f1", side: "current", level: "l2", was: "w".repeat(PH.MAX_WORDING) + "…" }]);
});

function compactOf(fragment) { return JSON.parse(Buffer.from(fragment.slice(2), "base64url").toString("utf8")); }
function linkFor(compact) { return "#a=" + Buffer.from(JSON.stringify(compact), "utf8").toString("base64url"); }

test("share links name levels by index and carry no wording hashes; a rewording is a mark by side", () => {
  const assessment = read(file("1.0", { f1: ["l2", "l4"], f2: ["unsure", "l3"], f3: [null, null] }));
  const compact = compactOf(PH.encodeShare(model, assessment, true));
  assert.deepEqual(Object.keys(compact), ["f", "v", "n", "u", "l", "a", "s", "r", "o"]);
  assert.deepEqual(plain(compact.a), { f1: [1, 3, "n-f1"], f2: ["u", 2, "n-f2"], f3: [null, null, "n-f3"] });
  assert.equal(compact.s, 2);
  assert.deepEqual(plain(compact.r), { f1: [0] });
  const linked = PH.decodeShare(model, linkFor(compact), "I").assessment;
  assert.deepEqual(plain(linked.answers.f1), { current: "l2", target: "l4", note: "n-f1" });
  assert.deepEqual(shownRewordings(linked), [["f1", "l2", ["current"], "", descriptor("f1", "l2")]]);
  assert.equal(plain(linked.upgrade).from, null);
  // A link of an older release is judged by the release data, like a file.
  const older = PH.decodeShare(model, linkFor(Object.assign(compact, { v: "1.0", r: undefined })), "I").assessment;
  assert.deepEqual(plain(older.upgrade.reworded), [{ "function": "f1", side: "current", level: "l2", was: null }]);
  assert.equal(compactOf(PH.encodeShare(model, PH.createAssessment(model, "B"), false)).r, undefined);
});

test("a first-format link (wording hashes third, the note fourth) is still read; a hash that differs is a rewording", () => {
  const hash = PH.wordingHash;
  const compact = { f: model.id, v: "2.0", n: "Old", u: "2027-01-02T00:00:00.000Z", l: ["l1", "l2", "l3", "l4"], o: 1,
    a: { f1: [1, 2, "zzzz." + hash(descriptor("f1", "l3")), "a note"], f2: ["u", 2, "." + hash(descriptor("f2", "l3"))] } };
  const linked = PH.decodeShare(model, linkFor(compact), "I").assessment;
  assert.deepEqual(plain(linked.answers.f1), { current: "l2", target: "l3", note: "a note" });
  assert.deepEqual(plain(linked.answers.f2), { current: "unsure", target: "l3", note: "" });
  assert.deepEqual(plain(linked.upgrade), { from: null, removed: [], levels: [], added: [],
    reworded: [{ "function": "f1", side: "current", level: "l2", was: null }] });
});

test("a stored assessment keeps its rewordings when the answers of removed functions are left out", () => {
  const entries = {}, storage = { getItem: (key) => (key in entries ? entries[key] : null), setItem: (key, value) => { entries[key] = String(value); },
    removeItem: (key) => { delete entries[key]; }, key: (i) => Object.keys(entries)[i], get length() { return Object.keys(entries).length; } };
  const raw = file("1.0", { f1: ["l2", "l3"], f2: [null, null], f3: [null, null], gone: ["l1", "l1"] });
  const assessment = read(raw);
  assert.deepEqual(plain(assessment.upgrade.removed.map((entry) => entry["function"])), ["gone"]);
  const store = PH.openStore(model, "/", storage), state = store.load("F");
  state.assessments[assessment.id] = assessment;
  state.current = assessment.id;
  assert.ok(store.save(state));
  const back = PH.openStore(model, "/", storage).load("F").assessments[assessment.id];
  assert.deepEqual(plain(back.upgrade), { from: "1.0", removed: [], levels: [], added: [],
    reworded: [{ "function": "f1", side: "current", level: "l2", was: null }] });
});
