"""One place for each rule: URLs only in handbook/urls.py, page kinds only in handbook/kinds.py.

What counts, in the generator's Python (handbook/, but urls.py):

- **building a site URL or output path**: an f-string, `+`, `%` or `.format` that puts ".html"
  after a value (`f"{key}.html"`), starts with "#" before a value (an anchor), or starts with a
  site root (a name or attribute `base_url`, `base_path`, `ASSET_DIR` or `output`); importing
  `posixpath` (URL path arithmetic), `urllib.parse` or `xml.sax.saxutils` (the sitemap).
  kinds.py may put ".html" after a kind's name: those are template names, not URLs. Not the
  site's URLs either: the dev server's own origin (ws://127.0.0.1:<port>), the example addresses
  in messages, and paths printed in messages (os.path.relpath in sources.py).
- **spelling a page key of the framework's pages**: string text starting with "functions/" or
  "levels/" (kinds.function(id) and kinds.level(id) build them), outside kinds.py.
- **comparing a kind** (outside kinds.py): a comparison with `X.kind` or `X.kind.name`, or of a
  name `kind` with the name of a page kind.

In templates (the theme's and the test frameworks' overrides, parsed with Jinja): no comparison
with `X.kind` or `X.kind.name`; the row's flags (`page.kind.is_home` ...) say what differs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from handbook.kinds import KINDS
from tests.conftest import REPO, SECOND

PACKAGE = REPO / "handbook"
ROOTS = frozenset({"base_url", "base_path", "ASSET_DIR", "output"})
URL_MODULES = frozenset({"posixpath", "urllib.parse", "xml.sax.saxutils"})
KEY_PREFIXES = ("functions/", "levels/")
KIND_NAMES = frozenset(kind.name for kind in KINDS)
# Functions other changes in progress own, which still build paths the old way: each entry must
# still offend (the test says when to remove it), so the list only shrinks.
KNOWN = {
    ("render.py", "framework_data", "key"): "functions/<id> and levels/<id> keys; the release "
                                            "data edits this function, then it asks kinds",
}


def _text_parts(node) -> list:
    """Return the literal text and the interpolated values of a string being built, in order."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values]  # a Constant's text, a FormattedValue's expression
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _text_parts(node.left) + _text_parts(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr == "format" and isinstance(node.func.value, ast.Constant):
        return [node.func.value.value] + list(node.args)
    return [node]


def _root_name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _builds_url(node) -> bool:
    if not isinstance(node, (ast.JoinedStr, ast.BinOp)) and not (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"):
        return False
    parts = _text_parts(node)
    first = parts[0]
    return (isinstance(first, str) and first.startswith("#") and len(parts) > 1) or \
        (not isinstance(first, str) and _root_name(first) in ROOTS)


def _adds_html(node) -> bool:
    if not isinstance(node, (ast.JoinedStr, ast.BinOp)):
        return False
    parts = _text_parts(node)
    return any(isinstance(part, str) and part.startswith(".html") and
               not isinstance(before, str) for before, part in zip(parts, parts[1:]))


def _spells_key(node) -> bool:
    parts = _text_parts(node) if isinstance(node, (ast.JoinedStr, ast.BinOp)) else []
    first = parts[0] if parts else None
    return isinstance(first, str) and first.startswith(KEY_PREFIXES)


def _imports_url_module(node) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name in URL_MODULES for alias in node.names)
    return isinstance(node, ast.ImportFrom) and node.module in URL_MODULES


def _is_kind(node) -> bool:
    if isinstance(node, ast.Attribute) and node.attr == "name":
        node = node.value
    return isinstance(node, ast.Attribute) and node.attr == "kind"


def _compares_kind(node) -> bool:
    if not isinstance(node, ast.Compare):
        return False
    operands = [node.left, *node.comparators]
    if any(_is_kind(operand) for operand in operands):
        return True
    named = any(isinstance(o, ast.Name) and o.id == "kind" for o in operands)
    return named and any(isinstance(o, ast.Constant) and o.value in KIND_NAMES for o in operands)


RULES = {"url": lambda node: _builds_url(node) or _imports_url_module(node),
         "page file": _adds_html, "key": _spells_key, "kind": _compares_kind}
EXEMPT = {"url": {"urls.py"}, "page file": {"urls.py", "kinds.py"}, "key": {"kinds.py"},
          "kind": {"kinds.py"}}


def offences(source: str, module: str) -> list[tuple[str, str, int]]:
    """Return (rule, function, line) for each place of this module's source that breaks a rule."""
    tree = ast.parse(source)
    found = []

    def visit(node, function: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and function == "":
            function = node.name
        for rule, breaks in RULES.items():
            if module not in EXEMPT[rule] and breaks(node):
                found.append((rule, function, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return found


def _modules() -> dict[str, str]:
    return {path.relative_to(PACKAGE).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(PACKAGE.rglob("*.py"))}


def test_only_the_url_and_kind_modules_build_urls_spell_keys_and_compare_kinds():
    found, known = [], set()
    for module, source in _modules().items():
        for rule, function, line in offences(source, module):
            if (module, function, rule) in KNOWN:
                known.add((module, function, rule))
            else:
                found.append(f"handbook/{module}:{line}: {rule} in {function or 'module'}")
    stale = [f"KNOWN {entry} no longer offends; remove it" for entry in set(KNOWN) - known]
    assert found + stale == []


@pytest.mark.parametrize("planted, rule", [
    ('def f(page):\n    return f"{page.key}.html"\n', "page file"),
    ('def f(key):\n    return key + ".html"\n', "page file"),
    ('def f(base_url, page):\n    return base_url + page.output\n', "url"),
    ('def f(inputs):\n    return f"{inputs.base_url}sitemap.xml"\n', "url"),
    ('def f(name):\n    return f"{ASSET_DIR}/{name}"\n', "url"),
    ('def f(anchor):\n    return "#" + anchor\n', "url"),
    ('def f(a, b):\n    import posixpath\n    return posixpath.relpath(a, b)\n', "url"),
    ('from urllib.parse import urljoin\n', "url"),
    ('def f(function_id):\n    return f"functions/{function_id}.md"\n', "key"),
    ('def f(level_id):\n    return "levels/" + level_id\n', "key"),
    ('def f(page):\n    return page.kind == "print"\n', "kind"),
    ('def f(page):\n    return page.kind.name in ("home", "matrix")\n', "kind"),
    ('def f(kind):\n    return kind != "notfound"\n', "kind"),
])
def test_a_planted_offence_is_found(planted, rule):
    assert {found[0] for found in offences(planted, "site.py")} == {rule}


@pytest.mark.parametrize("innocent", [
    'def f(base_url):\n    return f\'base_url: "{base_url}" must start with https://\'\n',
    'def f(port):\n    return f"ws://127.0.0.1:{port}"\n',
    'def f(project):\n    return f"framework/functions/{project}.yaml"\n',
    'def f(page):\n    return page.kind.in_print and page.kind.subject == "level"\n',
    'def f(kind, partial):\n    return kind not in partial\n',
    'def f(name):\n    return f"the theme has no base.html; {name} is unused"\n',
    'def f(path, root):\n    return os.path.relpath(path, root)\n',
])
def test_what_is_not_an_offence(innocent):
    assert offences(innocent, "site.py") == []


def _template_kind_comparisons(env: jinja2.Environment, folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        for compare in tree.find_all(nodes.Compare):
            operands = [compare.expr, *(operand.expr for operand in compare.ops)]
            for operand in operands:
                inner = operand.node if isinstance(operand, nodes.Getattr) and \
                    operand.attr == "name" else operand
                if isinstance(inner, nodes.Getattr) and inner.attr == "kind":
                    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
                    found.append(f"{shown}:{compare.lineno}")
    return found


TEMPLATE_FOLDERS = [REPO / "theme" / "templates", REPO / "content" / "overrides" / "templates",
                    SECOND / "content" / "overrides" / "templates"]


def test_no_template_compares_a_kind():
    env = jinja2.Environment()
    found = [place for folder in TEMPLATE_FOLDERS if folder.is_dir()
             for place in _template_kind_comparisons(env, folder)]
    assert found == []


def test_a_planted_template_comparison_is_found(tmp_path):
    (tmp_path / "t.html").write_text('{% if page.kind.name == "home" %}x{% endif %}\n'
                                     '{% if page.kind not in ("print",) %}y{% endif %}\n')
    found = _template_kind_comparisons(jinja2.Environment(), tmp_path)
    assert [place.rsplit(":", 1)[1] for place in found] == ["1", "2"]
