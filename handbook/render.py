"""Render the planned site to bytes: a pure function of the model, the theme and the content."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import field, replace
from pathlib import Path
from types import MappingProxyType

import jinja2
from markupsafe import Markup, escape

from . import __version__, kinds, parallel, urls
from .content import Content, block_text
from .markdown import Markdown, fill
from .model import Framework, SiteConfig
from .printing import Part, fits, plan_parts, relinked
from .problems import Report
from .records import dataclass
from .scripts import joined_scripts
from .search import index_file, outline, page_index, searched
from .site import Page, Site, resolve_link
from .stylesheets import without_comments
from .urls import ASSET_DIR


@dataclass(frozen=True)
class Inputs:
    """Everything rendering needs, gathered and checked by the earlier stages."""

    framework: Framework
    config: SiteConfig
    content: Content
    site: Site
    strings: dict
    theme: Path
    overrides: Path
    base_url: str = ""
    dev: str = ""  # under serve: the origin of its reload socket
    # Every language of the handbook, the default first (Language), and, in the default
    # language's inputs, the other languages' inputs.
    languages: tuple = ()
    translations: tuple = ()

    @property
    def language(self) -> str:
        """Return the language of these pages."""
        return self.config.language


@dataclass(frozen=True)
class Language:
    """One language of the handbook, as its switcher names it."""

    tag: str
    name: str  # in its own language: English, Deutsch
    direction: str = "ltr"


class TemplateProblem(Exception):
    """A template failed; carries the template's file and line."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


def make_environment(theme: Path, overrides: Path) -> jinja2.Environment:
    """Return the Jinja2 environment: publisher overrides first, then the theme."""
    loader = jinja2.FileSystemLoader([str(overrides / "templates"), str(theme / "templates")])
    # auto_reload off: a build reads each template once, and serve compares the templates'
    # sources itself (incremental); Jinja checked a template's mtime on every include.
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             bytecode_cache=_bytecode_cache(), auto_reload=False)
    env.filters["tojson_script"] = _json_for_script
    return env


def _bytecode_cache():
    # Compiling the templates was a quarter of a handbook build. Jinja keeps the compiled code
    # in a private per-user temporary folder, keyed by each template's source checksum, so an
    # edited template is always compiled again. HANDBOOK_NO_CACHE=1 turns it off.
    if os.environ.get("HANDBOOK_NO_CACHE"):
        return None
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def _json_for_script(value) -> Markup:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@dataclass(frozen=True)
class Printed:
    """Where a print file's articles are printed: page key -> the print file holding its article."""

    holders: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    digest: str = ""  # names the layout (serve keeps an article for the layout it was made in)

    @classmethod
    def of(cls, holders: dict) -> "Printed":
        layout = repr(sorted(holders.items())).encode("utf-8")
        return cls(MappingProxyType(dict(holders)), hashlib.sha256(layout).hexdigest())

    def __contains__(self, key) -> bool:
        return key in self.holders

    def __bool__(self) -> bool:
        return bool(self.holders)


NOT_PRINTING = Printed()


class Context:
    """What a template needs to link and render from one page, into one output file."""

    def __init__(self, inputs: Inputs, page: Page, output: str, printing: Printed = NOT_PRINTING,
                 articles=None):
        self.inputs, self.page, self.output, self.printing = inputs, page, output, printing
        self.assets = set(inputs.content.assets)
        self._articles = articles  # renders a page's article into the print page: ctx -> str
        # A page's own file, not the print page or the 404 page, links every page the same
        # way (url, a hundred times on a page of a large site's navigation): straight to it.
        self._pages = inputs.site.by_key
        self._link = None if printing or page.kind.rooted else inputs.site.urls.link

    def id(self, anchor: str = "") -> str:
        """Return the id an anchor of this page has in the output file."""
        if not self.printing:
            return anchor
        base = "p-" + self.page.key.replace("/", "-")
        return f"{base}--{anchor}" if anchor else base

    @property
    def urls(self) -> urls.Urls:
        return self.inputs.site.urls

    def url(self, key: str, fragment: str = "") -> str:
        """Return the URL of a page (by key) and anchor, relative to the output file."""
        if self._link is not None:
            return self._link(self.output, self._pages[key].output, fragment)
        holder = self.printing.holders.get(key)
        if holder is not None:  # printed here, or in another part of the print page
            target = Context(self.inputs, self.inputs.site.by_key[key], holder, self.printing).id(fragment)
            return urls.anchor(target) if holder == self.output else self.file(holder, target)
        return self.file(self.inputs.site.by_key[key].output, fragment)

    @property
    def root(self) -> str:
        """Return the site's root folder relative to the output file ("./", "../", or base path)."""
        return self.urls.root(self.output, self.page.kind.rooted)

    def asset(self, name: str) -> str:
        """Return the URL of a theme asset, relative to the output file."""
        return self.file(self.urls.asset(name))

    @property
    def original(self):
        """Return the default Language when this page shows its untranslated text, else None."""
        content = self.inputs.content
        if self.page.has_source and self.page.source in content.fallbacks and self.inputs.languages:
            return self.inputs.languages[0]
        return None

    @property
    def original_url(self) -> str:
        """Return the URL of the current original of an out-of-date translation, else ""."""
        if not self.page.has_source or self.page.source not in self.inputs.content.stale:
            return ""
        return self.file(self.urls.output(self.page.key, self.urls.language))

    def translation_notice(self) -> Markup:
        """Return what a translated page says when it is not translated yet or out of date."""
        original, strings = self.original, self.inputs.strings
        if original:
            name = Markup('<span lang="{}" dir="{}">{}</span>').format(
                original.tag, original.direction, original.name)
            return Markup(escape(strings["translation_missing"])).replace("{source}", name)
        if self.original_url:
            link = Markup('<a href="{}" hreflang="{}">{}</a>').format(
                self.original_url, self.urls.language, strings["translation_original"])
            return Markup(escape(strings["translation_stale"])).replace("{original}", link)
        return Markup("")

    def own_asset(self, name: str) -> str:
        """Return the URL of an asset of this page's language (its search index)."""
        return self.file(self.urls.own_asset(name))

    @property
    def alternates(self) -> list:
        """Return this page in every language: [{language, name, direction, href, here}].

        href is relative, or absolute with a base URL where hreflang links need it (absolute).
        """
        if self.page.kind.rooted:  # the one 404 page, which lists every language's home instead
            return []
        found = []
        for language in self.inputs.languages:
            output = self.urls.output(self.page.key, language.tag)
            found.append({"language": language.tag, "name": language.name,
                          "direction": language.direction, "href": self.file(output),
                          "absolute": self.urls.absolute(self.page.key, language.tag)
                          if self.page.kind.in_sitemap else "",
                          "here": language.tag == self.inputs.language})
        return found if len(found) > 1 else []

    def file(self, path: str, fragment: str = "") -> str:
        """Return the URL of any file of the site, relative to the output file.

        A page served at any depth (the 404 page) has links from the domain's root instead.
        """
        if self.page.kind.rooted:
            return self.urls.rooted(path, fragment)
        return self.urls.link(self.output, path, fragment)

    @property
    def canonical(self) -> str:
        """Return the page's canonical URL, "" without a base URL or outside the sitemap."""
        return self.urls.absolute(self.page.key) if self.page.kind.in_sitemap else ""

    @property
    def edit_url(self) -> str:
        """Return the link that edits the page's Markdown in the repository, or ""."""
        return self.urls.edit(self.page.source) if self.page.has_source else ""

    def link(self, href: str, source: str | None = None) -> str:
        """Rewrite a link written in Markdown into the output's URL."""
        target, _ = resolve_link(self.inputs.site, self.assets, source or self.page.source, href)
        if target is None:
            return href
        if target.external:
            return target.external
        if target.asset:
            return self.file(target.asset)
        return self.url(target.page.key, target.fragment)

    def markdown(self, fragment: Markdown, source: str | None = None) -> Markup:
        """Return loaded Markdown as HTML, its links and ids filled in for this output file.

        source is still taken from templates written for earlier themes; links are resolved
        from the file they are written in since loading.
        """
        html = fill(fragment, self._slot)
        original = self.original
        if original and html:  # WCAG 3.1.2: text in another language than the page's says so
            html = f'<div lang="{original.tag}" dir="{original.direction}">{html}</div>'
        return Markup(html)

    def _slot(self, slot: tuple) -> str:
        """Return the value of a slot of loaded Markdown (markdown.Markdown) for this output."""
        what = slot[0]
        if what == "id":
            return self.id(slot[1])
        if what == "file":
            return self.file(slot[1])
        if what == "href" or slot[1] not in self.inputs.site.by_key:
            return slot[-1]
        return self.url(slot[1], slot[2])

    def doc(self, key: str | None = None):
        """Return the loaded document of a page (this one by default), or None."""
        return self.inputs.content.docs.get(urls.source(key or self.page.key))

    def outline(self, article: str) -> list:
        """Return the sections "On this page" lists from the article: (id, heading, depth)."""
        return outline(str(article))

    def article(self) -> Markup:
        """Return the page's article as the print page shows it (only there)."""
        html = self._articles(self)
        return html if isinstance(html, Markup) else Markup(html)


def render_site(inputs: Inputs, env: jinja2.Environment, staging=None) -> dict:
    """Render every page and data file; return {output path: bytes}.

    A build of many pages renders in two processes (_render_in_two); with staging
    (output.Staging) each process writes its pages there, and only the other files are returned.
    """
    common = _common(inputs)
    parts = None
    if _parallel(len(inputs.site.pages)):
        files, parts = _render_in_two(inputs, env, common, staging)
    else:
        files = {}
        for page in inputs.site.pages:
            files.update(render_outputs(inputs, env, page, common))
    files.update(index_file(inputs.site, files, parts=parts))
    files.update(data_files(inputs))
    return files


PARALLEL_PAGES = 8  # below this, forking may cost more than the second core saves (see PARALLEL_DOCS)


def _parallel(pages: int) -> bool:
    """Return True when this build should render in a forked second process too."""
    return pages > PARALLEL_PAGES and parallel.usable_cpus() > 1 and parallel.may_fork()


def _render_in_two(inputs: Inputs, env, common: dict, staging=None) -> tuple:
    """Render the pages in this process and a forked one; return {output: bytes} and index parts.

    Rendering is a pure function of the gathered inputs, which the child inherits; it sends its
    pages back as bytes, with each searched page's part of the search index (search.page_index),
    read there rather than after rendering in this process (a tenth of a 1,000-page build).
    With staging, both processes write their pages there instead, as each is made: the child
    sends only the index's parts, and neither holds the pages (at 1,000 pages the build's
    summed memory fell from 207 to 166 MiB).
    """
    pages = inputs.site.pages
    # The print page holds every article again: this process starts with it, and then both
    # take the other pages from one queue, so that the child takes more of them (at 1,000
    # pages, halves left this process up to 0.4 s behind).
    first = [i for i, page in enumerate(pages) if page.kind.collects]
    rest = [i for i, page in enumerate(pages) if not page.kind.collects]
    own, other = parallel.taking_in_two(
        lambda share: _render_share(inputs, env, common, share, staging), rest, first)
    rendered = {**own[0], **other[0]}
    problems = [problem for problem in (own[1], other[1]) if problem is not None]
    if problems:  # the page rendered first in a serial build decides the message
        raise TemplateProblem(*min(problems)[1])
    files = {}
    for i in range(len(pages)):  # in the pages' order, as a serial build writes them
        files.update(rendered[i])
    return files, {**own[2], **other[2]}


def _render_share(inputs: Inputs, env, common: dict, indexes: list, staging=None) -> tuple:
    """Render the pages at these positions; with staging, write each there at once.

    Return ({position: {output: bytes}, empty when written}, the first problem or None,
    {output: its search.PageIndex}).
    """
    rendered, parts = {}, {}
    wanted = {page.output for page in searched(inputs.site)}
    for index in indexes:
        page = inputs.site.pages[index]
        try:
            rendered[index] = render_outputs(inputs, env, page, common)
        except TemplateProblem as problem:  # sent as plain data: exceptions do not pickle
            return rendered, (index, (problem.path, problem.line, problem.message)), parts
        if page.output in wanted:
            parts[page.output] = page_index(page, rendered[index][page.output].decode("utf-8"))
        if staging is not None:
            staging.write(rendered[index])
            rendered[index] = {}
    return rendered, None, parts


def signature(inputs: Inputs, common: dict) -> str:
    """Return a digest of everything a page can show besides the documents it reads, but the
    framework's contents (contents_signature): the framework's levels and functions count by
    their ids and names only, and the framework's data not at all."""
    site = inputs.site
    parts = (site.pages, [p.key for p in site.nav], [p.key for p in site.reading],
             sorted((section, [p.key for p in pages]) for section, pages in site.children.items()),
             sorted((key, sorted(anchors)) for key, anchors in site.anchors.items()),
             framework_outline(inputs.framework), inputs.config, inputs.strings, inputs.content.assets,
             inputs.content.glossary,
             inputs.base_url, inputs.dev, str(inputs.theme), str(inputs.overrides), inputs.languages)
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def contents_signature(inputs: Inputs, common: dict) -> str:
    """Return a digest of the framework's contents, which only some kinds of page show
    (Kind.shows_framework): the whole framework and the framework's data."""
    return hashlib.sha256(repr((inputs.framework, common["framework_data"])).encode("utf-8")).hexdigest()


def framework_outline(framework):
    """Return the framework with each level and function as its id and name, and no releases."""
    return replace(framework, levels=tuple((level.id, level.name) for level in framework.levels),
                   functions=tuple((function.id, function.name) for function in framework.functions),
                   releases=())


def common_values(inputs: Inputs) -> dict:
    """Return what every page's templates are given besides the page itself."""
    return _common(inputs)


def _common(inputs: Inputs) -> dict:
    framework, config = inputs.framework, inputs.config
    data = framework_data(inputs)
    return {"fw": framework, "cfg": config, "t": inputs.strings, "site": inputs.site,
            "content": inputs.content, "generator_version": __version__, "dev": inputs.dev,
            "base_url": inputs.base_url, "base_path": inputs.site.urls.base_path, "keys": kinds,
            "framework_data": data, "store_data": store_data(data),
            "assessment_data": assessment_data(data),
            "js_strings": inputs.strings.get("js", {})}


# A notice, not a warning: --strict must pass for a site that gets its base URL only where it
# is deployed (the Pages workflow passes --base-url), or that is served from a domain's root.
NO_BASE_URL_NOTE = ("no base_url is set, so the 404 page links from the domain's root "
                    "(/assets/...); a site published under a sub-path, such as "
                    "https://example.github.io/handbook/, needs base_url in content/site.yaml "
                    "or --base-url")


def render_outputs(inputs: Inputs, env, page: Page, common: dict, articles=None, kept: dict | None = None) -> dict:
    """Render one page into its files, {output: bytes}: a pure function of the inputs and the templates.

    Every page is one file but the print page, which may be several (render_print). articles
    renders an article of the print page (ctx -> str); by default its template.
    """
    articles = articles or (lambda ctx: render_article(env, common, ctx))
    if page.kind.collects:
        return render_print(inputs, env, page, common, articles, kept)
    return {page.output: _render(inputs, env, page, common, {})}


def render_print(inputs: Inputs, env, page: Page, common: dict, articles, kept: dict | None = None) -> dict:
    """Render the print page: every printable page's article, or its parts (handbook/printing.py).

    kept, under serve, holds the last build's parts by what each was made from: a part whose
    articles, place and neighbours are unchanged is not made again.
    """
    readable = [p for p in inputs.site.reading if p.kind.in_print]
    whole = Printed.of({p.key: page.output for p in readable})
    done = {}
    for each in readable:  # an article's template fails as the print page's
        with template_problems(each.kind.article, page.output):
            done[each.key] = Context(inputs, each, page.output, whole, articles).article()
    if fits(list(done.values())):
        if kept:
            kept.clear()  # no parts now
        ready = lambda ctx: done[ctx.page.key]  # noqa: E731 (each article rendered once)
        return {page.output: _render(inputs, env, page, common, {
            "articles": [(p, Context(inputs, p, page.output, whole, ready)) for p in readable],
            "parts": (), "part": None})}
    parts = plan_parts(readable, done, inputs.site.urls.output, remember=kept is not None)
    return _print_in_parts(inputs, env, page, common, done, parts, {} if kept is None else kept)


def _print_in_parts(inputs: Inputs, env, page: Page, common: dict, done: dict, parts: tuple, kept: dict) -> dict:
    """Render each part of the print page, and the print page as the list of its parts.

    done holds each article as the whole print page shows it: a part prints it with its links to
    pages printed in another part leading there (printing.relinked), not made again.
    """
    layout = Printed.of({p.key: part.output for part in parts for p in part.pages})
    anchors = {Context(inputs, p, part.output, layout).id(): part.output for part in parts for p in part.pages}
    titles = [part.pages[0].title if part.pieces == 1 else inputs.strings["print_part"].format(
              title=part.pages[0].title, piece=part.piece, pieces=part.pieces) for part in parts]
    kind = replace(page.kind, in_sitemap=False)  # the sitemap lists the print page alone
    files, made = {}, {}
    for part, title in zip(parts, titles):
        links = _part_links(page, part, parts, titles)
        source = (part.output, title, repr(links), layout.digest, tuple(done[p.key] for p in part.pages))
        if kept.get(part.output, (None,))[0] != source:
            def lead(holder: str, here: str = part.output) -> str:
                return "" if holder == here else inputs.site.urls.link(here, holder)
            printed = {p.key: Markup(relinked(done[p.key], anchors, lead)) for p in part.pages}
            kept[part.output] = (source, _render(
                inputs, env, replace(page, output=part.output, title=title, nav_title=title, kind=kind), common, {
                    "articles": [(p, Context(inputs, p, part.output, layout, lambda ctx, held=printed: held[ctx.page.key]))
                                 for p in part.pages], "parts": (), "part": links}))
        made[part.output] = kept[part.output]
        files[part.output] = made[part.output][1]
    kept.clear()
    kept.update(made)  # only this build's parts: edits do not pile up
    ctx = Context(inputs, page, page.output)
    files[page.output] = _render(inputs, env, page, common, {"articles": [], "part": None, "parts": [
        {"url": ctx.file(part.output), "title": title,
         "pages": [(p.title, ctx.file(part.output, Context(inputs, p, part.output, layout).id())) for p in part.pages]}
        for part, title in zip(parts, titles)]})
    return files


def _part_links(page: Page, part: Part, parts: tuple, titles: list) -> dict:
    """Return where a part's own navigation leads: every part, and the parts before and after it."""
    at = part.number - 1

    def link(other: int) -> dict | None:
        return {"path": parts[other].output, "title": titles[other]} if 0 <= other < len(parts) else None
    return {"number": part.number, "count": len(parts), "all": page.output,
            "before": link(at - 1), "after": link(at + 1)}


def _render(inputs: Inputs, env, page: Page, common: dict, values: dict) -> bytes:
    """Render a page's template into one file, at page.output."""
    template_name = page.kind.template
    values = dict(common, page=page, ctx=Context(inputs, page, page.output), **values)
    with template_problems(template_name, page.output):
        return env.get_template(template_name).render(values).encode("utf-8")


@contextlib.contextmanager
def template_problems(template_name: str, output: str):
    """Turn an error of a template rendered for output into a TemplateProblem at its line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(exc.filename or exc.name or template_name, exc.lineno,
                              f"template syntax error: {exc.message}{_syntax_hint(exc)}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(template_name, 0, f'template "{exc.name}" not found') from None
    except Exception as exc:  # a template error at run time: report the template's line
        path, line = _template_frame(exc)
        raise TemplateProblem(path or template_name, line,
                              f"template error while rendering {output}: "
                              f"{_runtime_hint(exc)}") from None


def render_article(env, common: dict, ctx: Context) -> str:
    """Return a page's article for the print page (ctx prints it there)."""
    return env.get_template(ctx.page.kind.article).render(dict(common, page=ctx.page, ctx=ctx))


def _syntax_hint(exc) -> str:
    message = str(exc.message or "")
    if "needs to be closed" in message:
        return " (add the missing closing tag before the end of the file)"
    if "unknown tag" in message.lower():
        return " (a tag is misspelt, or a {% block %}, {% if %} or {% for %} is not closed)"
    return ""


def _runtime_hint(exc: Exception) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return (f"the template uses a name that does not exist ({exc}); check its spelling "
                "against the theme's templates and theme/strings/en.yaml")
    return f"{type(exc).__name__}: {exc}"


def _template_frame(exc: Exception) -> tuple[str, int]:
    tb, found = exc.__traceback__, ("", 0)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def framework_data(inputs: Inputs) -> dict:
    """Return the whole model as plain data: framework.json and the assessment's input."""
    framework, content, site = inputs.framework, inputs.content, inputs.site
    functions = []
    for function in framework.functions:
        guidance = content.guidance.get(function.id)
        levels = {}
        for level in framework.levels:
            section = guidance.levels.get(level.id) if guidance else None
            levels[level.id] = {
                "descriptor": function.descriptor(level.id),
                "description": block_text(section.description) if section else "",
                "signs": [block_text(item) for item in section.signs] if section else [],
                "actions": [block_text(item) for item in section.actions] if section else [],
            }
        functions.append({"id": function.id, "name": function.name, "summary": function.summary,
                          "url": site.by_key[f"functions/{function.id}"].output,
                          "levels": levels})
    data = {
        "schema": 1, "id": framework.id, "title": framework.title,
        "short_title": framework.short_title, "version": framework.version,
        "description": framework.description, "credits": dict(framework.credits),
        "licence": {"name": framework.licence_name, "url": framework.licence_url},
        "suggested_target": framework.suggested_target,
        "levels": [{"id": lv.id, "name": lv.name, "summary": lv.summary, "position": lv.position,
                    "url": site.by_key[f"levels/{lv.id}"].output} for lv in framework.levels],
        "functions": functions,
    }
    if framework.releases:  # what changed since older releases, by id: absent when there are none
        data["releases"] = dict(framework.releases)
    return data


def assessment_data(data: dict) -> dict:
    """Return what the self-assessment's script reads: the framework without the levels' signs.

    The page shows the signs as text already, and its script never reads them; in a language of
    longer words they were what took the page over its weight budget.
    """
    functions = [dict(fn, levels={level_id: {key: value for key, value in cell.items() if key != "signs"}
                                  for level_id, cell in fn["levels"].items()})
                 for fn in data["functions"]]
    return dict(data, functions=functions)


def store_data(data: dict) -> dict:
    """Return what a page needs to open the saved assessments: the framework without its guidance."""
    small = {key: data[key] for key in ("schema", "id", "title", "version", "suggested_target")}
    small["levels"] = [{key: level[key] for key in ("id", "name", "position")} for level in data["levels"]]
    # The descriptors stay: a store of the first format is checked against today's wording.
    small["functions"] = [{"id": fn["id"], "name": fn["name"],
                           "levels": {level_id: {"descriptor": cell["descriptor"]}
                                      for level_id, cell in fn["levels"].items()}}
                          for fn in data["functions"]]
    if "releases" in data:
        small["releases"] = data["releases"]
    return small


def data_files(inputs: Inputs) -> dict:
    """Return framework.json, framework.csv and the crawler files: {path: bytes}."""
    files, address = {}, inputs.site.urls
    data = framework_data(inputs)
    files[address.data("framework.json")] = (json.dumps(data, ensure_ascii=False, sort_keys=True,
                                                        indent=1) + "\n").encode("utf-8")
    files[address.data("framework.csv")] = _matrix_csv(inputs.framework)
    if address.own:  # what follows is the site's, written once with the default language
        return files
    files[".nojekyll"] = b""
    files.update(address.crawler_files(
        [page.key for page in inputs.site.pages if page.kind.in_sitemap],
        tuple(language.tag for language in inputs.languages)))
    return files


def _matrix_csv(framework: Framework) -> bytes:
    rows = [["function_id", "function"] + [level.name for level in framework.levels]]
    for function in framework.functions:
        rows.append([function.id, function.name]
                    + [function.descriptor(level.id) for level in framework.levels])
    return to_csv(rows).encode("utf-8")


# A cell starting with one of these runs as a formula when a spreadsheet opens the file.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_QUOTED = frozenset('",;\r\n')  # ";" too: spreadsheets in many languages split on it


def csv_cell(value) -> str:
    """Return one CSV cell, a would-be formula neutralised by a leading apostrophe.

    The one rule for every CSV the handbook writes: the assessment's export (csvCell in
    theme/scripts/csv.js) applies the same, and tests/test_hardening.py compares the two.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        text = "'" + text
    if CSV_QUOTED.intersection(text):
        text = '"' + text.replace('"', '""') + '"'
    return text


def to_csv(rows: list) -> str:
    """Return rows as CSV text for spreadsheets: a byte-order mark, CRLF line ends."""
    return "\ufeff" + "\r\n".join(",".join(map(csv_cell, row)) for row in rows) + "\r\n"


def brand_css(config: SiteConfig) -> bytes:
    """Return the stylesheet that applies the publisher's colours as custom properties."""
    lines = ["/* Publisher colours from content/site.yaml. */"]
    if config.branding.colours:
        lines.append(":root {")
        lines += [f"  --{name}: {value};" for name, value in config.branding.colours]
        lines.append("}")
    if config.branding.dark_colours:
        lines.append("@media (prefers-color-scheme: dark) {\n  :root {")
        lines += [f"    --{name}: {value};" for name, value in config.branding.dark_colours]
        lines.append("  }\n}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _published(path: Path, of_theme: bool) -> bytes:
    """Return an asset's bytes as published: the theme's stylesheets without their comments."""
    if of_theme and path.suffix == ".css":
        return without_comments(path.read_text(encoding="utf-8")).encode("utf-8")
    return path.read_bytes()


def theme_assets(inputs: Inputs, report: Report) -> dict:
    """Return the theme's assets with the publisher's overrides and logo: {path: bytes}."""
    files = joined_scripts(inputs.theme, inputs.overrides, ASSET_DIR, report)
    for folder in (inputs.theme / ASSET_DIR, inputs.overrides / ASSET_DIR):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    name = path.relative_to(folder).as_posix()
                    files[inputs.site.urls.asset(name)] = _published(path, folder == inputs.theme / ASSET_DIR)
    files[inputs.site.urls.asset("brand.css")] = brand_css(inputs.config)
    content = inputs.overrides.parent
    for asset in inputs.content.assets:
        files[asset] = (content / asset).read_bytes()
    logo = inputs.config.branding.logo
    if logo:
        files[logo] = (content / logo).read_bytes()
    return files

