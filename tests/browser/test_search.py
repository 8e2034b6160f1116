"""Search and "On this page" in Chromium, as a reader uses them: with the keyboard only, over
http under a sub-path and from file://, and without JavaScript."""
from __future__ import annotations

import pytest

from tests.browser.conftest import expect
from tests.support.browser import keep_local

# A word from the middle of a function's page (its pitfalls), found in no other section.
WORD, TYPO = "lawyering", "lawyerng"
PAGE, ANCHOR = "functions/agreement.html", "pitfalls"


def _open(browser, url: str, **options):
    """Open url in a fresh context that lets no request leave the site; return (page, left, errors)."""
    context = browser.new_context(**options)
    left: list[str] = []
    keep_local(context, "/".join(url.split("/")[:3]) if url.startswith("http") else None, left)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(url)
    return page, left, errors


@pytest.fixture(params=["http", "file"])
def home_url(request, handbook_site, serve_site):
    """The home page, served under /handbook/ or opened from disk."""
    if request.param == "http":
        return serve_site(handbook_site) + "index.html"
    return (handbook_site / "index.html").as_uri()


def _box(page):
    """The search box (the self-assessment's select is a combobox too)."""
    return page.get_by_role("combobox", name="Search the handbook")


def _search_with_keys(page, query: str) -> None:
    """Focus the box with "/", type the query and wait for the results."""
    page.keyboard.press("/")
    box = _box(page)
    expect(box).to_be_focused()
    page.keyboard.type(query)
    expect(box).to_have_attribute("aria-expanded", "true")


@pytest.mark.parametrize("query", [WORD, TYPO])
def test_the_keyboard_reaches_the_heading_of_a_word_from_the_middle_of_a_page(browser, home_url, query):
    page, left, errors = _open(browser, home_url)
    _search_with_keys(page, query)
    first = page.get_by_role("option").first
    expect(first.locator(".search-where")).to_contain_text("Agreement")
    expect(first.locator("mark").first).to_have_text(WORD, ignore_case=True)
    page.keyboard.press("ArrowDown")
    box = _box(page)
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{PAGE}#{ANCHOR}")
    expect(page.locator(f"#{ANCHOR}")).to_be_in_viewport()
    assert left == [] and errors == []
    page.context.close()


def test_the_box_announces_its_results_and_escape_closes_them(browser, handbook_site, serve_site):
    page, left, errors = _open(browser, serve_site(handbook_site) + PAGE)
    _search_with_keys(page, WORD)
    expect(page.locator(".search [aria-live]")).to_have_text("1 result")
    page.keyboard.press("Escape")
    box = _box(page)
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".search-popup")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(box).to_have_value("")
    page.keyboard.type("zzzqqq")
    expect(page.locator(".search [aria-live]")).to_have_text("No results for zzzqqq")
    assert left == [] and errors == []
    page.context.close()


def test_slash_is_typed_in_a_field_not_taken_as_the_shortcut(browser, handbook_site, serve_site):
    page, _, errors = _open(browser, serve_site(handbook_site) + "assessment.html")
    field = page.locator("textarea").first
    field.focus()
    page.keyboard.press("/")
    expect(field).to_have_value("/")
    expect(_box(page)).not_to_be_focused()
    assert errors == []
    page.context.close()


def test_the_search_loads_nothing_until_the_box_is_used(browser, handbook_site, serve_site):
    page, _, _ = _open(browser, serve_site(handbook_site) + PAGE)
    loaded = lambda: [url for url in page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
                      if any(name in url for name in ("search-index", "search-text", "minisearch"))]
    assert loaded() == []
    _search_with_keys(page, WORD)
    assert len(loaded()) == 3
    page.context.close()


def test_the_results_wait_for_their_snippets_while_the_engine_is_built_without_them(
        browser, handbook_site, serve_site):
    page, left, errors = _open(browser, serve_site(handbook_site) + PAGE)
    held = []
    page.route("**/assets/search-text.js", lambda route: held.append(route))  # answered once the engine is built
    page.keyboard.press("/")
    page.keyboard.type(WORD)
    # The list's script defines attachSearch and, in the same run, builds the engine.
    page.wait_for_function("() => Boolean(globalThis.PartneringHandbook.attachSearch)")
    assert len(held) == 1 and page.evaluate("typeof globalThis.PartneringHandbook.searchText") == "undefined"
    results = page.get_by_role("listbox", name="Search results", include_hidden=True)
    expect(results.get_by_role("option", include_hidden=True)).to_have_count(0)
    held[0].continue_()
    expect(results.get_by_role("option").first.locator(".search-snippet mark").first).to_have_text(WORD, ignore_case=True)
    expect(_box(page)).to_have_attribute("aria-expanded", "true")
    assert left == [] and errors == []
    page.context.close()


def test_without_javascript_the_form_leads_to_the_whole_handbook(browser, home_url):
    page, left, _ = _open(browser, home_url, java_script_enabled=False)
    expect(_box(page)).to_be_hidden()
    link = page.get_by_role("search").get_by_role("link")
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/print.html")
    assert left == []
    page.context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_on_this_page_marks_the_section_in_view(browser, handbook_site, serve_site, width):
    page, _, errors = _open(browser, serve_site(handbook_site) + PAGE,
                            viewport={"width": width, "height": 800})
    toc = page.get_by_role("navigation", name="On this page")
    if width < 1000:  # folded above the text on a narrow screen
        expect(toc.locator("details")).not_to_have_attribute("open", "")
        toc.locator("summary").click()
    link = toc.locator(f"a[href='#{ANCHOR}']")
    expect(link).to_be_visible()
    page.locator(f"#{ANCHOR}").scroll_into_view_if_needed()
    page.evaluate(f"document.getElementById('{ANCHOR}').scrollIntoView({{block: 'start'}})")
    expect(link).to_have_attribute("aria-current", "location")
    expect(toc.locator("a[aria-current]")).to_have_count(1)
    assert errors == []
    page.context.close()


def test_on_this_page_is_a_list_of_links_without_javascript(browser, handbook_site, serve_site):
    page, _, _ = _open(browser, serve_site(handbook_site) + PAGE, java_script_enabled=False,
                       viewport={"width": 1280, "height": 800})
    toc = page.get_by_role("navigation", name="On this page")
    link = toc.locator(f"a[href='#{ANCHOR}']")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(f"**/{PAGE}#{ANCHOR}")
    expect(page.locator(f"#{ANCHOR}")).to_be_in_viewport()
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_nothing_with_the_results_open_and_one_chosen(browser, handbook_site, serve_site, width, scheme):
    from tests.gates.checks import _AXE_RUN_JS, AXE_TAGS, axe_source

    # bypass_csp: axe is injected as a script, which the site's own CSP rightly forbids.
    page, _, _ = _open(browser, serve_site(handbook_site) + PAGE, bypass_csp=True,
                       viewport={"width": width, "height": 800}, color_scheme=scheme)
    _search_with_keys(page, "partner")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    page.add_script_tag(content=axe_source())
    assert page.evaluate(_AXE_RUN_JS, AXE_TAGS) == []
    page.context.close()


def test_the_not_found_page_at_any_depth_leads_to_the_result(browser, handbook_site, serve_site):
    """The 404 page is served at any depth and links from the base path: so do its results."""
    page, left, errors = _open(browser, serve_site(handbook_site) + "a/b/missing.html")
    _search_with_keys(page, WORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/handbook/{PAGE}#{ANCHOR}")
    assert left == []
    page.context.close()
