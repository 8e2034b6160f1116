"""Incremental rebuilds (serve): the pure renderer's pages reused while what they read is equal.

Every page shows what every page shows: the framework, the site plan (pages, titles, navigation,
anchors), the settings, the strings, the glossary, the assets' names, the framework data and the
templates. render.signature digests all of that but the templates, whose sources are compared as
they are, and the framework's contents (render.contents_signature: summaries, descriptors, the
framework's data); when either of the first two changes, every page is rendered again. When only
the contents changed, only the pages of the kinds that show them (Kind.shows_framework) are: an
edit of a descriptor in a function's YAML file leaves the other pages as they were. Besides, a
page shows the documents the planner says it reads (site.Site.reads: its own, and on the print
page every printable page's): within one signature a page is rendered again only when one of
those documents differs, by value, from the last build's; so is each article of the print page.
Nothing watches or patches the templates: a template that shows another page's document
(ctx.doc(key)) needs that document in Site.reads, one that shows the framework's contents on a
page of another kind needs `build.py serve --full`, which renders every page of every build.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from markupsafe import Markup

from .problems import Report
from .render import (Inputs, common_values, contents_signature, data_files, make_environment,
                     render_article, render_outputs, signature)
from .search import SearchIndex, index_file


def template_sources(theme: Path, overrides: Path) -> tuple:
    """Return every template file's path and bytes, the publisher's overrides first."""
    found = []
    for folder in (overrides / "templates", theme / "templates"):
        if folder.is_dir():
            found += [(str(path), path.read_bytes()) for path in sorted(folder.rglob("*"))
                      if path.is_file()]
    return tuple(found)


class DocCache:
    """The documents loaded by the previous build and by this one, keyed by path and bytes.

    A file is read again only when its stat stamp changed, or when the stamp is too recent to
    trust (see cache_key): reading every file was a tenth of a 1,000-page rebuild.
    """

    def __init__(self):
        self.previous: dict = {}
        self.current: dict = {}
        self.stamps: dict = {}  # path -> (stamp, key) of the files read by the last build
        self.new_stamps: dict = {}

    def begin(self) -> None:
        """Start a build: only what the last build read is kept, so edits don't pile up."""
        self.previous, self.current = self.current, {}
        self.stamps, self.new_stamps = self.new_stamps, {}

    def load(self, path: Path, relative: str, load, report: Report):
        """Return load(a report) for the file, or what it returned for the same bytes before.

        The problems it reported then are reported again as they were.
        """
        try:
            key = cache_key(path, self) + (relative,)
        except OSError:
            return load(report)
        entry = self.current.get(key) or self.previous.get(key)
        if entry is None:
            own = Report()
            entry = (load(own), tuple(own.problems))
        self.current[key] = entry
        report.problems.extend(entry[1])
        return entry[0]


# A file changed within this long before it was read could change again within the same
# timestamp tick (a few milliseconds, or more on some file systems) without its stamp changing;
# such a file is read every time, as git does with "racily clean" files.
TRUSTED_AFTER_NS = 2_000_000_000


def cache_key(path: Path, cache: DocCache):
    """Return (path, bytes) for the file, reusing the bytes of last time if its stamp holds."""
    name = str(path)
    status = os.stat(name)
    stamp = (status.st_ino, status.st_dev, status.st_size, status.st_mtime_ns,
             status.st_ctime_ns)
    known = cache.stamps.get(name)
    if known is not None and known[0] == stamp:
        cache.new_stamps[name] = known
        return known[1]
    started = time.time_ns()
    key = (name, path.read_bytes())
    if status.st_ctime_ns < started - TRUSTED_AFTER_NS:
        cache.new_stamps[name] = (stamp, key)
    return key


class LinkVerdicts:
    """The link check's verdicts on each document, kept while its links and the plan are equal."""

    def __init__(self):
        self.plan: tuple | None = None  # what a verdict depends on besides the link (site.py)
        self.previous: dict = {}  # document -> (its links, their verdicts) of the last check
        self.current: dict = {}

    def begin(self, plan: tuple) -> None:
        """Start a check: the last one's verdicts hold only under an equal plan."""
        self.previous = self.current if plan == self.plan else {}
        self.plan, self.current = plan, {}

    def get(self, key: str, links: tuple, check):
        """Return the verdicts on a document's links: the last check's if they are equal."""
        entry = self.previous.get(key)
        if entry is None or entry[0] != links:
            entry = (links, check())
        self.current[key] = entry
        return entry[1]


class Incremental:
    """What the last build rendered, and what each page and article read to render it."""

    def __init__(self):
        self.env = None
        self.templates: tuple | None = None
        self.signature: str | None = None  # of what every page may show (render.signature)
        self.contents: str | None = None  # of the framework's contents (render.contents_signature)
        self.pages: dict = {}  # page key -> (the documents it read, its files: {output: bytes})
        # (page key, print file's output, the print page's layout) -> (its document, its HTML)
        self.articles: dict = {}
        self.search = SearchIndex()  # updated for the pages that changed
        self.print_parts: dict = {}  # the print page's parts, by what each was made from (render_print)

    def environment(self, theme: Path, overrides: Path):
        """Return the template environment, made again only when a template's source changed."""
        sources = template_sources(theme, overrides)
        if sources != self.templates:
            self.env, self.templates = make_environment(theme, overrides), sources
            self.signature = None
        return self.env

    def _begin(self, inputs: Inputs, common: dict) -> None:
        """Forget what this build cannot reuse: everything when what every page may show changed;
        the pages and articles of the kinds that show the framework when only its contents did."""
        outline, contents = signature(inputs, common), contents_signature(inputs, common)
        if outline != self.signature:
            self.signature, self.pages, self.articles, self.print_parts = outline, {}, {}, {}
        elif contents != self.contents:
            by_key = inputs.site.by_key

            def shown(key: str) -> bool:  # a page that is gone is not reused anyway
                return key not in by_key or by_key[key].kind.shows_framework
            self.pages = {key: kept for key, kept in self.pages.items() if not shown(key)}
            self.articles = {key: kept for key, kept in self.articles.items() if not shown(key[0])}
        self.contents = contents

    def render(self, inputs: Inputs) -> dict:
        """Render every page and data file as render.render_site does; return {path: bytes}."""
        env = self.environment(inputs.theme, inputs.overrides)
        common = common_values(inputs)
        self._begin(inputs, common)
        docs, stale = inputs.content.docs, inputs.content.stale
        pages, articles, files = {}, {}, {}

        def article(ctx) -> str:
            key, read = (ctx.page.key, ctx.output, ctx.printing.digest), docs.get(ctx.page.source)
            kept = self.articles.get(key)
            if kept is None or kept[0] != read:
                kept = (read, Markup(render_article(env, common, ctx)))
            articles[key] = kept
            return kept[1]

        for page in inputs.site.pages:
            # A translated page shows whether its source changed since: that is read too.
            reads = tuple((docs.get(source), stale.get(source)) for source in inputs.site.reads(page))
            kept = self.pages.get(page.key)
            if kept is None or kept[0] != reads:
                kept = (reads, render_outputs(inputs, env, page, common, article, self.print_parts))
            pages[page.key] = kept
            files.update(kept[1])
        self.pages, self.articles = pages, articles  # only this build's: edits do not pile up
        files.update(index_file(inputs.site, files, self.search))
        files.update(data_files(inputs))
        return files
