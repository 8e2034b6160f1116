"use strict";
/* The search's logic on a small index in the build's format (handbook/search.py): ranking,
   prefixes, typos, snippets, links, and the index's number lists. */
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { ROOT, bundles, plain } = require("./load.js");

const LAST = "abcdefghijklmnopqrstuvwxyz012345", MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789+/";

/** The handbook's script sources with the vendored engine, in a fresh context. */
function loadSearch() {
  const context = vm.createContext({ console });
  const files = [path.join("theme", "assets", "vendor", "minisearch.js")]
    .concat([...bundles()["handbook.js"].sources, ...bundles()["search.js"].sources].map((name) => path.join("theme", "scripts", name)));
  for (const file of files) vm.runInContext(fs.readFileSync(path.join(ROOT, file), "utf8"), context, { filename: file });
  return context;
}

/** Ascending numbers as handbook/search.py writes them: each gap's digits, the last from LAST. */
function encode(numbers) {
  let out = "", previous = -1;
  for (const number of numbers) {
    let gap = number - previous - 1, digits = LAST[gap % 32];
    for (gap = Math.floor(gap / 32); gap; gap = Math.floor(gap / 32)) digits = MORE[gap % 32] + digits;
    out += digits;
    previous = number;
  }
  return out;
}

/** An index of pages [url, title, weight of its opening, {anchor: [heading, text]}] in the build's
    format, and its snippets (the second script) as index.text, page by page. */
function makeIndex(pages) {
  const index = { pages: [], terms: [], postings: [], headingTerms: [], headingPostings: [], text: [] };
  const postings = new Map(), headings = new Map();
  const list = (lists, text, section) => {
    for (const term of new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [])) {
      if (!lists.has(term)) lists.set(term, []);
      lists.get(term).push(section);
    }
  };
  let count = 0;
  pages.forEach(([url, title, weight, sections]) => {
    const rows = [], texts = [];
    for (const [anchor, [heading, text]] of Object.entries(sections)) {
      list(postings, text, count);
      list(headings, heading, count);
      rows.push([anchor, heading, anchor ? 1 : weight]);
      texts.push(text.slice(0, 120));
      count += 1;
    }
    index.pages.push([url, title, rows]);
    index.text.push(texts);
  });
  for (const term of [...postings.keys()].sort()) { index.terms.push(term); index.postings.push(encode(postings.get(term))); }
  for (const term of [...headings.keys()].sort()) { index.headingTerms.push(term); index.headingPostings.push(encode(headings.get(term))); }
  return index;
}

const PAGES = [
  ["guide/contracts.html", "Working with contracts", 1, {
    "": ["", "How partners agree on terms."],
    "lawyers": ["Lawyers", "Bring in the lawyers late: lawyering too early stalls the agreement."],
    "review": ["Review", "Review the agreement every year."] }],
  ["functions/agreement.html", "Agreement", 3, { "": ["", "The agreement between two partners."], "pitfalls": ["Pitfalls", "Signing without authority."] }],
  ["levels/proactive.html", "Proactive", 3, { "": ["", "Partners plan ahead together."] }],
  ["functions/geography.html", "Geography", 3, { "proactive": ["Proactive", "Proactive partners cover each other's regions."] }],
  // A page of the guide named like the level and using its name more often: the level's page still comes first.
  ["guide/proactive.html", "Proactive", 1, { "": ["", "Proactive teams plan proactive work proactively, proactive all year."] }]
];

/** A search over an index made by makeIndex, its snippets read from index.text. */
function createSearch(context, index, root) {
  return context.PartneringHandbook.createSearch(context.MiniSearch, index, root, (page, position) => index.text[page][position]);
}

function engine(root = "../") {
  return createSearch(loadSearch(), makeIndex(PAGES), root);
}

test("the numbers of a term's list are read back as written, gaps of any size", () => {
  const PH = loadSearch().PartneringHandbook;
  const numbers = [0, 1, 2, 31, 32, 33, 1000, 1001, 40000];
  assert.deepEqual(plain(PH.decodeNumbers(encode(numbers))), numbers);
  assert.equal(encode([0, 1, 2]), "aaa");
});

test("a word from the middle of a page leads to its section's anchor, with the word marked", () => {
  const [first] = engine().search("lawyering");
  assert.equal(first.url, "../guide/contracts.html#lawyers");
  assert.equal(first.title, "Working with contracts");
  assert.deepEqual(plain(first.heading), [{ text: "Lawyers", mark: false }]);
  assert.deepEqual(plain(first.snippet.filter((part) => part.mark)), [{ text: "lawyering", mark: true }]);
});

test("a typo and a prefix find the word too", () => {
  assert.equal(engine().search("lawyerng")[0].url, "../guide/contracts.html#lawyers");
  assert.equal(engine().search("lawyeri")[0].url, "../guide/contracts.html#lawyers");
});

test("a function's and a level's own page rank above the pages that mention them", () => {
  const search = engine("");
  assert.equal(search.search("agreement")[0].url, "functions/agreement.html");
  assert.equal(search.search("proactive")[0].url, "levels/proactive.html");
  assert.deepEqual(plain(search.search("proactive").map((found) => found.url)).slice(0, 2), ["levels/proactive.html", "guide/proactive.html"]);
});

test("several words must all match when some section holds them all, and any when none does", () => {
  const search = engine("");
  assert.deepEqual(plain(search.search("review agreement").map((found) => found.url)), ["guide/contracts.html#review"]);
  assert.ok(search.search("review authority").length >= 2);
  assert.deepEqual(plain(search.search("zzzz")), []);
});

/** engineOf's engine and addAll's for the same documents, each listed field given to addAll as each document's array of its terms. */
function bothEngines(context, documents, listed, processTerm) {
  const MiniSearch = context.MiniSearch;
  const options = Object.assign(context.PartneringHandbook.searchTermFields(MiniSearch, Object.keys(listed)),
    { fields: ["title", "heading", "text"], searchOptions: { prefix: true, fuzzy: 0.2 } });
  if (processTerm) options.processTerm = processTerm;
  const made = context.PartneringHandbook.searchEngineOf(MiniSearch, options, documents, listed);
  const added = new MiniSearch(options);
  added.addAll(documents.map((document, id) => {
    const whole = Object.assign({ id }, document);
    for (const [field, { terms, documents: lists }] of Object.entries(listed)) whole[field] = terms.filter((_, n) => lists[n].includes(id));
    return whole;
  }));
  return { made, added };
}

function assertSameEngine({ made, added }, queries) {
  assert.equal(JSON.stringify(made.toJSON()), JSON.stringify(added.toJSON()));
  for (const query of queries) assert.deepEqual(plain(made.search(query)), plain(added.search(query)), query);
}

test("the engine is made as addAll makes it, so that every score and order is the same", () => {
  const documents = [
    { title: "Agreement", heading: "" },
    { title: "", heading: "Why it matters: it, it matters!" },
    { title: "", heading: "Pitfalls of the agreement" },
    { title: "", heading: null },
    { title: "Partners", heading: "Lawyering" }
  ];
  // "partners" is first met in a later document's title than its text, "lawyering" in a heading before the text.
  const listed = { terms: ["agreed", "agreement", "lawyering", "partners", "unused"], documents: [[2], [0, 2], [2, 4], [0, 3], []] };
  assertSameEngine(bothEngines(loadSearch(), documents, { text: listed }), ["agree", "it matters", "partner", "lawyerng", "pitfall agreement"]);
});

test("terms the engine processes alike are counted together, in the order of their documents", () => {
  // Documents alike but for their terms: the results' order among equal scores is the documents'.
  const documents = [{ title: "", heading: "" }, { title: "", heading: "" }, { title: "", heading: "" }, { title: "Agree", heading: "Agreeing" }];
  const listed = { terms: ["agree", "agreeing", "the"], documents: [[2], [0, 1], [1, 2, 3]] };
  const stem = (term) => (term === "the" ? null : term.toLowerCase().replace(/ing$/, ""));
  assertSameEngine(bothEngines(loadSearch(), documents, { text: listed }, stem), ["agree", "agreeing", "the"]);
});

test("the handbook's own index makes the engine addAll makes, its text and headings listed", () => {
  const context = loadSearch(), decode = (list) => plain(context.PartneringHandbook.decodeNumbers(list));
  const index = makeIndex(PAGES), sections = [];
  index.pages.forEach(([, title, rows]) => rows.forEach((row, position) => sections.push({ title: position ? "" : title })));
  const listed = { heading: { terms: index.headingTerms, documents: index.headingPostings.map(decode) },
    text: { terms: index.terms, documents: index.postings.map(decode) } };
  assertSameEngine(bothEngines(context, sections, listed), ["proactive", "agreement", "lawyerng", "review agreement", "partner", "pitfal"]);
});

test("a common term's pages are read from their bits", () => {
  const PH = loadSearch().PartneringHandbook;
  assert.deepEqual(plain(PH.decodePages("1")), [0]);
  assert.deepEqual(plain(PH.decodePages((2n ** 70n + 2n ** 33n + 6n).toString(16))), [1, 2, 33, 70]);
});

test("a term listed by pages is found at their openings", () => {
  const context = loadSearch();
  const index = makeIndex(PAGES);
  index.terms.push("everywhere");
  index.postings.push("~" + (0b101).toString(16));
  const search = createSearch(context, index, "");
  assert.deepEqual(plain(search.search("everywhere").map((found) => found.url).sort()), ["guide/contracts.html", "levels/proactive.html"]);
});

test("the snippet marks only whole matched words and keeps the text as text", () => {
  const PH = loadSearch().PartneringHandbook;
  const parts = PH.markedParts("<b>Agree</b> agreement, Agreement!", new Set(["agreement"]));
  assert.equal(parts.map((part) => part.text).join(""), "<b>Agree</b> agreement, Agreement!");
  assert.deepEqual(plain(parts.filter((part) => part.mark).map((part) => part.text)), ["agreement", "Agreement"]);
});

test("the snippet is the text around the first matched word, clipped at words", () => {
  const PH = loadSearch().PartneringHandbook;
  const long = "Opening words come first. ".repeat(10) + "Then the lawyering part of it. " + "More after that. ".repeat(12);
  const snippet = PH.snippetText(long, new Set(["lawyering"]));
  assert.ok(snippet.startsWith("…") && snippet.endsWith("…"), snippet);
  assert.ok(snippet.includes("lawyering") && snippet.length <= 162, snippet);
  assert.equal(PH.snippetText("Short text, lawyering.", new Set(["lawyering"])), "Short text, lawyering.");
  assert.ok(PH.snippetText(long, new Set(["opening"])).startsWith("Opening words"));
});

test("the section in view is the last heading above the reading line, else the first", () => {
  const PH = loadSearch().PartneringHandbook;
  assert.equal(PH.sectionInView([-500, -20, 100, 900], 240), 2);
  assert.equal(PH.sectionInView([300, 900], 240), 0);
  assert.equal(PH.sectionInView([-900, -400], 240), 1);
});

test("the vendored engine is the one package-lock.json pins, byte for byte, with its licence", () => {
  const vendored = path.join(ROOT, "theme", "assets", "vendor");
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
  const installed = path.join(ROOT, "node_modules", "minisearch");
  assert.equal(JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")).version,
               lock.packages["node_modules/minisearch"].version);
  assert.ok(fs.readFileSync(path.join(vendored, "minisearch.js")).equals(fs.readFileSync(path.join(installed, "dist", "umd", "index.js"))));
  assert.ok(fs.readFileSync(path.join(vendored, "minisearch-LICENSE.txt")).equals(fs.readFileSync(path.join(installed, "LICENSE.txt"))));
});
