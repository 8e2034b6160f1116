"""Scoring where you read, in Chromium: a function page's box writes into the assessment the
self-assessment has open (by keyboard and by pointer), the page open beside it shows the change
without a reload and loses nothing, the home page's map marks both by a word and a shape, at 320 px
too; under file:// with a Firefox user agent the box says why it cannot score.
"""
from __future__ import annotations

import json

import pytest

from tests.browser.conftest import expect, load_framework
from tests.conftest import run_build
from tests.gates.checks import _AXE_RUN_JS, _SETTLE_JS, AXE_TAGS, axe_source
from tests.support.browser import keep_local
from tests.support.tools import require_tool

BOX_HEIGHT = "document.querySelector('.inpage').getBoundingClientRect().height"


def ids_of(site) -> tuple:
    """The function ids and level ids of the built site, in the framework's order."""
    framework = load_framework(site)
    return [fn["id"] for fn in framework["functions"]], [level["id"] for level in framework["levels"]]


def page_strings(page) -> dict:
    """The strings the page's script shows."""
    return page.evaluate("JSON.parse(document.getElementById('ui-strings').textContent)")


def score_by_keyboard(page, base: str, function_id: str, current: int, target: int) -> None:
    """Open a function page at its box and choose both levels with the keyboard alone (type-ahead on the positions)."""
    page.goto(f"{base}functions/{function_id}.html#inpage-heading")
    page.wait_for_selector("#inpage-current")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "inpage-current"
    page.keyboard.type(str(current))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "inpage-target"
    page.keyboard.type(str(target))


def score_by_pointer(page, base: str, function_id: str, current: str, target: str) -> None:
    """Open a function page and choose both levels from the lists."""
    page.goto(f"{base}functions/{function_id}.html")
    page.wait_for_selector("#inpage-current")
    page.select_option("#inpage-current", current)
    page.select_option("#inpage-target", target)


def check_level_shown(page, level_id: str) -> None:
    """The box shows the chosen level's signs: a copy of the page's own list, opened after the choice."""
    details = page.locator(".inpage-details")
    expect(details).to_have_attribute("open", "")
    own = page.locator(f"#{level_id}-signs + ul").inner_text()
    assert details.locator("ul").first.inner_text() == own and own.strip()


def check_marked(page, function_id: str, level_id: str, side: str, word: str) -> None:
    """The map's cell holds the word and the side's shape (a round dot today, a square turned into a diamond as target)."""
    mark = page.locator(f'tr[data-function="{function_id}"] td[data-level="{level_id}"] .map-{side}')
    expect(mark).to_have_text(word)
    shape = mark.evaluate("e => { const s = getComputedStyle(e, '::before'); return [s.display, s.borderRadius, s.transform]; }")
    assert shape[0] != "none" and (shape[1] == "50%" if side == "current" else shape[2] != "none"), shape


def test_two_functions_scored_on_their_pages_reach_the_open_assessment_and_the_map(handbook_site, serve_site, open_assessment):
    ids, levels = ids_of(handbook_site)
    base = serve_site(handbook_site)
    beside = open_assessment(base + "assessment.html")
    beside.answer(ids[2], levels[0])  # saved on the assessment page before the function pages change anything
    page = beside.page.context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    score_by_keyboard(page, base, ids[0], 2, 4)
    expect(page.locator(".inpage-status")).to_contain_text(beside.strings()["first_name"])
    check_level_shown(page, levels[1])
    expect(beside.page.locator(f"#current-{ids[0]}-{levels[1]}")).to_be_checked()
    expect(beside.page.locator(f"#target-{ids[0]}-{levels[3]}")).to_be_checked()
    score_by_pointer(page, base, ids[1], levels[0], levels[2])
    expect(beside.page.locator(f"#current-{ids[1]}-{levels[0]}")).to_be_checked()
    expect(beside.page.locator(f"#target-{ids[1]}-{levels[2]}")).to_be_checked()
    assert beside.page.is_checked(f"#current-{ids[2]}-{levels[0]}"), "the assessment page's own answer is kept"
    page.goto(base + "index.html")
    words = page_strings(page)
    for function_id, current, target in ((ids[0], levels[1], levels[3]), (ids[1], levels[0], levels[2])):
        check_marked(page, function_id, current, "current", words["map_today"])
        check_marked(page, function_id, target, "target", words["map_target"])
    beside.page.reload()
    beside.page.wait_for_selector("#results h2")
    assert [beside.page.is_checked(f"#current-{fn}-{lv}") for fn, lv in ((ids[0], levels[1]), (ids[1], levels[0]), (ids[2], levels[0]))] == [True] * 3
    assert beside.names() == [beside.strings()["first_name"]] and errors == [] and beside.errors == []


def test_the_map_follows_a_change_made_in_another_tab(handbook_site, serve_site, open_assessment):
    ids, levels = ids_of(handbook_site)
    base = serve_site(handbook_site)
    beside = open_assessment(base + "assessment.html")
    home = beside.page.context.new_page()
    home.goto(base + "index.html")
    home.wait_for_selector(".fw-map")
    beside.answer(ids[3], levels[2])
    check_marked(home, ids[3], levels[2], "current", page_strings(home)["map_today"])


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("site_name", ["handbook_site", "long_names_site"])
def test_the_box_keeps_its_space_and_the_map_fits(request, site_name, width, serve_site, browser):
    site = request.getfixturevalue(site_name)
    ids, levels = ids_of(site)
    base = serve_site(site)
    context = browser.new_context(viewport={"width": width, "height": 800})
    keep_local(context, "/".join(base.split("/")[:3]))
    try:
        page = context.new_page()
        score_by_pointer(page, base, ids[0], levels[2], levels[3])
        page.route("**/inpage.js", lambda route: route.abort())
        page.reload()
        without = page.evaluate(BOX_HEIGHT)
        page.unroute("**/inpage.js")
        page.reload()
        page.wait_for_selector("#inpage-current")
        assert page.evaluate(BOX_HEIGHT) == without, "the script's content fits the space kept for it"
        page.goto(base + "index.html")
        check_marked(page, ids[0], levels[2], "current", page_strings(page)["map_today"])
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        cell = page.locator(f'tr[data-function="{ids[0]}"] td[data-level="{levels[2]}"] a').bounding_box()
        assert cell["x"] >= 0 and cell["x"] + cell["width"] <= width and cell["width"] >= 24 and cell["height"] >= 24
    finally:
        context.close()


def test_without_the_script_the_box_links_to_the_assessment(handbook_site, serve_site, browser):
    ids, _ = ids_of(handbook_site)
    base = serve_site(handbook_site)
    context = browser.new_context(java_script_enabled=False)
    keep_local(context, "/".join(base.split("/")[:3]))
    try:
        page = context.new_page()
        page.goto(f"{base}functions/{ids[0]}.html")
        link = page.locator(".inpage-body a")
        expect(link).to_have_attribute("href", f"../assessment.html#q-{ids[0]}")
    finally:
        context.close()


def test_firefox_under_file_says_why_it_does_not_score(handbook_site, browser):
    ids, _ = ids_of(handbook_site)
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    context = browser.new_context(user_agent=firefox)
    keep_local(context)
    try:
        page = context.new_page()
        page.goto((handbook_site / "functions" / f"{ids[0]}.html").as_uri())
        expect(page.locator(".inpage-note")).to_contain_text(page_strings(page)["per_file"])
        assert page.locator("#inpage-current").count() == 0
        assert page.locator(".inpage-note a").get_attribute("href") == "../assessment.html"
    finally:
        context.close()


def check_summary(view, answered: str, overall: str) -> None:
    """The summary's figures as the page shows them."""
    expect(view.page.locator("#summary-answered")).to_have_text(answered)
    expect(view.page.locator("#summary-overall")).to_have_text(overall)


def test_the_summary_stays_in_view_beside_the_worksheet_and_jumps_to_a_function(handbook_site, serve_site, open_assessment):
    ids, levels = ids_of(handbook_site)
    base = serve_site(handbook_site)
    view = open_assessment(base + "assessment.html", viewport={"width": 1280, "height": 900})
    view.answer(ids[0], levels[0])
    view.answer(ids[1], levels[2])
    check_summary(view, f"2 of {len(ids)}", f"2.0 of {len(levels)}")
    expect(view.page.locator(f'#summary li[data-level="{levels[2]}"] .summary-count')).to_have_text("1")
    view.page.locator(f"#summary a[href='#q-{ids[-1]}']").click()
    expect(view.page.locator(f"#q-{ids[-1]}")).to_be_in_viewport()
    expect(view.page.locator("#summary-overall")).to_be_in_viewport()
    assert view.errors == []


def fill(text: str, **values) -> str:
    """A string of the page's script with its {placeholders} filled."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


SUMMARY_OFFSETS = """() => { const top = document.getElementById('summary').getBoundingClientRect().top;
  return [...document.querySelectorAll('#summary dd, #summary li')].map(e => e.getBoundingClientRect().top - top); }"""
ROW_OFFSETS = """() => [...document.querySelectorAll('#summary li')].map(li => [...li.children].slice(0, 2).map(
  e => e.getBoundingClientRect().top - li.getBoundingClientRect().top))"""


@pytest.mark.parametrize("site_name", ["handbook_site", "second_site", "long_names_site"])
def test_the_summary_s_figures_move_nothing_when_the_script_writes_them(request, site_name, browser, serve_site, open_assessment):
    # A slow device paints the page as built (a dash for each figure) before its script writes the
    # figures: every line of the box must already be where the figures leave it.
    site = request.getfixturevalue(site_name)
    ids, levels = ids_of(site)
    base = serve_site(site)
    wide = {"width": 1280, "height": 900}
    context = browser.new_context(java_script_enabled=False, viewport=wide)
    try:
        page = context.new_page()
        page.goto(base + "assessment.html")
        as_built = page.evaluate(SUMMARY_OFFSETS)
    finally:
        context.close()
    view = open_assessment(base + "assessment.html", viewport=wide)
    view.answer_all({function_id: (levels[0] if n == 0 else levels[1], levels[-1]) for n, function_id in enumerate(ids)})
    view.page.reload()
    strings = page_strings(view.page)
    check_summary(view, fill(strings["scored_value"], scored=len(ids), total=len(ids)), view.text("#summary-overall"))
    assert view.text("#summary-overall") != strings["none"]
    assert view.page.evaluate(SUMMARY_OFFSETS) == as_built
    # A label is painted while its text still arrives: its count and meter stay on its first line.
    with_labels = view.page.evaluate(ROW_OFFSETS)
    view.page.evaluate("document.querySelectorAll('#summary li > span:last-child').forEach(s => { s.textContent = 'x'; })")
    assert view.page.evaluate(ROW_OFFSETS) == with_labels
    assert view.errors == []


def test_the_summary_is_one_step_away_at_320_px(handbook_site, serve_site, open_assessment):
    ids, levels = ids_of(handbook_site)
    base = serve_site(handbook_site)
    view = open_assessment(base + "assessment.html", viewport={"width": 320, "height": 800})
    view.answer(ids[0], levels[1])
    expect(view.page.locator("#summary-overall")).to_be_hidden()
    view.page.locator("#summary > summary").click()
    check_summary(view, f"1 of {len(ids)}", f"2.0 of {len(levels)}")
    assert view.page.evaluate("document.documentElement.scrollWidth") <= 320
    box = view.page.locator("#summary").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now, in both schemes and both widths."""
    page.add_script_tag(content=axe_source())
    found = []
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
            page.evaluate(_SETTLE_JS)
            found += [f"[{scheme}, {width}px] {v['id']}: {'; '.join(v['nodes'])}" for v in page.evaluate(_AXE_RUN_JS, AXE_TAGS)]
    return found


def test_axe_on_a_scored_function_page_and_the_marked_map(handbook_site, serve_site, browser):
    require_tool("axe-core")
    ids, levels = ids_of(handbook_site)
    base = serve_site(handbook_site)
    # axe is injected as a script, which the pages' own CSP rightly forbids.
    context = browser.new_context(bypass_csp=True)
    keep_local(context, "/".join(base.split("/")[:3]))
    try:
        page = context.new_page()
        score_by_pointer(page, base, ids[0], levels[1], levels[2])
        expect(page.locator(".inpage-details")).to_have_attribute("open", "")
        assert axe_violations(page) == []
        page.goto(base + "index.html")
        page.wait_for_selector(".map-current.is-on")
        assert axe_violations(page) == []
    finally:
        context.close()


def test_a_first_answer_beside_an_untouched_assessment_page_leaves_one_assessment(handbook_site, serve_site, open_assessment):
    ids, levels = ids_of(handbook_site)
    base = serve_site(handbook_site)
    beside = open_assessment(base + "assessment.html")  # its first assessment is shown, not saved yet
    page = beside.page.context.new_page()
    score_by_pointer(page, base, ids[4], levels[3], levels[3])
    expect(beside.page.locator(f"#current-{ids[4]}-{levels[3]}")).to_be_checked()
    assert beside.names() == [beside.strings()["first_name"]]
    assert len(next(iter(beside.stored().values()))["assessments"]) == 1


def old_store(framework: dict, ids: list, levels: list) -> dict:
    """A store whose one assessment was made under an earlier release that had a function since removed."""
    answer = {"current": levels[0], "target": levels[1], "note": ""}
    return {"schema": 1, "current": "oldone", "assessments": {"oldone": {
        "format": "partnering-handbook-assessment", "schema": 1, "framework": {"id": framework["id"], "version": "0.0.1"},
        "id": "oldone", "name": "Made earlier", "created": "2025-01-01T00:00:00.000Z", "updated": "2025-01-02T00:00:00.000Z",
        "answers": {"a-removed-function": answer, ids[0]: answer}}}}


def test_an_upgraded_assessment_is_reviewed_on_the_assessment_page_first(handbook_site, serve_site, open_assessment):
    framework = load_framework(handbook_site)
    ids, levels = ids_of(handbook_site)
    base = serve_site(handbook_site)
    beside = open_assessment(base + "assessment.html")
    key = f"partnering-handbook:v1:{framework['id']}:{base[base.index('/', len('http://')):]}"
    beside.page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(old_store(framework, ids, levels))])
    beside.page.reload()
    beside.page.wait_for_selector("#results h2")
    page = beside.page.context.new_page()
    page.goto(f"{base}functions/{ids[1]}.html")
    expect(page.locator(".inpage-note")).to_contain_text(page_strings(page)["review"])
    beside.answer(ids[2], levels[2])  # working on it there sets the removed function's answer aside
    page.select_option("#inpage-current", levels[3])
    expect(beside.page.locator(f"#current-{ids[1]}-{levels[3]}")).to_be_checked()
    assert beside.page.is_checked(f"#current-{ids[2]}-{levels[2]}") and beside.names() == ["Made earlier"]


def many_levels(count: int) -> dict:
    """A project's framework of one function at ``count`` levels (l1 … lN), on the tests' minimal project."""
    levels = "".join(f"  - id: l{n}\n    name: Level number {n}\n    summary: Level {n}.\n" for n in range(1, count + 1))
    descriptors = "".join(f"  l{n}: Descriptor {n}\n" for n in range(1, count + 1))
    sections = "".join(f"## Level number {n} {{#l{n}}}\n\nAt {n}.\n\n### Signs {{#l{n}-signs}}\n\n- sign {n}\n\n"
                       for n in range(1, count + 1))
    return {"content/functions/alpha.md": "Alpha.\n\n" + sections,"framework/framework.yaml": "id: many\ntitle: Many levels\nversion: \"1.0\"\ndescription: Many.\n"
                                        f"levels:\n{levels}functions:\n  - alpha\n",
            "framework/functions/alpha.yaml": f"id: alpha\nname: Alpha\nsummary: The one.\ndescriptors:\n{descriptors}"}


def test_the_map_of_many_levels_scrolls_in_its_box_at_320_px(make_project, serve_site, browser):
    project = make_project(many_levels(6))
    result = run_build("--project", project, "--out", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    base = serve_site(project / "site")
    context = browser.new_context(viewport={"width": 320, "height": 800})
    keep_local(context, "/".join(base.split("/")[:3]))
    try:
        page = context.new_page()
        score_by_pointer(page, base, "alpha", "l6", "l6")
        page.goto(base + "index.html")
        check_marked(page, "alpha", "l6", "current", page_strings(page)["map_today"])
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        region = page.locator(".fw-map-wrap")
        assert region.evaluate("e => e.scrollWidth > e.clientWidth") and region.get_attribute("tabindex") == "0"
    finally:
        context.close()
