"""Gate 6 — weight: every page's HTML + CSS + JS + images is under 60 KB gzipped."""
import base64
import random

import pytest

from tests.gates._plant import add_to_main
from tests.gates.checks import WEIGHT_LIMIT, check_weight, page_weights

pytestmark = pytest.mark.gates


def _print_heaviest(capsys, site, n=5):
    with capsys.disabled():
        _print(site, n)


def _print(site, n):
    print(f"\nheaviest pages of {site} (gzipped bytes, limit {WEIGHT_LIMIT:,}):")
    for rel, total, files in page_weights(site)[:n]:
        print(f"  {total:>8,}  {rel}  ({len(files)} files)")


def test_pages_are_light(gate_site, capsys):
    _print_heaviest(capsys, gate_site)
    assert check_weight(gate_site) == []


def test_tiny_site_is_light(tiny_site):
    assert check_weight(tiny_site) == []


def test_weight_gate_catches_an_oversized_page(planted):
    site = planted()
    noise = base64.b64encode(random.Random(3).randbytes(90_000)).decode()
    add_to_main(site, "functions/agreement.html", f"<p>{noise}</p>")
    problems = check_weight(site)
    assert len(problems) == 1 and problems[0].startswith("functions/agreement.html: "), problems


def test_weight_counts_styles_scripts_and_images(tiny_site):
    weights = {rel: files for rel, _, files in page_weights(tiny_site)}
    assert set(weights["index.html"]) == {"index.html", "assets/style.css", "assets/site.js",
                                          "assets/favicon.svg", "assets/logo.svg"}
