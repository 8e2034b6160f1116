"""Make docs/images/search.png: the search box's results on a function page, at 1280 px.

Run from the repository root: python -m tests.browser.screenshot_search [SITE_DIR]. Not a test: it
writes into the working tree on purpose, for the README. Uses pngquant, when installed, to shrink the file.
"""
from __future__ import annotations

from pathlib import Path

from tests.browser.screenshot import REPO, capture, open_page, run
from tests.support.browser import launch_chromium

OUT = REPO / "docs" / "images" / "search.png"
QUERY = "exclusiv"  # a prefix, as a reader types it


def main(site: Path) -> None:
    """Type a query with the keyboard, move to the second result and capture the header to the list."""
    chromium = launch_chromium()
    try:
        page = open_page(chromium, (site / "functions" / "agreement.html").as_uri())
        page.keyboard.press("/")
        page.keyboard.type(QUERY)
        page.wait_for_selector("#site-search-results [role=option]")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        capture(page, OUT, ".site-header", ".search-popup", 128)
    finally:
        chromium.close()


if __name__ == "__main__":
    run(main)
