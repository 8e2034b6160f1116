"""No function of the generator and its tools is over 40 lines (test functions aside)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MOST_LINES = 40


def _tool_files() -> list[Path]:
    """Return the generator's and the tools' Python files, and the tests' own modules."""
    files = [*REPO.joinpath("handbook").rglob("*.py"), REPO / "build.py",
             *REPO.joinpath("bench").glob("*.py"), *REPO.joinpath("tests", "support").rglob("*.py"),
             REPO / "tests" / "gates" / "checks.py", *REPO.joinpath("tests").glob("*.py")]
    return sorted(set(files))


def _functions(tree: ast.AST, in_test_module: bool):
    """Yield every function of a module; in a test module, not the tests (nor what they nest)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if in_test_module and node.name.startswith("test_"):
                continue
            yield node
        yield from _functions(node, in_test_module)


def _lines(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1


def _too_long(source: str, in_test_module: bool = False) -> list[ast.AST]:
    """Return the functions of a module's source that are over the limit."""
    return [node for node in _functions(ast.parse(source), in_test_module)
            if _lines(node) > MOST_LINES]


def long_functions(path: Path) -> list[str]:
    """Return each function of a file over the limit, as ``path:line name (N lines)``."""
    shown = path.relative_to(REPO)
    return [f"{shown}:{node.lineno} {node.name} ({_lines(node)} lines)"
            for node in _too_long(path.read_text(encoding="utf-8"), path.name.startswith("test_"))]


def test_no_function_is_over_40_lines():
    found = [entry for path in _tool_files() for entry in long_functions(path)]
    assert found == [], f"split these into shorter functions: {found}"


def test_long_helpers_are_found_and_tests_are_left_out():
    body = "\n".join(f"    x{n} = {n}" for n in range(MOST_LINES))  # 41 lines with the def
    method = body.replace("    ", "        ")
    source = (f"def long():\n{body}\n\n\nclass Tool:\n    def method(self):\n{method}\n\n\n"
              f"def test_long():\n{body}\n\n\ndef short():\n    pass\n")
    assert [node.name for node in _too_long(source)] == ["long", "method", "test_long"]
    assert [node.name for node in _too_long(source, in_test_module=True)] == ["long", "method"]
