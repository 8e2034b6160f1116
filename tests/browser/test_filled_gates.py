"""The public-site gates on the self-assessment and compare pages as a reader leaves them.

The per-page gates in tests/gates/ see the pages as built; here the pages are filled in, with
results, a comparison and notes showing, and their live DOM is held to the same checks: valid
HTML (vnu), no request to another host, no console error, nothing blocked by the CSP.
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import load_framework
from tests.gates.checks import check_html
from tests.support.browser import keep_local
from tests.support.tools import require_tool

SNAPSHOT = "() => '<!DOCTYPE html>\\n' + document.documentElement.outerHTML"


def _watch(page, problems: list) -> None:
    page.on("console", lambda message: message.type == "error" and problems.append(
        f"console error: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))


def _fill(page, framework: dict, shift: int) -> None:
    levels = [level["id"] for level in framework["levels"]]
    for index, function in enumerate(framework["functions"]):
        page.check(f"#current-{function['id']}-{levels[(index + shift) % len(levels)]}")
        page.check(f"#target-{function['id']}-{levels[-1]}")
    first = framework["functions"][0]["id"]
    page.fill(f"#note-{first}", "=1+1 <b>not bold</b> & a note")
    page.check(f"#current-{framework['functions'][-1]['id']}-unsure")


@pytest.mark.parametrize("site_name", ["handbook_site", "second_site", "rtl_site"])
def test_filled_in_pages_stay_valid_and_private(request, browser, serve_site, tmp_path, site_name):
    require_tool("java", "vnu")
    site = request.getfixturevalue(site_name)
    framework = load_framework(site)
    base = serve_site(site)
    origin = "/".join(base.split("/")[:3])
    blocked, problems = [], []
    context = browser.new_context()
    keep_local(context, origin, blocked)
    page = context.new_page()
    _watch(page, problems)
    page.goto(base + "assessment.html")
    page.wait_for_selector("#results h2")
    _fill(page, framework, 0)
    page.wait_for_selector("#results .chart-figure")
    (tmp_path / "assessment.html").write_text(page.evaluate(SNAPSHOT), encoding="utf-8")
    duplicate = page.evaluate("JSON.parse(document.getElementById('ui-strings').textContent).duplicate")
    page.locator(".toolbar").get_by_role("button", name=duplicate, exact=True).click()  # in the site's language
    page.keyboard.press("Enter")
    _fill(page, framework, 1)
    page.goto(base + "compare.html")
    page.wait_for_selector("#comparison-heading")
    (tmp_path / "compare.html").write_text(page.evaluate(SNAPSHOT), encoding="utf-8")
    context.close()
    assert not blocked, f"requests to other hosts: {blocked}"
    assert not problems, problems
    assert not check_html(tmp_path)
