"""Gate 4 — privacy: no request to another host, no console error, a favicon, a CSP of 'self' only."""
import pytest

from tests.gates._plant import add_to_head, add_to_main, edit
from tests.gates.checks import (
    check_privacy, check_privacy_loaded, check_privacy_static, failed_request_problem,
)

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
    loaded = check_privacy_loaded(site, site_url(site), browser, ["index.html"])
    assert any("console error" in p and "fonts.example.com" in p for p in loaded), loaded


def test_privacy_gate_records_requests_to_other_hosts(planted, site_url, browser):
    site = planted()
    # without the CSP meta, the browser really asks the other host
    edit(site, "about.html", '<meta http-equiv="Content-Security-Policy"', '<meta name="x-removed-csp"')
    add_to_main(site, "about.html", '<p><img src="http://tracker.invalid/pixel.gif" alt="" width="1" height="1"></p>')
    loaded = check_privacy_loaded(site, site_url(site), browser, ["about.html"])
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
    loaded = check_privacy_loaded(site, site_url(site), browser, ["assessment.html"])
    assert any("404" in p and "missing.js" in p for p in loaded), loaded


BASE = "http://127.0.0.1:8000/handbook/"


def test_an_aborted_request_for_a_file_of_the_site_is_no_problem(tiny_site):
    # the next navigation aborts the icon request of the page before: no leak, no defect
    assert (tiny_site / "assets" / "favicon.svg").is_file()
    assert failed_request_problem(tiny_site, BASE, BASE + "assets/favicon.svg", "net::ERR_ABORTED") is None
    assert failed_request_problem(tiny_site, BASE, BASE + "?x=1", "net::ERR_ABORTED") is None


def test_a_failed_request_for_a_missing_file_or_failing_otherwise_is_a_problem(tiny_site):
    missing = BASE + "assets/missing.js"
    assert failed_request_problem(tiny_site, BASE, missing, "net::ERR_ABORTED") == (
        f"request failed: {missing} (net::ERR_ABORTED)")
    icon = BASE + "assets/favicon.svg"
    assert failed_request_problem(tiny_site, BASE, icon, "net::ERR_FAILED") == (
        f"request failed: {icon} (net::ERR_FAILED)")
    # a file of the site's folder, but asked for outside the site's path
    outside = "http://127.0.0.1:8000/assets/favicon.svg"
    assert failed_request_problem(tiny_site, BASE, outside, "net::ERR_ABORTED") == (
        f"request failed: {outside} (net::ERR_ABORTED)")
