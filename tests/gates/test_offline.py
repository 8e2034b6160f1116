"""Gate 5 — offline: index.html from file:// has its styles; every navigation link works from disk."""
import pytest

from tests.gates._plant import edit
from tests.gates.checks import check_offline

pytestmark = pytest.mark.gates


def test_works_from_disk(gate_site, browser):
    assert check_offline(gate_site, browser) == []


def test_tiny_site_works_from_disk(tiny_site, browser):
    assert check_offline(tiny_site, browser) == []


def test_offline_gate_catches_a_root_relative_stylesheet(planted, browser):
    site = planted()
    edit(site, "index.html", 'href="assets/style.css"', 'href="/assets/style.css"')
    problems = check_offline(site, browser)
    assert any("unstyled" in p for p in problems), problems


def test_offline_gate_catches_a_nav_link_to_a_folder(planted, browser):
    site = planted()
    edit(site, "about.html", 'href="functions/index.html">Functions', 'href="functions/">Functions')
    problems = check_offline(site, browser)
    assert problems == ["about.html: nav link 'functions/' names a folder (file:// shows no index)"]
