"""Check the publisher's template overrides against what the theme's templates now are.

An override written for an earlier theme would otherwise fail quietly: a page template the
theme no longer has is never used, a copied base.html with an empty `main` block blanks every
page, and a comparison of `page.kind` with a name is never true now that a page's kind is its
row of the page-kind table.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import nodes

from . import kinds
from .problems import Report

FLAGS = "page.kind.is_home, page.kind.in_print, page.kind.in_sitemap"


def check_overrides(project, overrides: Path, report: Report) -> None:
    """Report each override that the current theme would ignore or misread, with its fix."""
    templates = overrides / "templates"
    for name, article in sorted(kinds.RETIRED_TEMPLATES.items()):
        if (templates / name).is_file():
            report.error(project.show(templates / name), 1,
                         f'the theme no longer has "{name}", so this file is not used: each page '
                         "is now base.html around its content; move what this file changes "
                         f"into {project.show(templates / article)} (the page's content) or "
                         f"{project.show(templates / 'base.html')} (the frame around it)")
    for path in sorted(templates.rglob("*.html")) if templates.is_dir() else ():
        tree = _parsed(path)
        for line, message in _misreadings(tree, path.name) if tree is not None else ():
            report.error(project.show(path), line, message)


def _parsed(path: Path):
    try:
        return jinja2.Environment().parse(path.read_text(encoding="utf-8"))
    except (jinja2.TemplateSyntaxError, UnicodeDecodeError, OSError):
        return None  # rendering reports it, with its line


def _misreadings(tree, name: str) -> list[tuple[int, str]]:
    """Return (line, message) for each place an earlier theme's override reads wrongly now."""
    found = [(compare.lineno, "page.kind is now the page's row of the page-kind table, not its "
              "name, so comparing it with a name no longer works: compare page.kind.name, or "
              f"use a flag of the row ({FLAGS})") for compare in tree.find_all(nodes.Compare)
             if _compares_kind_with_name([compare.expr, *(op.expr for op in compare.ops)])]
    for block in tree.find_all(nodes.Block) if name == "base.html" else ():
        if block.name == "main" and not _shows_anything(block.body):
            found.append((block.lineno, "the block main is empty, so every page would be blank: "
                          "the theme's base.html fills it with the page's content; write "
                          "{% block main %}{% include page.kind.article %}{% endblock %}"))
    return found


def _compares_kind_with_name(operands: list) -> bool:
    """Tell whether X.kind is compared with a string or a list of strings."""
    def names(node) -> bool:
        if isinstance(node, (nodes.Tuple, nodes.List)):
            return bool(node.items) and all(names(item) for item in node.items)
        return isinstance(node, nodes.Const) and isinstance(node.value, str)

    kind = any(isinstance(node, nodes.Getattr) and node.attr == "kind" for node in operands)
    return kind and any(names(node) for node in operands)


def _shows_anything(body: list) -> bool:
    """Tell whether a block's body outputs more than white space."""
    return any(not isinstance(node, nodes.Output)
               or any(not isinstance(part, nodes.TemplateData) or part.data.strip()
                      for part in node.nodes) for node in body)
