"use strict";
/* Every bundle's sources load with no page at all (no window, no document) and attach one namespace. */
const test = require("node:test");
const assert = require("node:assert/strict");
const vm = require("node:vm");
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, bundles } = require("./load.js");

for (const bundle of Object.keys(bundles())) {
  test(`${bundle}: its sources touch no page when loaded and add only PartneringHandbook to the global object`, () => {
    const context = vm.createContext({ crypto: globalThis.crypto, TextEncoder, TextDecoder, atob, btoa, URL });
    const before = Object.keys(context);
    for (const name of bundles()[bundle].sources) {
      vm.runInContext(fs.readFileSync(path.join(ROOT, "theme", "scripts", name), "utf8"), context, { filename: name });
    }
    assert.deepEqual(Object.keys(context).filter((key) => !before.includes(key)), ["PartneringHandbook"]);
    // What the start source calls: the search box on every page, the list of results once it is used, scores elsewhere.
    const called = { "handbook.js": "upgradeSearch", "search.js": "attachSearch", "assessment.js": "score", "compare.js": "score" }[bundle];
    if (called) assert.equal(typeof context.PartneringHandbook[called], "function");
    else assert.ok(Object.values(context.PartneringHandbook).some((value) => typeof value === "function"));
  });

  test(`${bundle}: its start source is what touches the page`, () => {
    const context = vm.createContext({});
    for (const name of bundles()[bundle].sources) {
      vm.runInContext(fs.readFileSync(path.join(ROOT, "theme", "scripts", name), "utf8"), context);
    }
    const start = fs.readFileSync(path.join(ROOT, "theme", "scripts", bundles()[bundle].start), "utf8");
    assert.throws(() => vm.runInContext(start, context), /document is not defined/);
  });
}
