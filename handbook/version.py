"""The generator's version, and the range of versions a project says it was written for.

The version follows semantic versioning (CHANGELOG.md): within 1.x a project that builds keeps
building, and the template names and context of docs/templates-interface.md stay as they are. A
project may pin the versions it supports with `generator: ">=1.0,<2"` in content/site.yaml; a
build with a version outside that range stops before reading anything else, since a project
written for another version would otherwise fail in a dozen confusing ways.
"""

from __future__ import annotations

import re

from .problems import Report
from .sources import Project, read_yaml

VERSION = "1.0.0"
PACKAGE = "partnering-handbook"
REPOSITORY = "https://github.com/partnering-handbook/partnering-handbook"
RELEASES = f"{REPOSITORY}/releases"
SETTING = "generator"
_CLAUSE = r"\s*(~=|==|!=|<=|>=|<|>)\s*(\d+(?:\.\d+)*)\s*"
CLAUSE = re.compile(_CLAUSE)
RANGE = re.compile(rf"^{_CLAUSE}(,{_CLAUSE})*$")
EXAMPLE = '">=1.0,<2"'


def wheel_url(version: str = VERSION) -> str:
    """Return the address of a release's wheel, as the release workflow attaches it."""
    name = PACKAGE.replace("-", "_")
    return f"{RELEASES}/download/v{version}/{name}-{version}-py3-none-any.whl"


def numbers(version: str) -> tuple[int, ...]:
    """Return a dotted version's numbers."""
    return tuple(int(part) for part in version.split("."))


def _compare(left: tuple, right: tuple) -> int:
    """Return -1, 0 or 1 comparing two versions, missing parts counting as 0."""
    width = max(len(left), len(right))
    left, right = left + (0,) * (width - len(left)), right + (0,) * (width - len(right))
    return (left > right) - (left < right)


def _satisfies(version: tuple, operator: str, bound: tuple) -> bool:
    """Tell whether a version meets one clause such as >=1.0."""
    order = _compare(version, bound)
    if operator == "~=":  # compatible release: ~=1.2 is >=1.2,<2; ~=1.2.3 is >=1.2.3,<1.3
        prefix = bound[:-1] if len(bound) > 1 else bound
        return order >= 0 and version[:len(prefix)] == prefix
    return {"==": order == 0, "!=": order != 0, "<": order < 0, "<=": order <= 0,
            ">": order > 0, ">=": order >= 0}[operator]


def in_range(version: str, spec: str) -> bool:
    """Tell whether a version meets every clause of a range such as ">=1.0,<2"."""
    installed = numbers(version)
    return all(_satisfies(installed, operator, numbers(bound))
               for operator, bound in CLAUSE.findall(spec))


def check_generator(project: Project, config_path, report: Report) -> bool:
    """Report a malformed or unmet `generator` range; return False when the build must stop."""
    path = project.root / config_path
    if not path.is_file():
        return True
    located = read_yaml(project, path, Report())  # load_config reports the file's own mistakes
    if located is None or not isinstance(located.data, dict):
        return True
    spec = located.written.get((SETTING,), located.data.get(SETTING))
    if not isinstance(spec, str) or not spec.strip():
        return True
    shown, line = project.show(path), located.line(SETTING)
    if not RANGE.match(spec):
        report.error(shown, line, f'{SETTING}: "{spec.strip()}" is not a range of versions; '
                     f"write one such as {EXAMPLE} (1.0 or newer, below 2)")
        return True
    if in_range(VERSION, spec):
        return True
    report.error(shown, line, unmet_message(spec.strip()))
    return False


def unmet_message(spec: str) -> str:
    """Return what to do when the installed generator is outside the project's range."""
    return (f"{SETTING}: this project needs the generator at {spec}, but version {VERSION} is "
            f'installed; install a release in that range with  pip install --upgrade '
            f'"{PACKAGE} @ {wheel_url("X.Y.Z")}"  (the releases are listed at {RELEASES}), '
            "and have the project's workflows in .github/workflows/ install the same one")
