"""Gate 3 — accessibility: axe-core, WCAG 2.0/2.1/2.2 A+AA, light and dark, 320 and 1280 px, every page."""
import pytest

from tests.gates._plant import add_to_main, edit
from tests.gates.checks import check_accessibility
from tests.support.tools import require_tool

pytestmark = pytest.mark.gates


def test_no_axe_violations(gate_site, site_url, browser):
    require_tool("axe-core")
    assert check_accessibility(gate_site, site_url(gate_site), browser) == []


def test_tiny_site_has_no_axe_violations(tiny_site, site_url, browser):
    require_tool("axe-core")
    assert check_accessibility(tiny_site, site_url(tiny_site), browser) == []


def test_axe_gate_catches_an_image_without_alt(planted, site_url, browser):
    require_tool("axe-core")
    site = planted()
    add_to_main(site, "index.html", '<p><img src="assets/logo.svg" width="120" height="40"></p>')
    problems = check_accessibility(site, site_url(site), browser, rels=["index.html"])
    assert any("image-alt" in p for p in problems), problems


def test_axe_gate_catches_low_contrast_in_dark_mode_only(planted, site_url, browser):
    require_tool("axe-core")
    site = planted()
    edit(site, "assets/style.css", "--note-fg: #e8e8e8;", "--note-fg: #3a4454;")
    problems = check_accessibility(site, site_url(site), browser, rels=["index.html"])
    contrast = [p for p in problems if "color-contrast" in p]
    assert contrast, problems
    assert all("[dark," in p for p in contrast), contrast
