// Lighthouse on several pages in one Node process and one Chrome, for the Lighthouse gate
// (tests/gates/checks.py run_lighthouse): the command line starts Node, loads Lighthouse and
// launches Chrome again for every page, a third of each audit's time. The settings are the
// command line's; Lighthouse resets the page's storage and cache before each audit.
//
//   node lighthouse_many.mjs '{"chromeFlags": [...], "categories": [...]}' URL [URL ...]
//
// Prints a JSON list, one entry per URL: {url, seconds, runtimeError, categories, audits}, the
// categories with their audit references and the audits with their id, title, score and value.
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const [settings, ...urls] = process.argv.slice(2);
const { chromeFlags, categories } = JSON.parse(settings);

function trimmed(url, seconds, lhr) {
  const audits = {};
  for (const [id, audit] of Object.entries(lhr.audits)) {
    audits[id] = { title: audit.title, score: audit.score, displayValue: audit.displayValue };
  }
  const kept = {};
  for (const [id, category] of Object.entries(lhr.categories)) {
    kept[id] = { score: category.score, auditRefs: category.auditRefs.map((ref) => ({ id: ref.id, weight: ref.weight })) };
  }
  return { url, seconds, runtimeError: lhr.runtimeError || null, categories: kept, audits };
}

const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH, chromeFlags });
const reports = [];
try {
  for (const url of urls) {
    const started = Date.now();
    const result = await lighthouse(url, {
      port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories,
      maxWaitForLoad: 30000, disableFullPageScreenshot: true, skipAudits: ["bf-cache"],
    });
    reports.push(trimmed(url, (Date.now() - started) / 1000, result.lhr));
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(reports));
