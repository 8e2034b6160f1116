"""Command line: build (the default), check and serve."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .output import OutputRefused
from .pipeline import Options, build
from .problems import print_report

USAGE_ERROR = 2


def parser() -> argparse.ArgumentParser:
    """Return the argument parser."""
    root = argparse.ArgumentParser(prog="build.py", description="Build the handbook into a "
                                   "static site.")
    root.add_argument("command", nargs="?", default="build", choices=["build", "check", "serve"],
                      help="build (default) writes the site; check validates and writes "
                      "nothing; serve builds, serves and rebuilds on changes")
    root.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent,
                      help="folder holding framework/ and content/ (default: this repository)")
    root.add_argument("--out", type=Path, help="output folder (default: site/ in the project)")
    root.add_argument("--base-url", default="", help="absolute URL the site is published at, "
                      "for canonical links and sitemap.xml")
    root.add_argument("--strict", action="store_true", help="treat warnings as errors")
    root.add_argument("--port", type=_port, default=8000, help="port for serve on 127.0.0.1 "
                      "(default 8000)")
    root.add_argument("--full", action="store_true", help="serve: render every page of every "
                      "build, without reusing the previous build's work")
    root.add_argument("-v", "--verbose", action="store_true", help="show tracebacks of "
                      "unexpected errors")
    return root


def _port(text: str) -> int:
    """Return a port number from the command line, or refuse it."""
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parser().parse_args(argv)
    if not (args.project / "framework").is_dir():
        print(f"error: {args.project} has no framework/ folder; use --project to name the "
              "folder that holds framework/ and content/", file=sys.stderr)
        return USAGE_ERROR
    if args.base_url and not args.base_url.startswith(("http://", "https://")):
        print("error: --base-url must be an absolute URL such as https://example.org/handbook/",
              file=sys.stderr)
        return USAGE_ERROR
    out = args.out if args.out is not None else args.project / "site"
    options = Options(project=args.project, out=None if args.command == "check" else out,
                      base_url=args.base_url, strict=args.strict)
    try:
        if args.command == "serve":
            return run_serve(options, args.port, args.full)
        return run_build(options, args.command)
    except OutputRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence for editors
        if args.verbose:
            traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc}\nThis is a bug in the generator, not in "
              "your files; please report it (run with -v for details).", file=sys.stderr)
        return 3


def run_serve(options: Options, port: int, full: bool = False) -> int:
    """Run the dev server; a port that cannot be opened is a usage error."""
    from .serve import PortInUse, serve

    try:
        return serve(options, port, full)
    except PortInUse as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE_ERROR


def run_build(options: Options, command: str) -> int:
    """Build or check once, print the problems and a summary; return the exit code."""
    result = build(options)
    print_report(result.report, options.strict, sys.stderr)
    if result.failed(options.strict):
        where = " The previous site was left as it was." if options.out else ""
        print(f"Build failed.{where}", file=sys.stderr)
        return 1
    if command == "check":
        warnings = len(result.report.warnings)
        found = f"{warnings} warning{'' if warnings == 1 else 's'}" if warnings else "no problems"
        print(f"Checked {result.pages} pages in {result.seconds:.2f} s: {found}.")
    else:
        for note in result.notes:
            print(f"note: {note}")
        print(f"Built {result.pages} pages in {result.seconds:.2f} s.")
    return 0
