"""The build pipeline: load config, framework and content; check; render; write."""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib.util
import sys
import time
from dataclasses import field, replace
from pathlib import Path
from types import MappingProxyType

from .assets import check_published_files
from .config import CONFIG_PATH, check_page_links, load_config
from .content import Loading, content_files, load_content, load_translation
from .framework_texts import check_translation_files, load_framework_texts
from .framework import load_framework, report_unlisted
from .frozen import freeze
from .markdown import make_parser
from .output import Staging, check_output
from .problems import Report
from .records import dataclass
from .sources import Project
from .strings import load_strings
from .urls import Urls
from .releases import check_releases
from .version import check_generator


@functools.cache
def installed_theme() -> Path:
    """Return the folder of the installed theme, the package handbook.theme.

    Looked up when a build needs it, not at import: build.py names its checkout's own theme/,
    so a checkout builds wherever its libraries are installed, with or without the package.
    """
    # pyproject.toml maps the repository's theme/ folder to that package: in an editable
    # install it is that folder (edits show at once), in a wheel a folder inside the package.
    # Its spec names the folder without importlib.resources, which (with zipfile) cost every
    # run a few milliseconds of start-up.
    spec = importlib.util.find_spec("handbook.theme")
    if spec is not None and spec.submodule_search_locations:
        return Path(spec.submodule_search_locations[0])
    print("error: the generator's theme is not installed (an editable install made before "
          "version 1.0.0 does not know it); run  pip install -e .  again in the "
          "repository", file=sys.stderr)
    raise SystemExit(2)


def __getattr__(name: str):
    if name == "THEME":  # the installed theme, as this module's constant (looked up when read)
        return installed_theme()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Options:
    """What a build was asked to do."""

    project: Path
    out: Path | None = None
    base_url: str = ""
    strict: bool = False
    dev: str = ""  # under serve: the origin of its reload socket, allowed by the pages' CSP
    theme: Path = field(default_factory=installed_theme)
    display_root: Path | None = None


class Cache:
    """What a long-running process keeps between builds: documents, link verdicts, pages.

    Each entry is found again only from inputs equal to those that produced it (the same file
    bytes, the same site plan, the same templates; handbook/incremental.py says what a page
    reads), so a cached build writes the same bytes as a clean one; tests/test_serve.py checks
    that byte for byte.
    """

    def __init__(self):
        # Imported here: only serve keeps a cache, and a single build need not load the module.
        from .incremental import DocCache, Incremental, LinkVerdicts

        self.parser = make_parser()
        self.docs = DocCache()
        self.links = LinkVerdicts()
        self.pages = Incremental()
        self._languages: dict = {}

    def language(self, language: str) -> "Cache":
        """Return the cache of another language's pages, made on first use."""
        if language not in self._languages:
            self._languages[language] = Cache()
            self._languages[language].parser = self.parser
        return self._languages[language]


@dataclass
class Result:
    """The outcome of a build: its problems, and its files when rendering succeeded."""

    report: Report
    files: dict = field(default_factory=dict)
    pages: int = 0
    seconds: float = 0.0
    notes: list = field(default_factory=list)  # said once after a build, never a problem

    def failed(self, strict: bool) -> bool:
        return self.report.failed(strict)


def gather(options: Options, report: Report, cache: Cache | None = None) -> Inputs | None:
    """Load and check everything; return the render inputs, or None when unusable."""
    project = Project(options.project, options.display_root)
    if not check_generator(project, CONFIG_PATH, report):
        return None  # a project for another version: its other problems would mislead
    config = load_config(project, report)
    md = make_parser() if cache is None else cache.parser
    if cache is not None:
        cache.docs.begin()
    framework = load_framework(project, report)
    # Then the Markdown: a large build parses it in a second process from here on (and splits
    # the function files by the framework's levels), while this one imports the renderer,
    # compares the project's schema copies and reads the strings.
    loading = Loading(project, content_files(project, report, tuple(t.language for t in config.translations)),
                      md, None if cache is None else cache.docs, framework)
    try:
        _while_parsing(project, report)
        strings = load_strings(project, options.theme, config.language, report, config.language_line)
        content = load_content(project, framework, md, report, loading=loading)
    finally:
        loading.close()
    from .overrides import check_overrides
    from .render import Inputs
    from .site import check_links, plan_site

    check_published_files(project, content.assets, config.branding.logo, report)
    check_overrides(project, project.root / "content" / "overrides", report)
    if framework is None:
        return None
    framework = replace(framework, releases=freeze(check_releases(project, framework, report)))
    urls = Urls.of(config, options.base_url)
    site = plan_site(framework, content, strings, urls)
    linked = check_links(site, content, report, None if cache is None else cache.links)
    report_unlisted(framework.unlisted, linked, report)
    check_page_links(config, site, content.assets, report)
    inputs = Inputs(framework, config, content, site, strings, options.theme,
                    project.root / "content" / "overrides", urls.base_url, options.dev)
    return _with_translations(project, options, inputs, md, report, cache)


def _while_parsing(project: Project, report: Report) -> None:
    """Import the rendering stage (Jinja2 and the modules on it, a sixth of a small build) and
    compare the project's schema copies (which loads json).

    Done here, not at the top of this module or before the Markdown, so that a large build does
    it while its second process parses the Markdown (content.Loading).
    """
    from . import overrides, render, site  # noqa: F401
    from .schema import check_schema_copies

    check_schema_copies(project, report)


def _with_translations(project: Project, options: Options, inputs: Inputs, md, report: Report,
                       cache: Cache | None) -> Inputs:
    """Return the default language's inputs holding every other language's, each knowing all."""
    from .render import Language

    config = inputs.config
    check_translation_files(project, tuple(t.language for t in config.translations), report,
                            config.language)
    others = tuple(_translation(project, options, inputs, entry, md, report,
                                None if cache is None else cache.language(entry.language))
                   for entry in config.translations)
    languages = tuple(Language(each.config.language, each.strings.get("language_name") or
                               each.config.language, each.config.direction)
                      for each in (inputs,) + others)
    return replace(inputs, languages=languages,
                   translations=tuple(replace(other, languages=languages) for other in others))


def _translation(project: Project, options: Options, default: Inputs, entry, md, report: Report,
                 cache: Cache | None) -> Inputs:
    """Gather one other language: its strings, framework texts and pages over the default's."""
    from .site import check_links, plan_site

    language, config = entry.language, default.config
    strings = load_strings(project, options.theme, language, report, config.language_line)
    framework = load_framework_texts(project, default.framework, language, report)
    if cache is not None:
        cache.docs.begin()
    content = load_translation(project, framework, md, report, default.content, language,
                               None if cache is None else cache.docs)
    urls = Urls.of(config, options.base_url, language)
    site = plan_site(framework, content, strings, urls, translation=True)
    own = replace(content, docs=MappingProxyType({key: doc for key, doc in content.docs.items()
                                                  if key not in content.fallbacks
                                                  and doc is not default.content.docs.get(key)}),
                  glossary=() if content.glossary is default.content.glossary else content.glossary)
    check_links(site, own, report, None if cache is None else cache.links)
    return replace(default, framework=framework, content=content, site=site, strings=strings,
                   config=replace(config, language=language, direction=entry.direction))


def render(options: Options, inputs: Inputs, report: Report, cache: Cache | None = None,
           staging: Staging | None = None) -> dict:
    """Render every output file; report template problems instead of raising.

    With staging, pages rendered in two processes are written there as they are made and are
    not in the returned files (render.render_site).
    """
    from .render import TemplateProblem, make_environment, render_site, theme_assets

    project = Project(options.project, options.display_root)
    try:
        files = {}
        env = make_environment(inputs.theme, inputs.overrides) if cache is None else None
        for each in (inputs,) + inputs.translations:
            if cache is None:
                files.update(render_site(each, env, staging))
            else:
                own = cache if each is inputs else cache.language(each.language)
                files.update(own.pages.render(each))
    except TemplateProblem as problem:
        report.error(project.show(Path(problem.path)) if problem.path else "theme", problem.line,
                     problem.message)
        return {}
    files.update(theme_assets(inputs, report))
    return files


def build(options: Options, cache: Cache | None = None) -> Result:
    """Run the whole pipeline; write the output only when nothing failed.

    A long-running caller (serve) passes the same cache to every build to skip unchanged work.
    """
    with _no_cycle_collection():
        return _build(options, cache)


@contextlib.contextmanager
def _no_cycle_collection():
    """Pause Python's cycle collector during a build, then restore it.

    A build makes millions of small objects (tokens, pages) that all live until its end; the
    collector kept scanning them and took a fifth of a 1,000-page build while finding almost
    nothing to free (reference counting frees the rest). Peak memory was the same without it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(options: Options, cache: Cache | None) -> Result:
    started = time.perf_counter()
    report = Report()
    if options.out is not None:
        check_output(options.out, options.project)
    inputs = gather(options, report, cache)
    result = Result(report)
    if inputs is None or report.errors:
        return _finish(result, started)
    staging = Staging(options.out) if options.out is not None else None
    try:
        result.files = render(options, inputs, report, cache, staging)
        result.pages = sum(len(each.site.pages) for each in (inputs,) + inputs.translations)
        if staging is not None and result.files and not report.failed(options.strict):
            staging.commit(result.files)
            if not inputs.base_url:
                from .render import NO_BASE_URL_NOTE
                result.notes.append(NO_BASE_URL_NOTE)
            result.notes += _stale_notes(inputs)
    finally:
        if staging is not None:
            staging.discard()
    return _finish(result, started)


def _stale_notes(inputs: Inputs) -> list:
    """Say, per language, how many translated pages are out of date: a notice, never a problem."""
    notes = []
    for other in inputs.translations:
        count = len(other.content.stale)
        if count == 1:
            notes.append(f"1 translated page in {other.language} is out of date with its source; "
                         "its readers see a notice, and build.py translations shows what changed")
        elif count:
            notes.append(f"{count} translated pages in {other.language} are out of date with their "
                         "sources; their readers see a notice, and build.py translations shows "
                         "what changed")
    return notes


def _finish(result: Result, started: float) -> Result:
    result.seconds = time.perf_counter() - started
    return result
