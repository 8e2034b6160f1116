"""The development server: build, watch, serve with live reload; keep the last good site."""

from __future__ import annotations

import io
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

from .config import load_config
from .pipeline import Options, build
from .problems import Report, print_report
from .sources import Project

WATCHED = ("content", "framework")
STATUS = "__handbook__/status.json"


def serve(options: Options, port: int) -> int:
    """Build into a temporary folder, serve it at the base path, rebuild on every change."""
    from livereload import Server

    root, prefix = _serving_root(options)
    options = replace(options, dev=True, out=root / prefix.strip("/") if prefix != "/" else root)
    rebuild = _rebuilder(options, options.out / STATUS)
    rebuild()
    server = Server()
    for folder in [options.project / name for name in WATCHED] + [options.theme]:
        server.watch(str(folder), rebuild, delay=0.1)
    print(f"Serving on http://127.0.0.1:{port}{prefix} (Ctrl+C to stop)", flush=True)
    server.serve(root=str(root), host="127.0.0.1", port=port, open_url_delay=None,
                 restart_delay=0)
    return 0


def _serving_root(options: Options) -> tuple[Path, str]:
    """Return a fresh folder to serve and the URL path of the site inside it."""
    base_url = options.base_url or load_config(Project(options.project), Report()).base_url
    path = urlparse(base_url).path.strip("/") if base_url else ""
    root = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
    return root, f"/{path}/" if path else "/"


def _rebuilder(options: Options, status: Path):
    """Return the function that rebuilds and records the outcome for the browser overlay."""

    def rebuild() -> None:
        result = build(options)
        stream = io.StringIO()
        print_report(result.report, options.strict, stream, github=False)
        failed = result.failed(options.strict)
        problems = [p.format() for p in result.report.sorted()] if failed else []
        # A successful build replaced the output folder, so the status is written afterwards.
        status.parent.mkdir(parents=True, exist_ok=True)
        status.write_text(json.dumps({"ok": not failed, "problems": problems}), encoding="utf-8")
        sys.stderr.write(stream.getvalue())
        if failed:
            print("Build failed; still serving the last good pages.", file=sys.stderr, flush=True)
        else:
            print(f"Rebuilt {result.pages} pages in {result.seconds:.2f} s.", flush=True)

    return rebuild
