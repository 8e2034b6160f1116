"""The development server: build, watch, serve with live reload; keep the last good site."""

from __future__ import annotations

import gc
import io
import json
import sys
import tempfile
import threading
import traceback
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

from .config import load_config
from .output import MARKER, MARKER_TEXT, update_site
from .pipeline import Cache, Options, build
from .problems import Report, print_report
from .sources import Project

WATCHED = ("content", "framework")
STATUS = "__handbook__/status.json"


def serve(options: Options, port: int) -> int:
    """Build into a temporary folder, serve it at the base path, rebuild on every change."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    root, prefix = _serving_root(options)
    site = root / prefix.strip("/") if prefix != "/" else root
    rebuild = Rebuilder(replace(options, dev=True, out=None), site)
    rebuild()
    # What the first build cached (tokens, pages, templates) lives as long as the server: move
    # it out of the cycle collector's sight, which otherwise rescans it now and then in the
    # middle of a rebuild (a third of a second at 1,000 pages).
    gc.collect()
    gc.freeze()
    server = Server()
    # livereload polls what it is told to watch (the working folder if nothing): give it one
    # file that never changes; watchfiles below does the real watching, event-driven.
    server.watch(str(site / MARKER))
    loop = IOLoop.current()
    folders = [options.project / name for name in WATCHED] + [options.theme]
    watching = threading.Event()
    threading.Thread(target=watch, daemon=True, args=(
        folders, rebuild, lambda: loop.add_callback(LiveReloadHandler.reload_waiters),
        watching)).start()
    watching.wait(10)  # an edit saved before the watches exist would go unnoticed
    print(f"Serving {site} on http://127.0.0.1:{port}{prefix} (Ctrl+C to stop)", flush=True)
    server.serve(root=str(root), host="127.0.0.1", port=port, open_url_delay=None,
                 restart_delay=0)
    return 0


def watch(folders: list[Path], rebuild, notify, watching: threading.Event | None = None) -> None:
    """Rebuild after each burst of file changes; tell the browsers when the site changed.

    Sets `watching` once the watches are in place (the first quiet timeout proves it).
    """
    import watchfiles

    # step: how long a burst may pause before it counts as finished (an editor's save is
    # several events); debounce: the longest a burst is held back.
    for changes in watchfiles.watch(*[f for f in folders if f.is_dir()], debounce=100, step=20,
                                    raise_interrupt=False, rust_timeout=50,
                                    yield_on_timeout=True):
        if watching is not None:
            watching.set()
        if changes and rebuild():
            notify()


def _serving_root(options: Options) -> tuple[Path, str]:
    """Return a fresh folder to serve and the URL path of the site inside it."""
    base_url = options.base_url or load_config(Project(options.project), Report()).base_url
    path = urlparse(base_url).path.strip("/") if base_url else ""
    root = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
    return root, f"/{path}/" if path else "/"


class Rebuilder:
    """Rebuild with a cache; write changed files of a good build; always write the status."""

    def __init__(self, options: Options, site: Path):
        self.options, self.site = options, site
        self.cache = Cache()
        self.written: dict | None = None
        self.status = b""

    def __call__(self) -> bool:
        """Rebuild once; return whether the browser should reload."""
        try:
            result = build(self.options, self.cache)
        except Exception:  # noqa: BLE001 - keep serving the last good site
            self.cache = Cache()
            return self._record(False, ["internal error in the generator:",
                                        traceback.format_exc()],
                                "Build crashed; still serving the last good pages.", False)
        stream = io.StringIO()
        print_report(result.report, self.options.strict, stream, github=False)
        sys.stderr.write(stream.getvalue())
        failed = result.failed(self.options.strict)
        changed = False
        if not failed:
            files = dict(result.files, **{MARKER: MARKER_TEXT})
            changed = bool(update_site(self.site, files, self.written))
            self.written = files
        problems = [p.format() for p in result.report.sorted()] if failed else []
        message = ("Build failed; still serving the last good pages." if failed
                   else f"Rebuilt {result.pages} pages in {result.seconds:.2f} s.")
        return self._record(not failed, problems, message, changed)

    def _record(self, ok: bool, problems: list, message: str, changed: bool) -> bool:
        status = json.dumps({"ok": ok, "problems": problems}).encode("utf-8")
        status_changed, self.status = status != self.status, status
        update_site(self.site, {STATUS: status}, None)
        print(message, file=sys.stdout if ok else sys.stderr, flush=True)
        return changed or status_changed
