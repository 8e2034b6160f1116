"""The development server: build, watch, serve with live reload; keep the last good site.

livereload does two things here: its file handler serves the site (it never answers "304 Not
Modified", so a page saved twice within one second is never served stale) and its WebSocket
handler speaks the LiveReload handshake with the open pages. The rest is our own because
livereload's cannot meet the targets: it injects an inline script, which the pages'
Content-Security-Policy blocks; its watcher polls every 0.8 s and its reloads wait 3 s after the
last one. Here watchfiles sees a save at once, the page's own external script (handbook/dev/)
opens the socket, and every good build reloads the open pages immediately.
"""

from __future__ import annotations

import errno
import gc
import html
import json
import os
import secrets
import shutil
import signal
import string
import sys
import tempfile
import threading
import traceback
from dataclasses import replace
from pathlib import Path

from .config import load_config
from .strings import load_strings
from .output import MARKER, MARKER_TEXT, update_site
from .pipeline import Cache, Options, build
from .problems import ERROR, Report
from .sources import Project
from .urls import Urls

WATCHED = ("content", "framework")
HOST = "127.0.0.1"
DEV_ASSETS = Path(__file__).resolve().parent / "dev"  # served under serve only, never built
DEV_FOLDER = "__handbook__"
ROOT_PREFIX = "handbook-serve-"  # then the server's process id, so a later run can tell it died
STATUS = f"{DEV_FOLDER}/status.json"
SOCKET_PATH = "/livereload"  # livereload's; theme/templates/base.html names it too


class PortInUse(Exception):
    """The port asked for cannot be listened on."""

    def __init__(self, port: int, taken: bool):
        other = port + 1 if taken and port < 65535 else 8000
        reason = ("is already in use (by another build.py serve?); stop that program or"
                  if taken else "needs administrator rights;")
        super().__init__(f"port {port} on {HOST} {reason} choose another port with --port, "
                         f"for example --port {other}")


def serve(options: Options, port: int, full: bool = False) -> int:
    """Build into a temporary folder, serve it at the base path, rebuild on every change.

    With full, every build is a clean one: nothing is kept from the one before.
    """
    sockets = _listen(port)
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)  # clean up as on Ctrl+C
    root, prefix = _serving_root(options)
    try:
        return _serve(options, port, sockets, root, prefix, full)
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(root, ignore_errors=True)


def _serve(options: Options, port: int, sockets: list, root: Path, prefix: str,
           full: bool = False) -> int:
    """Build once, then serve and rebuild until interrupted."""
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop

    site = root / prefix.strip("/") if prefix != "/" else root
    hub = Hub(port, IOLoop.current())
    dev = f"ws://{HOST}:{port}"
    rebuild = Rebuilder(replace(options, dev=dev, out=None), site, hub, full)
    update_site(site, dev_assets(), None)
    rebuild(first=True)
    # What the first build cached (documents, pages, templates) lives as long as the server: move
    # it out of the cycle collector's sight, which otherwise rescans it now and then in the
    # middle of a rebuild (a third of a second at 1,000 pages).
    gc.collect()
    gc.freeze()
    waiting = waiting_page(options, prefix, dev)
    HTTPServer(application(root, site, hub, waiting)).add_sockets(sockets)
    stop = threading.Event()
    watcher = _start_watching(options, rebuild, stop)
    print(f"Serving {site} on http://{HOST}:{port}{prefix} (Ctrl+C to stop)", flush=True)
    try:
        IOLoop.current().start()
    finally:
        stop.set()
        watcher.join(10)  # let a rebuild in progress finish before its folder is removed
    return 0


def _listen(port: int) -> list:
    """Open the listening socket before anything is built or printed."""
    from tornado.netutil import bind_sockets

    try:
        return bind_sockets(port, HOST)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortInUse(port, exc.errno == errno.EADDRINUSE) from None
        raise


def _start_watching(options: Options, rebuild, stop: threading.Event) -> threading.Thread:
    """Start the watcher thread and wait until its watches are in place."""
    folders = [options.project / name for name in WATCHED] + [options.theme]
    watching = threading.Event()
    thread = threading.Thread(target=watch, daemon=True, args=(folders, rebuild, watching, stop))
    thread.start()
    watching.wait(10)  # an edit saved before the watches exist would go unnoticed
    return thread


def watch(folders: list[Path], rebuild, watching: threading.Event | None = None,
          stop: threading.Event | None = None) -> None:
    """Rebuild after each burst of file changes until stop is set.

    Sets `watching` once the watches are in place (the first quiet timeout proves it).
    """
    import watchfiles

    # step: how long a burst may pause before it counts as finished (an editor's save is
    # several events); debounce: the longest a burst is held back.
    for changes in watchfiles.watch(*[f for f in folders if f.is_dir()], debounce=100, step=20,
                                    raise_interrupt=False, rust_timeout=50,
                                    yield_on_timeout=True, stop_event=stop):
        if watching is not None:
            watching.set()
        if changes:
            rebuild()


def _serving_root(options: Options) -> tuple[Path, str]:
    """Return a fresh folder to serve and the URL path of the site inside it."""
    # The settings' problems are the build's to report; here only the base path matters.
    prefix = Urls.of(load_config(Project(options.project), Report()), options.base_url).base_path
    _remove_stale_roots()
    root = Path(tempfile.mkdtemp(prefix=f"{ROOT_PREFIX}{os.getpid()}-"))
    return root, prefix


def _remove_stale_roots() -> None:
    """Remove the folders of servers that were killed before they could remove their own."""
    for folder in Path(tempfile.gettempdir()).glob(f"{ROOT_PREFIX}*-*"):
        pid = folder.name[len(ROOT_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and folder.is_dir() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    """Tell whether a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def dev_assets() -> dict:
    """Return the dev server's own script and style, {path in the served site: bytes}."""
    return {f"{DEV_FOLDER}/{path.name}": path.read_bytes()
            for path in sorted(DEV_ASSETS.iterdir()) if path.suffix in {".js", ".css"}}


def waiting_page(options: Options, prefix: str, dev: str) -> bytes:
    """Return the page served before any build succeeded: it shows the problems, then reloads."""
    project = Project(options.project)
    config = load_config(project, Report())  # problems in it are the build's to report
    strings = load_strings(project, options.theme, config.language, Report()).get("dev", {})
    data = json.dumps(strings, ensure_ascii=False, sort_keys=True)
    page = string.Template((DEV_ASSETS / "waiting.html").read_text(encoding="utf-8"))
    return page.substitute(lang=html.escape(config.language), base=prefix, socket=dev,
                           title=html.escape(strings.get("no_pages_title", "")),
                           strings=data.replace("<", "\\u003c")).encode("utf-8")


class Hub:
    """The open pages' sockets and the last status sent to them.

    The watcher thread calls publish(); everything else runs on the server's event loop.
    """

    def __init__(self, port: int, loop):
        self.loop, self.sockets = loop, set()
        self.origins = {f"http://{host}:{port}" for host in (HOST, "localhost")}
        # Tells the pages of this run from those of an earlier one, whose build count restarts.
        self.status = {"command": "status", "server": secrets.token_hex(8), "generation": 0,
                       "ok": True, "errors": [], "warnings": []}

    def publish(self, **status) -> None:
        """Send a new status to every open page (from any thread)."""
        self.loop.add_callback(self._send, status)

    def _send(self, status: dict) -> None:
        self.status = dict(self.status, **status)
        for socket in list(self.sockets):
            socket.send_message(self.status)

    def join(self, socket) -> None:
        """Add a page's socket and tell it the current status."""
        self.sockets.add(socket)
        socket.send_message(self.status)


class Rebuilder:
    """Rebuild with a cache (none with full); write changed files of a good build; tell the open
    pages."""

    def __init__(self, options: Options, site: Path, hub: Hub | None = None, full: bool = False):
        self.options, self.site, self.hub, self.full = options, site, hub, full
        self.cache = None if full else Cache()
        self.written: dict | None = None
        self.generation = 0  # good builds the open pages must reload for
        self.last: dict = {}

    def __call__(self, first: bool = False) -> None:
        """Rebuild once; print one status line; reload the pages or show the problems."""
        try:
            result = build(self.options, self.cache)
        except Exception:  # noqa: BLE001 - keep serving the last good site
            self.cache = None if self.full else Cache()
            print(traceback.format_exc(), file=sys.stderr, end="")
            self._record(False, ["internal error in the generator (the traceback is in the "
                                 "terminal)"], [], False,
                         "Build crashed: a bug in the generator; still serving the last good "
                         "pages.")
            return
        problems = result.report.sorted()
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        failed = result.failed(self.options.strict)
        changed = False
        if not failed:
            files = dict(result.files, **{MARKER: MARKER_TEXT})
            changed = bool(update_site(self.site, files, self.written))
            self.written = files
        errors = [p.format() for p in problems if p.severity == ERROR]
        warnings = [p.format() for p in problems if p.severity != ERROR]
        self._record(not failed, errors, warnings, changed,
                     self._line(result, failed, first, len(errors), len(warnings)))

    def _line(self, result, failed: bool, first: bool, errors: int, warnings: int) -> str:
        """Return the one status line of a build."""
        counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        if failed:
            strict = " (fatal under --strict)" if self.options.strict and warnings else ""
            kept = "; still serving the last good pages" if self.written else ""
            return f"Build failed: {counts}{strict}{kept}."
        verb = "Built" if first else "Rebuilt"
        found = f" ({_plural(warnings, 'warning')})" if warnings else ""
        return f"{verb} {result.pages} pages in {result.seconds:.2f} s{found}."

    def _record(self, ok: bool, errors: list, warnings: list, changed: bool, line: str) -> None:
        """Write the status file, print the line, and tell the pages what changed."""
        status = {"ok": ok, "errors": errors, "warnings": warnings}
        recovered = ok and self.last.get("ok") is False
        if changed or recovered:
            self.generation += 1  # the pages reload: their bytes changed, or the overlay goes
        update_site(self.site, {STATUS: json.dumps(status).encode("utf-8")}, None)
        print(line, file=sys.stdout if ok else sys.stderr, flush=True)
        if self.hub is not None and (changed or recovered or status != self.last):
            self.hub.publish(generation=self.generation, **status)
        self.last = status


def application(root: Path, site: Path, hub: Hub, waiting: bytes = b""):
    """Return the web application: the reload socket, then every file of the served folder."""
    from tornado.web import Application

    return Application([
        (SOCKET_PATH, _channel_class(), {"hub": hub}),
        (r"/(.*)", _files_class(), {"path": str(root), "default_filename": "index.html",
                                    "not_found": site / "404.html", "waiting": waiting}),
    ], log_function=lambda handler: None)  # the terminal is for the editor's build messages


def _channel_class():
    """Return the socket handler: livereload's handshake, then our status messages."""
    from livereload.handlers import LiveReloadHandler

    class Channel(LiveReloadHandler):
        def initialize(self, hub: Hub) -> None:
            self.hub = hub

        def check_origin(self, origin: str) -> bool:
            # Only the served pages: the messages name the project's files and problems.
            return origin in self.hub.origins

        def on_message(self, message) -> None:
            super().on_message(message)  # answers "hello"
            if json.loads(message).get("command") == "info":
                self.hub.join(self)

        def on_close(self) -> None:
            super().on_close()
            self.hub.sockets.discard(self)

    return Channel


def _files_class():
    """Return the file handler: livereload's, never cached, with the site's own 404 page.

    Until a build succeeds there is no 404 page: the waiting page stands in for every page.
    """
    from livereload.handlers import StaticFileHandler
    from tornado.web import HTTPError

    class SiteFiles(StaticFileHandler):
        def initialize(self, path: str, default_filename: str, not_found: Path,
                       waiting: bytes) -> None:
            super().initialize(path, default_filename)
            self.not_found, self.waiting = not_found, waiting

        def set_extra_headers(self, path: str) -> None:
            self.set_header("Cache-Control", "no-cache")

        def log_exception(self, kind, value, trace) -> None:
            if not isinstance(value, HTTPError):  # a refused URL is the browser's business
                super().log_exception(kind, value, trace)

        def write_error(self, status_code: int, **kwargs) -> None:
            page = self.not_found.read_bytes() if self.not_found.is_file() else self.waiting
            if status_code != 404 or not page:
                super().write_error(status_code, **kwargs)
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-cache")
            self.finish(page)

    return SiteFiles


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
