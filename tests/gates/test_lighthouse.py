"""Gate 7 — Lighthouse 12.2.3: accessibility, best practices and SEO 100 on home, a function page, the assessment.

Performance is noisy, so it is only printed and recorded in bench/out/lighthouse.json.
"""
import json

import pytest

from tests.gates._plant import add_to_main
from tests.gates.checks import check_lighthouse
from tests.support.tools import ROOT, require_tool

pytestmark = pytest.mark.gates


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


def test_lighthouse_scores(gate_site, site_url, request, capsys):
    require_tool("lighthouse", "chromium")
    scores = {}
    problems = check_lighthouse(gate_site, site_url(gate_site), scores)
    _record(request.node.callspec.params.get("gate_site", "site"), scores, capsys)
    assert problems == []


def test_tiny_site_lighthouse_scores(tiny_site, site_url):
    require_tool("lighthouse", "chromium")
    scores = {}
    # the home page only: the positive control for the planted defect below (each run takes ~13 s)
    problems = check_lighthouse(tiny_site, site_url(tiny_site), scores, rels=["index.html"])
    _record("tiny_site", scores)
    assert problems == []


def test_lighthouse_gate_catches_an_image_without_alt(planted, site_url):
    require_tool("lighthouse", "chromium")
    site = planted()
    add_to_main(site, "index.html", '<p><img src="assets/logo.svg" width="120" height="40"></p>')
    problems = check_lighthouse(site, site_url(site), rels=["index.html"])
    assert any(p.startswith("index.html: lighthouse accessibility") and "image-alt" in p for p in problems), problems
