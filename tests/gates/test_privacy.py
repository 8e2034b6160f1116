"""Gate 4 — privacy: no request to another host, no console error, a favicon, a CSP of 'self' only."""
import pytest

from tests.gates._plant import add_to_head, add_to_main, edit
from tests.gates.checks import check_privacy, check_privacy_loaded, check_privacy_static

pytestmark = pytest.mark.gates


def test_private(gate_site, site_url, browser):
    assert check_privacy(gate_site, site_url(gate_site), browser) == []


def test_tiny_site_is_private(tiny_site, site_url, browser):
    assert check_privacy(tiny_site, site_url(tiny_site), browser) == []


def test_privacy_gate_catches_an_external_stylesheet(planted, site_url, browser):
    site = planted()
    add_to_head(site, "index.html", '<link rel="stylesheet" href="https://fonts.example.com/css?family=Inter">')
    static = check_privacy_static(site)
    assert static == ["index.html: stylesheet from another host: https://fonts.example.com/css?family=Inter"]
    # in the browser the CSP refuses it, which logs a console error
    loaded = check_privacy_loaded(site_url(site), browser, ["index.html"])
    assert any("console error" in p and "fonts.example.com" in p for p in loaded), loaded


def test_privacy_gate_records_requests_to_other_hosts(planted, site_url, browser):
    site = planted()
    # without the CSP meta, the browser really asks the other host
    edit(site, "about.html", '<meta http-equiv="Content-Security-Policy"', '<meta name="x-removed-csp"')
    add_to_main(site, "about.html", '<p><img src="http://tracker.invalid/pixel.gif" alt="" width="1" height="1"></p>')
    loaded = check_privacy_loaded(site_url(site), browser, ["about.html"])
    assert any("request to another host: http://tracker.invalid/pixel.gif" in p for p in loaded), loaded
    assert any("no <meta http-equiv=\"Content-Security-Policy\">" in p for p in check_privacy_static(site))


def test_privacy_gate_catches_csp_favicon_and_console_errors(planted, site_url, browser):
    site = planted()
    edit(site, "about.html", "script-src 'self'", "script-src 'self' 'unsafe-inline'")
    edit(site, "functions/index.html", '<link rel="icon"', '<link rel="x-no-icon"')
    add_to_main(site, "assessment.html", '<script src="assets/missing.js"></script>')
    static = check_privacy_static(site)
    assert "about.html: CSP script-src allows \"'self' 'unsafe-inline'\", not only 'self'" in static, static
    assert any(p.startswith("functions/index.html: no <link rel=\"icon\">") for p in static), static
    loaded = check_privacy_loaded(site_url(site), browser, ["assessment.html"])
    assert any("404" in p and "missing.js" in p for p in loaded), loaded
