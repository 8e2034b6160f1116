"""The public-site quality gates as reusable functions.

The gates: valid HTML, working links and anchors, accessibility, privacy (no request leaves
the site), offline use, page weight and Lighthouse scores.

Every ``check_*`` function takes a built site folder (plus, for the browser gates, a
served base URL and/or a Playwright ``Browser``) and returns a list of problems as
human-readable strings: an empty list means the gate passes. The test modules beside
this file run them on the real sites and on planted defects.
"""
from __future__ import annotations

import gzip
import json
import os
import posixpath
import re
import subprocess
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from tests.support.browser import CHROME_ARGS, keep_local
from tests.support.server import served_prefix  # noqa: F401 (re-exported)
from tests.support.tools import AXE_JS, LINKINATOR, ROOT, VNU_JAR, chrome_path

# Pages that are served for unknown URLs use absolute, base-prefixed links by design;
# they are not reachable from the home page and not meant to be opened from disk.
NOT_FOUND_PAGE = "404.html"

WEIGHT_LIMIT = 60_000  # bytes, gzipped: HTML + CSS + JS + images of one page
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_WIDTHS = [320, 1280]
COLOR_SCHEMES = ["light", "dark"]
LIGHTHOUSE_GATED = ["accessibility", "best-practices", "seo"]  # must be 100
LIGHTHOUSE_CATEGORIES = LIGHTHOUSE_GATED + ["performance"]
LIGHTHOUSE_PERFORMANCE_MIN = 0.95  # Lighthouse's default mobile emulation
LIGHTHOUSE_METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                      "cumulative-layout-shift", "speed-index"]

# ---------------------------------------------------------------------------- parsing


@dataclass
class Page:
    rel: str  # posix path relative to the site root, e.g. "functions/agreement.html"
    ids: set[str] = field(default_factory=set)
    anchors: list[tuple[str, bool]] = field(default_factory=list)  # (<a href>, inside <nav>)
    resources: list[tuple[str, str]] = field(default_factory=list)  # (kind, url) the browser loads
    icons: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)  # content of every CSP <meta>
    stylesheets: list[str] = field(default_factory=list)


_RESOURCE_LINK_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
    "modulepreload", "prefetch", "preconnect", "dns-prefetch", "prerender",
}


class _PageParser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.nav_depth = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        p = self.page
        if tag == "nav":
            self.nav_depth += 1
        if tag not in {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base",
                       "col", "embed", "track", "param"}:
            self.stack.append(tag)
        if a.get("id"):
            p.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            p.ids.add(a["name"])
        if tag in {"a", "area"} and "href" in a:
            p.anchors.append((a["href"].strip(), self.nav_depth > 0))
        if tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            if rels & _RESOURCE_LINK_RELS:
                kind = "stylesheet" if "stylesheet" in rels else ("icon" if rels & {"icon", "apple-touch-icon", "mask-icon"} else "link")
                p.resources.append((kind, a["href"].strip()))
                if "icon" in rels:
                    p.icons.append(a["href"].strip())
                if "stylesheet" in rels:
                    p.stylesheets.append(a["href"].strip())
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            p.csp.append(a.get("content", ""))
        if tag == "script" and a.get("src"):
            p.resources.append(("script", a["src"].strip()))
        if tag in {"img", "source", "video", "audio", "track", "iframe", "embed", "input"}:
            if a.get("src"):
                p.resources.append(("image" if tag in {"img", "source", "input"} else tag, a["src"].strip()))
            for cand in a.get("srcset", "").split(","):
                cand = cand.strip().split(" ")[0]
                if cand:
                    p.resources.append(("image", cand))
            if tag == "video" and a.get("poster"):
                p.resources.append(("image", a["poster"].strip()))
        if tag == "object" and a.get("data"):
            p.resources.append(("object", a["data"].strip()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "nav" and self.nav_depth:
            self.nav_depth -= 1
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def html_pages(site: Path) -> list[str]:
    """Every ``.html`` file of the site, as sorted posix paths relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in Path(site).rglob("*.html") if p.is_file())


class _Alternates(HTMLParser):
    """The hreflang alternates of a page's head: {language: href}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "alternate" and values.get("hreflang"):
            self.found[values["hreflang"]] = values.get("href") or ""


def language_folders(site: Path) -> list[str]:
    """The folder of each language of a built site, the default's ("") first: "", "de/" ...

    Read from the home page's hreflang alternates, as a crawler learns them: [""] without any.
    """
    parser = _Alternates()
    parser.feed((Path(site) / "index.html").read_text(encoding="utf-8", errors="replace"))
    # Each other language's pages are in the folder named by its tag (handbook/urls.py).
    return [""] + [f"{language}/" for language in parser.found
                   if (Path(site) / language / "index.html").is_file()]


def parse_page(site: Path, rel: str) -> Page:
    page = Page(rel)
    parser = _PageParser(page)
    parser.feed((Path(site) / rel).read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return page


def parse_site(site: Path) -> dict[str, Page]:
    return {rel: parse_page(site, rel) for rel in html_pages(site)}


def is_external(url: str) -> bool:
    """True for URLs with a scheme or a host (``https://…``, ``//cdn…``, ``mailto:``)."""
    parts = urllib.parse.urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def resolve(from_rel: str, url: str) -> tuple[str, str] | None:
    """Resolve a relative URL written in page ``from_rel`` to (site-relative path, fragment).

    Returns None for external or absolute-path URLs. A path that climbs out of the
    site root resolves to a path starting with ``../``.
    """
    if is_external(url) or url.startswith("/"):
        return None
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.unquote(parts.path)
    fragment = urllib.parse.unquote(parts.fragment)
    if not path:
        return from_rel, fragment
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), path))
    if path.endswith("/"):
        joined += "/"
    return joined, fragment


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)


def css_urls(css_text: str) -> list[str]:
    css_text = re.sub(r"/\*.*?\*/", "", css_text, flags=re.S)
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css_text)]


# ---------------------------------------------------------------------------- gate 1: HTML


def check_html(site: Path, timeout: float = 600) -> list[str]:
    """Nu Html Checker (vnu.jar) on every page: each error is a problem."""
    proc = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--skip-non-html", "--errors-only", "--format", "json", str(site)],
        capture_output=True, text=True, timeout=timeout,
    )
    try:
        report = json.loads(proc.stderr or proc.stdout or "{}")
    except json.JSONDecodeError:
        return [f"vnu did not report JSON (exit {proc.returncode}): {(proc.stderr or proc.stdout)[:2000]}"]
    problems = []
    root = Path(site).resolve()
    for msg in report.get("messages", []):
        if msg.get("type") not in {"error", "non-document-error"} and msg.get("subType") != "fatal":
            continue
        url = msg.get("url", "")
        where = url
        if url.startswith("file:"):
            path = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
            try:
                where = path.resolve().relative_to(root).as_posix()
            except ValueError:
                where = str(path)
        problems.append(f"{where}:{msg.get('lastLine', '?')}: {msg.get('message', '').strip()}")
    if proc.returncode != 0 and not problems:
        problems.append(f"vnu exited {proc.returncode} without messages: {proc.stderr[:2000]}")
    return sorted(problems)


# ---------------------------------------------------------------------------- gate 2: links


def check_links_served(base_url: str, timeout: float = 600) -> list[str]:
    """linkinator 7 crawls the served site from ``base_url``: every broken link is a problem.

    Links to other hosts are skipped (no network here, and they are not ours to keep);
    links that climb out of the sub-path stay checked (and 404).
    """
    origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(base_url))
    skip = "^(?!" + re.escape(origin) + ")"
    proc = subprocess.run(
        [str(LINKINATOR), base_url, "--recurse", "--check-css", "--check-fragments", "--format", "json",
         "--concurrency", "8", "--timeout", "20000", "--skip", skip],
        capture_output=True, text=True, timeout=timeout,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return [f"linkinator did not report JSON (exit {proc.returncode}): {proc.stderr[:2000]} {proc.stdout[:2000]}"]
    problems = []
    for link in report.get("links", []):
        if link.get("state") == "BROKEN":
            parent = link.get("parent") or "(start)"
            if parent.startswith(base_url):
                parent = parent[len(base_url):] or "index"
            reason = link.get("status")
            details = link.get("failureDetails") or []
            for d in details:
                if isinstance(d, dict) and d.get("message"):
                    reason = f"{reason} {d['message']}"
                    break
            problems.append(f"{parent}: broken link {link.get('url')} ({reason})")
    if not report.get("links"):
        problems.append(f"linkinator checked no link at {base_url}")
    return sorted(set(problems))


def check_fragments(site: Path, pages: dict[str, Page] | None = None) -> list[str]:
    """Every internal link names an existing file, and its ``#fragment`` an id on that page."""
    pages = pages if pages is not None else parse_site(site)
    problems = []
    for rel, page in pages.items():
        if rel == NOT_FOUND_PAGE:
            continue
        for href, _ in page.anchors:
            if href.startswith("/") and not href.startswith("//"):
                problems.append(f"{rel}: link {href!r} is an absolute path (breaks under a sub-path and from disk)")
                continue
            target = resolve(rel, href)
            if target is None:
                continue
            path, fragment = target
            if path.startswith("../") or path == "..":
                problems.append(f"{rel}: link {href!r} leaves the site")
                continue
            if path.endswith("/") or (Path(site) / path).is_dir():
                problems.append(f"{rel}: link {href!r} names a folder, not a page")
                continue
            if not (Path(site) / path).is_file():
                problems.append(f"{rel}: link {href!r} names a missing file {path}")
                continue
            if fragment and fragment != "top" and path.endswith(".html"):
                if fragment not in pages[path].ids:
                    problems.append(f"{rel}: link {href!r}: no id {fragment!r} in {path}")
    return sorted(set(problems))


def unreachable_pages(site: Path, pages: dict[str, Page] | None = None, home: str = "index.html") -> list[str]:
    """Pages that following ``<a href>`` from the home page never reaches (404.html aside)."""
    pages = pages if pages is not None else parse_site(site)
    if home not in pages:
        return [f"no home page {home}"]
    seen, todo = {home}, [home]
    while todo:
        rel = todo.pop()
        for href, _ in pages[rel].anchors:
            target = resolve(rel, href)
            if target and target[0] in pages and target[0] not in seen:
                seen.add(target[0])
                todo.append(target[0])
    return [f"{rel}: not reachable from {home}" for rel in sorted(set(pages) - seen - {NOT_FOUND_PAGE})]


def check_links(site: Path, base_url: str) -> list[str]:
    """Gate 2 in full: linkinator on the served site + fragments + reachability."""
    pages = parse_site(site)
    return check_links_served(base_url) + check_fragments(site, pages) + unreachable_pages(site, pages)


# ---------------------------------------------------------------------------- gate 3: a11y

_SETTLE_JS = """() => new Promise(resolve => {
  for (const a of document.getAnimations()) { try { a.finish(); } catch (e) { a.cancel(); } }
  requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
})"""

_AXE_RUN_JS = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))}));
}"""


@lru_cache(maxsize=1)
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def check_accessibility(site: Path, base_url: str, browser, rels: list[str] | None = None) -> list[str]:
    """axe-core on every page, light and dark, 320 px and 1280 px wide: each violation is a problem."""
    rels = rels if rels is not None else html_pages(site)
    problems = []
    # bypass_csp: axe is injected as a script, which the site's own CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, viewport={"width": AXE_WIDTHS[0], "height": 800})
    keep_local(context, "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(base_url)))
    # axe is handed to the browser once and runs in each page before the page's own scripts:
    # sending its half megabyte with every page took twice as long as loading the page.
    context.add_init_script(script=axe_source())
    try:
        page = context.new_page()
        for rel in rels:
            page.emulate_media(color_scheme=COLOR_SCHEMES[0], reduced_motion="reduce")
            page.set_viewport_size({"width": AXE_WIDTHS[0], "height": 800})
            page.goto(base_url + rel, wait_until="load")
            for width in AXE_WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                for scheme in COLOR_SCHEMES:
                    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
                    page.evaluate(_SETTLE_JS)
                    for v in page.evaluate(_AXE_RUN_JS, AXE_TAGS):
                        nodes = "; ".join(v["nodes"])
                        problems.append(f"{rel} [{scheme}, {width}px]: {v['id']} ({v['impact']}): {v['help']} -- {nodes}")
    finally:
        context.close()
    return problems


# ---------------------------------------------------------------------------- gate 4: privacy


def parse_csp(content: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in content.split(";"):
        tokens = part.split()
        if tokens:
            directives.setdefault(tokens[0].lower(), tokens[1:])
    return directives


def check_privacy_static(site: Path, pages: dict[str, Page] | None = None) -> list[str]:
    """Favicon named on every page, CSP allowing only 'self' scripts and styles, no foreign resources."""
    pages = pages if pages is not None else parse_site(site)
    problems = []
    for rel, page in pages.items():
        if not page.icons:
            problems.append(f"{rel}: no <link rel=\"icon\"> (browsers would ask the domain root for /favicon.ico)")
        if not page.csp:
            problems.append(f"{rel}: no <meta http-equiv=\"Content-Security-Policy\">")
        for content in page.csp:
            csp = parse_csp(content)
            for directive in ("script-src", "style-src"):
                sources = csp.get(directive, csp.get("default-src"))
                if sources is None:
                    problems.append(f"{rel}: CSP sets neither {directive} nor default-src")
                elif [s.lower() for s in sources] != ["'self'"]:
                    problems.append(f"{rel}: CSP {directive} allows {' '.join(sources)!r}, not only 'self'")
        for kind, url in page.resources:
            if url.startswith("data:"):
                continue
            if is_external(url):
                problems.append(f"{rel}: {kind} from another host: {url}")
    css_files = {p for p in Path(site).rglob("*.css") if p.is_file()}
    for css in sorted(css_files):
        for url in css_urls(css.read_text(encoding="utf-8", errors="replace")):
            if not url.startswith("data:") and is_external(url):
                problems.append(f"{css.relative_to(site).as_posix()}: loads from another host: {url}")
    return problems


def site_file(site: Path, base_url: str, url: str) -> Path | None:
    """Return the file of ``site`` that ``url`` (served under ``base_url``) names, or None."""
    if not url.startswith(base_url):
        return None
    rel = urllib.parse.unquote(urllib.parse.urlsplit(url[len(base_url):]).path)
    path = Path(site) / rel
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def failed_request_problem(site: Path, base_url: str, url: str, failure: str | None) -> str | None:
    """Say why a failed same-site request is a problem, or None when it is not one.

    A navigation aborts the previous page's requests still in flight (the icon, say): for a
    file the site has, that is no leak and no defect. Any other failure is one.
    """
    if failure == "net::ERR_ABORTED" and site_file(site, base_url, url) is not None:
        return None
    return f"request failed: {url} ({failure})"


class _PrivacyRecorder:
    """Record, for the page being checked, what the privacy gate forbids; track requests in flight."""

    def __init__(self, site: Path, base_url: str, foreign: list[str]) -> None:
        self.site, self.base_url, self.foreign = site, base_url, foreign
        self.origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(base_url))
        self.rel = ""
        self.problems: list[str] = []
        self.pending: dict = {}  # requests in flight, in the order they started

    def listen(self, page) -> None:
        """Attach the recorder to a Playwright page."""
        page.on("request", self.on_request)
        page.on("requestfinished", lambda r: self.pending.pop(r, None))
        page.on("requestfailed", self.on_failed)
        page.on("response", self.on_response)
        page.on("console", lambda m: m.type == "error" and self.add(f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.add(f"uncaught error: {e}"))

    def add(self, problem: str) -> None:
        self.problems.append(f"{self.rel}: {problem}")

    def on_request(self, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        self.pending[request] = True
        if not url.startswith(self.origin + "/"):
            self.add(f"request to another host: {url}")

    def on_failed(self, request) -> None:
        self.pending.pop(request, None)
        if request.url in self.foreign:
            return  # already recorded as a request to another host
        problem = failed_request_problem(self.site, self.base_url, request.url, request.failure)
        if problem:
            self.add(problem)

    def on_response(self, response) -> None:
        if response.status >= 400 and response.url != self.base_url + self.rel:
            self.add(f"{response.status} for {response.url}")

    def wait_for_requests(self) -> None:
        """Wait until every request the page has started has finished or failed."""
        while self.pending:
            request = next(iter(self.pending))
            response = request.response()  # waits for the response, None when the request failed
            if response is not None:
                response.finished()  # waits for the body
            self.pending.pop(request, None)


def check_privacy_loaded(site: Path, base_url: str, browser, rels: list[str]) -> list[str]:
    """Load every page with the site's CSP in force: only the site's own origin may be asked, no console error."""
    foreign: list[str] = []
    recorder = _PrivacyRecorder(site, base_url, foreign)
    context = browser.new_context()
    keep_local(context, recorder.origin, foreign)  # the request is recorded, then aborted before it leaves
    try:
        page = context.new_page()
        recorder.listen(page)
        for rel in rels:
            recorder.rel = rel
            response = page.goto(base_url + rel, wait_until="load")
            if response is None or response.status != 200:
                recorder.add(f"status {response.status if response else 'none'}")
            page.evaluate(_SETTLE_JS)  # animations done, two frames drawn: what the page asks for on load is asked
            recorder.wait_for_requests()
        recorder.rel = "(after last page)"
    finally:
        context.close()
    return recorder.problems


def check_privacy(site: Path, base_url: str, browser) -> list[str]:
    pages = parse_site(site)
    return check_privacy_static(site, pages) + check_privacy_loaded(site, base_url, browser, sorted(pages))


# ---------------------------------------------------------------------------- gate 5: offline

_STYLE_PROBE_JS = """() => {
  const s = getComputedStyle(document.body);
  const props = ['font-family', 'margin-top', 'margin-left', 'color', 'background-color', 'line-height', 'max-width'];
  const out = {};
  for (const p of props) out[p] = s.getPropertyValue(p);
  out.sheets = Array.from(document.querySelectorAll('link[rel~="stylesheet"]')).map(l => ({href: l.href, loaded: !!l.sheet}));
  out.navLinks = Array.from(document.querySelectorAll('nav a[href]')).map(a => a.href);
  return out;
}"""


def file_url_target(url: str) -> Path | None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "file":
        return None
    return Path(urllib.parse.unquote(parts.path))


def check_offline(site: Path, browser, pages: dict[str, Page] | None = None) -> list[str]:
    """``index.html`` from ``file://`` has its styles; every navigation link works from disk."""
    site = Path(site).resolve()
    pages = pages if pages is not None else parse_site(site)
    if not (site / "index.html").is_file():
        return ["no index.html"]
    problems = _offline_home(site, browser) + _offline_nav_links(site, pages)
    return sorted(set(problems), key=problems.index)


def _offline_home(site: Path, browser) -> list[str]:
    """Open index.html from disk: its styles load, and each navigation link opens a file."""
    context = browser.new_context()
    keep_local(context)  # from disk, nothing may go to the network
    try:
        page = context.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.set_content("<!doctype html><html><head><title>x</title></head><body><p>unstyled</p></body></html>")
        baseline = page.evaluate(_STYLE_PROBE_JS)
        page.goto((site / "index.html").as_uri(), wait_until="load")
        styled = page.evaluate(_STYLE_PROBE_JS)
        problems = _offline_styles(baseline, styled, failed)
        # follow every navigation link of the home page, in the browser
        for url in dict.fromkeys(styled["navLinks"]):
            problems += _offline_follow(page, url)
        return problems
    finally:
        context.close()


def _offline_styles(baseline: dict, styled: dict, failed: list[str]) -> list[str]:
    """Compare the home page from disk with an unstyled page: its sheets and links are there."""
    problems = [f"index.html from file://: stylesheet {sheet['href']} did not load"
                for sheet in styled["sheets"] if not sheet["loaded"]]
    problems += [f"index.html from file://: could not load {url}" for url in failed]
    keys = [k for k in baseline if k not in {"sheets", "navLinks"}]
    if all(baseline[k] == styled[k] for k in keys):
        problems.append("index.html from file://: unstyled (body's computed style is the browser default)")
    if not styled["navLinks"]:
        problems.append("index.html: no navigation links (<nav> with <a href>)")
    return problems


def _offline_follow(page, url: str) -> list[str]:
    """Open one navigation link of the home page from disk; return what went wrong."""
    target = file_url_target(url.split("#")[0])
    if target is None:
        if url.startswith(("http:", "https:", "mailto:")):
            return []
        return [f"index.html from file://: nav link {url} is not a file"]
    if not target.is_file():
        return [f"index.html from file://: nav link {url} reaches no file"
                + (" (a folder: file:// shows no index)" if target.is_dir() else "")]
    response = page.goto(url, wait_until="load")
    if response is not None and not response.ok:
        return [f"index.html from file://: nav link {url} failed to open"]
    return []


def _offline_nav_links(site: Path, pages: dict[str, Page]) -> list[str]:
    """Check every navigation link of every other page, from the files themselves."""
    problems: list[str] = []
    for rel, p in pages.items():
        if rel == NOT_FOUND_PAGE:
            continue
        for href, in_nav in p.anchors:
            if not in_nav or href.startswith("#"):
                continue
            if href.startswith("/") and not href.startswith("//"):
                problems.append(f"{rel}: nav link {href!r} is an absolute path (breaks from disk)")
                continue
            target = resolve(rel, href)
            if target is None:
                continue
            path = site / target[0]
            if target[0].endswith("/") or path.is_dir():
                problems.append(f"{rel}: nav link {href!r} names a folder (file:// shows no index)")
            elif not path.is_file():
                problems.append(f"{rel}: nav link {href!r} reaches no file")
    return problems


# ---------------------------------------------------------------------------- gate 6: weight


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def page_weights(site: Path, pages: dict[str, Page] | None = None) -> list[tuple[str, int, dict[str, int]]]:
    """For every page: (rel, gzipped bytes in all, {file: gzipped bytes}), heaviest first.

    Counts the HTML, its stylesheets (and what they import or ``url()``), scripts, images and icons.
    """
    site = Path(site).resolve()
    pages = pages if pages is not None else parse_site(site)
    result = []
    for rel, page in pages.items():
        files: dict[str, int] = {rel: _gz(site / rel)}
        todo = [(rel, url) for _, url in page.resources]
        while todo:
            base, url = todo.pop()
            target = resolve(base, url)
            if target is None or target[0] in files:
                continue
            path = site / target[0]
            if not path.is_file():
                continue
            files[target[0]] = _gz(path)
            if path.suffix == ".css":
                todo.extend((target[0], u) for u in css_urls(path.read_text(encoding="utf-8", errors="replace")))
        result.append((rel, sum(files.values()), files))
    return sorted(result, key=lambda r: (-r[1], r[0]))


def check_weight(site: Path, limit: int = WEIGHT_LIMIT) -> list[str]:
    return [f"{rel}: {total:,} bytes gzipped > {limit:,} ("
            + ", ".join(f"{f} {n:,}" for f, n in sorted(files.items(), key=lambda kv: -kv[1])[:5]) + ")"
            for rel, total, files in page_weights(site) if total >= limit]


# ---------------------------------------------------------------------------- gate 7: Lighthouse


def lighthouse_pages(site: Path) -> list[str]:
    """The pages Lighthouse audits: home, a function page, the matrix, the self-assessment and compare."""
    site = Path(site)
    functions = sorted(p.relative_to(site).as_posix() for p in (site / "functions").glob("*.html")
                       if p.name != "index.html")
    first = functions[0] if functions else "functions/<id>.html (none found)"
    # Each other language shares the default's templates: its home, a function page and the
    # self-assessment, where its longer words and its own strings could still cost a score.
    return ["index.html", first, "matrix.html", "assessment.html", "compare.html"] + [
        folder + rel for folder in language_folders(site)[1:]
        for rel in ("index.html", first, "assessment.html")]


LIGHTHOUSE_MANY = Path(__file__).resolve().parent / "lighthouse_many.mjs"


def run_lighthouse(urls: list[str], timeout: float = 300) -> list[dict]:
    """Return Lighthouse's report of each page, audited one after another in one Chrome."""
    # The dead proxy keeps any request to another host on this machine (loopback bypasses it).
    flags = ["--headless"] + CHROME_ARGS + ["--proxy-server=http://127.0.0.1:9"]
    settings = json.dumps({"chromeFlags": flags, "categories": LIGHTHOUSE_CATEGORIES})
    env = {**os.environ, "CHROME_PATH": chrome_path()}
    proc = subprocess.run(["node", str(LIGHTHOUSE_MANY), settings, *urls], capture_output=True, text=True,
                          timeout=timeout * max(1, len(urls)), env=env, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"lighthouse exited {proc.returncode} on {', '.join(urls)}: {proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def check_lighthouse(site: Path, base_url: str, scores_out: dict | None = None,
                     rels: list[str] | None = None) -> list[str]:
    """Accessibility, best practices and SEO must be 100 on the audited pages, performance at least 95."""
    rels = rels if rels is not None else lighthouse_pages(site)
    problems = [f"{rel}: missing, cannot audit" for rel in rels if not (Path(site) / rel).is_file()]
    audited = [rel for rel in rels if (Path(site) / rel).is_file()]
    try:
        reports = run_lighthouse([base_url + rel for rel in audited]) if audited else []
    except (RuntimeError, json.JSONDecodeError, subprocess.TimeoutExpired) as exc:
        return problems + [f"{', '.join(audited)}: {exc}"]
    for rel, report in zip(audited, reports):
        problems += _lighthouse_problems(rel, report, scores_out)
    return problems


def _lighthouse_problems(rel: str, report: dict, scores_out: dict | None) -> list[str]:
    """Return the problems of one page's Lighthouse report, recording its scores."""
    problems = []
    if report.get("runtimeError"):
        problems.append(f"{rel}: lighthouse runtime error {report['runtimeError']}")
    cats = report.get("categories", {})
    scores = {c: (cats.get(c) or {}).get("score") for c in LIGHTHOUSE_CATEGORIES}
    if scores_out is not None:
        scores_out[rel] = {**scores, "seconds": round(report.get("seconds", 0), 1)}
    for cat in LIGHTHOUSE_GATED:
        score = scores[cat]
        if score == 1:
            continue
        audits = report.get("audits", {})
        failing = []
        for ref in (cats.get(cat) or {}).get("auditRefs", []):
            audit = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{ref['id']}: {audit.get('title', '')}")
        problems.append(f"{rel}: lighthouse {cat} {score if score is None else round(score * 100)}"
                        f" < 100 ({'; '.join(failing) or 'no failing audit listed'})")
    return problems + performance_problems(rel, report, scores["performance"])


def performance_problems(rel: str, report: dict, score: float | None) -> list[str]:
    """A performance score under the threshold is a problem, shown with the metrics behind it."""
    if score is not None and score >= LIGHTHOUSE_PERFORMANCE_MIN:
        return []
    audits = report.get("audits", {})
    metrics = "; ".join(f"{m} {audits[m].get('displayValue', '?')}" for m in LIGHTHOUSE_METRICS if m in audits)
    shown = score if score is None else round(score * 100)
    return [f"{rel}: lighthouse performance {shown} < {round(LIGHTHOUSE_PERFORMANCE_MIN * 100)} ({metrics})"]
