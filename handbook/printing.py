"""The print page in parts: a handbook too large for one page is printed section by section.

Every printable page's article on one page serves a workshop or a PDF while the handbook is
small; at 1,000 pages that page was 12.5 MB, past what a browser opens quickly and far past the
weight budget (60 KB gzipped with its styles and scripts). So when the articles, compressed as
a host compresses them, come to more than PRINT_LIMIT, the print page lists parts instead: each
part holds the pages of one section (the top-level pages count as one) in reading order, and a
section over the limit is printed in consecutive parts, each within it. The parts sit in
print-<section>.html beside the print page; their links to a page printed in another part lead there.
"""

from __future__ import annotations

import re
import zlib

from .records import dataclass
from .urls import unique

PRINT_LIMIT = 48_000  # gzipped bytes of the articles of one print page (the budget is 60 KB in all)
# A part's key, beside the print page's: an article is made once for the print page, so its
# relative links (to pages not printed, to pictures) must hold from every part as well.
PART_PREFIX = "print-"
TOP_LEVEL = "start"  # the name of the part of the pages outside any section
_LEVEL = 6  # zlib's default, and what static hosts serve
_FAST = 1  # for each article's size: twice as fast, and a little larger (about a tenth), so on the safe side


@dataclass(frozen=True)
class Part:
    """One print page of a handbook printed in parts."""

    output: str  # where it is written: its key starts with PART_PREFIX
    pages: tuple  # the pages whose articles it holds, in reading order
    number: int  # its place among the parts, from 1
    piece: int  # its place among its section's parts, from 1
    pieces: int  # how many parts its section has


def fits(articles: list) -> bool:
    """Tell whether the articles (HTML text) fit on one print page, compressed together."""
    compressor, size = _compressor(), 0
    for article in articles:
        size += len(compressor.compress(article.encode("utf-8")))
        if size > PRINT_LIMIT:  # no need to compress the rest
            return False
    return size + len(compressor.flush()) <= PRINT_LIMIT


def plan_parts(pages: list, articles: dict, output, remember: bool = False) -> tuple:
    """Return the parts of the pages (in reading order), given each page's article by key.

    output(key) is where the page of a key is written (urls.Urls.output): a part's key is
    print-<section>, print-<section>-2 ... remember (under serve) keeps the articles' sizes
    for the next plan (_sizes).
    """
    runs = []  # consecutive pages of one section
    for page in pages:
        if runs and runs[-1][0].section == page.section:
            runs[-1].append(page)
        else:
            runs.append([page])
    texts = [articles[page.key] for page in pages]
    sizes = dict(zip((page.key for page in pages),
                     _sizes(texts) if remember else [compressed_size(text) for text in texts]))
    parts, taken = [], set()
    for run in runs:
        pieces = _pieces([sizes[page.key] for page in run])
        name = unique((run[0].section or TOP_LEVEL).replace("/", "-"), taken, first=2)
        for piece, positions in enumerate(pieces, 1):
            stem = name if piece == 1 else unique(f"{name}-{piece}", taken, first=2)
            parts.append(Part(output(f"{PART_PREFIX}{stem}"), tuple(run[i] for i in positions),
                              len(parts) + 1, piece, len(pieces)))
    return tuple(parts)


def compressed_size(article: str) -> int:
    """Return an article's size compressed on its own: no less than it adds to a part."""
    return len(zlib.compress(article.encode("utf-8"), _FAST))


_last_sizes: dict = {}  # article -> its compressed size, for the articles the last plan read


def _sizes(articles: list) -> list:
    """Return each article's compressed size, the last plan's kept for the same articles.

    Under serve an edit makes one article again and keeps the others, the same strings: at
    1,000 pages compressing every article took 0.2 s of each rebuild. Only the last plan's are
    kept, so the memory is that of the articles the cache keeps anyway. A build that is not
    served keeps none: it would hold every article (12 MiB at 1,000 pages) to its end.
    """
    global _last_sizes
    known, _last_sizes = _last_sizes, {}
    for article in articles:
        _last_sizes[article] = known.get(article) or compressed_size(article)
    return [_last_sizes[article] for article in articles]


def _pieces(sizes: list) -> list:
    """Split consecutive articles, by their compressed sizes, into runs of positions within PRINT_LIMIT.

    An article that would take a piece over the limit starts the next; an article over the
    limit by itself is a piece of its own.
    """
    pieces, current, size = [], [], 0
    for position, added in enumerate(sizes):
        if current and size + added > PRINT_LIMIT:
            pieces.append(current)
            current, size = [], 0
        current.append(position)
        size += added
    if current:
        pieces.append(current)
    return pieces


# A link of an article on the print page to a page printed there: href="#p-<page>[--<anchor>]".
_PRINTED_LINK = re.compile(r'href="#(p-[^"]*)"')


def relinked(article: str, holders: dict, link) -> str:
    """Return an article as one part prints it: its links to pages printed in another part lead there.

    The article was made for the whole print page, where every page's link is an anchor of it
    (render.Context.url); holders maps each page's anchor (render.Context.id) to its part's
    file, and link(file) gives the URL of a file from this part, "" for this part itself.
    """
    def lead(match) -> str:
        target = match.group(1)
        # The page's own anchor, or the longest that starts the target before a "--".
        names = [target] + [target[:at] for at in _positions(target, "--")][::-1]
        holder = next((holders[name] for name in names if name in holders), None)
        return match.group(0) if holder is None else f'href="{link(holder)}#{target}"'
    return _PRINTED_LINK.sub(lead, article)


def _positions(text: str, part: str) -> list:
    found, at = [], text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _compressor():
    return zlib.compressobj(_LEVEL, zlib.DEFLATED, 31)  # 31: the gzip format
