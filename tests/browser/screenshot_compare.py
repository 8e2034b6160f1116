"""Make docs/images/compare.png: two assessments compared, at 1280 px, clipped to the comparison.

Run from the repository root: python -m tests.browser.screenshot_compare [SITE_DIR]. Not a test: it
writes into the working tree on purpose, for the README. Uses pngquant, when installed, to shrink the file.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.browser import keep_local, launch_chromium

REPO = Path(__file__).resolve().parents[2]
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
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
        keep_local(context)
        page = context.new_page()
        url = (site / "compare.html").as_uri()
        page.goto(url)
        key = page.evaluate("PartneringHandbook.storageKey(PartneringHandbook.readFramework().id,"
                            " PartneringHandbook.siteBase(location))")
        state = {"schema": 1, "current": "a", "assessments": {"a": ours, "bb": theirs}}
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, json.dumps(state)])
        page.reload()
        page.wait_for_selector("#comparison-heading")
        where = "el => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y + scrollY, width: r.width, height: r.height}; }"
        box = page.eval_on_selector("#comparison", where)
        end = page.eval_on_selector("#compare-table", where)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT), full_page=True,
                        clip={"x": box["x"] - 12, "y": box["y"] + 8, "width": box["width"] + 24,
                              "height": end["y"] + end["height"] - box["y"]})
    finally:
        chromium.close()
    if shutil.which("pngquant"):  # a palette PNG is a third of the size and looks the same
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--output", str(OUT), "64", str(OUT)], check=False)
    print(f"wrote {OUT.relative_to(REPO)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]).resolve())
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, str(REPO / "build.py"), "--strict", "--out", f"{tmp}/site"], check=True)
            main(Path(tmp) / "site")
