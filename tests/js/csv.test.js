"use strict";
/* CSV neutralising: the same cases as the build's csv_cell (tests/test_hardening.py, test_legacy_fixtures.py). */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./load.js");

const PH = load("assessment.js");

test("text a spreadsheet would run as a formula gets a leading apostrophe; quoting as RFC 4180", () => {
  const cases = [["=1+1", "'=1+1"], ["+1", "'+1"], ["-1", "'-1"], ["@SUM(A1)", "'@SUM(A1)"], ["\tx", "'\tx"], ["\rx", "\"'\rx\""],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"], ["plain", "plain"], ["", ""], ['say "hi", then; go', '"say ""hi"", then; go"'],
    ["line\nbreak", '"line\nbreak"'], [" =spaced", " =spaced"], ["a=b", "a=b"], ["=a,b", "\"'=a,b\""], [3, "3"], [-2, "-2"],
    [null, ""], [undefined, ""]];
  for (const [value, expected] of cases) assert.equal(PH.csvCell(value), expected, JSON.stringify(value));
});

test("a file starts with a BOM and ends every row with CRLF", () => {
  assert.equal(PH.toCSV([["a", "=b"], [1, "x\ny"]]), "\uFEFFa,'=b\r\n1,\"x\ny\"\r\n");
});
