"""One self-assessment across the languages of a handbook, as a reader meets it in Chromium.

The second framework is built in German (its default, at the root) and English (under en/), the
handbook in English and German (under de/): an assessment begun in German is finished in English,
exported there, and imported on the German compare page with every figure equal; a share link made
in German opens in English.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import load_framework
from tests.browser.test_compare import (Page, expected_comparison, exported, level_text,  # noqa: F401
                                        new_context, signed, write_json)

def plans(framework: dict) -> tuple[dict, dict]:
    """Two assessments {function id: (current, target)} of levels only, differing somewhere."""
    levels = [level["id"] for level in framework["levels"]]
    ids = [function["id"] for function in framework["functions"]]
    mine = {fid: (levels[i % len(levels)], levels[-1]) for i, fid in enumerate(ids)}
    theirs = {fid: (levels[(i + 1) % len(levels)], levels[(i + 2) % len(levels)]) for i, fid in enumerate(ids)}
    return mine, theirs


def answer(view: Page, plan: dict) -> None:
    for fid, (current, target) in plan.items():
        view.page.check(f"#current-{fid}-{current}")
        view.page.check(f"#target-{fid}-{target}")


def switch_language(view: Page, language: str) -> None:
    """Follow the header's language switcher, as a reader does."""
    view.page.locator(f"nav.languages a[hreflang={language}]").click()
    view.page.wait_for_selector("#results h2")
    assert view.page.locator("html").get_attribute("lang") == language


def check_figures(view: Page, framework: dict, a: dict, b: dict) -> None:
    """Check the comparison's figures against the formulas computed in Python, in any language."""
    want = expected_comparison(framework, a, b)
    for side in ("current", "target"):
        assert float(view.page.get_attribute(f"#alignment-{side}", "value")) == pytest.approx(want[side]["value"])
        assert view.text(f"#alignment-{side}").replace("\u00a0", " ") == f"{want[side]['percent']} %"
    table = view.rows("#compare-table", "td")
    for fid, (now, goal) in want["rows"].items():
        cells = table[fid]
        assert cells[:3] == [level_text(framework, a[fid][0]), level_text(framework, b[fid][0]), signed(now)], fid
        assert cells[3:6] == [level_text(framework, a[fid][1]), level_text(framework, b[fid][1]), signed(goal)], fid
    assert view.ids("#talk-list li") == want["talk"]


# (site fixture, its base path, the first language's folder and tag, the second's): the second
# framework begins in its default language, German; the handbook in its translation, German too.
JOURNEYS = [("second_site", "kooperation", "", "de", "en/", "en"),
            ("handbook_site", "handbook", "de/", "de", "", "en")]


@pytest.mark.parametrize("site_name, prefix, first, first_language, second, second_language", JOURNEYS,
                         ids=["second", "handbook"])
def test_an_assessment_begun_in_one_language_is_finished_exported_and_compared_in_another(
        request, site_name, prefix, first, first_language, second, second_language, serve_site, new_context,
        tmp_path):
    site = request.getfixturevalue(site_name)
    framework, other = (json.loads((site / folder / "framework.json").read_text()) for folder in (first, second))
    assert [f["id"] for f in framework["functions"]] == [f["id"] for f in other["functions"]]
    assert framework["functions"][0]["name"] != other["functions"][0]["name"], "the texts are translated"
    mine, theirs = plans(framework)
    ids = list(mine)
    half = {fid: mine[fid] for fid in ids[:len(ids) // 2]}
    rest = {fid: mine[fid] for fid in ids[len(ids) // 2:]}
    base = serve_site(site, prefix=prefix)
    context = new_context(base)
    view = Page(context, base + first + "assessment.html", "#results h2")
    answer(view, half)
    switch_language(view, second_language)
    assert view.page.url == base + second + "assessment.html"
    for fid, (current, target) in half.items():  # one store for every language of the handbook
        assert view.page.is_checked(f"#current-{fid}-{current}") and view.page.is_checked(f"#target-{fid}-{target}")
    assert view.page.locator(".upgrade-notice").count() == 0, "a translated descriptor is no rewording"
    answer(view, rest)
    with view.page.expect_download() as info:
        view.page.get_by_role("button", name=view.strings()["export_json"], exact=True).click()
    export = Path(info.value.path())
    assert json.loads(export.read_text())["answers"][ids[0]]["current"] == mine[ids[0]][0]
    compare = Page(context, base + first + "compare.html", "#compare-a")
    assert compare.page.locator("html").get_attribute("lang") == first_language
    compare.page.set_input_files("#compare-file-a", str(export))
    compare.page.set_input_files("#compare-file-b", str(write_json(tmp_path, "b.json", exported(framework, "Partner", theirs))))
    compare.page.wait_for_selector("#comparison-heading")
    assert compare.page.locator("#comparison .upgrade-notice").count() == 0
    check_figures(compare, framework, mine, theirs)
    assert view.safe() and compare.safe()


@pytest.mark.parametrize("site_name, prefix, first, first_language, second, second_language", JOURNEYS,
                         ids=["second", "handbook"])
def test_a_share_link_made_in_one_language_opens_in_the_other(
        request, site_name, prefix, first, first_language, second, second_language, serve_site, new_context):
    site = request.getfixturevalue(site_name)
    mine, _ = plans(load_framework(site))
    base = serve_site(site, prefix=prefix)
    maker = Page(new_context(base), base + first + "assessment.html", "#results h2")
    answer(maker, mine)
    maker.page.get_by_role("button", name=maker.strings()["share_copy"], exact=True).click()
    maker.page.wait_for_function("() => document.querySelector('#share-link').value.includes('#a=')")
    link = maker.page.input_value("#share-link")
    assert link.startswith(base + first + "assessment.html#a=")
    other = Page(new_context(base), base + second + "assessment.html#" + link.split("#", 1)[1], ".share-offer")
    assert other.page.locator("html").get_attribute("lang") == second_language
    other.page.get_by_role("button", name=other.strings()["share_import"], exact=True).click()
    for fid, (current, target) in mine.items():
        assert other.page.is_checked(f"#current-{fid}-{current}") and other.page.is_checked(f"#target-{fid}-{target}")
    assert maker.safe() and other.safe()
