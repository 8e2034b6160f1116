"""Gate 7 — Lighthouse 12.2.3 on home, a function page, the matrix, the assessment and compare.

Accessibility, best practices and SEO must score 100 and performance at least 95, in
Lighthouse's default mobile emulation. The site is served gzipped, as GitHub Pages serves it.
Scores are printed and recorded in bench/out/lighthouse.json.
"""
import json

import pytest

from tests.gates._plant import add_to_main, edit
from tests.gates.checks import check_lighthouse
from tests.support.server import SiteServer, served_prefix
from tests.support.tools import ROOT, require_tool

pytestmark = [pytest.mark.gates, pytest.mark.alone]  # tests/run.sh runs these alone


@pytest.fixture(scope="module")
def gzip_url():
    """``gzip_url(folder)`` -> base URL of that folder served gzipped under its sub-path."""
    servers = {}

    def start(folder):
        if folder not in servers:
            servers[folder] = SiteServer(folder, served_prefix(folder), compress=True)
        return servers[folder].base_url

    yield start
    for server in servers.values():
        server.close()


def _record(name, scores, capsys=None):
    if capsys is not None:
        with capsys.disabled():
            _print(name, scores)
    _save(name, scores)


def _print(name, scores):
    print(f"\nlighthouse scores for {name}:")
    for rel, s in scores.items():
        print(f"  {rel}: " + ", ".join(
            f"{k} {v if k == 'seconds' or v is None else round(v * 100)}" for k, v in s.items()))


def _save(name, scores):
    out = ROOT / "bench" / "out" / "lighthouse.json"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        data = json.loads(out.read_text()) if out.exists() else {}
        data[name] = scores
        out.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    except (OSError, ValueError):
        pass


def test_lighthouse_scores(gate_site, gzip_url, request, capsys):
    require_tool("lighthouse", "chromium")
    scores = {}
    problems = check_lighthouse(gate_site, gzip_url(gate_site), scores)
    _record(request.node.callspec.params.get("gate_site", "site"), scores, capsys)
    assert problems == []


def test_tiny_site_lighthouse_scores(tiny_site, gzip_url):
    require_tool("lighthouse", "chromium")
    scores = {}
    # the home page only: the positive control for the planted defects below (each run takes ~13 s)
    problems = check_lighthouse(tiny_site, gzip_url(tiny_site), scores, rels=["index.html"])
    _record("tiny_site", scores)
    assert problems == []


def test_lighthouse_gate_catches_an_image_without_alt(planted, gzip_url):
    require_tool("lighthouse", "chromium")
    site = planted()
    add_to_main(site, "index.html", '<p><img src="assets/logo.svg" width="120" height="40"></p>')
    problems = check_lighthouse(site, gzip_url(site), rels=["index.html"])
    assert any(p.startswith("index.html: lighthouse accessibility") and "image-alt" in p for p in problems), problems


def test_lighthouse_gate_catches_a_slow_page(planted, gzip_url):
    require_tool("lighthouse", "chromium")
    site = planted()
    # a tall banner pushed in above the text after the first paint: a large layout shift
    banner = ("requestAnimationFrame(function () { setTimeout(function () { var p = document.createElement('p');"
              " p.textContent = 'A late banner'; p.style.height = '40rem'; document.querySelector('main').prepend(p); }); });\n")
    edit(site, "assets/site.js", "// Tiny site script", banner + "// Tiny site script")
    problems = check_lighthouse(site, gzip_url(site), rels=["index.html"])
    assert len(problems) == 1 and problems[0].startswith("index.html: lighthouse performance "), problems
    assert "cumulative-layout-shift " in problems[0], problems
