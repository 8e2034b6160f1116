"""Load the framework's YAML files into the model, checking every rule on the way."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from .fields import Checker, Field, describe
from .model import Framework, Function, Level
from .problems import Report, did_you_mean, near_miss
from .records import dataclass
from .sources import Project, read_yaml, walk

LEVEL_FIELDS = {
    "id": Field("id", True),
    "name": Field("text", True),
    "summary": Field("text", True, about="One sentence on what the level means."),
}
LICENCE_FIELDS = {
    "name": Field("text", True, about="The licence of the handbook's own text, such as CC BY 4.0."),
    "url": Field("url", about="The licence's web address, starting with https:// (or http://)."),
}
FRAMEWORK_FIELDS = {
    "id": Field("id", True, about="The framework's stable id; saved assessments are keyed by it."),
    "title": Field("text", True, about="The framework's full title."),
    "short_title": Field("text", about="A short title for the site header and page titles."),
    "version": Field("text", True, ' (write it in quotes, such as "1.0.0")',
                     about="The version of the framework's content (not of the generator). "
                     "Write it in quotes."),
    "description": Field("text", True, about="One or two sentences on what the framework is."),
    "credits": Field("mapping", each=Field("text"), about="Credits shown on every page; the key "
                     "'matrix' is the source note under the matrix."),
    "licence": Field("mapping", keys=LICENCE_FIELDS),
    "suggested_target": Field("id", about="The level id the self-assessment proposes as the "
                              "default target."),
    "levels": Field("list", True, each=Field("mapping", keys=LEVEL_FIELDS), least=2,
                    about="The levels, lowest first."),
    "functions": Field("list", True, each=Field("id"), least=1, unique=True,
                       about="Function ids in the order the handbook shows them; each has "
                       "framework/functions/<id>.yaml."),
}
FUNCTION_FIELDS = {
    "id": Field("id", True, about="The stable id; the same as the file name without .yaml."),
    "name": Field("text", True),
    "summary": Field("text", True, about="One line on what the function covers."),
    "descriptors": Field("mapping", True, each=Field("text"), names=Field("id"), least=2,
                         about="The short descriptor (matrix cell) at each level, keyed by "
                         "level id; every level needs one."),
}


def load_framework(project: Project, report: Report) -> Framework | None:
    """Load framework/framework.yaml and framework/functions/*.yaml; None when unusable."""
    folder = project.root / "framework"
    path = folder / "framework.yaml"
    located = read_yaml(project, path, report)
    files = {path.stem: path for path in walk(project, folder / "functions", (".yaml", ".yml"),
                                              report)}
    if located is None:
        # Still check the function files, so that every problem shows in one run.
        _functions(project, files, _read(project, files, files, report), None, None, None,
                   report)
        return None
    check = Checker(project.show(path), located, report)
    meta = check.mapping((), located.data, FRAMEWORK_FIELDS, "framework.yaml")
    # Without a usable list of functions, "not listed" warnings would only be noise.
    order = _function_order(check, meta["functions"]) if "functions" in meta else None
    read = _read(project, files, dict(order.entries) if order else files, report)
    levels = _renamed_levels(check, _checked_levels(check, meta), read)
    functions = _functions(project, files, read, order, levels, check, report)
    target = _target(check, meta.get("suggested_target"), levels)
    if levels is None or not all(meta.get(key) for key in ("id", "title", "version")) \
            or not order or not order.entries:
        report_unlisted(functions.unlisted, {}, report)  # no later stage will
        return None
    licence = check.mapping(("licence",), meta.get("licence", {"name": "All rights reserved"}),
                            LICENCE_FIELDS, "licence")
    credits = _credits(check, meta.get("credits", {}))
    return Framework(
        id=meta["id"], title=meta["title"], short_title=meta.get("short_title", meta["title"]),
        version=meta["version"], description=meta.get("description", ""), credits=credits,
        licence_name=licence.get("name", ""), licence_url=licence.get("url", ""),
        suggested_target=target, levels=tuple(levels.entries),
        functions=tuple(functions.entries), broken=levels.broken | functions.broken,
        unlisted=functions.unlisted,
        partial=frozenset(kind for kind, listing in (("levels", levels), ("functions", order))
                          if listing.partial))


@dataclass
class Listing:
    """A list of levels, functions or function ids as far as it could be read.

    `broken`: ids whose entry failed to load (the entries hold placeholders for them);
    `partial`: some entry's id could not be read at all.
    """

    entries: list = field(default_factory=list)
    broken: frozenset = frozenset()
    partial: bool = False
    unlisted: tuple = ()  # function files not in the list: ((id, shown path, hint), ...)


def _checked_levels(check: Checker, meta: dict) -> Listing | None:
    levels = _levels(check, meta.get("levels"))
    if len(levels.entries) >= 2:
        return levels
    # A broken level is reported where it is; only a list too short is reported here.
    written = len(meta.get("levels") or [])
    if "levels" in meta and written < 2:
        check.error(("levels",), f"levels: the framework has {written} level"
                    f"{'' if written == 1 else 's'}; it needs at least two, such as a lower "
                    "and a higher one")
    return None


def _target(check: Checker, target, levels: Listing | None) -> str | None:
    ids = [level.id for level in levels.entries] if levels else []
    if target is None or target in ids or not ids:
        return target if ids else None
    if not levels.partial:  # else the unreadable level may be the one meant
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


def _levels(check: Checker, levels) -> Listing:
    """Read the levels; a level whose id is readable stays in the list even when broken."""
    found: list[Level] = []
    # A duplicate key inside the levels may mean two levels merged: one of them is unreadable.
    partial = any(path[:1] == ("levels",) for path in check.located.duplicated)
    broken, seen = set(), {}
    levels = levels or []
    for index, entry in enumerate(levels):
        if not isinstance(entry, dict) and index and not isinstance(levels[index - 1], dict):
            partial = True  # reported with the first of its run
            continue
        if not isinstance(entry, dict) and _run_of_text(check, levels, index):
            partial = True
            continue
        good = check.mapping(("levels", index), entry, LEVEL_FIELDS, f"level {index + 1}")
        level_id = good.get("id")
        if level_id in seen:
            check.error(("levels", index, "id"), f'levels[{index}].id: "{level_id}" is used by '
                        f"another level (line {seen[level_id]}); every level needs its own id")
        if level_id is None or level_id in seen:
            partial = True
            continue
        seen[level_id] = check.line("levels", index, "id")
        if "name" not in good or "summary" not in good:
            broken.add(level_id)  # reported above; its id alone satisfies the other checks
        found.append(Level(level_id, good.get("name", level_id), good.get("summary", ""),
                           len(found) + 1, check.line("levels", index, "name")))
    return Listing(found, frozenset(broken), partial)


def _run_of_text(check: Checker, levels: list, index: int) -> bool:
    """Report a run of two or more entries that are not levels once: often a lost key line."""
    run = next((end for end in range(index, len(levels)) if isinstance(levels[end], dict)),
               len(levels)) - index
    if run > 1:
        check.error(("levels", index), f"levels[{index}]: this entry and the {run - 1} after it "
                    f"are not levels but {describe(levels[index])} and more; if they belong "
                    "to another key, such as functions:, that key's line is missing above them")
    return run > 1


def _function_order(check: Checker, ids) -> Listing:
    """Read framework.yaml's list of function ids, as (id, line) pairs."""
    order: list[tuple[str, int]] = []
    partial = False
    if ids is not None and not ids:
        check.error(("functions",), "functions: the list is empty; list at least one function id")
    for index, value in enumerate(ids or []):
        function_id = check.kind(("functions", index), value, "id", f"functions[{index}]")
        if function_id is None:
            partial = True
            continue
        if function_id in dict(order):
            check.error(("functions", index), f'functions[{index}]: "{function_id}" is listed '
                        "twice; list each function once")
            continue
        order.append((function_id, check.line("functions", index)))
    return Listing(order, partial=partial)


def _read(project: Project, files: dict, ids, report: Report) -> dict:
    """Read the YAML files of these function ids: {id: Located, or None when unreadable}."""
    return {function_id: read_yaml(project, files[function_id], report)
            for function_id in ids if function_id in files}


def _renamed_levels(check: Checker, levels: Listing | None, read: dict) -> Listing | None:
    """Report a level id that no function's descriptors use while all (two or more) use one
    close to it.

    That is one changed or misspelt id in framework.yaml, reported there once; the level then
    counts as broken in a partial list, so the descriptors, level sections and release ids
    that use the id as it was written before stay silent.
    """
    keys = [set(located.data["descriptors"]) for located in read.values() if located
            and isinstance(located.data, dict) and isinstance(located.data.get("descriptors"),
                                                              dict)]
    if levels is None or len(keys) < 2:  # one function's misspelt key is its own mistake
        return levels
    ids = [level.id for level in levels.entries]
    shared = set.intersection(*keys) - set(ids)
    renamed = {level_id: near_miss(level_id, shared) for level_id in ids
               if not any(level_id in written for written in keys)}
    renamed = {level_id: near for level_id, near in renamed.items() if near}
    for index, entry in enumerate(check.located.data.get("levels") or []):
        level_id = entry.get("id") if isinstance(entry, dict) else None
        if level_id in renamed:
            check.error(("levels", index, "id"), f'levels[{index}].id: "{level_id}" is used by '
                        f'no function, whose descriptors all have "{renamed[level_id]}" (did '
                        f'you mean "{renamed[level_id]}"?); saved assessments and links use '
                        "ids: keep the id, change only the name")
    if not renamed:
        return levels
    return Listing(levels.entries, levels.broken | frozenset(renamed), True)


def _functions(project: Project, files: dict, read: dict, order: Listing | None,
               levels: Listing | None, check: Checker | None, report: Report) -> Listing:
    """Load the listed functions; with no usable list (order None), check every file alone.

    A listed function whose file is missing or fails to load keeps a placeholder: it exists, so
    links to it and release ids stay satisfied while its own problem is reported once.
    """
    files, folder = dict(files), project.root / "framework" / "functions"
    listed = order.entries if order is not None else [(stem, 0) for stem in files]
    unlisted = [stem for stem in files if stem not in dict(listed)]
    functions: list[Function] = []
    meant = []  # unlisted files that a listed id without a file is a misspelling of
    broken = set()
    for function_id, line in listed:
        path = files.pop(function_id, None)
        function = None
        if path is None:
            meant.append(near_miss(function_id, unlisted))
            check.report.error(check.shown, line, f'functions: "{function_id}" has no file '
                               f"framework/functions/{function_id}.yaml"
                               f"{did_you_mean(function_id, unlisted)}; create it or fix the id")
        else:
            function = _function(project, path, read[function_id], function_id, levels, report)
        if function is None:
            broken.add(function_id)
            function = _placeholder(project, folder, function_id)
        functions.append(function)
    # The misspelt file is known too: links to it wait until the list is fixed.
    meant = [stem for stem in meant if stem]
    functions += [_placeholder(project, folder, stem) for stem in meant]
    unlisted = ()
    if order is not None and order.entries and not order.partial:
        unlisted = tuple((stem, project.show(path), did_you_mean(stem, dict(listed)))
                         for stem, path in sorted(files.items()) if stem not in meant)
    return Listing(functions, frozenset(broken | set(meant)), unlisted=unlisted)


def _placeholder(project: Project, folder: Path, function_id: str) -> Function:
    """Return a stand-in for a function that failed to load, its problem reported already."""
    return Function(function_id, function_id, "", (), project.show(folder / f"{function_id}.yaml"))


def report_unlisted(unlisted: tuple, linked: dict, report: Report) -> None:
    """Warn about each function file framework.yaml does not list; error when pages link to it.

    linked: {id: [(shown path, line), ...]} of the links to its page, which the site lacks;
    they are this one message, not one each.
    """
    for stem, shown, hint in unlisted:
        links = linked.get(stem, [])
        if not links:
            report.warn(shown, 1, f'this function is not listed in framework.yaml\'s '
                        f'"functions"{hint}; add "{stem}" there or remove the file')
            continue
        count = "1 link leads" if len(links) == 1 else f"{len(links)} links lead"
        report.error(shown, 1, f'this function is not listed in framework.yaml\'s "functions"'
                     f"{hint}, yet {count} to its page (such as {links[0][0]}:{links[0][1]}); "
                     f'add "{stem}" there, or remove the links and the file')


def _function(project: Project, path: Path, located, function_id: str, levels: Listing | None,
              report: Report) -> Function | None:
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


def _descriptors(check: Checker, descriptors, levels: Listing) -> tuple | None:
    """Check a function's descriptor per level; None when one is missing or wrong."""
    if descriptors is None:
        return None
    ids = [level.id for level in levels.entries]
    # With a level whose id is unreadable, a key that is no known level may be that level's.
    meant = set() if levels.partial else _unknown_descriptors(check, descriptors, ids)
    good = []
    for level_id in ids:
        if descriptors.get(level_id) in (None, ""):
            if not levels.partial and level_id not in meant:
                check.error(("descriptors",), f"descriptors.{level_id}: missing descriptor "
                            f"(every function needs one per level: {', '.join(ids)})")
            continue
        text = check.kind(("descriptors", level_id), descriptors[level_id], "text",
                          f"descriptors.{level_id}")
        if text is not None:
            good.append((level_id, text))
    return tuple(good) if len(good) == len(ids) else None


def _unknown_descriptors(check: Checker, descriptors: dict, ids: list) -> set:
    """Report keys that are not levels; return the level ids that misspelt keys stand for."""
    meant = set()
    for key in descriptors:
        if key in ids:
            continue
        check.error(("descriptors", key), f'descriptors.{key}: "{key}" is not a level'
                    f"{did_you_mean(key, ids)}; the levels are: {', '.join(ids)}")
        meant.add(near_miss(key, ids))  # one misspelling, one message: not also "missing"
    return meant
