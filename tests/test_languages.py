"""One handbook in several languages: pages, switcher, alternates, sitemap, notices, status.

The second framework is built in German (its default, at the site's root) and English (under
en/). A third fixture, made from it here, has one English page missing and one out of date.
"""
from __future__ import annotations

import gzip
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import REPO, SECOND, run_build
from tests.gates.checks import check_accessibility, html_pages
from tests.support.tools import require_tool

BASE = "https://verband.example/kooperation/"
MISSING, STALE = "functions/logistik", "functions/schulung"


class Facts(HTMLParser):
    """What a page says of its languages: html lang/dir, alternates, switcher, notice, lang'd parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = self.dir = None
        self.alternates, self.switcher, self.notice, self.parts = {}, {}, [], []
        self.current = None
        self._in_switcher = self._in_notice = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "html":
            self.lang, self.dir = values.get("lang"), values.get("dir")
        if tag == "link" and values.get("rel") == "alternate":
            self.alternates[values["hreflang"]] = values["href"]
        if tag == "nav" and "languages" in (values.get("class") or "").split():
            self._in_switcher = 1
        if tag == "a" and self._in_switcher:
            self.switcher[values["hreflang"]] = values["href"]
            if values.get("aria-current") == "page":
                self.current = values["hreflang"]
        if tag == "p" and "translation-notice" in (values.get("class") or "").split():
            self._in_notice = 1
        if self._in_notice:
            self.notice.append((tag, values))
        if tag == "div" and values.get("lang"):
            self.parts.append(values["lang"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = 0
        if tag == "p":
            self._in_notice = 0

    def handle_data(self, data):
        if self._in_notice:
            self.notice.append(("text", data))

    @property
    def notice_text(self) -> str:
        return "".join(value for kind, value in self.notice if kind == "text").strip()


def facts(site: Path, rel: str) -> Facts:
    parser = Facts()
    parser.feed((site / rel).read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def third(tmp_path_factory) -> tuple[Path, Path]:
    """The second framework with one English page deleted and one German source edited since."""
    root = tmp_path_factory.mktemp("third")
    project = Path(shutil.copytree(SECOND, root / "project"))
    (project / "content" / "en" / f"{MISSING}.md").unlink()
    source = project / "content" / f"{STALE}.md"
    text = source.read_text(encoding="utf-8")
    assert "Einleitung zu Schulung." in text
    source.write_text(text.replace("Einleitung zu Schulung.", "Eine neue Einleitung zu Schulung."), encoding="utf-8")
    result = run_build("--project", project, "--out", root / "site", "--strict", "--base-url", BASE)
    assert result.returncode == 0, result.stdout + result.stderr
    # Out of date is a notice: --strict passes, and the build says it once.
    assert result.stdout.splitlines()[:-1] == [
        "note: 1 translated page in en is out of date with its source; its readers see a notice, and "
        "build.py translations shows what changed"], result.stdout
    return project, root / "site"


def absolute(rel: str) -> str:
    """The canonical URL of a built page of the second site: a home page's is its folder's."""
    return BASE + (rel[:-len("index.html")] if rel in ("index.html", "en/index.html") else rel)


def test_every_page_has_its_language_and_leads_to_itself_in_the_other(second_site):
    pages = [rel for rel in html_pages(second_site) if rel != "404.html"]
    german = [rel for rel in pages if not rel.startswith("en/")]
    assert sorted("en/" + rel for rel in german) == sorted(rel for rel in pages if rel.startswith("en/"))
    for rel in german:
        for here, there, language in ((rel, "en/" + rel, "de"), ("en/" + rel, rel, "en")):
            page = facts(second_site, here)
            assert (page.lang, page.dir, page.current) == (language, "ltr", language), here
            other = "en" if language == "de" else "de"
            # The switcher's link is relative (the site works from disk); the alternates absolute.
            target = (second_site / here).parent / page.switcher[other]
            assert target.resolve() == (second_site / there).resolve(), here
            for language_, rel_ in ((other, there), (language, here)):
                assert page.alternates[language_] == absolute(rel_), here


def test_the_sitemap_names_every_page_in_both_languages_with_alternates(second_site):
    tree = ElementTree.parse(second_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {url.find("s:loc", ns).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
               for url in tree.getroot().findall("s:url", ns)}
    assert BASE in entries and BASE + "en/" in entries
    assert entries[BASE] == {"de": BASE, "en": BASE + "en/"} == entries[BASE + "en/"]
    assert entries[BASE + "functions/einkauf.html"]["en"] == BASE + "en/functions/einkauf.html"
    assert len(entries) % 2 == 0 and all(set(alternates) == {"de", "en"} for alternates in entries.values())


def test_the_404_page_offers_every_language(second_site):
    page = (second_site / "404.html").read_text(encoding="utf-8")
    assert '<a href="/kooperation/" hreflang="de" lang="de" dir="ltr">Deutsch</a>' in page
    assert '<a href="/kooperation/en/" hreflang="en" lang="en" dir="ltr">English</a>' in page
    assert not (second_site / "en" / "404.html").exists()


def status(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_build("translations", "--project", project, *args, cwd=project)


def test_the_status_reports_the_second_framework_complete():
    result = status(SECOND)
    assert (result.returncode, result.stdout, result.stderr) == (0, "en: 6 complete, 0 missing, 0 out of date\n", "")


def test_the_status_reports_the_third_fixtures_missing_and_out_of_date_pages(third):
    project, _ = third
    result = status(project)
    lines = result.stdout.splitlines()
    old = next(line for line in (SECOND / "content/en" / f"{STALE}.md").read_text().splitlines()
               if line.startswith("translated_from:")).split()[1]
    assert result.returncode == 0 and result.stderr == ""
    assert lines == [
        "en: 4 complete, 1 missing, 1 out of date",
        f"  missing: content/en/{MISSING}.md",
        f"  out of date: content/en/{STALE}.md (content/{STALE}.md changed since {old})",
        "When a translation follows its source again, mark it:  build.py translations --mark PATH"]


def test_the_missing_page_is_the_original_under_a_notice_and_the_stale_one_links_it(third):
    _, site = third
    missing = facts(site, f"en/{MISSING}.html")
    assert missing.lang == "en" and missing.notice_text == \
        "Not translated yet: this page is shown in its original language, Deutsch."
    assert ("span", {"lang": "de", "dir": "ltr"}) in missing.notice
    assert missing.parts and set(missing.parts) == {"de"}  # every Markdown part marked as German
    stale = facts(site, f"en/{STALE}.html")
    assert stale.notice_text.startswith("The original of this page has changed since it was translated")
    link = next(values for kind, values in stale.notice if kind == "a")
    assert ((site / "en" / STALE).parent / link["href"]).resolve() == (site / f"{STALE}.html").resolve()
    assert link["hreflang"] == "de" and not stale.parts
    assert not facts(site, f"en/functions/einkauf.html").notice, "an up-to-date translation says nothing"


def test_the_notices_pass_axe(third, serve_site, browser):
    require_tool("axe-core")
    _, site = third
    base = serve_site(site, prefix="kooperation")
    assert check_accessibility(site, base, browser, [f"en/{MISSING}.html", f"en/{STALE}.html"]) == []


def test_a_page_grows_by_a_switcher_link_and_an_alternate_per_language(tmp_path):
    project = Path(shutil.copytree(SECOND, tmp_path / "project"))
    settings = project / "content" / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("translations:\n  - language: en\n", ""),
                        encoding="utf-8")
    shutil.rmtree(project / "content" / "en")
    (project / "framework" / "translations" / "en.yaml").unlink()
    assert run_build("--project", project, "--out", tmp_path / "one", "--base-url", BASE).returncode == 0
    assert run_build("--project", SECOND, "--out", tmp_path / "two", "--base-url", BASE).returncode == 0
    for rel in html_pages(tmp_path / "one"):
        one, two = ((tmp_path / name / rel).read_bytes() for name in ("one", "two"))
        # Two alternates (this language and the other), the switcher's two links and its list:
        # about 450 bytes, under 100 compressed as a host serves them.
        assert len(two) - len(one) <= 2 * 200 + 120, rel
        assert len(gzip.compress(two)) - len(gzip.compress(one)) <= 150, rel
