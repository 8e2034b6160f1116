"""Compare the framework with its released versions (framework/releases/*.json).

A vanished id is warned about (saved assessments, exports and links use the ids); a descriptor
reworded without a new version is warned about (answers name a release and the level they chose,
so a rewording is only seen when the version changes); and what changed since each older
release is returned for the assessment pages (ids only).
"""

from __future__ import annotations

import re
from pathlib import Path

from .framework import Framework
from .problems import Report
from .sources import MAX_YAML_BYTES, Project, read_text, walk
from .yamlfile import YamlError, load_yaml

KINDS = ("level", "function")


def check_releases(project: Project, framework: Framework, report: Report) -> tuple:
    """Check every release file; return (version, changes) for each release older than today's."""
    folder = project.root / "framework" / "releases"
    changes = {}
    for path in walk(project, folder, (".json",), report):
        shown = project.show(path)
        text = read_text(project, path, report, MAX_YAML_BYTES)
        released = _released(shown, text, report) if text is not None else None
        if released is None:
            continue
        version = released["version"] or path.stem
        _warn_gone(framework, released, shown, text, version, report)
        if version == framework.version:
            _warn_reworded(project, framework, released, shown, report)
        else:
            changes[version] = _changes(framework, released)
    return tuple(sorted(changes.items()))


def _current_ids(framework: Framework) -> dict:
    """Return {kind: set of ids} of today's framework, unlisted function files included."""
    # A level or function whose entry failed to load is still in these lists.
    return {"level": {level.id for level in framework.levels},
            "function": {function.id for function in framework.functions}
            | {stem for stem, _, _ in framework.unlisted}}  # its file's own warning says it


def _warn_gone(framework: Framework, released: dict, shown: str, text: str, version: str,
               report: Report) -> None:
    """Warn for each id of a release that today's framework lacks."""
    current = _current_ids(framework)
    # A list with an unreadable id is not checked at all, as the unreadable one may be the id.
    for kind in (kind for kind in KINDS if framework.knows_all(f"{kind}s")):
        for gone in (gone for gone in released["ids"][kind] if gone not in current[kind]):
            report.warn(shown, _line_of(text, gone), f'the {kind} id "{gone}" of release '
                        f"{version} is gone; saved assessments and links use it: keep the id "
                        f'"{gone}" (change only the name)')


def _reworded(framework: Framework, released: dict) -> list:
    """Return [(function, level id)] of today's descriptors worded otherwise in a release."""
    found = []
    for function in framework.functions:
        old = released["descriptors"].get(function.id)
        if function.id in framework.broken or old is None:
            continue
        for level_id, now in function.descriptors:
            if isinstance(old.get(level_id), str) and old[level_id] != now:
                found.append((function, level_id))
    return found


def _warn_reworded(project: Project, framework: Framework, released: dict, shown: str,
                   report: Report) -> None:
    """Warn, at the descriptor, for each one worded otherwise in the release of today's version."""
    settings = project.show(project.root / "framework" / "framework.yaml")
    folder = project.show(project.root / "framework" / "releases")
    for function, level_id in _reworded(framework, released):
        path = project.root / "framework" / "functions" / f"{function.id}.yaml"
        report.warn(function.source, _descriptor_line(path, level_id),
                    f"descriptors.{level_id} is worded otherwise in {shown}, the release of "
                    f"version {framework.version} that {settings} still names: a reworded "
                    f"descriptor needs a new framework version: raise `version` in {settings} "
                    f"and add {folder}/<new version>.json (the new build's framework.json)")


def _changes(framework: Framework, released: dict) -> dict:
    """Return what changed since an older release, as ids: reworded descriptors, ids added or gone."""
    current = {"level": [level.id for level in framework.levels],
               "function": [function.id for function in framework.functions]}
    changes: dict = {}
    for function, level_id in _reworded(framework, released):
        changes.setdefault("reworded", {}).setdefault(function.id, []).append(level_id)
    for kind in KINDS:
        old = released["ids"][kind]
        added = [i for i in current[kind] if i not in old]
        removed = [i for i in old if i not in current[kind]]
        if added:
            changes[f"{kind}s_added"] = added
        if removed:
            changes[f"{kind}s_removed"] = removed
    return changes


def _released(shown: str, text: str, report: Report) -> dict | None:
    """Return {version, ids: {kind: [ids]}, descriptors: {function: {level: text}}}, or None."""
    import json  # here: a large build loads it while its second process parses, not before

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
    descriptors = {str(function["id"]): _descriptors_of(function)
                   for function in released["functions"]}
    version = released.get("version")
    return {"version": version if isinstance(version, str) else None, "ids": ids,
            "descriptors": {key: value for key, value in descriptors.items() if value}}


def _descriptors_of(function: dict) -> dict:
    """Return {level id: text} of a released function: `descriptors`, or framework.json's `levels`."""
    given = function.get("descriptors")
    if isinstance(given, dict):
        return given
    levels = function.get("levels")
    if not isinstance(levels, dict):
        return {}
    return {key: cell["descriptor"] for key, cell in levels.items()
            if isinstance(cell, dict) and "descriptor" in cell}


def _descriptor_line(path: Path, level_id: str) -> int:
    """Return the line of descriptors.<level id> in a function's YAML file, or 0."""
    try:
        return load_yaml(path.read_text(encoding="utf-8")).line("descriptors", level_id)
    except (OSError, UnicodeError, YamlError):
        return 0


def _line_of(text: str, identifier: str) -> int:
    """Return the line where an id is written in the JSON text, or 0."""
    import json

    match = re.search(r'"id"\s*:\s*' + re.escape(json.dumps(identifier, ensure_ascii=False)), text)
    return text.count("\n", 0, match.start()) + 1 if match else 0
