"""The build pipeline: load config, framework and content; check; render; write."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .config import load_config, load_strings
from .content import load_content
from .framework import load_framework
from .markdown import make_parser
from .output import check_output, write_site
from .problems import Report
from .render import Inputs, TemplateProblem, install_rules, make_environment, render_site, theme_assets
from .site import check_links, plan_site
from .sources import Project
from .releases import check_releases

THEME = Path(__file__).resolve().parent.parent / "theme"


@dataclass(frozen=True)
class Options:
    """What a build was asked to do."""

    project: Path
    out: Path | None = None
    base_url: str = ""
    strict: bool = False
    dev: bool = False
    theme: Path = THEME
    display_root: Path | None = None


@dataclass
class Result:
    """The outcome of a build: its problems, and its files when rendering succeeded."""

    report: Report
    files: dict = field(default_factory=dict)
    pages: int = 0
    seconds: float = 0.0

    def failed(self, strict: bool) -> bool:
        return self.report.failed(strict)


def gather(options: Options, report: Report) -> Inputs | None:
    """Load and check everything; return the render inputs, or None when unusable."""
    project = Project(options.project, options.display_root)
    config = load_config(project, report)
    strings = load_strings(project, options.theme, config.language, report)
    framework = load_framework(project, report)
    md = make_parser()
    content = load_content(project, framework, md, report)
    if framework is None:
        return None
    check_releases(project, framework, report)
    site = plan_site(framework, content, strings)
    check_links(site, content, report)
    base_url = options.base_url or config.base_url
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return Inputs(framework, config, content, site, strings, options.theme,
                  project.root / "content" / "overrides", base_url, options.dev)


def render(options: Options, inputs: Inputs, report: Report) -> dict:
    """Render every output file; report template problems instead of raising."""
    md = make_parser()
    install_rules(md)
    env = make_environment(inputs.theme, inputs.overrides)
    project = Project(options.project, options.display_root)
    try:
        files = render_site(inputs, md, env)
    except TemplateProblem as problem:
        report.error(project.show(Path(problem.path)) if problem.path else "theme", problem.line,
                     problem.message)
        return {}
    files.update(theme_assets(inputs, report))
    return files


def build(options: Options) -> Result:
    """Run the whole pipeline; write the output only when nothing failed."""
    started = time.perf_counter()
    report = Report()
    if options.out is not None:
        check_output(options.out, options.project)
    inputs = gather(options, report)
    result = Result(report)
    if inputs is None or report.errors:
        return _finish(result, started)
    result.files = render(options, inputs, report)
    result.pages = len(inputs.site.pages)
    if options.out is not None and result.files and not report.failed(options.strict):
        write_site(options.out, result.files)
    return _finish(result, started)


def _finish(result: Result, started: float) -> Result:
    result.seconds = time.perf_counter() - started
    return result
