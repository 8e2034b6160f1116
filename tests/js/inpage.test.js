"use strict";
/* In-page scoring: the function page writes into the assessment the self-assessment has open, merges
   with what that page saved meanwhile, creates an assessment only when none is saved; the map's marks. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain, makeFramework, t } = require("./load.js");

const PH = load("inpage.js");
const model = PH.frameworkModel(makeFramework(4, 3, "l3"));
const NAME = "Assessment 1";
const ROOT = "/handbook/";

function memoryStorage(entries = {}) {
  return { entries, getItem: (key) => (key in entries ? entries[key] : null), setItem: (key, value) => { entries[key] = String(value); },
           removeItem: (key) => { delete entries[key]; }, key: (i) => Object.keys(entries)[i], get length() { return Object.keys(entries).length; } };
}

/** A function page of functions/ over this storage: {store, state}. */
function functionPage(storage) {
  const doc = { documentElement: { getAttribute: () => "../" } };
  return PH.openInpage(model, doc, { href: "http://127.0.0.1/handbook/functions/f1.html", pathname: "/handbook/functions/f1.html" }, storage, NAME);
}

/** The self-assessment page's store, with one saved assessment per name given. */
function assessmentPage(storage, names) {
  const store = PH.openStore(model, ROOT, storage, null), state = store.load(NAME);
  names.forEach((name) => { const made = PH.createAssessment(model, name); state.assessments[made.id] = made; state.current = made.id; });
  if (names.length) assert.equal(store.save(state), true);
  return { store, state };
}

test("Firefox keeps storage per file only under file://", () => {
  const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  const chromium = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
  assert.equal(PH.perFileStorage({ protocol: "file:" }, firefox), true);
  assert.equal(PH.perFileStorage({ protocol: "http:" }, firefox), false);
  assert.equal(PH.perFileStorage({ protocol: "file:" }, chromium), false);
  assert.equal(PH.perFileStorage({ protocol: "file:" }, undefined), false);
});

test("with nothing saved, the first answer creates one assessment named as the assessment page names it", () => {
  const storage = memoryStorage(), page = functionPage(storage);
  assert.equal(page.state.current, null);
  assert.equal(PH.inpageAnswer(page.state, "f1"), null);
  const made = PH.giveAnswer(model, page.state, "f1", "current", "l2", NAME);
  PH.giveAnswer(model, page.state, "f1", "target", "l4", NAME);
  assert.equal(PH.saveInpage(page.store, page.state, NAME).saved, true);
  const stored = JSON.parse(storage.entries[PH.storageKey(model.id, ROOT)]);
  assert.deepEqual(Object.keys(stored.assessments), [made.id]);
  assert.equal(stored.current, made.id);
  assert.equal(stored.assessments[made.id].name, NAME);
  assert.deepEqual(plain(stored.assessments[made.id].answers.f1), { current: "l2", target: "l4", note: "" });
  assert.deepEqual(plain(stored.assessments[made.id].answers.f2), { current: null, target: "l3", note: "" });
});

test("the answer goes into the assessment the assessment page has open, and it stays the open one", () => {
  const storage = memoryStorage(), beside = assessmentPage(storage, ["First", "Second"]);
  const page = functionPage(storage);
  assert.equal(page.state.current, beside.state.current);
  PH.giveAnswer(model, page.state, "f2", "current", "unsure", NAME);
  PH.saveInpage(page.store, page.state, NAME);
  const fresh = PH.openStore(model, ROOT, storage, null).load(NAME);
  assert.equal(fresh.assessments[fresh.current].name, "Second");
  assert.equal(fresh.assessments[fresh.current].answers.f2.current, "unsure");
  assert.equal(Object.keys(fresh.assessments).length, 2);
});

test("answers given on both pages meanwhile are all kept, and each page takes in the other's", () => {
  const storage = memoryStorage(), beside = assessmentPage(storage, ["Ours"]);
  const page = functionPage(storage), open = beside.state.assessments[beside.state.current];
  PH.setAnswer(model, "f3", open.answers.f3, "current", "l4");
  open.updated = new Date(Date.now() + 1000).toISOString();
  assert.equal(beside.store.save(beside.state), true);  // saved after the function page read the store
  PH.giveAnswer(model, page.state, "f1", "current", "l1", NAME);
  const result = PH.saveInpage(page.store, page.state, NAME);
  const mine = result.state.assessments[result.state.current].answers;
  assert.deepEqual([mine.f1.current, mine.f3.current], ["l1", "l4"]);
  const theirs = beside.store.refresh(beside.state);
  assert.deepEqual([theirs.assessments[theirs.current].answers.f1.current, theirs.assessments[theirs.current].answers.f3.current], ["l1", "l4"]);
});

test("a refresh follows the assessment page's choice, unless this page holds a change it could not save", () => {
  const storage = memoryStorage(), beside = assessmentPage(storage, ["A", "B"]), page = functionPage(storage);
  const first = Object.keys(beside.state.assessments).find((id) => beside.state.assessments[id].name === "A");
  beside.state.current = first;
  beside.store.save(beside.state);
  assert.equal(PH.refreshInpage(page.store, page.state, NAME, false).current, first);
  PH.giveAnswer(model, page.state, "f1", "current", "l3", NAME);
  const kept = PH.refreshInpage(page.store, page.state, NAME, true);
  assert.equal(kept.assessments[kept.current].answers.f1.current, "l3");
});

test("an assessment holding answers of removed functions is reviewed on the assessment page first", () => {
  const state = { current: "a", assessments: {}, retired: { a: {} } };
  assert.equal(PH.needsReview(state), true);
  assert.equal(PH.needsReview({ current: "b", assessments: {}, retired: { a: {} } }), false);
  assert.equal(PH.needsReview({ current: null, assessments: {} }), false);
});

test("the map marks today's level and the target of every function answered today, by level id", () => {
  const storage = memoryStorage(), page = functionPage(storage);
  assert.deepEqual(plain(PH.mapMarks(model, page.state)), []);
  PH.giveAnswer(model, page.state, "f1", "current", "l2", NAME);
  PH.giveAnswer(model, page.state, "f2", "current", "na", NAME);
  assert.deepEqual(plain(PH.mapMarks(model, page.state)), [
    { "function": "f1", level: "l2", side: "current" }, { "function": "f1", level: "l3", side: "target" },
    { "function": "f2", level: "l3", side: "target" }]);
});

test("the assessment page's summary: answered count, overall figure and the count at each level", () => {
  const A = load("assessment.js"), small = A.frameworkModel(makeFramework(3, 4, "l3"));
  const made = A.createAssessment(small, NAME);
  [["f1", "l1"], ["f2", "l3"], ["f3", "unsure"]].forEach(([id, level]) => { A.setAnswer(small, id, made.answers[id], "current", level); });
  const texts = A.summaryTexts(A.score(small, made), t, (value, digits) => value.toFixed(digits));
  assert.deepEqual(plain(texts), { answered: 'scored_value {"scored":3,"total":4}', overall: '2.0 of_levels {"count":3}',
    counts: { l1: 1, l2: 0, l3: 1 } });
  const none = A.summaryTexts(A.score(small, A.createAssessment(small, NAME)), t, String);
  assert.deepEqual([none.answered, none.overall], ['scored_value {"scored":0,"total":4}', "none"]);
});
