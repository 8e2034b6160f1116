"""Command line: build (the default), check, serve, new and translations.

The same parser serves this repository's build.py (whose default project is the repository) and
the installed `handbook` command and `python -m handbook` (whose default is the current folder).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from .output import OutputRefused
from .pipeline import Options, build
from .problems import print_report
from .version import VERSION

USAGE_ERROR = 2
COMMANDS = ["build", "check", "serve", "new", "translations"]
CONSOLE = "handbook"


def parser(prog: str = "build.py", project: Path = Path("."),
           project_help: str = "the current folder") -> argparse.ArgumentParser:
    """Return the argument parser."""
    root = argparse.ArgumentParser(prog=prog, description="Build the handbook into a "
                                   "static site.")
    root.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    root.add_argument("command", nargs="?", default="build", choices=COMMANDS,
                      help="build (default) writes the site; check validates and writes "
                      "nothing; serve builds, serves and rebuilds on changes; new FOLDER "
                      "writes a new project; translations reports each translated page's status")
    root.add_argument("folder", nargs="?", type=Path, help="new: the folder to write the "
                      "project into (new or empty)")
    root.add_argument("--project", type=Path, default=project,
                      help=f"folder holding framework/ and content/ (default: {project_help})")
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
    _new_options(root)
    _translations_options(root)
    return root


def _new_options(root: argparse.ArgumentParser) -> None:
    """Add the options of the new command."""
    from .examples import DEFAULT_FUNCTIONS, DEFAULT_LEVELS, MOST_FUNCTIONS, MOST_LEVELS

    root.add_argument("--levels", type=_count(2, MOST_LEVELS), default=DEFAULT_LEVELS,
                      help=f"new: the example framework's number of levels (2 to {MOST_LEVELS}, "
                      f"default {DEFAULT_LEVELS})")
    root.add_argument("--functions", type=_count(1, MOST_FUNCTIONS), default=DEFAULT_FUNCTIONS,
                      help=f"new: its number of functions (1 to {MOST_FUNCTIONS}, default "
                      f"{DEFAULT_FUNCTIONS})")
    root.add_argument("--source", help="new: what the project's workflows install the generator "
                      "from: a release's wheel address or git+https://...@vX.Y.Z (default: "
                      f"the release of version {VERSION})")


def _translations_options(root: argparse.ArgumentParser) -> None:
    """Add the options of the translations command."""
    root.add_argument("--json", type=Path, metavar="FILE", help="translations: also write the "
                      "report as JSON into FILE")
    root.add_argument("--mark", nargs="+", default=[], metavar="PATH", help="translations: "
                      "record that each translation file (content/<language>/...) follows its "
                      "source as it is now")
    root.add_argument("--annotate", metavar="BASE", default="", help="translations: print a "
                      "GitHub Actions notice for each translation whose source changed between "
                      "BASE and HEAD")


def _count(least: int, most: int):
    """Return an argument type that takes a whole number from least to most."""
    def count(text: str) -> int:
        if not text.isdigit() or not least <= int(text) <= most:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number from {least} to {most}")
        return int(text)
    return count


def _port(text: str) -> int:
    """Return a port number from the command line, or refuse it."""
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


def console() -> None:
    """Run the installed `handbook` command (and python -m handbook) in the current folder."""
    leave(main(prog=CONSOLE))


def leave(code: int) -> None:
    """End the command with its exit code, its output flushed, without tearing Python down.

    When a build returns, its model and pages are still alive, and the interpreter used to free
    them object by object before the shell got the exit code (about 25 ms of the real
    handbook's 0.3 s). The system takes the memory back at once. Every file a command writes is
    closed, and every folder it made removed, before main returns; the generator has no exit
    handlers.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def main(argv: list[str] | None = None, prog: str = "build.py", project: Path = Path("."),
         project_help: str = "the current folder", theme: Path | None = None) -> int:
    """Run the command line; return the exit code (theme: another than the installed one)."""
    command_line = parser(prog, project, project_help)
    args = command_line.parse_args(argv)
    if args.command == "new" or args.folder is not None:
        return run_new(command_line, args)
    if not (args.project / "framework").is_dir():
        start = f", or start a project with  {CONSOLE} new FOLDER" if prog == CONSOLE else ""
        print(f"error: {args.project} has no framework/ folder; use --project to name the "
              f"folder that holds framework/ and content/{start}", file=sys.stderr)
        return USAGE_ERROR
    if args.base_url and not args.base_url.startswith(("http://", "https://")):
        print("error: --base-url must be an absolute URL such as https://example.org/handbook/",
              file=sys.stderr)
        return USAGE_ERROR
    options = _options(args, theme)
    try:
        if args.command == "translations":
            return run_translations(args, prog)
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


def _options(args: argparse.Namespace, theme: Path | None) -> Options:
    """Return what the build is asked to do."""
    out = args.out if args.out is not None else args.project / "site"
    chosen = {} if theme is None else {"theme": theme}  # else the installed one
    return Options(project=args.project, out=None if args.command == "check" else out,
                   base_url=args.base_url, strict=args.strict, **chosen)


def run_new(command_line: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Write a new project into the folder named; refuse a folder that holds anything."""
    from .new import NewRefused, new_project

    if args.command != "new":
        command_line.error(f"a folder ({args.folder}) is only given to new; use --project "
                           "to name the project to build")
    if args.folder is None:
        command_line.error(f"new needs the folder to write the project into:  "
                           f"{command_line.prog} new FOLDER")
    try:
        print(new_project(args.folder, args.levels, args.functions, args.source))
    except NewRefused as exc:
        print(f"{exc.path}: {exc}", file=sys.stderr)
        return USAGE_ERROR
    return 0


def run_translations(args: argparse.Namespace, prog: str) -> int:
    """Report, mark or annotate the translations' status; staleness never fails."""
    from .sources import Project
    from .status import Request, run

    request = Request(Project(args.project), prog, args.json, tuple(args.mark), args.annotate)
    return run(request, sys.stdout, sys.stderr)


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
