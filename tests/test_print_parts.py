"""The print page in parts (handbook/printing.py): a handbook too large for one page is printed
section by section, each part within the weight budget, its links leading across parts."""
from __future__ import annotations

import gzip
import random
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from handbook.pipeline import Cache, Options, build
from handbook.printing import PRINT_LIMIT, compressed_size, plan_parts, relinked
from handbook.urls import Urls
from tests.conftest import REPO, run_build
from tests.gates.checks import (check_accessibility, check_fragments, check_html, check_weight,
                                unreachable_pages)
from tests.gates.test_reflow import check_reflow
from tests.support.tools import require_tool


def _page(key: str, section: str) -> SimpleNamespace:
    return SimpleNamespace(key=key, section=section, title=key.title())


def _article(rng: random.Random, words: int) -> str:
    """An article of random words: it compresses about as badly as prose does, or worse."""
    return "<p>" + " ".join("".join(rng.choice("abcdefghij") for _ in range(6)) for _ in range(words)) + "</p>"


def test_parts_follow_the_sections_in_reading_order_each_within_the_limit():
    rng = random.Random(5)
    pages = ([_page("index", ""), _page("about", "")] + [_page(f"guide/p{n}", "guide") for n in range(12)]
             + [_page("glossary", "")])
    articles = {page.key: _article(rng, 1200 if page.section == "guide" else 50) for page in pages}
    parts = plan_parts(pages, articles, Urls().output)  # a guide's article is about 4.6 KB compressed: ten fit
    assert [(part.output, len(part.pages), part.number, part.piece, part.pieces) for part in parts] == [
        ("print-start.html", 2, 1, 1, 1), ("print-guide.html", 10, 2, 1, 2), ("print-guide-2.html", 2, 3, 2, 2),
        ("print-start-2.html", 1, 4, 1, 1)]
    assert [page for part in parts for page in part.pages] == pages
    for part in parts:
        held = "".join(articles[page.key] for page in part.pages).encode("utf-8")
        assert len(gzip.compress(held, 6)) <= PRINT_LIMIT, part.output
    sizes = [compressed_size(articles[page.key]) for page in parts[1].pages + parts[2].pages[:1]]
    assert sum(sizes[:-1]) <= PRINT_LIMIT < sum(sizes)  # the first guide part is as full as it can be


def test_an_article_over_the_limit_is_a_part_of_its_own():
    rng = random.Random(6)
    pages = [_page("guide/small", "guide"), _page("guide/huge", "guide"), _page("guide/after", "guide")]
    articles = {"guide/small": _article(rng, 100), "guide/huge": _article(rng, 40_000),
                "guide/after": _article(rng, 100)}
    assert [[page.key for page in part.pages] for part in plan_parts(pages, articles, Urls().output)] == [
        ["guide/small"], ["guide/huge"], ["guide/after"]]


def test_a_part_leads_its_links_to_pages_printed_in_other_parts_there():
    holders = {"p-index": "print-start.html", "p-guide-a": "print-guide.html", "p-guide-a--b": "print-guide-2.html"}
    def link(holder):  # noqa: E306 (as render.py gives it, from print-guide.html)
        return "" if holder == "print-guide.html" else holder
    article = ('<a href="#p-index">Home</a> <a href="#p-guide-a--why">Why</a> <a href="#p-guide-a--b--c">C</a>'
               ' <a href="#top">Top</a> <a href="../matrix.html#p-x">Matrix</a> <a href="#p-gone">Gone</a>')
    assert relinked(article, holders, link) == (
        '<a href="print-start.html#p-index">Home</a> <a href="#p-guide-a--why">Why</a>'
        ' <a href="print-guide-2.html#p-guide-a--b--c">C</a> <a href="#top">Top</a>'
        ' <a href="../matrix.html#p-x">Matrix</a> <a href="#p-gone">Gone</a>')


class _Links(HTMLParser):
    """The links of a page and the ids of its print parts' articles."""

    def __init__(self) -> None:
        super().__init__()
        self.links, self.sections, self.h1 = [], 0, []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self.sections += tag == "section" and attrs.get("class") == "print-part"
        self._in_h1 = tag == "h1" and attrs.get("id") == "top"

    def handle_data(self, data):
        if self._in_h1:
            self.h1.append(data)

    def handle_endtag(self, tag):
        self._in_h1 = self._in_h1 and tag != "h1"


def _read(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _synthetic(folder: Path) -> Path:
    """Write the synthetic handbook of five sections of five long pages: too large for one print page."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import synth
    finally:
        sys.path.remove(str(REPO / "bench"))
    return synth.scale_project(folder, "handbook")


@pytest.fixture(scope="module")
def parts_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parts")
    project = _synthetic(root / "project")
    result = run_build("--project", project, "--out", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_a_large_handbook_prints_in_parts_listed_on_the_print_page(parts_site):
    index = _read(parts_site / "print.html")
    parts = sorted(p.relative_to(parts_site).as_posix() for p in parts_site.glob("print-*.html"))
    assert len(parts) >= 5 and index.sections == 0  # the print page lists the parts, holds none
    listed = [href for href in index.links if href.startswith("print-")]
    assert sorted({href.split("#")[0] for href in listed}) == parts
    printed = sum(_read(parts_site / part).sections for part in parts)
    assert printed == len([href for href in listed if "#" in href])  # every article, once
    second = _read(parts_site / parts[1])
    assert "print.html" in second.links and second.h1  # back to every part; titled by its section


def test_every_part_is_valid_html_within_the_weight_budget_and_its_links_lead_across_parts(parts_site):
    require_tool("vnu")
    assert check_html(parts_site) == []
    assert check_weight(parts_site) == []
    assert check_fragments(parts_site) == []
    assert unreachable_pages(parts_site) == []
    parts = {part.name: _read(part) for part in parts_site.glob("print-*.html")}
    across = [(name, href) for name, part in parts.items() for href in part.links
              if href.split("#")[0] in set(parts) - {name} and "#p-" in href]
    assert across, "no link from one part to a page printed in another"  # see [page 15](...) in the text


def test_serve_prints_the_parts_as_a_clean_build_does_after_each_edit(tmp_path):
    project = _synthetic(tmp_path / "project")
    page = project / "content" / "002-delivery" / "page-00006.md"
    text = page.read_text(encoding="utf-8")
    noise = " ".join(f"word{number * 7919 % 100_003}" for number in range(12_000))  # compresses badly
    edits = [("nothing", text, 1), ("a sentence", text.replace("\n\n", "\n\nA new sentence. ", 1), 1),
             ("the page made long", text + "\n\n" + noise, 3), ("back", text, 1)]  # its section's parts
    cache, options = Cache(), Options(project=project, dev="ws://127.0.0.1:8000")
    for name, edited, parts in edits:
        page.write_text(edited, encoding="utf-8")
        cached, clean = build(options, cache), build(options)
        assert cached.files == clean.files, name
        assert len([path for path in clean.files if path.startswith("print-002-delivery")]) == parts, name


def test_only_serve_keeps_the_articles_sizes_for_the_next_plan(tmp_path):
    """A build that is not served keeps no article after it: at 1,000 pages they were 12 MiB
    held to the build's end, a tenth of its peak memory. Serve keeps the last plan's."""
    from handbook import printing
    project = _synthetic(tmp_path / "project")
    printing._last_sizes.clear()
    clean = build(Options(project=project))
    assert len([path for path in clean.files if path.startswith("print-")]) > 1
    assert printing._last_sizes == {}
    build(Options(project=project, dev="ws://127.0.0.1:8000"), Cache())
    assert len(printing._last_sizes) > 20


def test_the_real_handbook_still_prints_on_one_page(handbook_site):
    assert not list(handbook_site.glob("print-*.html"))
    assert _read(handbook_site / "print.html").sections > 20


def test_the_print_page_and_a_part_pass_axe_and_reflow(parts_site, serve_site, browser):
    base_url, rels = serve_site(parts_site), ["print.html", "print-001-strategy.html", "print-start.html"]
    assert check_accessibility(parts_site, base_url, browser, rels) == []
    assert check_reflow(parts_site, base_url, browser, rels) == []
