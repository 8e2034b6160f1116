"""The search index: every printable page's sections as terms, written as a classic script.

The index is a .js file that assigns PartneringHandbook.searchIndex, so that the search box can
load it with a <script> element from file:// too (browsers refuse to fetch local files). It
holds, per section, the page, anchor and heading, and per term the sections that use it in
their text and, apart, in their headings: each term once per section, not the text, which keeps
it a fraction of the Markdown's size, and the box builds its engine from the lists without
splitting any text into terms. Each section's opening words (the results' snippets, most of
the bytes) are a second script, PartneringHandbook.searchText, which the box loads alongside
and builds its engine without.
The sections are read from the rendered pages, so a function's descriptors and everything a
template adds are found as the reader sees them.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import defaultdict
from dataclasses import field

from .records import dataclass

INDEX_NAME = "search-index.js"
TEXT_NAME = "search-text.js"
# The text kept for the results' snippets is shared among the sections: a small handbook keeps
# each section's text (up to EXCERPT_MOST characters), a large site each one's opening.
EXCERPT_CHARACTERS = 300_000
EXCERPT_LEAST, EXCERPT_MOST = 120, 800
SUBJECT_WEIGHT = 3  # a level's or function's own page ranks above pages that mention it
# A term in more sections than this and than COMMON_SHARE of them says little about which
# section to open, and its list of sections would be most of a large site's index: the index
# lists the pages that use it instead, and the box leads to their openings.
COMMON_SECTIONS = 200
COMMON_SHARE = 1 / 8
PAGES_MARK = "~"  # starts a term's list of pages, in hexadecimal, bit n for page n

_ARTICLE = re.compile(r"<article\b.*</article>", re.S)
# A function page's article embeds the scoring box's data as JSON: words for its script, not the reader.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
_TERM = re.compile(r"[^\W_]+")  # as the box's tokenizer splits: on spaces and punctuation
# The digits of a number between two section positions: the last from _LAST, others from _MORE.
_LAST = "abcdefghijklmnopqrstuvwxyz012345"
_MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789+/"


def text_of(fragment: str) -> str:
    """Return the readable text of a fragment of the generator's own HTML."""
    # split() and join collapse whitespace as re.sub(r"\s+", " ") and strip() did (the same
    # characters are whitespace to both), in a third of the time: nearly every gap was a match.
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def page_sections(page_html: str) -> list:
    """Return a page's sections as (anchor, heading, text), its opening first with anchor "".

    The HTML is the generator's own output (Markdown's raw HTML is escaped), so a pattern finds
    its article and headings; a heading without an id continues the section before it.
    """
    found = _ARTICLE.search(page_html)
    article = _SCRIPT.sub("", found.group(0)) if found else ""
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
    if not text.isascii():  # typographic quotes and dashes split terms as spaces do
        for mark in _MARKS:
            text = text.replace(mark, " ")
    if text.isascii():  # nearly every section: _TERM takes letters and digits, and so does this
        return list(dict.fromkeys(text.lower().translate(_ASCII_GAPS).split()))
    # Lowering the whole text splits it into the same terms as lowering each term, but for two
    # letters (every character was checked): "\u0130" lowers to "i" and a combining dot, which
    # _TERM does not take, and "\u03a3" to a final sigma where its neighbours in the text say.
    if "\u0130" not in text and "\u03a3" not in text:
        return list(dict.fromkeys(_TERM.findall(text.lower())))
    # Each distinct spelling is lowered once: a page's words repeat, and lowering was most of it.
    return list(dict.fromkeys(term.lower() for term in dict.fromkeys(_TERM.findall(text))))


# Every ASCII character but a letter or a digit (what _TERM splits on) becomes a space.
_ASCII_GAPS = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum()})
_MARKS = "\u2018\u2019\u201c\u201d\u201e\u2013\u2014\u2212\u2026\u00a0"  # none a letter or digit


def excerpt(text: str, length: int) -> str:
    """Return the opening of a text, cut at a word's end, for a result's snippet."""
    if len(text) <= length:
        return text
    cut = text.rfind(" ", 0, length)
    return text[:cut if cut > 0 else length] + "…"


def excerpt_length(sections: int) -> int:
    """Return how much of each section's text the index keeps, for a site of this many sections."""
    return max(EXCERPT_LEAST, min(EXCERPT_MOST, EXCERPT_CHARACTERS // max(sections, 1)))


def encode_numbers(numbers: list) -> str:
    """Return ascending numbers as the text of their gaps, a few characters each (see _LAST)."""
    out, previous = [], -1
    for number in numbers:
        gap, previous = number - previous - 1, number
        if gap < 32:  # most gaps: one character, without building a list of digits
            out.append(_LAST[gap])
            continue
        digits = [_LAST[gap % 32]]
        gap //= 32
        while gap:
            digits.append(_MORE[gap % 32])
            gap //= 32
        out.append("".join(reversed(digits)))
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


@dataclass(frozen=True)
class PageIndex:
    """What one page gives the index, read once for each version of the page."""

    output: str
    title: str
    rows: tuple  # (anchor, heading, weight, text) of each section
    terms: dict  # term -> the positions of the page's sections whose text uses it
    heading_terms: dict  # term -> the positions of the page's sections whose heading uses it
    written: dict = field(default_factory=dict, compare=False)  # "rows" or excerpts' length -> JSON

    @property
    def sections(self) -> int:
        return len(self.rows)

    def json(self) -> str:
        """Return [output, title, [[anchor, heading, weight], ...]] as JSON."""
        if "rows" not in self.written:
            rows = [[anchor, heading, weight] for anchor, heading, weight, _ in self.rows]
            self.written["rows"] = _json([self.output, self.title, rows])
        return self.written["rows"]

    def text_json(self, length: int) -> str:
        """Return the excerpts of the page's sections, [excerpt, ...], as JSON."""
        if length not in self.written:
            self.written[length] = _json([excerpt(text, length) for _, _, _, text in self.rows])
        return self.written[length]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def page_index(page, page_html: str) -> PageIndex:
    """Return a page's part of the index from its rendered HTML."""
    rows, used, headed = [], defaultdict(list), defaultdict(list)
    for position, (anchor, heading, text) in enumerate(page_sections(page_html)):
        weight = SUBJECT_WEIGHT if page.kind.subject and not anchor else 1
        rows.append((anchor, heading, weight, text))
        for term in terms(text):
            used[term].append(position)
        for term in terms(heading):
            headed[term].append(position)
    # Interned, each term is one string for all the pages: a forked renderer sends its pages'
    # parts pickled, and pickle writes a string it has sent already as a reference (at 1,000
    # pages the parts were sent in two thirds of the time, while the other process waited).
    intern = sys.intern
    return PageIndex(page.output, page.title, tuple(rows),
                     {intern(term): tuple(found) for term, found in used.items()},
                     {intern(term): tuple(found) for term, found in headed.items()})


def searched(site) -> list:
    """Return the pages the index holds: every page the print page holds, in reading order."""
    return [page for page in site.reading if page.kind.in_print]


class TermLists:
    """Each term's list of the sections that use it in one field, updated page by page."""

    def __init__(self, common: bool):
        self.common = common  # whether a term in most sections lists its pages instead
        self.postings: dict = {}  # term -> {page number: positions of its sections}
        self.counts: dict = {}  # term -> how many sections use it
        self.written: dict = {}  # term -> its list as the index writes it

    def replace(self, number: int, old: dict, new: dict) -> set:
        """Replace a page's terms ({term: positions}) with its new ones; return every term that changed."""
        for term, positions in old.items():
            del self.postings[term][number]
            self.counts[term] -= len(positions)
        for term, positions in new.items():
            self.postings.setdefault(term, {})[number] = positions
            self.counts[term] = self.counts.get(term, 0) + len(positions)
        return set(new) | set(old)

    def add(self, number: int, new: dict) -> None:
        """Add a page's terms ({term: positions}) to lists that hold none of its terms yet."""
        postings, counts = self.postings, self.counts
        for term, positions in new.items():
            pages = postings.get(term)
            if pages is None:
                postings[term], counts[term] = {number: positions}, len(positions)
            else:
                pages[number] = positions
                counts[term] += len(positions)

    def write_all(self, starts: list) -> None:
        """Write every term's list again."""
        for term in list(self.postings):
            self.write(term, starts)

    def write(self, term: str, starts: list) -> None:
        """Write a term's list again: its sections, or its pages when it is a common term."""
        if not self.counts[term]:
            for table in (self.postings, self.counts, self.written):
                del table[term]
        elif self.common and self.counts[term] > max(COMMON_SECTIONS, starts[-1] * COMMON_SHARE):
            self.written[term] = PAGES_MARK + format(_mask(self.postings[term]), "x")
        else:
            pages = self.postings[term]
            self.written[term] = encode_numbers([starts[number] + position
                                                 for number in sorted(pages)
                                                 for position in pages[number]])

    def json(self, terms_key: str, postings_key: str) -> str:
        """Return '"terms_key":[...],"postings_key":[...]', the terms in sorted order."""
        vocabulary = sorted(self.written)
        return (f'"{terms_key}":' + _json(vocabulary) + f',"{postings_key}":['
                + ",".join(f'"{self.written[term]}"' for term in vocabulary) + "]")


def _mask(numbers) -> int:
    """Return the number whose bit n is set for each n of numbers (page numbers), in linear time.

    Setting each page's bit on the term's number as the page was read copied the whole number
    each time: at 10,000 pages, a common term's 1,250 bytes for every page that uses it.
    """
    bits = bytearray(max(numbers) // 8 + 1)
    for number in numbers:
        bits[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(bits, "little")


class SearchIndex:
    """The index of the last build, updated term by term for the pages that changed (serve).

    While the pages and their numbers of sections stay the same, only the terms of the changed
    pages are written again; otherwise every term is. Either way the bytes are a clean build's.
    """

    def __init__(self):
        self.layout: tuple | None = None  # (page key, its number of sections) for each page
        self.parts: list = []  # the PageIndex of each page, in order
        self.known: dict = {}  # (page key, output, title, bytes) -> PageIndex, of the last build
        self.text = TermLists(common=True)  # the terms of the sections' text
        self.headings = TermLists(common=False)  # of their headings, which lead to each section

    def scripts(self, site, files: dict, read: dict | None = None) -> dict:
        """Return {INDEX_NAME: bytes, TEXT_NAME: bytes} for the rendered files.

        read holds each page's part where it was read as it was rendered ({output: part}):
        a forked renderer's pages, which are not in files (render._render_in_two).
        """
        pages = searched(site)
        known, self.known = self.known, {}
        parts = ([read[page.output] for page in pages] if read is not None else
                 [self._part(page, files[page.output], known) for page in pages])
        layout = tuple((page.key, part.sections) for page, part in zip(pages, parts))
        starts = [0]
        for part in parts:
            starts.append(starts[-1] + part.sections)
        if layout != self.layout:  # every term is written again: no need to know which changed
            self.text, self.headings = TermLists(common=True), TermLists(common=False)
            for number, part in enumerate(parts):
                self.text.add(number, part.terms)
                self.headings.add(number, part.heading_terms)
            self.text.write_all(starts)
            self.headings.write_all(starts)
        else:
            self._update(parts, starts)
        self.layout, self.parts = layout, parts
        return {INDEX_NAME: self._script(), TEXT_NAME: self._text_script(excerpt_length(starts[-1]))}

    def _update(self, parts: list, starts: list) -> None:
        """Replace the terms of the pages that changed, and write the lists of those terms."""
        touched, headed = set(), set()
        for number, (old, new) in enumerate(zip(self.parts, parts)):
            if old is not new:
                touched |= self.text.replace(number, old.terms, new.terms)
                headed |= self.headings.replace(number, old.heading_terms, new.heading_terms)
        for term in touched:
            self.text.write(term, starts)
        for term in headed:
            self.headings.write(term, starts)

    def _part(self, page, page_bytes: bytes, known: dict) -> PageIndex:
        key = (page.key, page.output, page.title, page_bytes)
        part = known.get(key) or page_index(page, page_bytes.decode("utf-8"))
        self.known[key] = part
        return part

    def _script(self) -> bytes:
        data = ('{"pages":[' + ",".join(part.json() for part in self.parts) + "],"
                + self.text.json("terms", "postings") + ","
                + self.headings.json("headingTerms", "headingPostings") + "}")
        # A browser parses a large literal of many small arrays slowly (at 1,000 pages 0.76 MB
        # took 120 ms, after it had arrived) and JSON.parse of the same as a string quickly.
        return _assign("The search index, written by the build; the search box loads it on first use.",
                       "searchIndex", f"JSON.parse({_json(data)})")

    def _text_script(self, length: int) -> bytes:
        data = "[" + ",".join(part.text_json(length) for part in self.parts) + "]"
        return _assign("The snippets of the search index's sections, page by page; loaded with it.",
                       "searchText", data)


def _assign(comment: str, name: str, data: str) -> bytes:
    """Return a classic script that assigns data to PartneringHandbook[name]."""
    return (f"/* {comment} */\n(globalThis.PartneringHandbook = globalThis.PartneringHandbook || {{}})"
            f".{name} = {data};\n").encode("utf-8")


def index_file(site, files: dict, index: SearchIndex | None = None, parts: dict | None = None) -> dict:
    """Return the index's scripts as {asset path: bytes}; index is the last build's, kept by serve.

    parts: each page's part, read where it was rendered (SearchIndex.scripts).
    """
    written = (index or SearchIndex()).scripts(site, files, parts)
    return {site.urls.own_asset(name): data for name, data in written.items()}
