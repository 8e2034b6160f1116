"""Warn when an id that a released version published has disappeared."""

from __future__ import annotations

import json

from .framework import Framework
from .problems import Report
from .sources import Project


def check_releases(project: Project, framework: Framework, report: Report) -> None:
    """Compare ids with every framework/releases/*.json; warn for each one that vanished."""
    folder = project.root / "framework" / "releases"
    if not folder.is_dir():
        return
    levels = {level.id for level in framework.levels}
    functions = {function.id for function in framework.functions}
    for path in sorted(folder.glob("*.json")):
        shown = project.show(path)
        try:
            released = json.loads(path.read_text(encoding="utf-8"))
            old_levels = [level["id"] for level in released.get("levels", [])]
            old_functions = [function["id"] for function in released.get("functions", [])]
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            report.error(shown, 0, f"cannot read this release's framework.json: {exc}")
            continue
        version = released.get("version", path.stem)
        for kind, old, now in (("level", old_levels, levels), ("function", old_functions, functions)):
            for gone in old:
                if gone not in now:
                    report.warn(shown, 0, f'the {kind} id "{gone}" of release {version} is gone; '
                                "saved assessments and links use it: keep the id and change "
                                "only the name")
