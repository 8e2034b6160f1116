"""Warn when an id that a released version published has disappeared."""

from __future__ import annotations

import json
import re

from .framework import Framework
from .problems import Report
from .sources import MAX_YAML_BYTES, Project, read_text, walk


def check_releases(project: Project, framework: Framework, report: Report) -> None:
    """Compare ids with every framework/releases/*.json; warn for each one that vanished."""
    folder = project.root / "framework" / "releases"
    # A level or function whose entry failed to load is still in these lists; a list with an
    # unreadable id is not checked at all, as the unreadable one may be the id released.
    current = {"level": {level.id for level in framework.levels},
               "function": {function.id for function in framework.functions}
               | {stem for stem, _, _ in framework.unlisted}}  # its file's own warning says it
    checked = {kind for kind in current if framework.knows_all(f"{kind}s")}
    for path in walk(project, folder, (".json",), report):
        shown = project.show(path)
        text = read_text(project, path, report, MAX_YAML_BYTES)
        released = _released_ids(shown, text, report) if text is not None else None
        if released is None:
            continue
        version, ids = released
        version = version or path.stem
        for kind, old in ids.items():
            for gone in old if kind in checked else ():
                if gone not in current[kind]:
                    report.warn(shown, _line_of(text, gone), f'the {kind} id "{gone}" of '
                                f"release {version} is gone; saved assessments and links use "
                                f'it: keep the id "{gone}" (change only the name)')


def _released_ids(shown: str, text: str, report: Report):
    """Return (version, {kind: [ids]}) from a release's framework.json, or None after reporting."""
    try:
        released = json.loads(text)
    except json.JSONDecodeError as exc:
        report.error(shown, exc.lineno, f"this release file is not valid JSON: {exc.msg}; it "
                     "should be the framework.json of that release, unchanged", exc.colno)
        return None
    try:
        ids = {"level": [str(level["id"]) for level in released["levels"]],
               "function": [str(function["id"]) for function in released["functions"]]}
    except (TypeError, KeyError, AttributeError):
        report.error(shown, 1, "this release file lacks the lists of levels and functions with "
                     "their ids; it should be the framework.json of that release, unchanged")
        return None
    return released.get("version"), ids


def _line_of(text: str, identifier: str) -> int:
    """Return the line where an id is written in the JSON text, or 0."""
    match = re.search(r'"id"\s*:\s*' + re.escape(json.dumps(identifier, ensure_ascii=False)), text)
    return text.count("\n", 0, match.start()) + 1 if match else 0
