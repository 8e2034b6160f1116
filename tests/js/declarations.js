"use strict";
/* Print, as JSON, what each theme script source declares: {source: {functions: [names], vars: count,
   lines: count}}. Functions are function declarations, variables bound to functions and methods.
   Read with the pinned parser (esprima), never with patterns. Used by tests/test_js.py. */
const fs = require("node:fs");
const path = require("node:path");
const esprima = require(path.join(__dirname, "..", "..", "node_modules", "esprima"));

const FUNCTIONS = new Set(["FunctionExpression", "ArrowFunctionExpression"]);

function walk(node, visit) {
  if (!node || typeof node.type !== "string") return;
  visit(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach((child) => walk(child, visit));
    else if (value && typeof value.type === "string") walk(value, visit);
  }
}

function declarations(text) {
  const functions = new Set();
  let vars = 0;
  walk(esprima.parseScript(text), (node) => {
    if (node.type === "FunctionDeclaration") functions.add(node.id.name);
    if (node.type === "VariableDeclaration" && node.kind === "var") vars += 1;
    if (node.type === "VariableDeclarator" && node.id.type === "Identifier" && node.init && FUNCTIONS.has(node.init.type)) functions.add(node.id.name);
    if (node.type === "Property" && node.key.type === "Identifier" && FUNCTIONS.has(node.value.type)) functions.add(node.key.name);
  });
  return { functions: [...functions].sort(), vars };
}

const folder = process.argv[2];
const result = {};
for (const name of fs.readdirSync(folder).filter((file) => file.endsWith(".js")).sort()) {
  const text = fs.readFileSync(path.join(folder, name), "utf8");
  result[name] = Object.assign(declarations(text), { lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0) });
}
process.stdout.write(JSON.stringify(result));
