"""Incremental rebuilds (serve): the pure renderer's pages reused while what they read is equal.

Every page shows what every page shows: the framework, the site plan (pages, titles, navigation,
anchors), the settings, the strings, the glossary, the assets' names, the framework data and the
templates. render.signature digests all of that but the templates, whose sources are compared as
they are; when either changes, every page is rendered again. Besides, a page shows the documents
the planner says it reads (site.Site.reads: its own, and on the print page every printable
page's): within one signature a page is rendered again only when one of those documents differs,
by value, from the last build's; so is each article of the print page. Nothing watches or
patches the templates: a template that shows another page's document (ctx.doc(key)) needs that
document in Site.reads, and `build.py serve --full` renders every page of every build.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .render import (Inputs, common_values, data_files, make_environment, render_article,
                     render_page, signature)


def template_sources(theme: Path, overrides: Path) -> tuple:
    """Return every template file's path and bytes, the publisher's overrides first."""
    found = []
    for folder in (overrides / "templates", theme / "templates"):
        if folder.is_dir():
            found += [(str(path), path.read_bytes()) for path in sorted(folder.rglob("*"))
                      if path.is_file()]
    return tuple(found)


class Incremental:
    """What the last build rendered, and what each page and article read to render it."""

    def __init__(self):
        self.env = None
        self.templates: tuple | None = None
        self.signature: str | None = None
        self.pages: dict = {}  # page key -> (the documents it read, its bytes)
        self.articles: dict = {}  # (page key, print page's output) -> (its document, its HTML)

    def environment(self, theme: Path, overrides: Path):
        """Return the template environment, made again only when a template's source changed."""
        sources = template_sources(theme, overrides)
        if sources != self.templates:
            self.env, self.templates = make_environment(theme, overrides), sources
            self.env.auto_reload = False  # the sources compared above notice every change
            self.signature = None
        return self.env

    def render(self, inputs: Inputs) -> dict:
        """Render every page and data file as render.render_site does; return {path: bytes}."""
        env = self.environment(inputs.theme, inputs.overrides)
        common = common_values(inputs)
        digest = signature(inputs, common)
        if digest != self.signature:
            self.signature, self.pages, self.articles = digest, {}, {}
        docs = inputs.content.docs
        pages, articles, files = {}, {}, {}

        def article(ctx) -> str:
            key, read = (ctx.page.key, ctx.output), docs.get(ctx.page.source)
            kept = self.articles.get(key)
            if kept is None or kept[0] != read:
                kept = (read, Markup(render_article(env, common, ctx)))
            articles[key] = kept
            return kept[1]

        for page in inputs.site.pages:
            reads = tuple(docs.get(source) for source in inputs.site.reads(page))
            kept = self.pages.get(page.key)
            if kept is None or kept[0] != reads:
                kept = (reads, render_page(inputs, env, page, common, article))
            pages[page.key] = kept
            files[page.output] = kept[1]
        self.pages, self.articles = pages, articles  # only this build's: edits do not pile up
        files.update(data_files(inputs))
        return files
