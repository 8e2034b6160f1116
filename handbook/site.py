"""The site's pages, their URLs and navigation, and the check of every internal link."""

from __future__ import annotations

import functools
from dataclasses import replace
from types import MappingProxyType

from . import kinds, urls
from .assets import picture_from_other_host
from .content import Content
from .kinds import Kind
from .markdown import SAFE_SCHEMES, SCHEME
from .model import Framework
from .problems import Report, near_miss
from .records import dataclass
from .urls import Urls

NAV_SECTION_LIMIT = 40
PAGE_IDS = frozenset({"main", "content-start"})


@dataclass(frozen=True)
class Page:
    """One output page: what it shows, where its source is and where it is written."""

    key: str  # its source path without .md, such as "functions/agreement"
    kind: Kind  # its row of the page-kind table (handbook/kinds.py)
    output: str  # path of the .html file inside the site (handbook/urls.py decides it)
    title: str
    nav_title: str
    description: str
    order: float
    section: str  # "" for top-level pages, else the section's folder
    subject: str = ""  # level or function id for level and function pages
    has_source: bool = False

    @property
    def source(self) -> str:
        return urls.source(self.key)


class Reading(tuple):
    """Pages in reading order, with constant-time `in` and `index` (the pager asks for each)."""

    def __new__(cls, pages=()):
        reading = super().__new__(cls, pages)
        reading.positions = MappingProxyType({page.key: i for i, page in enumerate(reading)})
        return reading

    def __contains__(self, page) -> bool:
        position = self.positions.get(getattr(page, "key", None))
        return position is not None and self[position] == page

    def index(self, page, *args) -> int:
        if page not in self:
            raise ValueError("the page is not in the reading order")
        return self.positions[page.key]


@dataclass(frozen=True)
class Site:
    """Every page in reading order, with lookups by key and anchors by page."""

    pages: tuple
    by_key: MappingProxyType
    anchors: MappingProxyType  # key -> frozenset of ids on that page
    nav: tuple  # top-level pages in order
    children: MappingProxyType  # section folder -> pages in order (index page first)
    reading: Reading = Reading()  # pages in reading order (the print page holds them)
    # Where links cannot be checked because what they lead to failed to load (that problem is
    # reported): sections whose pages and anchors cannot all be known (a level's or function's
    # id could not be read), and pages whose file failed to load.
    vague: frozenset = frozenset()
    vague_pages: frozenset = frozenset()
    # Pages of function files framework.yaml does not list: links to them are counted, and
    # reported as one problem of that file (framework.report_unlisted).
    unlisted: frozenset = frozenset()
    urls: Urls = Urls()

    @functools.cached_property
    def collecting(self) -> Page | None:
        """Return the page that holds every printable page's article (the print page), if any.

        Every page's search form links to it: found once, not by a scan of the pages per page.
        """
        return next((page for page in self.pages if page.kind.collects), None)

    def reads(self, page: Page) -> tuple:
        """Return the documents a page shows besides what every page shows (see incremental.py).

        A page shows its own document (a function's page its guidance); the print page every
        printable page's.
        """
        if page.kind.collects:
            return tuple(p.source for p in self.reading if p.kind.in_print)
        return (page.source,)

    def section_pages(self, section: str, key: str, limit: int = 0) -> tuple[tuple, int]:
        """Return the section's pages to list in the navigation, and how many there are.

        A large section shows a window of pages around the current one, so that every page's
        navigation stays small however large the site grows.
        """
        limit = limit or NAV_SECTION_LIMIT
        members, positions = self._listed.get(section, ((), {}))
        if len(members) <= limit:
            return members, len(members)
        index = positions.get(key, 0)
        start = max(0, min(index - limit // 2, len(members) - limit))
        return members[start:start + limit], len(members)

    @functools.cached_property
    def _listed(self) -> MappingProxyType:
        """Return each section's pages but its index page, and the position of each, by key.

        Found once for the site: found for every page's navigation, a section of 500 pages cost
        a 10,000-page build 5 million steps.
        """
        listed = {}
        for section, pages in self.children.items():
            members = tuple(p for p in pages if not kinds.is_section_index(p.key))
            listed[section] = (members, MappingProxyType({p.key: i for i, p in enumerate(members)}))
        return MappingProxyType(listed)


def plan_site(framework: Framework, content: Content, strings: dict, address: Urls,
              translation: bool = False) -> Site:
    """Decide every page of the site from the framework and the content.

    A translation has no page served at any depth: the one 404 page offers every language.
    """
    level_ids = {lv.id for lv in framework.levels}
    pages = [_content_page(address, urls.key_of(name), doc)
             for name, doc in sorted(content.docs.items())
             if not kinds.generated(urls.key_of(name), level_ids)]
    pages += _generated_pages(address, framework, content, strings.get("pages", {}))
    pages += _missing_section_indexes(address, pages)
    if translation:
        pages = [page for page in pages if not page.kind.rooted]
    by_key = {page.key: page for page in pages}
    nav = sorted((p for p in pages if p.section == "" or p.key == kinds.section_index(p.section)),
                 key=lambda p: (p.order, p.nav_title.lower(), p.key))
    nav = [p for p in nav if p.kind.in_nav]
    children = _children(pages, framework)
    reading = []
    for page in nav:
        reading.extend(children.get(page.section, [page]) if page.section else [page])
    anchors = MappingProxyType({page.key: _anchors(page, framework, content) for page in pages})
    vague = (frozenset({kinds.LEVELS_SECTION, kinds.FUNCTIONS_SECTION}) if framework.partial
             else frozenset())
    vague_pages = frozenset(urls.key_of(name) for name in content.broken)
    unlisted = frozenset(kinds.function(stem) for stem, _, _ in framework.unlisted)
    return Site(tuple(pages), MappingProxyType(by_key), anchors, tuple(nav), children,
                Reading(reading), vague, vague_pages, unlisted, address)


def _children(pages: list, framework: Framework) -> MappingProxyType:
    """Return each section's pages: its landing page first, then in order."""
    children: dict = {}
    for page in pages:
        if page.section:
            children.setdefault(page.section, []).append(page)
    return MappingProxyType({
        section: tuple(sorted(members, key=lambda p: (not kinds.is_section_index(p.key),
                                                      _member_order(p, framework),
                                                      p.nav_title.lower())))
        for section, members in children.items()})


def _page(address: Urls, key: str, kind: Kind, title: str, meta: dict, **values) -> Page:
    """Return a page: its title, and what its front matter says, else its kind's defaults."""
    return Page(key, kind, address.output(key), title, values.pop("nav_title", None)
                or meta.get("nav_title", title), meta.get("description", ""),
                meta.get("order", kind.order), kinds.section_of(key), **values)


def _missing_section_indexes(address: Urls, pages: list) -> list:
    """Give every folder without an index.md a generated landing page listing its pages."""
    have = {p.key for p in pages}
    missing = sorted({p.section for p in pages if p.section
                      and kinds.section_index(p.section) not in have})
    titles = {section: section.replace("-", " ").replace("_", " ").capitalize()
              for section in missing}
    return [_page(address, kinds.section_index(section), kinds.SECTION, titles[section], {})
            for section in missing]


def _member_order(page: Page, framework: Framework):
    if page.kind.subject:
        entries = framework.levels if page.kind.subject == "level" else framework.functions
        return [entry.id for entry in entries].index(page.subject)
    return page.order


def _content_page(address: Urls, key: str, doc) -> Page:
    meta = doc.meta
    title = meta.get("title") or _first_heading(doc) or key.split("/")[-1].replace("-", " ")
    return _page(address, key, kinds.content_kind(key), title, meta, has_source=True)


def _first_heading(doc) -> str:
    return next((h.text for h in doc.headings if h.level == 1), "")


def _generated_pages(address: Urls, framework: Framework, content: Content, titles: dict) -> list:
    """Return the pages the framework makes: one per fixed kind, level and function."""
    docs = content.docs
    pages = []
    for kind in kinds.FIXED:
        if kind.present(content):
            doc = docs.get(urls.source(kind.key))
            meta = doc.meta if doc else {}
            title = meta.get("title") or (framework.title if kind.is_home else
                                          titles.get(kind.name, kind.title))
            pages.append(_page(address, kind.key, kind, title, meta, has_source=doc is not None))
    for lv in framework.levels:
        # A level's page shows the level's name, so that renaming it in framework.yaml renames
        # it everywhere; a title: there only warns (content.py).
        pages.append(_subject_page(address, docs, kinds.LEVEL, kinds.level(lv.id), lv.name,
                                   lv.id))
    for fn in framework.functions:
        page = _subject_page(address, docs, kinds.FUNCTION, kinds.function(fn.id), fn.name,
                             fn.id, nav_title=fn.name)
        pages.append(replace(page, description=page.description or fn.summary))
    return pages


def _subject_page(address: Urls, docs: dict, kind: Kind, key: str, name: str, subject: str,
                  **values) -> Page:
    doc = docs.get(urls.source(key))
    return _page(address, key, kind, name, doc.meta if doc else {}, subject=subject,
                 has_source=doc is not None, **values)


def _anchors(page: Page, framework: Framework, content: Content) -> frozenset:
    doc = content.docs.get(page.source)
    anchors = PAGE_IDS | (doc.anchors if doc else frozenset())
    return frozenset(anchors | page.kind.anchors(page, framework, content))


@dataclass(frozen=True)
class Target:
    """Where a link written in Markdown leads: a page and anchor, an asset, or elsewhere."""

    page: Page | None = None
    fragment: str = ""
    asset: str = ""
    external: str = ""
    unlisted: str = ""  # the id of a function file framework.yaml does not list


def resolve_link(site: Site, assets: set, from_page_source: str, href: str, image: bool = False):
    """Resolve a Markdown link from a source file; return (Target, None) or (None, message).

    A "did you mean" names the link as it must be written in that very file, ready to paste.
    """
    href = href.strip()
    if not href:
        return None, "a link has an empty target; write where it leads"
    if image and (href.startswith("//") or SCHEME.match(href)):
        return None, picture_from_other_host(href)
    if href.startswith("//"):
        return None, f'"{href}" has no scheme; write https://{href[2:]}'
    if SCHEME.match(href):
        if href.lower().startswith(SAFE_SCHEMES):
            return Target(external=href), None
        return None, (f'"{href}": only http:, https:, mailto: and tel: links are allowed; '
                      "remove this link")
    if href.startswith("/"):
        return None, _rooted(site, assets, from_page_source, href)
    return _resolve_relative(site, assets, from_page_source, href)


def _resolve_relative(site: Site, assets: set, source: str, href: str):
    path, fragment = urls.split_link(href)
    key = urls.key_of(source)
    if path:
        joined = urls.joined_source(source, path)
        if joined.startswith("../") or joined == "..":
            return None, (f'"{href}" leads outside the content folder; link only to pages '
                          "and files inside content/")
        if not joined.endswith(urls.SOURCE_SUFFIX):
            if joined in assets:
                return Target(asset=joined), None
            return None, _not_a_page(site, assets, source, href, joined)
        key = urls.key_of(joined)
    page = site.by_key.get(key)
    if (key.partition("/")[0] in site.vague or key in site.vague_pages) and \
            (page is None or fragment):
        return Target(page=page, fragment=fragment), None
    if page is None and key in site.unlisted:
        return Target(fragment=fragment, unlisted=kinds.function_id(key)), None
    if page is None:
        # Compared without ".md", which every candidate shares and would make any name close.
        near = near_miss(key, [p.key for p in site.pages])
        kept = fragment if near and fragment in site.anchors[near] else ""
        return None, (f'"{href}" leads to no page'
                      f"{_suggest(source, near and urls.source(near), kept)}"
                      "; link to a .md file of the content folder")
    if fragment and fragment not in site.anchors[key]:
        near = near_miss(fragment, site.anchors[key])
        written = (f' (did you mean "{href.partition("#")[0]}{urls.anchor(near)}"?)'
                   if near else "")
        return None, f'"{href}": the page "{page.title}" has no anchor "#{fragment}"{written}'
    return Target(page=page, fragment=fragment), None


def _not_a_page(site: Site, assets: set, source: str, href: str, joined: str) -> str:
    """Explain a link to no page and no file, suggesting the .md page or a near file name."""
    fragment = href.partition("#")[2]
    key = urls.page_of_html(joined)
    if key is not None and key in site.by_key:
        return (f'"{href}" does not lead to a page or file in the content folder'
                f"{_suggest(source, urls.source(key), fragment)}; link to the Markdown "
                "file, which becomes the page")
    near = _suggest(source, near_miss(joined, assets), "")
    return f'"{href}" does not lead to a page or file in the content folder{near}'


def _rooted(site: Site, assets: set, source: str, href: str) -> str:
    """Explain a link starting with /, suggesting the relative link when it would resolve."""
    path, _, fragment = href.lstrip("/").partition("#")
    relative = urls.written_link(source, urls.joined_source("", path), fragment) if path else ""
    target = _resolve_relative(site, assets, source, relative)[0] if relative else None
    near = f' (did you mean "{relative}"?)' if target else ""
    return (f'"{href}" starts with /, which breaks under a sub-path and from disk{near}; link '
            "with a relative path to the .md file")


def _suggest(source: str, target: str | None, fragment: str) -> str:
    """Return ' (did you mean "x"?)' with x the link to target as written in source, or ''."""
    if not target:
        return ""
    return f' (did you mean "{urls.written_link(source, target, fragment)}"?)'


def check_links(site: Site, content: Content, report: Report, verdicts=None) -> dict:
    """Report every link in the content that does not resolve, all of them.

    Return the links to pages of unlisted function files, {id: [(path, line), ...]}, for one
    message per file. A long-running caller passes the same incremental.LinkVerdicts to every
    call, which keeps a document's verdicts while its links and the site plan are equal.
    """
    assets = set(content.assets)
    if verdicts is not None:
        verdicts.begin(_link_plan(site, content))
    unlisted: dict = {}
    for key, doc in sorted(content.docs.items()):
        if urls.key_of(key) not in site.by_key:
            continue
        check = functools.partial(_link_problems, site, assets, key, doc.links)
        found = check() if verdicts is None else verdicts.get(key, doc.links, check)
        _report_links(doc.path, found, report, unlisted)
    for entry in content.glossary:
        found = _link_problems(site, assets, "glossary.md", entry.definition.links)
        _report_links(entry.definition.path, found, report, unlisted)
    return unlisted


def _link_problems(site: Site, assets: set, key: str, links: list) -> list:
    """Return (line, message, unlisted function id) for each link that does not resolve."""
    found = []
    for link in links:
        target, message = resolve_link(site, assets, key, link.href, link.image)
        if message or target.unlisted:
            found.append((link.line, message, target and target.unlisted))
    return found


def _report_links(path: str, found: list, report: Report, unlisted: dict) -> None:
    for line, message, function_id in found:
        if message:
            report.error(path, line, message)
        else:
            unlisted.setdefault(function_id, []).append((path, line))


def _link_plan(site: Site, content: Content) -> tuple:
    """Return everything a link's verdict depends on besides the link itself."""
    return ([(page.key, page.title) for page in site.pages], site.anchors,
            frozenset(content.assets), site.vague, site.vague_pages, site.unlisted)
