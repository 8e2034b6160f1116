"""Gate 2 — links: served under /handbook/, no broken link or #fragment; every page reachable from home."""
import pytest

from tests.gates._plant import add_to_main
from tests.gates.checks import check_fragments, check_links, check_links_served, unreachable_pages
from tests.support.tools import require_tool

pytestmark = pytest.mark.gates


def test_no_broken_links(gate_site, site_url):
    require_tool("linkinator")
    assert check_links(gate_site, site_url(gate_site)) == []


def test_tiny_site_has_no_broken_links(tiny_site, site_url):
    require_tool("linkinator")
    assert check_links(tiny_site, site_url(tiny_site)) == []


def test_links_gate_catches_a_broken_link(planted, site_url):
    require_tool("linkinator")
    site = planted()
    add_to_main(site, "about.html", '<p><a href="functions/missing.html">A page that is not there</a></p>')
    served = check_links_served(site_url(site))
    assert any("functions/missing.html" in p and "404" in p for p in served), served
    assert any("missing file" in p for p in check_fragments(site))


def test_links_gate_catches_a_link_that_escapes_the_sub_path(planted, site_url):
    require_tool("linkinator")
    site = planted()
    add_to_main(site, "about.html", '<p><a href="/index.html">Home from the domain root</a></p>')
    served = check_links_served(site_url(site))
    assert any("/index.html" in p and "404" in p for p in served), served
    assert any("absolute path" in p for p in check_fragments(site))


def test_links_gate_catches_a_broken_fragment(planted):
    site = planted()
    add_to_main(site, "about.html", '<p><a href="functions/agreement.html#no-such-level">A missing section</a></p>')
    problems = check_fragments(site)
    assert problems == ["about.html: link 'functions/agreement.html#no-such-level': "
                        "no id 'no-such-level' in functions/agreement.html"]


def test_links_gate_catches_an_unreachable_page(planted):
    site = planted()
    (site / "orphan.html").write_text((site / "about.html").read_text())
    assert unreachable_pages(site) == ["orphan.html: not reachable from index.html"]
