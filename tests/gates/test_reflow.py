"""Gate — reflow (WCAG 2.2, 1.4.10): at 320 CSS pixels no page scrolls sideways.

Every page of the real handbook, the second framework, the long-names fixture (40-character
level and function names) and the right-to-left fixture is opened at 320 px with every
disclosure open, the self-assessment answered in full and the compare page comparing two
assessments. The page itself may not be wider than the window; a wide table may scroll inside
its own container, which must then be a labelled, keyboard-focusable region.
"""
from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from tests.gates._plant import add_to_main, edit
from tests.gates.checks import html_pages
from tests.support.browser import keep_local

pytestmark = pytest.mark.gates

WIDTH = 320
SITES = ["handbook_site", "second_site", "long_names_site", "rtl_site"]

# The page's width, what sticks out of it (outside scroll containers), and every element that
# scrolls sideways, with what a keyboard and a screen reader need of it.
_MEASURE_JS = """() => {
  const root = document.documentElement, limit = root.clientWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const scrolls = e => /auto|scroll/.test(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth;
  const wide = [], boxes = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (scrolls(e)) {
      const label = (e.getAttribute('aria-label') || '').trim() || (e.getAttribute('aria-labelledby') || '').split(/\\s+/)
        .map(id => document.getElementById(id)).filter(Boolean).map(l => l.textContent.trim()).join(' ');
      boxes.push({name: name(e), label, role: e.getAttribute('role'), tabindex: e.getAttribute('tabindex')});
    }
    const box = e.getBoundingClientRect();
    let inside = false;
    for (let p = e.parentElement; p && !inside; p = p.parentElement) inside = scrolls(p);
    // (A right-to-left page overflows on the left, where its boxes start at negative x.)
    if (box.right > limit + 0.5 && !inside) wide.push(name(e) + ' to ' + Math.round(box.right) + ' px');
    else if (box.left < -0.5 && !inside) wide.push(name(e) + ' from ' + Math.round(box.left) + ' px');
  }
  return {scrollWidth: root.scrollWidth, clientWidth: limit, wide: wide.slice(0, 6), boxes};
}"""

_OPEN_DETAILS_JS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


def _problems(rel: str, measured: dict) -> list[str]:
    """Turn one page's measurements into problems."""
    problems = []
    if measured["scrollWidth"] > measured["clientWidth"]:
        problems.append(f"{rel}: the page is {measured['scrollWidth']} px wide at {measured['clientWidth']} px, so it"
                        f" scrolls sideways ({'; '.join(measured['wide']) or 'no single element found'})")
    for box in measured["boxes"]:
        missing = [what for what, ok in (("a label (aria-label or aria-labelledby)", box["label"]),
                                         ('role="region"', box["role"] == "region"),
                                         ('tabindex="0"', box["tabindex"] == "0")) if not ok]
        if missing:
            problems.append(f"{rel}: {box['name']} scrolls sideways but lacks {', '.join(missing)}")
    return problems


def _measure(page, rel: str) -> list[str]:
    page.evaluate(_OPEN_DETAILS_JS)
    return _problems(rel, page.evaluate(_MEASURE_JS))


def _fill(page, framework: dict, shift: int) -> None:
    """Answer every function: a level for today (shifted per assessment) and the top level as target."""
    levels = [level["id"] for level in framework["levels"]]
    for index, function in enumerate(framework["functions"]):
        page.check(f"#current-{function['id']}-{levels[(index + shift) % len(levels)]}")
        page.check(f"#target-{function['id']}-{levels[-1]}")
        page.fill(f"#note-{function['id']}", "A note " * 12)


def _filled_pages(page, site: Path, base_url: str) -> list[str]:
    """Fill in the assessment page and compare two assessments, measuring both pages."""
    framework = json.loads((site / "framework.json").read_text(encoding="utf-8"))
    page.goto(base_url + "assessment.html")
    page.wait_for_selector("#results h2")
    _fill(page, framework, 0)
    page.wait_for_selector("#results .chart-figure")
    problems = _measure(page, "assessment.html (filled in)")
    duplicate = page.evaluate("JSON.parse(document.getElementById('ui-strings').textContent).duplicate")
    page.locator(".toolbar").get_by_role("button", name=duplicate, exact=True).click()  # in the site's language
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog.ask", state="hidden")
    _fill(page, framework, 1)
    page.goto(base_url + "compare.html")
    page.wait_for_selector("#comparison-heading")
    return problems + _measure(page, "compare.html (two assessments)")


def check_reflow(site: Path, base_url: str, browser, rels: list[str] | None = None) -> list[str]:
    """Every page at 320 px as built, then the assessment and compare pages filled in."""
    site = Path(site)
    rels = rels if rels is not None else html_pages(site)
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    keep_local(context, "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(base_url)))
    try:
        page = context.new_page()
        problems = []
        for rel in rels:
            page.goto(base_url + rel, wait_until="load")
            problems += _measure(page, rel)
        if "assessment.html" in rels and "compare.html" in rels:
            problems += _filled_pages(page, site, base_url)
        return problems
    finally:
        context.close()


@pytest.mark.parametrize("site_name", SITES)
def test_no_page_scrolls_sideways_at_320_px(request, site_name, site_url, browser):
    site = request.getfixturevalue(site_name)
    assert check_reflow(site, site_url(site), browser) == []


def test_tiny_site_reflows(tiny_site, site_url, browser):
    assert check_reflow(tiny_site, site_url(tiny_site), browser) == []


def test_reflow_gate_catches_a_wide_block(planted, site_url, browser):
    site = planted()
    edit(site, "assets/style.css", "body {", ".too-wide { width: 30rem; }\nbody {")
    add_to_main(site, "index.html", '<p class="too-wide">A fixed-width block</p>')
    problems = check_reflow(site, site_url(site), browser, rels=["index.html"])
    assert len(problems) == 1 and problems[0].startswith("index.html: the page is "), problems
    assert "p.too-wide to " in problems[0], problems


def test_reflow_gate_names_a_wide_block_on_a_right_to_left_page(planted, site_url, browser):
    site = planted()
    edit(site, "index.html", '<html lang="en">', '<html lang="en" dir="rtl">')  # it sticks out on the left
    edit(site, "assets/style.css", "body {", ".too-wide { width: 30rem; }\nbody {")
    add_to_main(site, "index.html", '<p class="too-wide">A fixed-width block</p>')
    problems = check_reflow(site, site_url(site), browser, rels=["index.html"])
    assert len(problems) == 1 and problems[0].startswith("index.html: the page is "), problems
    assert "p.too-wide from -" in problems[0], problems


def test_reflow_gate_catches_a_scrolling_table_keyboards_cannot_reach(planted, site_url, browser):
    site = planted()
    edit(site, "assets/style.css", "body {", ".box { overflow-x: auto; } .box table { width: 40rem; }\nbody {")
    add_to_main(site, "index.html", '<div class="box"><table><tr><td>wide</td></tr></table></div>')
    problems = check_reflow(site, site_url(site), browser, rels=["index.html"])
    assert problems == ['index.html: div.box scrolls sideways but lacks a label (aria-label or aria-labelledby),'
                        ' role="region", tabindex="0"'], problems
