#!/usr/bin/env python3
"""Measure the search box in Chromium: the index's size, and the time from a keystroke to results.

Usage: python bench/search.py [--runs N]

Builds the handbook and the 1,000-page synthetic project (bench/synth.py) into bench/out/, serves
each gzipped on 127.0.0.1 and, in a fresh browser context per run, presses "/" and types a word
one key at a time. The first figure is from the first key down to the first result drawn, which
includes loading the engine, the index, its snippets and the list's script and building the
engine; the second is the median from each later key down to its results. The first figure's part
until the index and its snippets have arrived (the last byte of the later one, from the resource
timing) is printed apart: the rest is what reading them, building the engine and the first search
did not do meanwhile. The index's size counts both files. Chromium reaches this machine only
(LOOPBACK_ONLY) rather than through keep_local, whose round trip to Playwright for each request
a reader's browser does not make: with it, each of the box's four files was delayed. The server compresses each file once (tests/support/
server.py), as a static host does; a first run, not counted, has it do so. Prints a Markdown table
for RESULTS.md with the load average, which the figures depend on.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out" / "search"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import synth  # noqa: E402
from tests.support.browser import LOOPBACK_ONLY, launch_chromium  # noqa: E402
from tests.support.server import SiteServer  # noqa: E402

# Each site, the page the reader starts from and the word typed (one found in the middle of pages).
SITES = {"handbook": ("functions/agreement.html", "lawyering"),
         "1,000 pages": ("001-strategy/page-00001.html", "observability")}

_WATCH = """() => {
  const list = document.getElementById('site-search-results');
  const times = window.searchTimes = [];
  let first = 0, last = 0;
  document.addEventListener('keydown', () => { last = performance.now(); if (!first) window.searchStart = first = last; }, true);
  new MutationObserver(() => { if (list.children.length) times.push(performance.now() - (times.length ? last : first)); })
    .observe(list, {childList: true});
}"""


def build(project: Path, out: Path) -> Path:
    """Build a project into out with the generator; return out."""
    subprocess.run([sys.executable, str(REPO / "build.py"), "--project", str(project), "--out", str(out)],
                   check=True, capture_output=True)
    return out


DATA = ("search-index.js", "search-text.js")  # the search's data files, in assets/
_ARRIVAL = """(names) => Math.max(...performance.getEntriesByType('resource')
  .filter((entry) => names.some((name) => entry.name.split('?')[0].endsWith('/' + name)))
  .map((entry) => entry.responseEnd)) - window.searchStart"""


def one_run(browser, url: str, word: str) -> tuple[float, list, float]:
    """Type word into a fresh page's box; return (first result ms, later keystrokes' ms, index's arrival ms)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.evaluate(_WATCH)
        page.keyboard.press("/")
        for count, key in enumerate(word, 1):
            page.keyboard.press(key)
            page.wait_for_function("count => window.searchTimes.length >= count", arg=count)
        times = page.evaluate("window.searchTimes")
        return times[0], times[1:], page.evaluate(_ARRIVAL, list(DATA))
    finally:
        context.close()


def measure(browser, site: Path, start: str, word: str, runs: int) -> dict:
    """Serve a built site gzipped and time the box over several runs."""
    with SiteServer(site, "handbook", compress=True) as server:
        # A first run, not counted, has the server compress the scripts once, as a host keeps them.
        one_run(browser, server.url(start), word)
        results = [one_run(browser, server.url(start), word) for _ in range(runs)]
    index = sum(len(gzip.compress((site / "assets" / name).read_bytes(), 9)) for name in DATA)
    return {"index": index,
            "first": statistics.median(first for first, _, _ in results),
            "arrival": statistics.median(arrival for _, _, arrival in results),
            "later": statistics.median(ms for _, later, _ in results for ms in later)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sites = {"handbook": build(REPO, OUT / "handbook"),
             "1,000 pages": build(synth.scale_project(OUT / "scale-project"), OUT / "scale")}
    load = os.getloadavg()[0]
    chromium = launch_chromium(LOOPBACK_ONLY)
    try:
        figures = {name: measure(chromium.browser, sites[name], *SITES[name], args.runs) for name in SITES}
    finally:
        chromium.close()
    print("\n| site | index (gzipped) | first key to first result, loading included | of which until the index has arrived (both files) | each later key |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, figure in figures.items():
        print(f"| {name} | {figure['index'] / 1000:,.0f} KB | {figure['first']:.0f} ms | {figure['arrival']:.0f} ms | {figure['later']:.0f} ms |")
    print(f"\nmedians of {args.runs} runs; load average {load:.2f} at the start ({os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
