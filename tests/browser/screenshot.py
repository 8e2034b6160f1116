"""Make docs/images/assessment-results.png: the self-assessment's results at 1280 px.

Run from the repository root: python -m tests.browser.screenshot [SITE_DIR]. Not a test: it writes
into the working tree on purpose, for the README. Uses pngquant, when installed, to shrink the file.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.browser import launch_chromium, keep_local

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "images" / "assessment-results.png"
ANSWERS = ["basic", "reactive", "proactive", "reactive", "dynamic", "proactive", "reactive", "basic",
           "proactive", "reactive"]
TARGETS = ["proactive", "proactive", "dynamic", "proactive", "dynamic", "proactive", "proactive", "reactive",
           "dynamic", "proactive"]


WHERE = ("el => { const r = el.getBoundingClientRect(); "
         "return {x: r.x, y: r.y + scrollY, width: r.width, height: r.height}; }")


def open_page(chromium, url: str):
    """Open a 1280 px wide page in the light scheme, with no request leaving the machine."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    keep_local(context)
    page = context.new_page()
    page.goto(url)
    return page


def capture(page, out: Path, first: str, last: str, colours: int) -> None:
    """Save the part of the page from the first selector to the end of the last, as a small PNG."""
    box = page.eval_on_selector(first, WHERE)
    end = page.eval_on_selector(last, WHERE)
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=True,
                    clip={"x": box["x"] - 12, "y": box["y"] + 8, "width": box["width"] + 24,
                          "height": end["y"] + end["height"] - box["y"]})
    if shutil.which("pngquant"):  # a palette PNG is a third of the size and looks the same
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--output", str(out),
                        str(colours), str(out)], check=False)
    print(f"wrote {out.relative_to(REPO)} ({out.stat().st_size:,} bytes)")


def run(main) -> None:
    """Call main with the site named on the command line, or with a fresh build of the handbook."""
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]).resolve())
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(REPO / "build.py"), "--strict", "--out",
                        f"{tmp}/site"], check=True)
        main(Path(tmp) / "site")


def main(site: Path) -> None:
    """Answer every function and capture the results down to the chart."""
    chromium = launch_chromium()
    try:
        page = open_page(chromium, (site / "assessment.html").as_uri())
        ids = page.eval_on_selector_all(".question", "qs => qs.map(q => q.dataset.function)")
        for index, function in enumerate(ids):
            page.check(f"#current-{function}-{ANSWERS[index % len(ANSWERS)]}")
            page.check(f"#target-{function}-{TARGETS[index % len(TARGETS)]}")
        page.check(f"#current-{ids[-1]}-unsure")
        page.evaluate("window.scrollTo(0, 0)")
        capture(page, OUT, "#results", ".chart-figure", 256)
    finally:
        chromium.close()


if __name__ == "__main__":
    run(main)
