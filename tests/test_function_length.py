"""No function of the generator, its tools or its tests is over 40 lines."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MOST_LINES = 40


def _checked_files() -> list[Path]:
    """Return the generator's, the tools' and every test's Python files."""
    files = [*REPO.joinpath("handbook").rglob("*.py"), REPO / "build.py",
             *REPO.joinpath("bench").glob("*.py"), *REPO.joinpath("tests").rglob("*.py")]
    return sorted(set(files))


def _functions(tree: ast.AST):
    """Yield every function of a module, the ones nested in others and in classes too."""
    return (node for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))


def _lines(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1


def _too_long(source: str) -> list[ast.AST]:
    """Return the functions of a module's source that are over the limit, in source order."""
    return sorted((node for node in _functions(ast.parse(source)) if _lines(node) > MOST_LINES),
                  key=lambda node: node.lineno)


def long_functions(path: Path) -> list[str]:
    """Return each function of a file over the limit, as ``path:line name (N lines)``."""
    shown = path.relative_to(REPO)
    return [f"{shown}:{node.lineno} {node.name} ({_lines(node)} lines)"
            for node in _too_long(path.read_text(encoding="utf-8"))]


def test_no_function_is_over_40_lines():
    found = [entry for path in _checked_files() for entry in long_functions(path)]
    assert found == [], f"split these into shorter functions: {found}"


def test_the_tests_themselves_are_checked():
    checked = {path.relative_to(REPO).as_posix() for path in _checked_files()}
    assert {"tests/test_function_length.py", "tests/browser/test_compare.py",
            "tests/browser/conftest.py", "tests/gates/checks.py"} <= checked


def test_long_functions_are_found_wherever_they_are():
    body = "\n".join(f"    x{n} = {n}" for n in range(MOST_LINES))  # 41 lines with the def
    method = body.replace("    ", "        ")
    source = (f"def long():\n{body}\n\n\nclass Tool:\n    def method(self):\n{method}\n\n\n"
              f"def test_long():\n{body}\n\n\ndef test_outer():\n    def inner():\n{method}\n\n\n"
              f"def short():\n    pass\n\n\ndef test_short():\n    pass\n")
    assert [node.name for node in _too_long(source)] == [
        "long", "method", "test_long", "test_outer", "inner"]
