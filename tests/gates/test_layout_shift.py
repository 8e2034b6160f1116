"""Gate — layout shift: nothing on the page moves while it loads, at 320 and 1280 px.

A buffered PerformanceObserver collects the ``layout-shift`` entries of each load, with the
CPU slowed four times (the timing under which late changes show); over 6 loads per page and
width the sum must be 0. Every page at that rate takes minutes, so the gate loads one page of
each kind (``<body class="page-KIND">``: home, section, page, function, level, matrix,
glossary, assessment, compare, print, 404 ...) in each language — the kinds share their
templates, styles and scripts, which are what moves a page. The handbook's own language takes
the full count; the other test frameworks and the other languages 2 loads (FEW_LOADS).
"""
from __future__ import annotations

import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.gates._plant import edit
from tests.gates.checks import html_pages, language_folders
from tests.support.browser import keep_local
from tests.support.server import SiteServer, Trickle, served_prefix

pytestmark = [pytest.mark.gates, pytest.mark.alone]  # tests/run.sh runs these alone

WIDTHS = [320, 1280]
LOADS = 6
# The test frameworks other than the handbook, and every other language, are made by the same
# templates, styles and scripts as the handbook's pages, which take the full count: what they
# change (the framework's shape, the words, the direction) moves a page on every load if at
# all, which a few loads and the arrival in parts below catch.
FEW_LOADS = 2
CPU_SLOWDOWN = 4
# The theme's rows of items side by side near the top of a page, which arrive tag by tag while
# a page arrives in parts: an item placed before its words come, then wrapped, moves.
ROWS = (b'<nav class="breadcrumb"', b'<nav class="languages"')

# Resolves once the page has drawn three more frames, with every shift of the load so far.
_SHIFTS_JS = """() => new Promise(resolve => {
  const shifts = [];
  const keep = list => list.getEntries().forEach(e => { if (!e.hadRecentInput) shifts.push({value: e.value,
    nodes: e.sources.map(s => s.node ? name(s.node.parentElement) + ' > ' + name(s.node) : '?')}); });
  const name = n => !n ? '' : n.nodeName.toLowerCase() + (typeof n.className === 'string' && n.className ? '.' + n.className : '');
  const observer = new PerformanceObserver(keep);
  observer.observe({type: 'layout-shift', buffered: true});
  const frames = n => n ? requestAnimationFrame(() => frames(n - 1)) : setTimeout(() => {
    keep({getEntries: () => observer.takeRecords()}); observer.disconnect(); resolve(shifts); });
  frames(3);
})"""


class _BodyKind(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.kind = None

    def handle_starttag(self, tag, attrs):
        if tag == "body" and self.kind is None:
            classes = (dict(attrs).get("class") or "").split()
            self.kind = next((c[5:] for c in classes if c.startswith("page-")), "")


def page_kind(site: Path, rel: str) -> str:
    """The kind of a page, from its body's ``page-KIND`` class."""
    parser = _BodyKind()
    parser.feed((Path(site) / rel).read_text(encoding="utf-8"))
    return parser.kind or ""


def one_page_per_kind(site: Path, folder: str = "") -> list[str]:
    """The first page (in path order) of each kind of page the site has in one language's folder."""
    others = tuple(other for other in language_folders(site) if other and other != folder)
    chosen: dict[str, str] = {}
    for rel in html_pages(site):
        if rel.startswith(folder) and not rel.startswith(others):
            chosen.setdefault(page_kind(site, rel), rel)
    return sorted(chosen.values())


def each_language(site: Path, loads: int = LOADS) -> list[tuple[list[str], int]]:
    """The pages to load in each language, with how many times: (pages, loads).

    The default language's at the given count. Another language's pages are made by the same
    templates, styles and scripts (what moves a page, and what many loads catch when the
    machine is busy at the wrong moment), with other words: a few loads each, and every one of
    them arriving in parts too (test_no_layout_shift_while_a_page_arrives).
    """
    return [(one_page_per_kind(site, folder), loads if not folder else FEW_LOADS)
            for folder in language_folders(site)]


def _shifts_at(browser, base_url: str, rels: list[str], width: int, loads: int, how: str,
               slowdown: int = CPU_SLOWDOWN) -> list[str]:
    context = browser.new_context(viewport={"width": width, "height": 800})
    keep_local(context, "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(base_url)))
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
        problems = []
        for rel in rels:
            shifts = []
            for _ in range(loads):
                page.goto(base_url + rel, wait_until="load")
                shifts += page.evaluate(_SHIFTS_JS)
            total = sum(shift["value"] for shift in shifts)
            if total > 0:
                moved = sorted({node for shift in shifts for node in shift["nodes"]})
                problems.append(f"{rel} [{width}px]: layout shift {total:.4f} {how}"
                                f" ({len(shifts)} shifts; moved: {', '.join(moved) or '?'})")
        return problems
    finally:
        context.close()


def check_layout_shift(base_url: str, browser, rels: list[str], loads: int = LOADS) -> list[str]:
    """Load each page ``loads`` times at each width: every layout shift is a problem."""
    return [problem for width in WIDTHS
            for problem in _shifts_at(browser, base_url, rels, width, loads, f"over {loads} loads")]


def check_slow_arrival(site: Path, browser, rels: list[str]) -> list[str]:
    """Load each page once at each width with its first screen arriving in small parts.

    Whatever the browser drew of a part must stay put when the next part comes: a shift the
    loads above meet only when the machine is busy at the wrong moment (a header row of the
    matrix drawn one cell at a time) happens here on every run. The CPU runs at full speed, so
    that the browser draws between any two parts. Inside the rows of items (ROWS), every tag
    begins a part: the trail of links drawn before its last item's words have come.
    """
    with SiteServer(site, served_prefix(site), trickle=Trickle(rows=ROWS)) as server:
        return [problem for width in WIDTHS
                for problem in _shifts_at(browser, server.base_url, rels, width, 1, "while it arrived in parts",
                                          slowdown=1)]


def test_no_layout_shift(gate_site, site_url, browser, request):
    full = request.node.callspec.params["gate_site"] == "handbook_site"
    assert [problem for rels, loads in each_language(gate_site, LOADS if full else FEW_LOADS)
            for problem in check_layout_shift(site_url(gate_site), browser, rels, loads)] == []


def test_no_layout_shift_while_a_page_arrives(gate_site, browser):
    rels = [rel for folder in language_folders(gate_site) for rel in one_page_per_kind(gate_site, folder)]
    assert check_slow_arrival(gate_site, browser, rels) == []


def test_tiny_site_does_not_shift(tiny_site, site_url, browser):
    assert check_layout_shift(site_url(tiny_site), browser, ["index.html"], loads=3) == []


def test_layout_shift_gate_catches_a_banner_added_after_the_first_paint(planted, site_url, browser):
    site = planted()
    banner = ("requestAnimationFrame(function () { setTimeout(function () { var p = document.createElement('p');"
              " p.textContent = 'A late banner'; document.querySelector('main').prepend(p); }); });\n")
    edit(site, "assets/site.js", "// Tiny site script", banner + "// Tiny site script")
    problems = check_layout_shift(site_url(site), browser, ["index.html"], loads=2)
    assert [p.split(":")[0] for p in problems] == ["index.html [320px]", "index.html [1280px]"], problems
    assert all("over 2 loads" in p and "moved: " in p for p in problems), problems


def test_tiny_site_does_not_shift_while_it_arrives(tiny_site, browser):
    assert check_slow_arrival(tiny_site, browser, ["index.html"]) == []


def test_slow_arrival_catches_a_header_that_grows_when_its_last_item_comes(planted, browser):
    site = planted()
    # The header's items sit on its centre line; its tall last item comes a few parts later.
    edit(site, "index.html", "<header>", '<header class="planted-row">')
    edit(site, "index.html", "</nav>\n", "</nav>\n" + "<!-- padding -->" * 250 + "\n"
         '<p class="planted-tall">A tall last item</p>\n')
    edit(site, "assets/style.css", "", ".planted-row { display: flex; align-items: center; }\n"
         ".planted-tall { min-height: 8rem; }\n")
    problems = check_slow_arrival(site, browser, ["index.html"])
    assert [p.split(":")[0] for p in problems] == ["index.html [320px]", "index.html [1280px]"], problems
    assert all("while it arrived in parts" in p and "header.planted-row > p.brand" in p for p in problems), problems


def test_slow_arrival_catches_a_trail_item_placed_before_its_words_come(planted, browser):
    site = planted()
    # The theme's breadcrumb as it was: a wrapping row of boxes, a separator before every item
    # but the first. The last item's box, drawn with its separator alone, fits on the first
    # line; when its words come it wraps to the second.
    edit(site, "index.html", '<main id="main">\n', '<main id="main">\n<nav class="breadcrumb" aria-label="Trail">'
         '<ol class="planted-trail">\n<li><a href="index.html">Home</a></li>\n'
         '<li><a href="functions/index.html">The ten business functions</a></li>\n'
         '<li><span aria-current="page">Agreement</span></li>\n</ol></nav>\n')
    edit(site, "assets/style.css", "", ".planted-trail { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }\n"
         ".planted-trail li + li::before { content: '\u203a'; margin-inline-end: 0.25rem; }\n")
    problems = check_slow_arrival(site, browser, ["index.html"])
    narrow = [p for p in problems if p.startswith("index.html [320px]:")]
    assert len(narrow) == 1 and "moved: ol.planted-trail > li" in narrow[0], problems


def test_one_page_of_each_kind_in_each_language(handbook_site):
    assert language_folders(handbook_site) == ["", "de/"]
    for folder in ("", "de/"):
        rels = one_page_per_kind(handbook_site, folder)
        kinds = [page_kind(handbook_site, rel) for rel in rels]
        assert all(rel.startswith(folder) for rel in rels) and not any(rel.startswith("de/") for rel in rels if not folder)
        assert len(kinds) == len(set(kinds)) and {"home", "function", "assessment", "compare", "matrix"} <= set(kinds), rels
