#!/usr/bin/env python3
"""The floor: a bare generator on our libraries, the least a build of these pages can cost.

    python bench/floor.py PROJECT OUT [--processes N]

It reads every Markdown file under PROJECT/content/, takes its YAML front matter's title,
renders the rest with markdown-it-py (CommonMark with tables, as the generator does) into one
Jinja template, and writes OUT/<path>.html: no navigation, links, search index or checks. With
two processes (the default, as the machine has two cores) each renders every other file, forked
once the libraries are loaded; the output is byte for byte a one-process build's
(tests/test_bench.py). bench/run.py times it beside the generator, MkDocs and Hugo.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt
from markupsafe import Markup

TEMPLATE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><link rel="stylesheet" href="{{ root }}style.css"></head>
<body><main><h1>{{ title }}</h1>
{{ body }}</main></body>
</html>
"""


def pages(content: Path) -> list[Path]:
    """Every Markdown file of the content folder, in path order."""
    return sorted(content.rglob("*.md"))


def render(path: Path, content: Path, parser: MarkdownIt, template: jinja2.Template) -> tuple[Path, str]:
    """Return (output path under OUT, HTML) of one Markdown file."""
    text = path.read_text(encoding="utf-8")
    title, body = path.stem, text
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        title = str((yaml.safe_load(head) or {}).get("title", title))
    relative = path.relative_to(content).with_suffix(".html")
    root = "../" * (len(relative.parts) - 1)
    return relative, template.render(title=title, root=root, body=Markup(parser.render(body)))


def build(project: Path, out: Path, processes: int = 2) -> int:
    """Write the pages; return how many."""
    content = project / "content"
    parser = MarkdownIt("commonmark").enable("table")
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    files = pages(content)
    children = []
    for share in range(1, processes):
        pid = os.fork()
        if pid == 0:  # the child writes its share and leaves without running the parent's exit
            code = 0
            try:
                _write(files[share::processes], content, out, parser, template)
            except BaseException:  # noqa: BLE001 - reported by the exit code
                code = 1
            os._exit(code)
        children.append(pid)
    _write(files[0::processes], content, out, parser, template)
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    if failed:
        raise RuntimeError(f"{len(failed)} of the floor's processes failed")
    return len(files)


def _write(files: list[Path], content: Path, out: Path, parser, template) -> None:
    for path in files:
        relative, html = render(path, content, parser, template)
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--processes", type=int, default=2, help="processes to render in (default 2)")
    args = parser.parse_args(argv)
    count = build(args.project, args.out, max(1, args.processes))
    print(f"floor: {count} pages into {args.out} in {args.processes} processes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
