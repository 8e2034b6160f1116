"""Every address of the site, in one place: output paths, relative links, absolute URLs, edit links.

Each is a pure function of the site's settings (language, base URL, repository) and page keys
(a page's source path without .md, such as "functions/agreement"). Pages link to each other by
relative paths, so the site works from disk and under any sub-path; the only absolute URLs are
where the web needs them: canonical links, the sitemap, robots.txt and the 404 page, which is
served at any depth.
"""

from __future__ import annotations

import functools
import html
import posixpath
from urllib.parse import unquote, urlparse

from .model import SiteConfig
from .records import dataclass

HOME = "index"  # the home page's key
ASSET_DIR = "assets"
PAGE_SUFFIX = ".html"
SOURCE_SUFFIX = ".md"


def normalise_base_url(base_url: str) -> str:
    """Return the base URL ending in "/", or "" when none is set."""
    base_url = base_url.strip()
    return base_url if not base_url or base_url.endswith("/") else base_url + "/"


@dataclass(frozen=True)
class Urls:
    """The addresses of one language of a site.

    language is the default language, whose pages sit at the site's root; each other language
    has its folder, <language>/. own is the language these pages are in ("" for the default).
    """

    language: str = "en"
    base_url: str = ""  # normalised: "" or absolute and ending in "/"
    repository_url: str = ""
    repository_branch: str = "main"
    edit_root: str = ""  # the project's folder inside the repository
    own: str = ""

    @classmethod
    def of(cls, config: SiteConfig, base_url: str = "", language: str = "") -> "Urls":
        """Return the addresses of a site in a language: a base URL given here wins over the settings'."""
        return cls(config.language, normalise_base_url(base_url or config.base_url),
                   config.repository_url, config.repository_branch, config.edit_root,
                   "" if language in ("", config.language) else language)

    @property
    def folder(self) -> str:
        """Return the folder of this language's files inside the site: "" or "de/"."""
        return self.folder_of(self.own)

    def folder_of(self, language: str) -> str:
        """Return the folder of a language's files inside the site: "" or "de/"."""
        return "" if language in ("", self.language) else f"{language}/"

    @property
    def base_path(self) -> str:
        """Return the URL path the site is served under: "/" or "/handbook/"."""
        path = urlparse(self.base_url).path if self.base_url else "/"
        return path if path.endswith("/") else path + "/"

    def output(self, key: str, language: str | None = None) -> str:
        """Return the path inside the site of a page's file, in this language or another."""
        folder = self.folder if language is None else self.folder_of(language)
        return f"{folder}{key}{PAGE_SUFFIX}"

    def asset(self, name: str) -> str:
        """Return the path inside the site of a theme asset, which every language shares."""
        return f"{ASSET_DIR}/{name}"

    def own_asset(self, name: str) -> str:
        """Return the path inside the site of an asset of this language (its search index)."""
        return f"{self.folder}{ASSET_DIR}/{name}"

    def data(self, name: str) -> str:
        """Return the path inside the site of a data file of this language (framework.json)."""
        return f"{self.folder}{name}"

    def link(self, from_output: str, to_path: str, fragment: str = "") -> str:
        """Return the URL of a file of the site (and anchor) relative to the file from_output."""
        if to_path == from_output and fragment:
            return anchor(fragment)
        target = _relative_path(to_path, _folder(from_output))
        return target + anchor(fragment) if fragment else target

    def rooted(self, to_path: str, fragment: str = "") -> str:
        """Return the URL of a file of the site as a path from the domain's root (404 page)."""
        return self.base_path + to_path + (anchor(fragment) if fragment else "")

    def root(self, from_output: str, rooted: bool = False) -> str:
        """Return the site's root folder as seen from a file: "./", "../", or the base path."""
        if rooted:
            return self.base_path
        home = self.output(HOME, self.language)  # every language's pages share one root
        return self.link(from_output, home)[:-len(home)] or "./"

    def absolute(self, key: str, language: str | None = None) -> str:
        """Return a page's absolute URL, "" without a base URL; a home page's is its folder's."""
        if not self.base_url:
            return ""
        if key == HOME:
            return self.base_url + (self.folder if language is None else self.folder_of(language))
        return self.base_url + self.output(key, language)

    def edit(self, source: str) -> str:
        """Return the link that edits a content file in the repository, "" without one."""
        if not self.repository_url:
            return ""
        folder = f"{self.edit_root}/" if self.edit_root else ""
        return f"{self.repository_url}/edit/{self.repository_branch}/{folder}content/{source}"

    def crawler_files(self, keys: list, languages: tuple = ()) -> dict:
        """Return sitemap.xml of these pages, and robots.txt where crawlers read it: {path: bytes}.

        The sitemap names each page in every language, with its other languages as hreflang
        alternates. Crawlers read robots.txt only at a domain's root, so it is written only there.
        """
        if not self.base_url:
            return {}
        languages = languages or (self.language,)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
                 + (' xmlns:xhtml="http://www.w3.org/1999/xhtml">' if len(languages) > 1 else ">")]
        for language in languages:
            for key in sorted(keys, key=self.output):
                lines.append(self._sitemap_entry(key, language, languages))
        files = {"sitemap.xml": ("\n".join(lines + ["</urlset>"]) + "\n").encode("utf-8")}
        if self.base_path == "/":
            files["robots.txt"] = (f"User-agent: *\nAllow: /\nSitemap: "
                                   f"{self.base_url}sitemap.xml\n").encode("utf-8")
        return files

    def _sitemap_entry(self, key: str, language: str, languages: tuple) -> str:
        """Return a page's <url> line of the sitemap, with its alternates in other languages."""
        loc = f"<loc>{html.escape(self.absolute(key, language), quote=False)}</loc>"
        if len(languages) == 1:
            return f"  <url>{loc}</url>"
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{other}" href="'
                        f'{html.escape(self.absolute(key, other))}"/>' for other in languages)
        return f"  <url>{loc}{links}</url>"


def unique(name: str, taken: set, first: int = 1) -> str:
    """Return name, or name-<first>, name-<first + 1> ... when taken has it; add it to taken."""
    found, count = name, first - 1
    while found in taken:
        count += 1
        found = f"{name}-{count}"
    taken.add(found)
    return found


def anchor(fragment: str) -> str:
    """Return the URL of an anchor of the same page."""
    return f"#{fragment}"


@functools.lru_cache(maxsize=65536)
def _folder(output: str) -> str:
    # Each page links from its own file dozens of times (its navigation, pager, trail).
    return posixpath.dirname(output) or "."


@functools.lru_cache(maxsize=65536)
def _relative_path(to_path: str, from_folder: str) -> str:
    # Keyed by the page's folder, not the page: a site has few folders, so every page of a
    # section hits the entries the first one made. posixpath.relpath was a tenth of a
    # 1,000-page build; the result depends only on the arguments.
    return posixpath.relpath(to_path, from_folder)


# Links as editors write them in Markdown: relative paths between files of content/.

def split_link(href: str) -> tuple[str, str]:
    """Return a relative link's path and fragment, each unquoted."""
    path, _, fragment = href.partition("#")
    return unquote(path), unquote(fragment)


def joined_source(from_source: str, path: str) -> str:
    """Return the file of content/ a relative link written in from_source names ("../x" outside)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_source), path))


def written_link(from_source: str, to_source: str, fragment: str = "") -> str:
    """Return the link to to_source (a path inside content/) as written in from_source."""
    written = posixpath.relpath(to_source, posixpath.dirname(from_source) or ".")
    return written + anchor(fragment) if fragment else written


def source(key: str) -> str:
    """Return the Markdown file of content/ a page key names."""
    return f"{key}{SOURCE_SUFFIX}"


def key_of(source_path: str) -> str:
    """Return the page key of a Markdown file of content/."""
    return source_path[:-len(SOURCE_SUFFIX)]


def page_of_html(path: str) -> str | None:
    """Return the page key an output path names, for a link written to the .html file."""
    return path[:-len(PAGE_SUFFIX)] if path.endswith(PAGE_SUFFIX) else None
