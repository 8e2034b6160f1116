"""A reader's first visit to the assessment page: the work the page does before it can be used."""
from __future__ import annotations

import re

from tests.browser.conftest import expect, load_framework

# Counts every use of the browser's locale formatting: the first one loads its date and number data,
# ~30 ms of main thread (more on a slow phone), which a fresh, empty assessment does not need.
_COUNT_INTL = """
window.__intl = [];
for (const [owner, name] of [[Date.prototype, "toLocaleString"], [Date.prototype, "toLocaleDateString"],
    [Date.prototype, "toLocaleTimeString"], [Number.prototype, "toLocaleString"]]) {
  const real = owner[name];
  owner[name] = function (...args) { window.__intl.push(name); return real.apply(this, args); };
}
for (const name of ["DateTimeFormat", "NumberFormat", "PluralRules", "RelativeTimeFormat"]) {
  const Real = Intl[name];
  Intl[name] = function (...args) { window.__intl.push(name); return new Real(...args); };
}
"""


def _open_counting(browser, url):
    context = browser.new_context()
    context.add_init_script(_COUNT_INTL)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#results h2")
    return context, page


def test_a_fresh_assessment_formats_no_date_or_number(browser, serve_site, handbook_site):
    version = load_framework(handbook_site)["version"]
    context, page = _open_counting(browser, serve_site(handbook_site) + "assessment.html")
    try:
        assert page.evaluate("() => window.__intl") == []
        expect(page.locator("#results .report-meta")).to_have_text(
            f"Not answered yet · framework version {version}")
        page.locator("#worksheet input[type=radio][name^='current-']").first.check()
        expect(page.locator("#results .report-meta")).to_have_text(
            re.compile(rf"^Last changed .+ · framework version {re.escape(version)}$"))
        assert page.evaluate("() => window.__intl").count("toLocaleString") >= 1
    finally:
        context.close()
