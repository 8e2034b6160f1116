"""The site's pages, their URLs and navigation, and the check of every internal link."""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from .assets import picture_from_other_host
from .content import Content
from .model import Framework
from .problems import Report, near_miss

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
NAV_SECTION_LIMIT = 40
PAGE_IDS = frozenset({"main", "content-start"})
DEFAULT_ORDER = {"home": -1, "matrix": 20, "levels": 30, "functions": 40, "assessment": 50, "compare": 55,
                 "glossary": 60, "page": 100, "section": 100, "print": 1000}


@dataclass(frozen=True)
class Page:
    """One output page: what it shows, where its source is and where it is written."""

    key: str  # its source path without .md, such as "functions/agreement"
    kind: str  # home, page, section, matrix, assessment, levels, level, functions, function,
    #            glossary, print, notfound
    output: str  # path of the .html file inside the site
    title: str
    nav_title: str
    description: str
    order: float
    section: str  # "" for top-level pages, else the section's folder
    subject: str = ""  # level or function id for level and function pages
    has_source: bool = False

    @property
    def source(self) -> str:
        return f"{self.key}.md"


@dataclass
class Site:
    """Every page in reading order, with lookups by key and anchors by page."""

    pages: list
    by_key: dict
    anchors: dict  # key -> set of ids on that page
    nav: list  # top-level pages in order
    children: dict  # section folder -> pages in order (index page first)
    reading: list = field(default_factory=list)  # pages in reading order (print page holds them)
    # Where links cannot be checked because what they lead to failed to load (that problem is
    # reported): sections whose pages and anchors cannot all be known (a level's or function's
    # id could not be read), and pages whose file failed to load.
    vague: frozenset = frozenset()
    vague_pages: frozenset = frozenset()
    # Pages of function files framework.yaml does not list: links to them are counted, and
    # reported as one problem of that file (framework.report_unlisted).
    unlisted: frozenset = frozenset()

    def section_pages(self, section: str, key: str, limit: int = 0) -> tuple[list, int]:
        """Return the section's pages to list in the navigation, and how many there are.

        A large section shows a window of pages around the current one, so that every page's
        navigation stays small however large the site grows.
        """
        limit = limit or NAV_SECTION_LIMIT
        members = [p for p in self.children.get(section, []) if not p.key.endswith("/index")]
        if len(members) <= limit:
            return members, len(members)
        index = next((i for i, p in enumerate(members) if p.key == key), 0)
        start = max(0, min(index - limit // 2, len(members) - limit))
        return members[start:start + limit], len(members)


def plan_site(framework: Framework, content: Content, strings: dict) -> Site:
    """Decide every page of the site from the framework and the content."""
    titles = strings.get("pages", {})
    pages = [_content_page(key, doc) for key, doc in sorted(content.docs.items())
             if not _generated(key, framework)]
    pages += _generated_pages(framework, content, titles)
    pages = [p for p in pages if p is not None]
    pages += _missing_section_indexes(pages)
    by_key = {page.key: page for page in pages}
    nav = sorted((p for p in pages if p.section == "" or p.key == f"{p.section}/index"),
                 key=lambda p: (p.order, p.nav_title.lower(), p.key))
    nav = [p for p in nav if p.kind != "notfound"]
    children: dict = {}
    for page in pages:
        if page.section:
            children.setdefault(page.section, []).append(page)
    for section, members in children.items():
        members.sort(key=lambda p: (not p.key.endswith("/index"), _member_order(p, framework),
                                    p.nav_title.lower()))
    reading = []
    for page in nav:
        reading.extend(children.get(page.section, [page]) if page.section else [page])
    anchors = {page.key: _anchors(page, framework, content) for page in pages}
    vague = frozenset({"levels", "functions"}) if framework.partial else frozenset()
    vague_pages = frozenset(source[:-3] for source in content.broken)
    unlisted = frozenset(f"functions/{stem}" for stem, _, _ in framework.unlisted)
    return Site(pages, by_key, anchors, nav, children, reading, vague, vague_pages, unlisted)


def _missing_section_indexes(pages: list) -> list:
    """Give every folder without an index.md a generated landing page listing its pages."""
    have = {p.key for p in pages}
    missing = sorted({p.section for p in pages if p.section} - {k[:-6] for k in have
                                                                   if k.endswith("/index")})
    return [Page(f"{section}/index", "section", f"{section}/index.html",
                 section.replace("-", " ").replace("_", " ").capitalize(),
                 section.replace("-", " ").replace("_", " ").capitalize(), "",
                 DEFAULT_ORDER["section"], section) for section in missing]


def _member_order(page: Page, framework: Framework):
    if page.kind == "function":
        return [f.id for f in framework.functions].index(page.subject)
    if page.kind == "level":
        return [lv.id for lv in framework.levels].index(page.subject)
    return page.order


def _generated(key: str, framework: Framework) -> bool:
    fixed = {"index.md", "matrix.md", "assessment.md", "compare.md", "glossary.md", "print.md", "404.md",
             "levels/index.md", "functions/index.md"}
    if key in fixed:
        return True
    if key.startswith("functions/") and key.count("/") == 1:
        return True  # function guidance; unknown ones are reported by the content loader
    return key.startswith("levels/") and key[len("levels/"):-3] in {lv.id for lv in framework.levels}


def _content_page(key: str, doc) -> Page:
    meta = doc.meta
    stem = key[:-3]
    section = stem.split("/")[0] if "/" in stem else ""
    title = meta.get("title") or _first_heading(doc) or stem.split("/")[-1].replace("-", " ")
    kind = "section" if stem.endswith("/index") else "page"
    return Page(stem, kind, f"{stem}.html", title, meta.get("nav_title", title),
                meta.get("description", ""), meta.get("order", DEFAULT_ORDER[kind]), section,
                has_source=True)


def _first_heading(doc) -> str:
    return next((h.text for h in doc.headings if h.level == 1), "")


def _generated_pages(framework: Framework, content: Content, titles: dict) -> list:
    docs = content.docs

    def make(key, kind, section, default_title, subject="", order=None):
        doc = docs.get(f"{key}.md")
        meta = doc.meta if doc else {}
        # A level's page shows the level's name, so that renaming it in framework.yaml renames
        # it everywhere; a title: there only warns (content.py).
        title = default_title if kind == "level" else meta.get("title") or default_title
        return Page(key, kind, f"{key}.html", title, meta.get("nav_title", title),
                    meta.get("description", ""), meta.get("order", DEFAULT_ORDER.get(kind, order
                                                                                     or 100)),
                    section, subject, doc is not None)

    pages = [make("index", "home", "", framework.title),
             make("matrix", "matrix", "", titles.get("matrix", "Matrix")),
             make("assessment", "assessment", "", titles.get("assessment", "Self-assessment")),
             make("compare", "compare", "", titles.get("compare", "Compare and combine")),
             make("levels/index", "levels", "levels", titles.get("levels", "Levels")),
             make("functions/index", "functions", "functions",
                  titles.get("functions", "Functions")),
             make("print", "print", "", titles.get("print", "Whole handbook")),
             make("404", "notfound", "", titles.get("notfound", "Page not found"))]
    if content.glossary or "glossary.md" in docs:
        pages.append(make("glossary", "glossary", "", titles.get("glossary", "Glossary")))
    for level in framework.levels:
        pages.append(make(f"levels/{level.id}", "level", "levels", level.name, level.id))
    for function in framework.functions:
        page = make(f"functions/{function.id}", "function", "functions", function.name,
                    function.id)
        pages.append(Page(page.key, page.kind, page.output, function.name, function.name,
                          page.description or function.summary, page.order, page.section,
                          function.id, page.has_source))
    return pages


def _anchors(page: Page, framework: Framework, content: Content) -> set:
    doc = content.docs.get(page.source)
    anchors = set(PAGE_IDS) | (doc.anchors if doc else set())
    if page.kind == "function":
        guidance = content.guidance.get(page.subject)
        for level in framework.levels:
            anchors.add(level.id)
            section = guidance.levels.get(level.id) if guidance else None
            if section and section.signs:
                anchors.add(f"{level.id}-signs")
            if section and section.actions:
                anchors.add(f"{level.id}-actions")
    elif page.kind == "level":
        anchors |= {function.id for function in framework.functions}
    elif page.kind == "glossary":
        anchors |= {entry.anchor for entry in content.glossary}
    elif page.kind == "matrix":
        anchors.add("matrix")
    return anchors


def relative_url(from_output: str, to_output: str, fragment: str = "") -> str:
    """Return the URL of to_output relative to the page from_output: the one URL builder."""
    if to_output == from_output and fragment:
        return f"#{fragment}"
    target = _relative_path(to_output, posixpath.dirname(from_output) or ".")
    return f"{target}#{fragment}" if fragment else target


@functools.lru_cache(maxsize=65536)
def _relative_path(to_output: str, from_folder: str) -> str:
    # Keyed by the page's folder, not the page: a site has few folders, so every page of a
    # section hits the entries the first one made. posixpath.relpath was a tenth of a
    # 1,000-page build; the result depends only on the arguments.
    return posixpath.relpath(to_output, from_folder)


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
    path, _, fragment = href.partition("#")
    path, fragment = unquote(path), unquote(fragment)
    key = source[:-3]
    if path:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if joined.startswith("../") or joined == "..":
            return None, (f'"{href}" leads outside the content folder; link only to pages '
                          "and files inside content/")
        if not joined.endswith(".md"):
            if joined in assets:
                return Target(asset=joined), None
            return None, _not_a_page(site, assets, source, href, joined)
        key = joined[:-3]
    page = site.by_key.get(key)
    if (key.partition("/")[0] in site.vague or key in site.vague_pages) and \
            (page is None or fragment):
        return Target(page=page, fragment=fragment), None
    if page is None and key in site.unlisted:
        return Target(fragment=fragment, unlisted=key.partition("/")[2]), None
    if page is None:
        # Compared without ".md", which every candidate shares and would make any name close.
        near = near_miss(key, [p.key for p in site.pages])
        kept = fragment if near and fragment in site.anchors[near] else ""
        return None, (f'"{href}" leads to no page{_suggest(source, near and near + ".md", kept)}'
                      "; link to a .md file of the content folder")
    if fragment and fragment not in site.anchors[key]:
        near = near_miss(fragment, site.anchors[key])
        written = f' (did you mean "{href.partition("#")[0]}#{near}"?)' if near else ""
        return None, f'"{href}": the page "{page.title}" has no anchor "#{fragment}"{written}'
    return Target(page=page, fragment=fragment), None


def _not_a_page(site: Site, assets: set, source: str, href: str, joined: str) -> str:
    """Explain a link to no page and no file, suggesting the .md page or a near file name."""
    fragment = href.partition("#")[2]
    if joined.endswith(".html") and joined[:-5] in site.by_key:
        return (f'"{href}" does not lead to a page or file in the content folder'
                f"{_suggest(source, joined[:-5] + '.md', fragment)}; link to the Markdown "
                "file, which becomes the page")
    near = _suggest(source, near_miss(joined, assets), "")
    return f'"{href}" does not lead to a page or file in the content folder{near}'


def _rooted(site: Site, assets: set, source: str, href: str) -> str:
    """Explain a link starting with /, suggesting the relative link when it would resolve."""
    path, _, fragment = href.lstrip("/").partition("#")
    relative = _written_from(source, posixpath.normpath(path), fragment) if path else ""
    target = _resolve_relative(site, assets, source, relative)[0] if relative else None
    near = f' (did you mean "{relative}"?)' if target else ""
    return (f'"{href}" starts with /, which breaks under a sub-path and from disk{near}; link '
            "with a relative path to the .md file")


def _suggest(source: str, target: str | None, fragment: str) -> str:
    """Return ' (did you mean "x"?)' with x the link to target as written in source, or ''."""
    if not target:
        return ""
    return f' (did you mean "{_written_from(source, target, fragment)}"?)'


def _written_from(source: str, target: str, fragment: str = "") -> str:
    """Return the link to target (a path inside content/) as written in the file source."""
    written = posixpath.relpath(target, posixpath.dirname(source) or ".")
    return f"{written}#{fragment}" if fragment else written


def check_links(site: Site, content: Content, report: Report, memo: dict | None = None) -> dict:
    """Report every link in the content that does not resolve, all of them.

    Return the links to pages of unlisted function files, {id: [(path, line), ...]}, for one
    message per file. A long-running caller passes the same memo dict to every call: while
    the site plan (pages, titles, anchors, assets) stays equal, a document that is the same
    object as last time (the document cache hands out the same Doc for the same bytes) gets
    last time's messages.
    """
    assets = set(content.assets)
    plan = _link_plan(site, content)
    if memo is None or memo.get("plan") != plan:
        memo = {} if memo is None else memo
        memo.clear()
        memo.update(plan=plan, docs={})
    previous, kept, unlisted = memo["docs"], {}, {}
    for key, doc in sorted(content.docs.items()):
        if key[:-3] not in site.by_key:
            continue
        entry = previous.get(key)
        if entry is None or entry[0] is not doc:
            entry = (doc, _link_problems(site, assets, key, doc.links))
        kept[key] = entry
        _report_links(doc.path, entry[1], report, unlisted)
    memo["docs"] = kept
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
    """Return everything a link's verdict depends on besides its own document."""
    return ([(page.key, page.title) for page in site.pages], site.anchors,
            frozenset(content.assets), site.vague, site.vague_pages, site.unlisted)
