"""One self-assessment across the languages of a handbook, as a reader meets it in Chromium.

The second framework is built in German (its default, at the root) and English (under en/): an
assessment begun in one language is finished in the other, exported there, and imported on the
first language's compare page with every figure equal; a share link made in one opens in the other.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import load_framework
from tests.browser.test_compare import (Page, expected_comparison, exported, level_text,  # noqa: F401
                                        new_context, signed, write_json)

PREFIX = "kooperation"


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


def test_an_assessment_begun_in_one_language_is_finished_exported_and_compared_in_another(
        second_site, serve_site, new_context, tmp_path):
    german, english = load_framework(second_site), json.loads((second_site / "en" / "framework.json").read_text())
    assert [f["id"] for f in german["functions"]] == [f["id"] for f in english["functions"]]
    assert german["functions"][0]["name"] != english["functions"][0]["name"], "the texts are translated"
    mine, theirs = plans(german)
    ids = list(mine)
    half = {fid: mine[fid] for fid in ids[:len(ids) // 2]}
    rest = {fid: mine[fid] for fid in ids[len(ids) // 2:]}
    base = serve_site(second_site, prefix=PREFIX)
    context = new_context(base)
    view = Page(context, base + "assessment.html", "#results h2")
    answer(view, half)
    switch_language(view, "en")
    assert view.page.url == base + "en/assessment.html"
    for fid, (current, target) in half.items():  # one store for every language of the handbook
        assert view.page.is_checked(f"#current-{fid}-{current}") and view.page.is_checked(f"#target-{fid}-{target}")
    assert view.page.locator(".upgrade-notice").count() == 0, "a translated descriptor is no rewording"
    answer(view, rest)
    with view.page.expect_download() as info:
        view.page.get_by_role("button", name=view.strings()["export_json"], exact=True).click()
    export = Path(info.value.path())
    assert json.loads(export.read_text())["answers"][ids[0]]["current"] == mine[ids[0]][0]
    compare = Page(context, base + "compare.html", "#compare-a")
    assert compare.page.locator("html").get_attribute("lang") == "de"
    compare.page.set_input_files("#compare-file-a", str(export))
    compare.page.set_input_files("#compare-file-b", str(write_json(tmp_path, "b.json", exported(german, "Partner", theirs))))
    compare.page.wait_for_selector("#comparison-heading")
    assert compare.page.locator("#comparison .upgrade-notice").count() == 0
    check_figures(compare, german, mine, theirs)
    assert view.safe() and compare.safe()


def test_a_share_link_made_in_one_language_opens_in_the_other(second_site, serve_site, new_context):
    german = load_framework(second_site)
    mine, _ = plans(german)
    base = serve_site(second_site, prefix=PREFIX)
    context = new_context(base)
    maker = Page(context, base + "assessment.html", "#results h2")
    answer(maker, mine)
    maker.page.get_by_role("button", name=maker.strings()["share_copy"], exact=True).click()
    maker.page.wait_for_function("() => document.querySelector('#share-link').value.includes('#a=')")
    link = maker.page.input_value("#share-link")
    assert link.startswith(base + "assessment.html#a=")
    fragment = link.split("#", 1)[1]
    other = Page(new_context(base), base + "en/assessment.html#" + fragment, ".share-offer")
    assert other.page.locator("html").get_attribute("lang") == "en"
    other.page.get_by_role("button", name=other.strings()["share_import"], exact=True).click()
    for fid, (current, target) in mine.items():
        assert other.page.is_checked(f"#current-{fid}-{current}") and other.page.is_checked(f"#target-{fid}-{target}")
    assert maker.safe() and other.safe()
