"""The search index (handbook/search.py): what it holds, how it is written, and its budgets."""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from handbook.search import (COMMON_SECTIONS, INDEX_NAME, PAGES_MARK, TEXT_NAME, SearchIndex,
                             decode_numbers, encode_numbers, page_sections)
from handbook.site import Site
from tests.conftest import REPO, run_build

HANDBOOK_BUDGET = 150_000  # gzipped bytes, of the index and its snippets together
SHARE_OF_MARKDOWN = 0.25  # at 1,000 pages, of the Markdown's gzipped size


def read_script(text: str, name: str = "searchIndex"):
    """Return the data a script of the index assigns to PartneringHandbook[name]."""
    head, _, data = text.partition(f".{name} = ")
    assert head.startswith("/*") and data.endswith(";\n")
    if data.startswith("JSON.parse("):  # the index: its JSON as a string, which browsers parse faster
        return json.loads(json.loads(data[len("JSON.parse("):-3]))
    return json.loads(data[:-2])


def read_index(site: Path) -> dict:
    """Return the index a built site holds, read back from its script."""
    return read_script((site / "assets" / INDEX_NAME).read_text(encoding="utf-8"))


def search_size(site: Path) -> int:
    """Return the gzipped size of the search's data files of a built site, which the budgets count."""
    return sum(gzipped((site / "assets" / name).read_bytes()) for name in (INDEX_NAME, TEXT_NAME))


def sections(index: dict) -> list:
    """Return every section of the index as (page's output, anchor, heading), in order."""
    return [(url, *row[:2]) for url, _, rows in index["pages"] for row in rows]


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def test_numbers_are_read_back_as_written():
    numbers = [0, 1, 2, 31, 32, 33, 64, 1000, 1001, 40_000, 1_048_576]
    assert decode_numbers(encode_numbers(numbers)) == numbers
    assert encode_numbers([0, 1, 2]) == "aaa"


def test_a_page_splits_at_its_headings_with_ids_and_reads_text_only():
    page = ('<header>Not this</header><article class="prose"><h1>Title</h1><p>Opening &amp; more.</p>'
            '<h2 id="why">Why <em>it</em> matters</h2><p>Because.</p><h3>No id</h3><p>Still why.</p>'
            '<h2 id="how">How</h2><ul><li>Step <a href="x.html">one</a></li></ul></article><footer>No</footer>')
    assert page_sections(page) == [("", "", "Title Opening & more."),
                                   ("why", "Why it matters", "Because. No id Still why."),
                                   ("how", "How", "Step one")]


def test_a_page_reads_no_script_its_article_holds():
    page = ('<article><h1>Title</h1><p>Prose.</p><script type="application/json" id="data">'
            '{"schema": "x"}</script><h2 id="next">Next</h2><p>More.</p>'
            '<script src="a.js" defer></script></article>')
    assert page_sections(page) == [("", "", "Title Prose."), ("next", "Next", "More.")]


def test_no_word_of_the_function_pages_embedded_data_is_searched(handbook_site):
    # The scoring box's data (script#framework-data, script#ui-strings) sits in the article.
    index = read_index(handbook_site)
    page = (handbook_site / "functions" / "agreement.html").read_text(encoding="utf-8")
    assert '"schema":' in page and '"unavailable":' in page
    assert not {"schema", "unavailable"} & set(index["terms"])


def test_the_handbook_index_leads_to_the_section_of_a_word_and_is_within_its_budget(handbook_site):
    index = read_index(handbook_site)
    term = index["terms"].index("lawyering")
    [section] = decode_numbers(index["postings"][term])
    assert sections(index)[section] == ("functions/agreement.html", "pitfalls", "Pitfalls")
    # A heading's words are listed apart, by section, so that the box splits no heading itself.
    headed = dict(zip(index["headingTerms"], index["headingPostings"]))
    found = [sections(index)[number] for number in decode_numbers(headed["pitfalls"])]
    assert ("functions/agreement.html", "pitfalls", "Pitfalls") in found
    assert {heading for _, _, heading in found} == {"Pitfalls"}
    assert all(heading == "" for _, _, heading in sections(index)[:1])
    size = search_size(handbook_site)
    print(f"\nsearch index of the handbook: {size:,} bytes gzipped (budget {HANDBOOK_BUDGET:,})")
    assert size <= HANDBOOK_BUDGET


def test_the_snippets_script_holds_each_sections_opening_words_in_the_indexs_order(handbook_site):
    index = read_index(handbook_site)
    text = read_script((handbook_site / "assets" / TEXT_NAME).read_text(encoding="utf-8"), "searchText")
    assert [len(rows) for _, _, rows in index["pages"]] == [len(page) for page in text]
    number = [url for url, _, _ in index["pages"]].index("functions/agreement.html")
    [position] = [at for at, row in enumerate(index["pages"][number][2]) if row[0] == "pitfalls"]
    assert text[number][position].startswith("Lawyering too early.")


def test_the_index_holds_the_printable_pages_only(handbook_site):
    urls = [url for url, _, _ in read_index(handbook_site)["pages"]]
    assert "functions/agreement.html" in urls and "levels/basic.html" in urls and "index.html" in urls
    assert not {"print.html", "assessment.html", "compare.html", "404.html"} & set(urls)


class _Kind:
    subject, in_print = "", True


class _Page:
    kind = _Kind()

    def __init__(self, number: int):
        self.key, self.output, self.title = f"p{number}", f"p{number}.html", f"Page {number}"


def _site(count: int, text) -> tuple:
    """Return a plan of count pages and their rendered files, page n's article text(n)."""
    pages = [_Page(number) for number in range(count)]
    files = {page.output: f'<article><p>{text(number)}</p><h2 id="a">A</h2><p>x</p></article>'.encode()
             for number, page in enumerate(pages)}
    return Site(pages=(), by_key={}, anchors={}, nav=(), children={}, reading=pages), files


def test_a_term_in_most_sections_is_listed_by_page_but_a_headings_term_by_section():
    count = COMMON_SECTIONS + 1
    site, files = _site(count, lambda number: f'common rare{number % 2} <h2 id="s">Common heading</h2> more')
    index = read_script(SearchIndex().scripts(site, files)[INDEX_NAME].decode())
    lists = dict(zip(index["terms"], index["postings"]))
    assert lists["common"] == PAGES_MARK + format(2 ** count - 1, "x")
    assert decode_numbers(lists["rare1"]) == [3 * number for number in range(1, count, 2)]
    headed = dict(zip(index["headingTerms"], index["headingPostings"]))  # each page: opening, s, a
    assert sorted(headed) == ["a", "common", "heading"]
    assert decode_numbers(headed["common"]) == [3 * number + 1 for number in range(count)]


def test_an_index_updated_for_changed_pages_equals_a_clean_one():
    words = {0: "alpha beta", 1: "beta gamma", 2: "gamma"}
    site, files = _site(3, words.get)
    kept = SearchIndex()
    kept.scripts(site, files)
    # The second change keeps the page's terms and changes its snippet only.
    for number, text in ((1, "delta beta"), (1, "Delta, beta!"), (0, "gamma"),
                         (2, "alpha <h2 id='b'>B</h2> omega"), (2, 'alpha <h2 id="b">Beta C</h2> omega'),
                         (2, 'alpha <h2 id="b">Beta D</h2> omega'), (0, 'gamma <h2 id="c">Beta</h2>')):
        words[number] = text
        site, files = _site(3, words.get)
        updated, clean = kept.scripts(site, files), SearchIndex().scripts(site, files)
        assert updated == clean and set(clean) == {INDEX_NAME, TEXT_NAME}, (number, text)
        assert text.split("<")[0].strip() in read_script(clean[TEXT_NAME].decode(), "searchText")[number][0]


def test_at_1000_pages_the_index_is_a_quarter_of_the_markdown_at_most(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import synth
    finally:
        sys.path.remove(str(REPO / "bench"))
    project = synth.scale_project(tmp_path / "scale")
    result = run_build("--project", project, "--out", tmp_path / "site", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    markdown = b"".join(path.read_bytes() for path in sorted((project / "content").rglob("*.md")))
    size = search_size(tmp_path / "site")
    share = size / gzipped(markdown)
    print(f"\nsearch index at 1,000 pages: {size:,} bytes gzipped, {share:.0%} of the Markdown's")
    assert len(read_index(tmp_path / "site")["pages"]) > 1000
    assert share <= SHARE_OF_MARKDOWN
