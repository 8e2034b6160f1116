"use strict";
/* One store per handbook: the key from the handbook's root, the move from a folder's key, merged writes. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain, makeFramework } = require("./load.js");

const PH = load("assessment.js");
const model = PH.frameworkModel(makeFramework(4, 3, "l3"));

function page(root, href) {
  const url = new URL(href);
  return [{ documentElement: { getAttribute: (name) => (name === "data-root" ? root : null) } }, { href: url.href, pathname: url.pathname }];
}

/** localStorage's interface over a plain object, shared by every "page" given it. */
function memoryStorage(entries = {}) {
  return { entries, getItem: (key) => (key in entries ? entries[key] : null), setItem: (key, value) => { entries[key] = String(value); },
           removeItem: (key) => { delete entries[key]; }, key: (i) => Object.keys(entries)[i], get length() { return Object.keys(entries).length; } };
}

test("the store's path is the handbook's root, from any page", () => {
  const cases = [["./", "http://127.0.0.1:8000/handbook/assessment.html", "/handbook/"],
    ["../", "http://127.0.0.1:8000/handbook/functions/agreement.html", "/handbook/"],
    ["../../", "http://example.org/de/guide/start/page.html", "/de/"], ["/handbook/", "http://example.org/handbook/no/such/page", "/handbook/"],
    ["./", "file:///tmp/my%20site/assessment.html", "/tmp/my%20site/"], ["../", "file:///tmp/site/functions/a.html", "/tmp/site/"],
    [null, "http://example.org/handbook/functions/a.html", "/handbook/functions/"]];
  for (const [root, href, expected] of cases) assert.equal(PH.rootPath(...page(root, href)), expected, href);
  assert.equal(PH.storageKey("fw", "/handbook/"), "partnering-handbook:v1:fw:/handbook/");
});

function assessment(name, answers) {
  const made = PH.createAssessment(model, name, new Date("2025-01-01T00:00:00Z"));
  for (const [id, level] of Object.entries(answers)) PH.setAnswer(model, id, made.answers[id], "current", level);
  return made;
}

test("a store under the page's own folder moves to the root's key; nothing is lost when both exist", () => {
  const mine = assessment("At the root", { f1: "l1" }), theirs = assessment("In the folder", { f2: "l2" });
  const clash = Object.assign(JSON.parse(JSON.stringify(mine)), { name: "Same id, other content" });
  const stored = (...list) => JSON.stringify({ schema: 1, current: list[0].id, assessments: Object.fromEntries(list.map((a) => [a.id, a])) });
  const alone = memoryStorage({ "partnering-handbook:v1:test-framework:/h/f/": stored(theirs) });
  PH.openStore(model, "/h/", alone, "/h/f/").load("A");
  assert.deepEqual(Object.keys(alone.entries), ["partnering-handbook:v1:test-framework:/h/"]);
  assert.equal(alone.entries["partnering-handbook:v1:test-framework:/h/"], stored(theirs));
  const both = memoryStorage({ "partnering-handbook:v1:test-framework:/h/": stored(mine), "partnering-handbook:v1:test-framework:/h/f/": stored(theirs, clash) });
  const state = PH.openStore(model, "/h/", both, "/h/f/").load("A");
  assert.deepEqual(plain(Object.values(state.assessments).map((a) => a.name)).sort(), ["At the root", "In the folder", "Same id, other content"]);
  assert.deepEqual(Object.keys(both.entries), ["partnering-handbook:v1:test-framework:/h/"]);
});

test("two pages' saves merge answer by answer; a page's own change wins where both changed one", () => {
  const storage = memoryStorage(), first = PH.openStore(model, "/", storage), second = PH.openStore(model, "/", storage);
  const start = assessment("Ours", {});
  assert.ok(first.save({ current: start.id, assessments: { [start.id]: start } }));
  const one = first.load("A"), two = second.load("A");
  PH.setAnswer(model, "f1", one.assessments[start.id].answers.f1, "current", "l1");
  one.assessments[start.id].answers.f3.note = "one";
  assert.ok(first.save(one));
  assert.equal(first.outdated, false);
  PH.setAnswer(model, "f2", two.assessments[start.id].answers.f2, "current", "l2");
  two.assessments[start.id].answers.f3.note = "two";
  two.assessments[start.id].name = "Renamed";
  assert.ok(second.save(two));
  assert.equal(second.outdated, true, "the second page's state lacked the first one's answer");
  const answers = plain(PH.openStore(model, "/", storage).load("A").assessments[start.id]);
  assert.deepEqual([answers.answers.f1.current, answers.answers.f2.current, answers.answers.f3.note, answers.name], ["l1", "l2", "two", "Renamed"]);
});

test("a deletion on one page holds unless the other page changed that assessment; additions are kept", () => {
  const storage = memoryStorage(), first = PH.openStore(model, "/", storage), second = PH.openStore(model, "/", storage);
  const a = assessment("A", {}), b = assessment("B", {});
  first.save({ current: a.id, assessments: { [a.id]: a, [b.id]: b } });
  const one = first.load("x"), two = second.load("x");
  delete one.assessments[b.id];
  const c = assessment("C", {});
  one.assessments[c.id] = c;
  first.save(one);
  second.save(two);  // unchanged: B stays deleted, C stays added
  assert.deepEqual(plain(Object.keys(PH.openStore(model, "/", storage).load("x").assessments)).sort(), [a.id, c.id].sort());
  const three = second.load("x"), four = first.load("x");
  delete three.assessments[a.id];
  second.save(three);
  PH.setAnswer(model, "f1", four.assessments[a.id].answers.f1, "current", "l4");
  first.save(four);  // changed here: kept, nothing of the reader's work is lost
  assert.equal(PH.openStore(model, "/", storage).load("x").assessments[a.id].answers.f1.current, "l4");
});

test("refresh takes in what storage holds and keeps this page's unsaved changes and open assessment", () => {
  const storage = memoryStorage(), first = PH.openStore(model, "/", storage), second = PH.openStore(model, "/", storage);
  const a = assessment("A", {}), b = assessment("B", {});
  first.save({ current: a.id, assessments: { [a.id]: a, [b.id]: b } });
  const one = first.load("x"), two = second.load("x");
  two.current = b.id;
  PH.setAnswer(model, "f1", one.assessments[a.id].answers.f1, "current", "l2");
  first.save(one);
  two.assessments[b.id].answers.f2.note = "not saved yet";
  const fresh = second.refresh(two);
  assert.equal(fresh.current, b.id);
  assert.equal(fresh.assessments[a.id].answers.f1.current, "l2");
  assert.equal(fresh.assessments[b.id].answers.f2.note, "not saved yet");
  second.save(fresh);
  assert.equal(PH.openStore(model, "/", storage).load("x").assessments[b.id].answers.f2.note, "not saved yet");
});
