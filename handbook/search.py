"""The search index: every printable page's sections as terms, written as a classic script.

The index is a .js file that assigns PartneringHandbook.searchIndex, so that the search box can
load it with a <script> element from file:// too (browsers refuse to fetch local files). It
holds, per section, the page, anchor, heading and the opening words (the snippet), and per term
the sections that use it: each term once per section, not the text, which keeps it a fraction of
the Markdown's size. The sections are read from the rendered pages, so a function's descriptors
and everything a template adds are found as the reader sees them.
"""

from __future__ import annotations

import html
import json
import re

INDEX_NAME = "search-index.js"
EXCERPT = 120  # characters of a section's opening kept for its snippet
SUBJECT_WEIGHT = 3  # a level's or function's own page ranks above pages that mention it
# A term in more sections than this and than COMMON_SHARE of them says little about which
# section to open, and its list of sections would be most of a large site's index: the index
# lists the pages that use it instead, and the box leads to their openings.
COMMON_SECTIONS = 200
COMMON_SHARE = 1 / 8
PAGES_MARK = "~"  # starts a term's list when it lists pages, not sections

_ARTICLE = re.compile(r"<article\b.*</article>", re.S)
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_TERM = re.compile(r"[^\W_]+")  # as the box's tokenizer splits: on spaces and punctuation
# The digits of a number between two section positions: the last from _LAST, others from _MORE.
_LAST = "abcdefghijklmnopqrstuvwxyz012345"
_MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789+/"


def text_of(fragment: str) -> str:
    """Return the readable text of a fragment of the generator's own HTML."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def page_sections(page_html: str) -> list:
    """Return a page's sections as (anchor, heading, text), its opening first with anchor "".

    The HTML is the generator's own output (Markdown's raw HTML is escaped), so a pattern finds
    its article and headings; a heading without an id continues the section before it.
    """
    found = _ARTICLE.search(page_html)
    article = found.group(0) if found else ""
    sections, anchor, heading, start = [], "", "", 0
    for match in _HEADING.finditer(article):
        ident = _ID.search(match.group(2))
        if ident is None:
            continue
        sections.append((anchor, heading, text_of(article[start:match.start()])))
        anchor, heading, start = html.unescape(ident.group(1)), text_of(match.group(3)), match.end()
    sections.append((anchor, heading, text_of(article[start:])))
    return [section for section in sections if section[0] == "" or section[1] or section[2]]


def outline(article_html: str) -> list:
    """Return the article's visible h2 and h3 headings with an id as (id, text, depth)."""
    found = []
    for match in _HEADING.finditer(article_html):
        ident = _ID.search(match.group(2))
        if match.group(1) in "23" and ident and "visually-hidden" not in match.group(2):
            found.append((html.unescape(ident.group(1)), text_of(match.group(3)), int(match.group(1))))
    return found


def terms(text: str) -> list:
    """Return the distinct lower-case terms of a text, in order of first use."""
    return list(dict.fromkeys(term.lower() for term in _TERM.findall(text)))


def excerpt(text: str) -> str:
    """Return the opening of a text, cut at a word's end, for a result's snippet."""
    if len(text) <= EXCERPT:
        return text
    cut = text.rfind(" ", 0, EXCERPT)
    return text[:cut if cut > 0 else EXCERPT] + "…"


def encode_numbers(numbers: list) -> str:
    """Return ascending numbers as the text of their gaps, a few characters each (see _LAST)."""
    out, previous = [], -1
    for number in numbers:
        gap, digits = number - previous - 1, []
        digits.append(_LAST[gap % 32])
        gap //= 32
        while gap:
            digits.append(_MORE[gap % 32])
            gap //= 32
        out.append("".join(reversed(digits)))
        previous = number
    return "".join(out)


def decode_numbers(text: str) -> list:
    """Return the numbers encode_numbers wrote (the box's script decodes them alike)."""
    numbers, value, previous = [], 0, -1
    for char in text:
        if char in _MORE:
            value = value * 32 + _MORE.index(char)
            continue
        previous += value * 32 + _LAST.index(char) + 1
        numbers.append(previous)
        value = 0
    return numbers


def page_entries(page, page_html: str) -> list:
    """Return a page's sections for the index: (anchor, heading, weight, excerpt, terms)."""
    entries = []
    for anchor, heading, text in page_sections(page_html):
        weight = SUBJECT_WEIGHT if page.kind.subject and not anchor else 1
        entries.append((anchor, heading, weight, excerpt(text), terms(text)))
    return entries


def searched(site) -> list:
    """Return the pages the index holds: every page the print page holds, in reading order."""
    return [page for page in site.reading if page.kind.in_print]


def index_data(site, files: dict, previous: dict | None = None, kept: dict | None = None) -> dict:
    """Return the index as plain data from the rendered pages.

    Under serve, previous holds the last build's entries by page and bytes, and kept receives
    this build's: a page whose bytes are unchanged is not read again.
    """
    previous, kept = previous or {}, {} if kept is None else kept
    pages, sections, postings, used = [], [], {}, {}
    for number, page in enumerate(searched(site)):
        key = (page.key, files[page.output])
        entries = previous.get(key)
        if entries is None:
            entries = page_entries(page, key[1].decode("utf-8"))
        kept[key] = entries
        pages.append([page.output, page.title])
        for anchor, heading, weight, opening, found in entries:
            for term in found:
                postings.setdefault(term, []).append(len(sections))
                used.setdefault(term, {})[number] = None
            sections.append([number, anchor, heading, weight, opening])
    vocabulary = sorted(postings)
    return {"pages": pages, "sections": sections, "terms": vocabulary,
            "postings": [_postings(postings[term], used[term], len(sections))
                         for term in vocabulary]}


def _postings(found: list, pages: dict, sections: int) -> str:
    """Return a term's sections, or its pages after PAGES_MARK when it is a common term."""
    if len(found) > max(COMMON_SECTIONS, sections * COMMON_SHARE):
        return PAGES_MARK + encode_numbers(list(pages))
    return encode_numbers(found)


def index_file(site, files: dict, previous: dict | None = None, kept: dict | None = None) -> dict:
    """Return {assets/search-index.js: bytes}: the index as a classic script."""
    data = json.dumps(index_data(site, files, previous, kept), ensure_ascii=False, separators=(",", ":"))
    script = ("/* The search index, written by the build; the search box loads it on first use. */\n"
              "(globalThis.PartneringHandbook = globalThis.PartneringHandbook || {})"
              f".searchIndex = {data};\n")
    return {site.urls.asset(INDEX_NAME): script.encode("utf-8")}
