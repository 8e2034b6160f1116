"""Load the framework's YAML files into the model, checking every rule on the way."""

from __future__ import annotations

from pathlib import Path

from .fields import Checker, Field
from .model import Framework, Function, Level
from .problems import Report, did_you_mean
from .sources import Project, read_yaml, walk

FRAMEWORK_FIELDS = {
    "id": Field("id", True), "title": Field("text", True), "short_title": Field("text"),
    "version": Field("text", True, ' (write it in quotes, such as "1.0.0")'),
    "description": Field("text", True), "credits": Field("mapping"), "licence": Field("mapping"),
    "suggested_target": Field("id"), "levels": Field("list", True),
    "functions": Field("list", True),
}
LEVEL_FIELDS = {"id": Field("id", True), "name": Field("text", True),
                "summary": Field("text", True)}
FUNCTION_FIELDS = {"id": Field("id", True), "name": Field("text", True),
                   "summary": Field("text", True), "descriptors": Field("mapping", True)}
LICENCE_FIELDS = {"name": Field("text", True), "url": Field("url")}


def load_framework(project: Project, report: Report) -> Framework | None:
    """Load framework/framework.yaml and framework/functions/*.yaml; None when unusable."""
    folder = project.root / "framework"
    path = folder / "framework.yaml"
    located = read_yaml(project, path, report)
    if located is None:
        # Still check the function files, so that every problem shows in one run.
        _functions(project, folder / "functions", None, None, None, report)
        return None
    check = Checker(project.show(path), located, report)
    meta = check.mapping((), located.data, FRAMEWORK_FIELDS, "framework.yaml")
    levels = _checked_levels(check, meta)
    # Without a usable list of functions, "not listed" warnings would only be noise.
    order = _function_order(check, meta["functions"]) if "functions" in meta else None
    functions = _functions(project, folder / "functions", order, levels, check, report)
    target = _target(check, meta.get("suggested_target"), levels or [])
    if not levels or not all(meta.get(key) for key in ("id", "title", "version")) or not order:
        return None
    licence = check.mapping(("licence",), meta.get("licence", {"name": "All rights reserved"}),
                            LICENCE_FIELDS, "licence")
    credits = _credits(check, meta.get("credits", {}))
    return Framework(
        id=meta["id"], title=meta["title"], short_title=meta.get("short_title", meta["title"]),
        version=meta["version"], description=meta.get("description", ""), credits=credits,
        licence_name=licence.get("name", ""), licence_url=licence.get("url", ""),
        suggested_target=target, levels=tuple(levels), functions=tuple(functions))


def _checked_levels(check: Checker, meta: dict) -> list[Level] | None:
    levels = _levels(check, meta.get("levels"))
    if len(levels) >= 2:
        return levels
    # A broken level is reported where it is; only a list too short is reported here.
    written = len(meta.get("levels") or [])
    if "levels" in meta and written < 2:
        check.error(("levels",), f"levels: the framework has {written} level"
                    f"{'' if written == 1 else 's'}; it needs at least two, such as a lower "
                    "and a higher one")
    return None


def _target(check: Checker, target, levels: list[Level]) -> str | None:
    ids = [level.id for level in levels]
    if target is None or target in ids or not ids:
        return target if ids else None
    check.error(("suggested_target",), f'suggested_target: "{target}" is not a level'
                f"{did_you_mean(target, ids)}; use one of: {', '.join(ids)}")
    return None


def _credits(check: Checker, credits) -> tuple:
    if not isinstance(credits, dict):
        check.error(("credits",), "credits: expected a mapping of names to text")
        return ()
    good = []
    for key, text in credits.items():
        value = check.kind(("credits", key), text, "text", f"credits.{key}")
        if value:
            good.append((key, value))
    return tuple(good)


def _levels(check: Checker, levels) -> list[Level]:
    found: list[Level] = []
    seen: dict = {}
    for index, entry in enumerate(levels or []):
        good = check.mapping(("levels", index), entry, LEVEL_FIELDS, f"level {index + 1}")
        level_id = good.get("id")
        if level_id in seen:
            check.error(("levels", index, "id"), f'levels[{index}].id: "{level_id}" is used by '
                        f"another level (line {seen[level_id]}); every level needs its own id")
            continue
        if level_id and "name" in good and "summary" in good:
            seen[level_id] = check.line("levels", index, "id")
            found.append(Level(level_id, good["name"], good["summary"], len(found) + 1))
    return found


def _function_order(check: Checker, ids) -> list[tuple[str, int]]:
    order: list[tuple[str, int]] = []
    if ids is not None and not ids:
        check.error(("functions",), "functions: the list is empty; list at least one function id")
    for index, value in enumerate(ids or []):
        function_id = check.kind(("functions", index), value, "id", f"functions[{index}]")
        if function_id is None:
            continue
        if function_id in dict(order):
            check.error(("functions", index), f'functions[{index}]: "{function_id}" is listed '
                        "twice; list each function once")
            continue
        order.append((function_id, check.line("functions", index)))
    return order


def _functions(project: Project, folder: Path, order: list | None, levels: list | None,
               check: Checker | None, report: Report) -> list[Function]:
    """Load the listed functions; with no usable list (order None), check every file alone."""
    files = {path.stem: path for path in walk(project, folder, (".yaml", ".yml"), report)}
    if order is None:
        order = [(stem, 0) for stem in files]
    functions: list[Function] = []
    for function_id, line in order:
        path = files.pop(function_id, None)
        if path is None:
            check.report.error(check.shown, line, f'functions: "{function_id}" has no file '
                               f"framework/functions/{function_id}.yaml"
                               f"{did_you_mean(function_id, files)}; create it or fix the id")
            continue
        function = _function(project, path, function_id, levels, report)
        if function is not None:
            functions.append(function)
    for stem, path in sorted(files.items()):
        report.warn(project.show(path), 1, f'this function is not listed in framework.yaml\'s '
                    f'"functions"{did_you_mean(stem, dict(order))}; add "{stem}" there or '
                    "remove the file")
    return functions


def _function(project: Project, path: Path, function_id: str, levels: list[Level] | None,
              report: Report) -> Function | None:
    located = read_yaml(project, path, report)
    if located is None:
        return None
    check = Checker(project.show(path), located, report)
    good = check.mapping((), located.data, FUNCTION_FIELDS, "a function")
    if good.get("id") and good["id"] != function_id:
        check.error(("id",), f'id: "{good["id"]}" does not match the file name '
                    f'"{path.name}"; the id and the file name must be the same')
        return None
    if levels is None:  # the levels are broken: their problems are reported already
        return None
    descriptors = _descriptors(check, good.get("descriptors"), levels)
    if not all(key in good for key in ("id", "name", "summary")) or descriptors is None:
        return None
    return Function(function_id, good["name"], good["summary"], descriptors, check.shown)


def _descriptors(check: Checker, descriptors, levels: list[Level]) -> tuple | None:
    if descriptors is None:
        return None
    ids = [level.id for level in levels]
    good = []
    for key in descriptors:
        if key not in ids:
            check.error(("descriptors", key), f'descriptors.{key}: "{key}" is not a level'
                        f"{did_you_mean(key, ids)}; the levels are: {', '.join(ids)}")
    for level_id in ids:
        if level_id not in descriptors or descriptors[level_id] in (None, ""):
            check.error(("descriptors",), f"descriptors.{level_id}: missing descriptor (every "
                        f"function needs one per level: {', '.join(ids)})")
            continue
        text = check.kind(("descriptors", level_id), descriptors[level_id], "text",
                          f"descriptors.{level_id}")
        if text is not None:
            good.append((level_id, text))
    return tuple(good) if len(good) == len(ids) else None
