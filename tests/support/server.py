"""A static HTTP server on 127.0.0.1 (random port) serving a folder under a sub-path.

It behaves like GitHub Pages for a project site: the folder is mounted at
``/<prefix>/``; a folder URL serves its ``index.html`` (no listings); anything outside
the prefix is 404; a missing file inside the prefix gets the site's ``404.html`` (when
present) with status 404.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import gzip
import http.server
import posixpath
import re
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Iterator


@functools.lru_cache(maxsize=32)
def _gzipped(body: bytes) -> bytes:
    """Return body gzipped, each body once, as a static host keeps a file's compressed form."""
    # Compressing the 1,000-page search index (2.2 MB) took this server 130-400 ms per request,
    # most of the search box's first-key time in bench/search.py; a host does it once.
    return gzip.compress(body, mtime=0)


class _Handler(http.server.SimpleHTTPRequestHandler):
    root: Path
    prefix: str  # "/handbook/"
    compress: bool  # gzip text as GitHub Pages does, for clients that accept it
    trickle: "Trickle | None"  # send HTML pages slowly, as a slow network brings them

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def _resolve(self) -> Path | None:
        path = urllib.parse.urlsplit(self.path).path
        path = urllib.parse.unquote(path)
        if path + "/" == self.prefix:
            return None  # handled as redirect by caller
        if not path.startswith(self.prefix):
            return None
        rel = posixpath.normpath(path[len(self.prefix):] or ".")
        if rel.startswith("..") or rel.startswith("/"):
            return None
        target = (self.root / rel) if rel != "." else self.root
        if target.is_dir():
            if not path.endswith("/"):
                return target  # redirect below
            target = target / "index.html"
        return target

    def _serve(self, head_only: bool) -> None:
        raw = urllib.parse.urlsplit(self.path).path
        if urllib.parse.unquote(raw) + "/" == self.prefix:
            self._redirect(self.prefix)
            return
        target = self._resolve()
        if target is not None and target.is_dir():
            self._redirect(raw + "/")
            return
        if target is None or not target.is_file():
            inside = urllib.parse.unquote(raw).startswith(self.prefix)
            page = self.root / "404.html"
            if inside and page.is_file():
                self._send(404, page.read_bytes(), "text/html; charset=utf-8", head_only)
            else:
                self._send(404, b"Not found\n", "text/plain; charset=utf-8", head_only)
            return
        ctype = self.guess_type(str(target))
        if ctype.startswith("text/") or ctype in {"application/javascript", "application/json", "image/svg+xml"}:
            ctype += "; charset=utf-8"
        self._send(200, target.read_bytes(), ctype, head_only)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, ctype: str, head_only: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if self.compress and "charset=" in ctype and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = _gzipped(body)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store" if self.trickle else "max-age=600")
        self.end_headers()
        if head_only:
            return
        if self.trickle and ctype.startswith("text/html"):
            self.trickle.send(self.wfile, body)
        else:
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        self._serve(head_only=False)

    def do_HEAD(self):  # noqa: N802
        self._serve(head_only=True)


@dataclasses.dataclass(frozen=True)
class Trickle:
    """HTML sent in parts of about ``chunk`` bytes, ``delay`` seconds apart, for its first
    ``upto`` bytes; the rest follows at once.

    The browser draws what it has between parts, so every part of a page's first screen is
    painted before the rest arrives: what a slow network shows a reader, and what moves when
    the next part comes in. Each part ends just before a tag, so text is never cut inside a
    word: a word cut at the end of a line moves to the next one whatever the page does, while
    an element placed by what comes after it is a defect of the page.

    ``rows`` names elements whose items sit side by side, by the start of their start tag
    (``b'<nav class="breadcrumb"'``): in each, every start tag begins a part of its own, so an
    item drawn before its words arrive is drawn on every run, not only when a part happens to
    end there.
    """

    chunk: int = 512
    delay: float = 0.02
    upto: int = 16_384
    rows: tuple[bytes, ...] = ()

    def parts(self, body: bytes) -> list[bytes]:
        """The parts ``send`` writes, in order: together they are ``body``."""
        cuts, start = set(self._row_cuts(body)), 0
        while start < min(len(body), self.upto):
            start = body.find(b"<", start + self.chunk)
            if start < 0:
                break
            cuts.add(start)
        edges = [0, *sorted(cut for cut in cuts if 0 < cut < len(body)), len(body)]
        return [body[begin:end] for begin, end in zip(edges, edges[1:])]

    def _row_cuts(self, body: bytes):
        """The start of every start tag inside each element that ``rows`` names."""
        for marker in self.rows:
            name = re.match(rb"<([a-zA-Z0-9]+)", marker).group(1)
            begin = body.find(marker)
            while begin >= 0:
                end = body.find(b"</" + name, begin)
                end = len(body) if end < 0 else end
                yield from (begin + tag.start() for tag in re.finditer(rb"<[a-zA-Z]", body[begin:end]) if tag.start())
                begin = body.find(marker, end)

    def send(self, out, body: bytes) -> None:
        for part in self.parts(body):
            out.write(part)
            out.flush()
            time.sleep(self.delay)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class SiteServer:
    """Serve ``folder`` at ``http://127.0.0.1:<port>/<prefix>/``; use as a context manager."""

    def __init__(self, folder: Path | str, prefix: str = "handbook", compress: bool = False,
                 trickle: Trickle | None = None) -> None:
        self.folder = Path(folder).resolve()
        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        handler = type("Handler", (_Handler,), {"root": self.folder, "prefix": prefix, "compress": compress,
                                            "trickle": trickle})
        handler.extensions_map = {**_Handler.extensions_map, ".js": "text/javascript",
                                  ".mjs": "text/javascript", ".svg": "image/svg+xml",
                                  ".webmanifest": "application/manifest+json",
                                  ".csv": "text/csv", ".xml": "application/xml"}
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self.port = self._httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.base_url = self.origin + prefix
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name=f"site-server-{self.port}",
                                        daemon=True)
        self._thread.start()

    def url(self, rel: str = "") -> str:
        """URL of a site-relative path such as ``functions/agreement.html``."""
        return self.base_url + rel.lstrip("/")

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "SiteServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def served_prefix(site: Path | str, default: str = "handbook") -> str:
    """The sub-path a built site was made for, read from its ``sitemap.xml`` (else ``default``).

    A site built with ``--base-url https://x.example/kooperation/`` gives ``kooperation``; its
    404 page uses absolute, base-prefixed URLs, so it must be served under that path.
    """
    sitemap = Path(site) / "sitemap.xml"
    if not sitemap.is_file():
        return default
    text = sitemap.read_text(encoding="utf-8", errors="replace")
    for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text):
        path = urllib.parse.unquote(urllib.parse.urlsplit(loc).path)
        for i, char in enumerate(path):
            if char == "/" and (Path(site) / (path[i + 1:] or "index.html")).is_file():
                return path[:i + 1].strip("/") or default
    return default


@contextlib.contextmanager
def serve(folder: Path | str, prefix: str = "handbook") -> Iterator[SiteServer]:
    server = SiteServer(folder, prefix)
    try:
        yield server
    finally:
        server.close()
