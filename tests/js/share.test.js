"use strict";
/* Share links: encoding and decoding, with and without notes, too long, malformed, hostile. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain, makeFramework } = require("./load.js");

const PH = load("assessment.js");
const model = PH.frameworkModel(makeFramework(4, 4, "l3"));
const HOSTILE = ['<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=2</script>", '"><svg onload="window.__pwned=3">'];

function sample() {
  const assessment = PH.createAssessment(model, "Ours, “2027” — München", new Date("2025-03-04T05:06:07.000Z"));
  const set = (id, current, target, note) => {
    PH.setAnswer(model, id, assessment.answers[id], "current", current);
    PH.setAnswer(model, id, assessment.answers[id], "target", target);
    assessment.answers[id].note = note;
  };
  set("f1", "l2", "l4", "a note, with \"quotes\";\nand a line 日本語 🤝");
  set("f2", "unsure", "l3", "");
  set("f3", "na", null, "=SUM(A1)");
  return assessment;
}

function compactOf(fragment) { return JSON.parse(Buffer.from(fragment.slice(2), "base64url").toString("utf8")); }
function linkFor(compact) { return "#a=" + Buffer.from(JSON.stringify(compact), "utf8").toString("base64url"); }

test("a link round-trips every answer, the name and the date; notes only when asked for", () => {
  const assessment = sample();
  for (const withNotes of [false, true]) {
    const fragment = PH.encodeShare(model, assessment, withNotes);
    assert.match(fragment, /^a=[A-Za-z0-9_-]+$/);
    const result = PH.decodeShare(model, "#" + fragment, "Imported");
    assert.deepEqual(plain(result.problems), []);
    assert.equal(result.notes, withNotes);
    assert.equal(result.version, model.version);
    assert.equal(result.assessment.name, assessment.name);
    assert.equal(result.assessment.updated, assessment.updated);
    for (const fn of model.functions) {
      const want = plain(assessment.answers[fn.id]);
      if (!withNotes) want.note = "";
      assert.deepEqual(plain(result.assessment.answers[fn.id]), want, fn.id);
    }
  }
});

test("the compact form is as documented: level indexes, u and n, no wording hashes, no id", () => {
  const compact = compactOf(PH.encodeShare(model, sample(), true));
  assert.deepEqual(Object.keys(compact), ["f", "v", "n", "u", "l", "a", "s", "o"]);
  assert.equal(compact.s, 2);
  assert.deepEqual(compact.l, ["l1", "l2", "l3", "l4"]);
  assert.deepEqual(compact.a.f1.slice(0, 2), [1, 3]);
  assert.deepEqual(compact.a.f2.slice(0, 2), ["u", 2]);
  assert.deepEqual(compact.a.f3.slice(0, 2), ["n", null]);
  assert.deepEqual(compact.a.f4, [null, 2]);
  assert.equal(compact.a.f3[2], "=SUM(A1)");
  assert.equal(compactOf(PH.encodeShare(model, sample(), false)).o, undefined);
  assert.equal(compactOf(PH.encodeShare(model, sample(), false)).a.f1.length, 2);
  assert.equal(PH.wordingHash(""), (0x811c9dc5 % 1679616).toString(36));
});

test("a first-format link whose wording hash differs comes back as reworded, old wording unknown", () => {
  const compact = compactOf(PH.encodeShare(model, sample(), false));
  delete compact.s;
  compact.a.f1[2] = "zzzz.zzzz";
  const answer = PH.decodeShare(model, linkFor(compact), "I").assessment.answers.f1;
  assert.equal(answer.wording, undefined);
  assert.deepEqual(plain(PH.upgradeReport(model, PH.decodeShare(model, linkFor(compact), "I").assessment).reworded
    .map((entry) => [entry.fn.id, entry.level.id, entry.old])), [["f1", "l2", ""], ["f1", "l4", ""]]);
});

test("a fragment that holds no assessment is no offer; a malformed or foreign one says why", () => {
  for (const fragment of ["", "#", "#results", "#b=abc", null, undefined]) assert.equal(PH.decodeShare(model, fragment, "I"), null);
  const cases = [["#a=%%%not-base64", "share_unreadable"], ["#a=" + Buffer.from("not json").toString("base64url"), "share_unreadable"],
    [linkFor([1, 2]), "share_unreadable"], [linkFor({ f: model.id, l: "x", a: {} }), "share_unreadable"],
    [linkFor({ f: model.id, l: [], a: [] }), "share_unreadable"], ["#a=" + Buffer.from([0xff, 0xfe]).toString("base64url"), "share_unreadable"],
    [linkFor({ f: "another-framework", v: "1", l: [], a: {} }), "share_other_framework"], ["#a=" + "A".repeat(70000), "share_too_long"]];
  for (const [fragment, key] of cases) assert.equal(PH.decodeShare(model, fragment, "I").error.key, key, fragment.slice(0, 40));
  assert.equal(PH.decodeShare(model, "#a=" + "A".repeat(64 * 1024 - 2), "I").error.key, "share_unreadable");  // at the limit: read
});

test("hostile links: unknown ids, odd entries and prototype names are reported or dropped, text stays text", () => {
  const hostile = { f: model.id, v: HOSTILE[2], n: HOSTILE[0], u: HOSTILE[1], o: 1, l: ["l1", "l2", "l3", "l4", HOSTILE[1]],
    a: { f1: [0, 4, "zz.zz", HOSTILE[1]], [HOSTILE[2]]: [1, 1, "", HOSTILE[0]], ["__proto__"]: [0, 0], constructor: [0, 0],
         f2: [{ x: 1 }, "u", 5], f3: "not a list" } };
  const text = JSON.stringify(hostile);
  assert.ok(text.includes('"__proto__":[0,0]'));
  const result = PH.decodeShare(model, "#a=" + Buffer.from(text).toString("base64url"), "Imported");
  const keys = plain(result.problems.map((problem) => problem.key));
  assert.ok(keys.includes("import_other_version") && keys.includes("import_unknown_function") && keys.includes("import_unknown_level"));
  assert.equal(result.assessment.name, HOSTILE[0]);
  assert.equal(result.version, HOSTILE[2]);
  assert.equal(result.assessment.answers.f1.current, "l1");
  assert.equal(result.assessment.answers.f1.target, null, "index 4 names no level of this framework");
  assert.equal(result.assessment.answers.f1.note, HOSTILE[1]);
  assert.deepEqual(plain(result.assessment.upgrade.removed.map((entry) => entry["function"])).sort(), [HOSTILE[2], "__proto__", "constructor"].sort());
  assert.deepEqual(Object.keys(Object.getPrototypeOf(PH)), []);
});
