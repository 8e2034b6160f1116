"""Live reload in Chromium: a page left open reloads by itself after each save, under its CSP.

Each test opens a page served by a real `build.py serve` (a copy of the handbook in a temporary
folder, at / and under a sub-path), saves a file and waits (up to 10 s) for the same page to
show the change, or the build's problems, by itself.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, write_project
from tests.gates.checks import AXE_TAGS, axe_source
from tests.support.browser import keep_local
from tests.support.dev_server import DevServer
from tests.support.tools import require_tool

WAIT_MS = 10_000
PAGE = "functions/agreement.html"
GUIDANCE = "content/functions/agreement.md"
FIRST_SENTENCE = "The agreement is the written record"
BASES = {"at-root": [], "under-a-sub-path": ["--base-url", "https://example.org/handbook/"]}
TEMPLATE = "content/overrides/templates/pager.html"
MARKER = '<p class="live-marker">Template marker one</p>\n'
OVERLAY = "#handbook-dev-overlay"
NAVIGATION_TYPE = "() => performance.getEntriesByType('navigation')[0].type"


@pytest.fixture(scope="module", params=list(BASES))
def live(request, tmp_path_factory):
    """A running `build.py serve` of a copy of the handbook with one template override."""
    project = tmp_path_factory.mktemp("live") / "project"
    for folder in ("content", "framework"):
        shutil.copytree(REPO / folder, project / folder)
    template = project / TEMPLATE
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text(MARKER + (REPO / "theme/templates/pager.html").read_text("utf-8"),
                        encoding="utf-8")
    server = DevServer(project, *BASES[request.param])
    assert server.url.endswith("/handbook/" if BASES[request.param] else ":%d/" % server.port)
    yield project, server
    assert not server.stop(), "serve left its temporary folder behind"


class LivePage:
    """A page open in its own browser context, with the console problems it logged."""

    def __init__(self, browser, server: DevServer, path: str = PAGE, **options):
        from playwright.sync_api import expect

        self.expect = expect
        self.context = browser.new_context(**options)
        keep_local(self.context, "/".join(server.url.split("/")[:3]))
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.problems.append(
            message.text))
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.goto(server.url + path)
        # The page is live once its socket brought the first status from the server.
        self.page.wait_for_selector("html[data-dev-build]", state="attached", timeout=WAIT_MS)

    def shows(self, text: str) -> None:
        """Wait until the page's main content holds text."""
        self.expect(self.page.locator("main")).to_contain_text(text, timeout=WAIT_MS)

    def navigation(self) -> str:
        return self.page.evaluate(NAVIGATION_TYPE)

    def overlay(self):
        return self.page.locator(OVERLAY)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser, live):
    """Factory: open_page(path=PAGE, **context options) -> a LivePage, closed afterwards."""
    pages = []

    def open_(path: str = PAGE, **options) -> LivePage:
        pages.append(LivePage(browser, live[1], path, **options))
        return pages[-1]

    yield open_
    for page in pages:
        page.close()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("edit", ["content", "framework YAML", "template"])
def test_the_open_page_reloads_by_itself_after_a_save(live, open_page, edit):
    project, _ = live
    view = open_page()
    text = f"Edited live: {edit}"
    if edit == "content":
        _replace(project / GUIDANCE, FIRST_SENTENCE, f"{text}. {FIRST_SENTENCE}")
    elif edit == "framework YAML":
        # a level's name, shown in the page's table: rewording a descriptor would rightly warn
        # (framework/releases/ holds this version's wording) over every later page of the module
        _replace(project / "framework/framework.yaml", "name: Proactive\n",
                 f'name: "Proactive {text}"\n')
    else:
        _replace(project / TEMPLATE, "Template marker one", text)
    view.shows(text)
    assert view.navigation() == "reload"
    assert view.page.url.endswith(PAGE)
    assert view.problems == []


def test_a_bad_save_shows_the_overlay_and_the_fix_reloads_the_page(live, open_page):
    project, _ = live
    view = open_page()
    view.page.focus(".site-title")
    _replace(project / GUIDANCE, FIRST_SENTENCE, f"See [nowhere](nowhere.md). {FIRST_SENTENCE}")
    overlay = view.overlay()
    view.expect(overlay).to_be_visible(timeout=WAIT_MS)
    view.expect(overlay).to_have_attribute("role", "alert")
    view.expect(overlay).to_contain_text(f"{GUIDANCE}:4: ")
    view.expect(overlay).to_contain_text('"nowhere.md" leads to no page')
    assert view.navigation() == "navigate", "the overlay came by a reload"
    assert view.page.evaluate("document.activeElement.classList.contains('site-title')"), \
        "the overlay took the focus"
    overlay.get_by_role("button", name="Dismiss").click()
    view.expect(overlay).to_have_count(0)
    with view.page.expect_navigation(timeout=WAIT_MS):
        _replace(project / GUIDANCE, "See [nowhere](nowhere.md). ", "")
    view.expect(overlay).to_have_count(0)
    assert view.navigation() == "reload"
    assert view.problems == []


def test_warnings_show_as_failing_strict_and_go_when_fixed(live, open_page):
    project, _ = live
    view = open_page()
    _replace(project / GUIDANCE, "---\ndescription:", "---\ndescriptio: typo\ndescription:")
    overlay = view.overlay()
    view.expect(overlay).to_be_visible(timeout=WAIT_MS)
    view.expect(overlay).to_have_attribute("role", "status")
    view.expect(overlay).to_contain_text("The build succeeded, with warnings.")
    view.expect(overlay).to_contain_text(
        "Warnings: build.py --strict and the pull-request check fail on these")
    view.expect(overlay).to_contain_text(f"{GUIDANCE}:2: warning: descriptio: unknown key")
    _replace(project / GUIDANCE, "descriptio: typo\n", "")
    view.expect(overlay).to_have_count(0, timeout=WAIT_MS)
    assert view.problems == []


def test_the_overlay_passes_axe_in_light_and_dark(live, open_page):
    require_tool("axe-core")
    project, _ = live
    guidance = project / GUIDANCE
    good = guidance.read_text(encoding="utf-8")
    guidance.write_text(good.replace("---\ndescription:", "---\ndescriptio: typo\ndescription:")
                        .replace(FIRST_SENTENCE, f"See [nowhere](nowhere.md). {FIRST_SENTENCE}"),
                        encoding="utf-8")
    try:
        # bypass_csp: axe is injected as a script, which the page's CSP rightly refuses.
        view = open_page(bypass_csp=True)
        overlay = view.overlay()
        view.expect(overlay).to_contain_text("descriptio", timeout=WAIT_MS)
        view.expect(overlay).to_contain_text("nowhere.md", timeout=WAIT_MS)
        view.page.add_script_tag(content=axe_source())
        for scheme in ("light", "dark"):
            view.page.emulate_media(color_scheme=scheme)
            violations = view.page.evaluate(
                "async tags => (await axe.run({include: [['#handbook-dev-overlay']]}, {runOnly: "
                "{type: 'tag', values: tags}, resultTypes: ['violations']})).violations.map("
                "v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))", AXE_TAGS)
            assert violations == [], scheme
    finally:
        guidance.write_text(good, encoding="utf-8")


def test_before_any_good_build_the_waiting_page_shows_the_problems_then_the_site(browser,
                                                                                tmp_path):
    project = write_project(tmp_path / "project", {"content/index.md": "---\ntitle: [\n---\n"})
    server = DevServer(project)
    try:
        view = LivePage(browser, server, "")
        overlay = view.overlay()
        view.expect(overlay).to_contain_text("there are no pages to show yet", timeout=WAIT_MS)
        view.expect(overlay).to_contain_text("project/content/index.md:3:1: front matter: YAML")
        with view.page.expect_navigation(timeout=WAIT_MS):
            write_project(project, {})
        view.expect(view.page.locator("main")).to_contain_text("Welcome to the")
        view.expect(overlay).to_have_count(0)
        # The waiting page itself answers 404, which Chromium logs; nothing else may be logged.
        assert [problem for problem in view.problems if "404" not in problem] == []
        view.close()
    finally:
        assert not server.stop(), "serve left its temporary folder behind"
