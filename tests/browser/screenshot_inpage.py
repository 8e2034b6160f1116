"""Make docs/images/home-map.png and docs/images/function-score.png: the home page's map with an
assessment's levels marked, and a function page's scoring box with a level chosen, at 1280 px.

Run from the repository root: python -m tests.browser.screenshot_inpage [SITE_DIR]. Not a test: it
writes into the working tree on purpose, for the README. Uses pngquant, when installed, to shrink the files.
"""
from __future__ import annotations

from pathlib import Path

from tests.browser.screenshot import ANSWERS, REPO, TARGETS, capture, open_page, run
from tests.support.browser import launch_chromium

MAP = REPO / "docs" / "images" / "home-map.png"
BOX = REPO / "docs" / "images" / "function-score.png"


def score(page, site: Path, function_id: str, current: str, target: str) -> None:
    """Choose a function's levels on its own page."""
    page.goto((site / "functions" / f"{function_id}.html").as_uri())
    page.wait_for_selector("#inpage-current")
    page.select_option("#inpage-current", current)
    page.select_option("#inpage-target", target)


def main(site: Path) -> None:
    """Score every function from its page, capture the last box, then the home page's map."""
    chromium = launch_chromium()
    try:
        page = open_page(chromium, (site / "index.html").as_uri())
        ids = page.eval_on_selector_all(".fw-map tbody tr", "rows => rows.map(r => r.dataset.function)")
        for index, function_id in enumerate(ids):
            score(page, site, function_id, ANSWERS[index % len(ANSWERS)], TARGETS[index % len(TARGETS)])
        score(page, site, "agreement", "reactive", "proactive")
        page.wait_for_selector(".inpage-details[open]")
        capture(page, BOX, ".inpage", ".inpage", 128)
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector(".map-current.is-on")
        capture(page, MAP, ".fw-map-wrap", ".map-key", 128)
    finally:
        chromium.close()


if __name__ == "__main__":
    run(main)
