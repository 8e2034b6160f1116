"""The URL module: every address of the site from the settings and page keys."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from handbook.model import SiteConfig
from handbook.urls import Urls, normalise_base_url
from tests.conftest import HANDBOOK_BASE_URL
from tests.pages import all_pages


@pytest.mark.parametrize("given, normalised", [
    ("", ""), ("https://example.org", "https://example.org/"),
    ("https://example.org/handbook", "https://example.org/handbook/"),
    ("https://example.org/handbook/", "https://example.org/handbook/")])
def test_the_base_url_is_normalised_in_one_place(given, normalised):
    assert normalise_base_url(given) == normalised
    assert Urls.of(SiteConfig(base_url=given)).base_url == normalised
    assert Urls.of(SiteConfig(base_url="https://other.example/"), given).base_url == \
        (normalised or "https://other.example/")


def test_relative_links_rooted_links_and_the_root():
    urls = Urls(base_url="https://example.org/handbook/")
    assert urls.output("functions/agreement") == "functions/agreement.html"
    assert urls.link("functions/agreement.html", "matrix.html", "top") == "../matrix.html#top"
    assert urls.link("matrix.html", "matrix.html", "top") == "#top"
    assert urls.rooted("assets/handbook.css") == "/handbook/assets/handbook.css"
    assert urls.root("functions/agreement.html") == "../"
    assert urls.root("index.html") == "./"
    assert urls.root("404.html", rooted=True) == "/handbook/"


def test_another_language_gets_its_own_folder():
    urls = Urls(language="en")
    assert urls.output("matrix", "en") == "matrix.html"
    assert urls.output("matrix", "de") == "de/matrix.html"


def test_the_home_page_url_is_the_base_url():
    urls = Urls(base_url="https://example.org/handbook/")
    assert urls.absolute("index") == "https://example.org/handbook/"
    assert urls.absolute("levels/index") == "https://example.org/handbook/levels/index.html"
    assert Urls().absolute("index") == ""


@pytest.mark.parametrize("base_url, robots", [("https://example.org/", True),
                                              ("https://example.org/handbook/", False)])
def test_robots_txt_is_written_only_at_the_domains_root(base_url, robots):
    files = Urls(base_url=base_url).crawler_files(["index", "matrix"])
    assert ("robots.txt" in files) == robots
    if robots:
        assert files["robots.txt"].decode().endswith(f"Sitemap: {base_url}sitemap.xml\n")
    assert Urls().crawler_files(["index"]) == {}


def test_the_edit_link():
    config = SiteConfig(repository_url="https://github.com/o/r", repository_branch="main",
                        edit_root="docs")
    assert Urls.of(config).edit("functions/agreement.md") == \
        "https://github.com/o/r/edit/main/docs/content/functions/agreement.md"
    assert Urls().edit("index.md") == ""


def test_canonical_links_and_the_sitemap_agree(handbook_site):
    tree = ElementTree.parse(handbook_site / "sitemap.xml")
    listed = sorted(loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))
    canonical = sorted(link.attrs["href"] for page in all_pages(handbook_site).values()
                       for link in page.find("link") if link.attrs.get("rel") == "canonical")
    assert listed == canonical
    assert HANDBOOK_BASE_URL in listed and HANDBOOK_BASE_URL + "index.html" not in listed
    assert not (handbook_site / "robots.txt").exists()  # served under /handbook/
