"""The test server behaves like GitHub Pages under a sub-path; the sub-path comes from the sitemap."""
import itertools
import re
import urllib.error
import urllib.request

import pytest

from tests.gates.checks import served_prefix
from tests.support.server import SiteServer, Trickle

pytestmark = pytest.mark.gates


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url):
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_serves_under_the_sub_path_only(tiny_site):
    with SiteServer(tiny_site, "handbook") as server:
        assert server.base_url.startswith("http://127.0.0.1:") and server.base_url.endswith("/handbook/")
        status, headers, body = _get(server.url("index.html"))
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert _get(server.base_url)[2] == body  # a folder serves its index.html
        assert _get(server.origin + "/index.html")[0] == 404  # outside the prefix
        status, _, body = _get(server.url("no-such-page.html"))
        assert status == 404 and b"Page not found" in body  # the site's 404.html
        status, headers, _ = _get(server.url("functions"))
        assert status == 301 and headers["Location"] == "/handbook/functions/"
        assert _get(server.url("../../etc/passwd"))[0] == 404
        assert _get(server.url("assets/style.css"))[1]["Content-Type"] == "text/css; charset=utf-8"


def test_a_trickled_row_arrives_one_start_tag_at_a_time(tiny_site):
    page = (tiny_site / "index.html").read_bytes()
    plain = Trickle(chunk=97, delay=0.001, upto=1_000).parts(page)
    parts = Trickle(chunk=97, delay=0.001, upto=1_000, rows=(b'<nav aria-label="Main"',)).parts(page)
    starts = set(itertools.accumulate([0] + [len(part) for part in parts[:-1]]))
    begin = page.index(b'<nav aria-label="Main"')
    tags = [begin + tag.start() for tag in re.finditer(rb"<[a-zA-Z]", page[begin:page.index(b"</nav>", begin)])]
    assert b"".join(parts) == page and len(tags) == 10
    # Every start tag in the row but the row's own begins a part; the other parts are as without rows.
    assert starts == set(tags[1:]) | set(itertools.accumulate([0] + [len(part) for part in plain[:-1]]))


@pytest.mark.parametrize("loc, expected", [
    ("https://verband.example/kooperation/functions/agreement.html", "kooperation"),
    ("https://example.org/a/b/index.html", "a/b"),
    ("https://example.org/", "handbook"),
])
def test_served_prefix_follows_the_sitemap(planted, loc, expected):
    site = planted()
    (site / "sitemap.xml").write_text(f'<?xml version="1.0"?>\n<urlset><url><loc>{loc}</loc></url></urlset>\n')
    assert served_prefix(site) == expected


def test_a_trickled_page_arrives_whole_in_parts_that_end_before_a_tag(tiny_site):
    page = (tiny_site / "index.html").read_bytes()
    trickle = Trickle(chunk=97, delay=0.001, upto=1_000)
    parts = trickle.parts(page)
    assert b"".join(parts) == page
    assert all(part.startswith(b"<") for part in parts[1:]), [part[:20] for part in parts]
    assert sum(len(part) for part in parts[:-1]) >= 1_000 > sum(len(part) for part in parts[:-2]), \
        "parts of about 97 bytes up to 1,000 bytes, then the rest at once"
    with SiteServer(tiny_site, "handbook", trickle=trickle) as server:
        status, headers, body = _get(server.url("index.html"))
        assert (status, body, headers["Cache-Control"]) == (200, page, "no-store")
        assert _get(server.url("assets/style.css"))[2] == (tiny_site / "assets/style.css").read_bytes()
