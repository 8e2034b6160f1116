"""Make docs/images/compare.png: two assessments compared, at 1280 px, clipped to the comparison.

Run from the repository root: python -m tests.browser.screenshot_compare [SITE_DIR]. Not a test: it
writes into the working tree on purpose, for the README. Uses pngquant, when installed, to shrink the file.
"""
from __future__ import annotations

import json
from pathlib import Path

from tests.browser.screenshot import REPO, capture, open_page, run
from tests.support.browser import launch_chromium

OUT = REPO / "docs" / "images" / "compare.png"
# Positions (1..4) of "Our company" and "Partner: Contoso", today and target, function by function.
OURS = [(2, 3), (3, 4), (2, 3), (1, 3), (3, 3), (2, 3), (3, 4), (2, 3), (3, 3), (2, 4)]
THEIRS = [(3, 3), (1, 3), (2, 3), (3, 3), (3, 4), (2, 2), (4, 4), (2, 3), (3, 3), (2, 3)]


def assessment(framework: dict, name: str, ident: str, plan: list) -> dict:
    levels = [level["id"] for level in framework["levels"]]
    answers = {}
    for index, function in enumerate(framework["functions"]):
        current, target = (levels[p - 1] for p in plan[index % len(plan)])
        answers[function["id"]] = {"current": current, "target": target, "note": "",
                                   "wording": {"current": function["levels"][current]["descriptor"],
                                               "target": function["levels"][target]["descriptor"]}}
    return {"format": "partnering-handbook-assessment", "schema": 1, "id": ident, "name": name,
            "framework": {"id": framework["id"], "version": framework["version"]},
            "created": f"2027-03-0{len(ident)}T10:00:00.000Z", "updated": "2027-03-10T10:00:00.000Z", "answers": answers}


def main(site: Path) -> None:
    framework = json.loads((site / "framework.json").read_text(encoding="utf-8"))
    ours, theirs = assessment(framework, "Our company", "a", OURS), assessment(framework, "Partner: Contoso", "bb", THEIRS)
    chromium = launch_chromium()
    try:
        page = open_page(chromium, (site / "compare.html").as_uri())
        key = page.evaluate("PartneringHandbook.storageKey(PartneringHandbook.readFramework().id,"
                            " PartneringHandbook.siteBase(location))")
        state = {"schema": 1, "current": "a", "assessments": {"a": ours, "bb": theirs}}
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, json.dumps(state)])
        page.reload()
        page.wait_for_selector("#comparison-heading")
        capture(page, OUT, "#comparison", "#compare-table", 64)
    finally:
        chromium.close()


if __name__ == "__main__":
    run(main)
