"use strict";
/* Load the theme's script sources, as theme/scripts/bundles.json lists them, into a fresh node:vm
   context, without their start source: what the build joins, minus the part that needs a page. */
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { webcrypto } = require("node:crypto");

const ROOT = path.resolve(__dirname, "..", "..");
const SCRIPTS = path.join(ROOT, "theme", "scripts");
const FIXTURES = path.join(ROOT, "tests", "fixtures", "legacy-assessments");

function bundles() {
  return JSON.parse(fs.readFileSync(path.join(SCRIPTS, "bundles.json"), "utf8")).bundles;
}

/** Run one bundle's sources in a new context (with what a browser gives them) and return its namespace. */
function load(bundle = "assessment.js", extra = {}) {
  const context = vm.createContext({ crypto: webcrypto, TextEncoder, TextDecoder, atob, btoa, URL, console, ...extra });
  for (const name of bundles()[bundle].sources) {
    vm.runInContext(fs.readFileSync(path.join(SCRIPTS, name), "utf8"), context, { filename: name });
  }
  return context.PartneringHandbook;
}

/** A value made in the context, as plain data of this realm (deepStrictEqual compares prototypes). */
function plain(value) { return value === undefined ? undefined : JSON.parse(JSON.stringify(value)); }

function fixture(name) { return fs.readFileSync(path.join(FIXTURES, name), "utf8"); }

/** framework.json's shape from a fixture framework (frameworks.json keeps descriptors only). */
function fixtureFramework(version) {
  const data = JSON.parse(fixture("frameworks.json"))[version];
  return {
    id: data.id, version: data.version, title: "Fixture framework", suggested_target: data.suggested_target, levels: data.levels,
    functions: data.functions.map((fn) => ({ id: fn.id, name: fn.name, url: "functions/" + fn.id + ".html",
      levels: Object.fromEntries(Object.entries(fn.descriptors).map(([id, descriptor]) => [id, { descriptor, description: "", actions: [] }])) }))
  };
}

/** A framework of any size: levels l1..lN, functions f1..fM, each cell with a description and one action. */
function makeFramework(levelCount, functionCount, suggested = null) {
  const levels = Array.from({ length: levelCount }, (_, i) => ({ id: "l" + (i + 1), name: "Level " + (i + 1), position: i + 1 }));
  const functions = Array.from({ length: functionCount }, (_, f) => ({
    id: "f" + (f + 1), name: "Function " + (f + 1), url: "functions/f" + (f + 1) + ".html",
    levels: Object.fromEntries(levels.map((level) => [level.id, {
      descriptor: "F" + (f + 1) + " at " + level.name, description: "About " + level.id, actions: ["Act " + level.id] }]))
  }));
  return { id: "test-framework", version: "1.0.0", title: "Test framework", suggested_target: suggested, levels, functions };
}

/** The strings' keys themselves, with their values: enough to check which message was given. */
function t(key, values) { return values && Object.keys(values).length ? key + " " + JSON.stringify(values) : key; }

module.exports = { ROOT, bundles, load, plain, fixture, fixtureFramework, makeFramework, t };
