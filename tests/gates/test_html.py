"""Gate 1 — HTML: the Nu Html Checker (vnu.jar, Java) reports no error on any page."""
import pytest

from tests.gates._plant import add_to_main
from tests.gates.checks import check_html
from tests.support.tools import require_tool

pytestmark = pytest.mark.gates


def test_html_is_valid(gate_site):
    require_tool("vnu")
    assert check_html(gate_site) == []


def test_tiny_site_is_valid(tiny_site):
    require_tool("vnu")
    assert check_html(tiny_site) == []


def test_html_gate_catches_an_invalid_element(planted):
    require_tool("vnu")
    site = planted()
    add_to_main(site, "about.html", "<ul><div>not a list item</div></ul>")
    problems = check_html(site)
    assert any(p.startswith("about.html:") and "div" in p for p in problems), problems
