"""Load the framework's texts in another language from framework/translations/<language>.yaml.

The file holds only texts, keyed by the ids of framework/framework.yaml and
framework/functions/; a text it leaves out shows in the default language, with one warning per
file that names what is left out.
"""

from __future__ import annotations

from dataclasses import field, replace
from pathlib import Path

from .fields import Checker, Field, describe
from .model import Framework, Function, Level
from .problems import Report, did_you_mean, near_miss
from .records import dataclass
from .sources import Project, read_yaml

FOLDER = Path("framework") / "translations"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/translation.schema.json"
LEVEL_TEXTS = {
    "name": Field("text", about="The level's name in this language."),
    "summary": Field("text", about="One sentence on what the level means, in this language."),
}
FUNCTION_TEXTS = {
    "name": Field("text", about="The function's name in this language."),
    "summary": Field("text", about="One line on what the function covers, in this language."),
    "descriptors": Field("mapping", each=Field("text"), names=Field("id"),
                         about="The descriptor (matrix cell) at each level in this language, "
                         "keyed by level id."),
}
TRANSLATION_FIELDS = {
    "title": Field("text", about="The framework's full title in this language."),
    "short_title": Field("text", about="The short title for the site header and page titles; "
                         "without it, the title in this language is used."),
    "description": Field("text", about="One or two sentences on what the framework is."),
    "credits": Field("mapping", each=Field("text"), about="The credits in this language, under "
                     "the same keys as framework.yaml's credits."),
    "licence": Field("mapping", keys={"name": Field("text", about="The licence's name in this "
                                                    "language, if it has one.")},
                     about="The licence's name; its address stays framework.yaml's."),
    "levels": Field("mapping", each=Field("mapping", keys=LEVEL_TEXTS), names=Field("id"),
                    about="The levels' texts, keyed by the level ids of framework.yaml."),
    "functions": Field("mapping", each=Field("mapping", keys=FUNCTION_TEXTS), names=Field("id"),
                       about="The functions' texts, keyed by the function ids (the file names "
                       "in framework/functions/)."),
}
# The keys whose values are texts; the others hold mappings, each read on its own.
TEXT_KEYS = ("title", "short_title", "description", "name", "summary")
# What each mapping with fixed keys is called in an "unknown key" message, and why it has no
# other keys.
TOP_WHAT = ("a translation has only", "; ids, the version, addresses and the order of levels "
            "and functions stay framework/framework.yaml's")
LEVEL_WHAT = ("a level has only", "")
FUNCTION_WHAT = ("a function has only", "")
LICENCE_WHAT = ("licence has only", "; the licence's address stays framework/framework.yaml's")
# How the entries of each mapping keyed by ids are keyed, for "is not an id" messages.
KEYED_BY = {
    "levels": "key each level by its id in framework/framework.yaml, not by its name; the ids",
    "functions": "key each function by its id (its file's name in framework/functions/ "
                 "without .yaml), not by its name; the ids",
    "descriptors": "key each descriptor by the id of its level in framework/framework.yaml; "
                   "the ids",
}
MOST_SHOWN = 4  # missing keys named in the warning; the rest are counted
MOST_IDS = 12  # ids listed in an "is not a level/function" message


def translation_path(project: Project, language: str) -> Path:
    """Return where the framework's texts in a language are written."""
    return project.root / FOLDER / f"{language}.yaml"


def load_framework_texts(project: Project, framework: Framework, language: str,
                         report: Report) -> Framework:
    """Return the framework with its texts in language; untranslated ones stay the default's."""
    path = translation_path(project, language)
    shown = project.show(path)
    if not path.exists() and not path.is_symlink():
        report.warn(shown, 0, f"this file is missing, so the framework's texts (title, levels, "
                    f"functions, descriptors) show in the default language on the {language} "
                    f"pages; create it to translate them, starting with the line  {SCHEMA_LINE}")
        return framework
    located = read_yaml(project, path, report)
    if located is None:
        return framework
    check = TextChecker(shown, located, report)
    texts = _read_texts(check, framework)
    translated, missing = _translated(framework, texts, frozenset(check.faulty))
    if missing:
        report.warn(shown, 0, missing_message(missing))
    return translated


def missing_message(missing: list[str]) -> str:
    """Return the warning that names the keys not translated yet, the first few in full."""
    named = ", ".join(missing[:MOST_SHOWN])
    more = f" (and {len(missing) - MOST_SHOWN} more)" if len(missing) > MOST_SHOWN else ""
    return (f"not translated yet, so shown in the default language: {named}{more}; add the "
            "texts in this language to this file")


# Reading: each part of the file checked against the framework, keeping only good texts.

@dataclass
class TextChecker(Checker):
    """A Checker that notes each key it reports, so that it is not also "not translated"."""

    faulty: set = field(default_factory=set)  # dotted keys; "" for the whole file

    def error(self, path: tuple, message: str) -> None:
        """Record an error, noting its key."""
        self.faulty.add(_dotted(path))
        super().error(path, message)

    def meant(self, path: tuple, near: str | None) -> None:
        """Note the key a misspelt one stands for: one misspelling, one message."""
        if near is not None:
            self.faulty.add(_dotted(path[:-1] + (near,)))


def _read_texts(check: TextChecker, framework: Framework) -> dict:
    """Check the whole file; return its good texts as nested mappings."""
    data = check.located.data
    if not isinstance(data, dict):
        check.error((), "a translation must be a mapping of keys to texts (lines such as "
                    f"'title: ...'), not {describe(data)}")
        data = {}
    good = _known_keys(check, (), data, TRANSLATION_FIELDS, TOP_WHAT)
    good["credits"] = _credits(check, data.get("credits"), framework)
    licence = _mapping(check, ("licence",), data.get("licence"), "'name: ...'")
    good["licence"] = _known_keys(check, ("licence",), licence,
                                  TRANSLATION_FIELDS["licence"].keys, LICENCE_WHAT)
    good["levels"] = _levels(check, data.get("levels"), framework)
    good["functions"] = _functions(check, data.get("functions"), framework)
    return good


def _known_keys(check: TextChecker, path: tuple, mapping: dict, fields: dict,
                what: tuple) -> dict:
    """Report keys that are not fields; return the fields' texts that pass."""
    for key in mapping:
        if key not in fields:
            check.meant(path + (key,), near_miss(key, fields))
            check.error(path + (key,), f"{_dotted(path + (key,))}: unknown key"
                        f"{did_you_mean(key, fields)}; {what[0]} {', '.join(fields)}{what[1]}")
    return {key: text for key, text in ((key, _text(check, path + (key,), mapping.get(key)))
                                        for key in fields if key in TEXT_KEYS) if text}


def _text(check: TextChecker, path: tuple, value) -> str | None:
    """Return a text, stripped; None for an empty one (not translated yet) or after reporting."""
    if value is None or value == "":
        return None
    return check.kind(path, value, "text", _dotted(path)) or None


def _mapping(check: TextChecker, path: tuple, value, lines: str) -> dict:
    """Return value when it is a mapping (nothing for an empty one); else report it."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    check.error(path, f"{_dotted(path)}: expected a mapping (lines such as {lines} indented "
                f"below it), found {describe(value)}")
    return {}


def _credits(check: TextChecker, value, framework: Framework) -> dict:
    """Check the credits against framework.yaml's keys; return their good texts."""
    keys = [key for key, _ in framework.credits]
    credits = _mapping(check, ("credits",), value, f"'{keys[0] if keys else 'author'}: ...'")
    for key in credits:
        if key not in keys:
            check.meant(("credits", key), near_miss(key, keys))
            fix = (f"translate its credits under their keys: {', '.join(keys)}" if keys else
                   "it has none, so remove credits: here or add them there first")
            check.error(("credits", key), f'credits.{key}: framework/framework.yaml has no '
                        f'credit "{key}"{did_you_mean(key, keys)}; {fix}')
    return {key: text for key in keys if (text := _text(check, ("credits", key),
                                                          credits.get(key)))}


def _levels(check: TextChecker, value, framework: Framework) -> dict:
    """Check the levels' texts; return {level id: {key: text}}."""
    levels = _mapping(check, ("levels",), value, f"'{framework.levels[0].id}:'")
    found = {}
    for key, entry in levels.items():
        if _known_id(check, ("levels", key), framework.levels, "level", framework):
            entry = _mapping(check, ("levels", key), entry, "'name: ...' and 'summary: ...'")
            found[key] = _known_keys(check, ("levels", key), entry, LEVEL_TEXTS, LEVEL_WHAT)
    return found


def _functions(check: TextChecker, value, framework: Framework) -> dict:
    """Check the functions' texts; return {function id: {key: text, "descriptors": {...}}}."""
    functions = _mapping(check, ("functions",), value, f"'{framework.functions[0].id}:'")
    found = {}
    for key, entry in functions.items():
        path = ("functions", key)
        if _known_id(check, path, framework.functions, "function", framework):
            entry = _mapping(check, path, entry, "'name: ...' and 'summary: ...'")
            found[key] = _known_keys(check, path, entry, FUNCTION_TEXTS, FUNCTION_WHAT)
            found[key]["descriptors"] = _descriptors(check, path, entry.get("descriptors"),
                                                     framework)
    return found


def _descriptors(check: TextChecker, path: tuple, value, framework: Framework) -> dict:
    """Check one function's descriptors; return {level id: text}."""
    path += ("descriptors",)
    descriptors = _mapping(check, path, value, f"'{framework.levels[0].id}: ...'")
    return {key: text for key, written in descriptors.items()
            if _known_id(check, path + (key,), framework.levels, "level", framework)
            and (text := _text(check, path + (key,), written))}


def _known_id(check: TextChecker, path: tuple, entries: tuple, kind: str,
              framework: Framework) -> bool:
    """Tell whether a key is the id of a level or function; report it when it is not."""
    key, ids = path[-1], [entry.id for entry in entries]
    if key in ids:
        return True
    # With an entry whose id could not be read, the key may be that entry's id.
    if framework.knows_all(f"{kind}s"):
        check.meant(path, near_miss(key, ids))
        check.error(path, f'{_dotted(path)}: "{key}" is not a {kind} id'
                    f"{did_you_mean(key, ids)}; {KEYED_BY[path[-2]]}: {_listing(ids)}")
    return False


# Applying: the translated texts put into a copy of the framework, noting what is left out.

@dataclass
class Untranslated:
    """The keys of one mapping (such as levels.basic) that the translation leaves out."""

    prefix: str
    faulty: frozenset  # keys reported as mistakes already, and those misspelt ones stand for
    keys: list = field(default_factory=list)
    needed: int = 0  # the keys that have a text in the default language

    def pick(self, texts: dict, key: str, default: str) -> str:
        """Return the translated text, or the default's after noting the key."""
        self.needed += bool(default)  # with no default text, nothing is left out
        if key in texts or not default:
            return texts.get(key, default)
        dotted = f"{self.prefix}.{key}" if self.prefix else key
        parts = dotted.split(".")
        if not any(".".join(parts[:end]) in self.faulty for end in range(len(parts) + 1)):
            self.keys.append(dotted)
        return default

    def untouched(self) -> bool:
        """Tell whether none of the mapping's several texts is translated."""
        return self.needed > 1 and len(self.keys) == self.needed

    def names(self) -> list[str]:
        """Name the keys left out, or the mapping once when it is left out whole."""
        return [self.prefix] if self.untouched() else self.keys


def _translated(framework: Framework, texts: dict,
                faulty: frozenset) -> tuple[Framework, list[str]]:
    """Return the framework with the texts put in, and the keys not translated in order."""
    missing, left_levels, left_functions = [], [], []
    about = _about(framework, texts, faulty, missing)
    levels = tuple(_level(level, texts["levels"].get(level.id, {}), framework, faulty,
                          left_levels) for level in framework.levels)
    functions = tuple(_function(function, texts["functions"].get(function.id, {}), framework,
                                faulty, left_functions) for function in framework.functions)
    missing += _whole(left_levels, "levels", framework.levels, framework)
    missing += _whole(left_functions, "functions", framework.functions, framework)
    return replace(framework, levels=levels, functions=functions, **about), missing


def _about(framework: Framework, texts: dict, faulty: frozenset, missing: list) -> dict:
    """Return the framework's own texts (title, credits ...), adding what is left out to missing."""
    top, credits = Untranslated("", faulty), Untranslated("credits", faulty)
    title = top.pick(texts, "title", framework.title)
    # A short title that framework.yaml does not set is the title: so it is here.
    short_title = (top.pick(texts, "short_title", framework.short_title)
                   if framework.short_title != framework.title
                   else texts.get("short_title", title))
    about = {"title": title, "short_title": short_title,
             "description": top.pick(texts, "description", framework.description),
             "credits": tuple((key, credits.pick(texts["credits"], key, text))
                              for key, text in framework.credits),
             # A licence's name is most often the same in every language: no warning for it.
             "licence_name": texts["licence"].get("name", framework.licence_name)}
    missing += top.keys + credits.names()
    return about


def _whole(missing: list[str], kind: str, entries: tuple, framework: Framework) -> list[str]:
    """Name all levels (or functions) once when none of the several is translated at all."""
    every = [f"{kind}.{entry.id}" for entry in entries if entry.id not in framework.broken]
    return [kind] if len(every) > 1 and missing == every else missing


def _level(level: Level, texts: dict, framework: Framework, faulty: frozenset,
           missing: list) -> Level:
    """Return the level with its texts put in, adding what is left out to missing."""
    own = Untranslated(f"levels.{level.id}", faulty)
    translated = replace(level, name=own.pick(texts, "name", level.name),
                         summary=own.pick(texts, "summary", level.summary))
    if level.id not in framework.broken:  # a broken level's own problem is reported already
        missing += own.names()
    return translated


def _function(function: Function, texts: dict, framework: Framework, faulty: frozenset,
              missing: list) -> Function:
    """Return the function with its texts put in, adding what is left out to missing."""
    own = Untranslated(f"functions.{function.id}", faulty)
    cells = Untranslated(f"{own.prefix}.descriptors", faulty)
    translated = replace(function, name=own.pick(texts, "name", function.name),
                         summary=own.pick(texts, "summary", function.summary),
                         descriptors=tuple((level_id, cells.pick(texts.get("descriptors", {}),
                                                                 level_id, text))
                                           for level_id, text in function.descriptors))
    if function.id not in framework.broken:
        whole = len(own.keys) + len(cells.keys) == own.needed + cells.needed > 1
        missing += [own.prefix] if whole else own.keys + cells.names()
    return translated


def _listing(ids: list) -> str:
    if len(ids) <= MOST_IDS:
        return ", ".join(ids)
    return f"{', '.join(ids[:MOST_IDS])} and {len(ids) - MOST_IDS} more"


def _dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)


# The folder as a whole: a file for each language of the site, and nothing else.

def check_translation_files(project: Project, languages: tuple[str, ...], report: Report,
                            default: str | None = None) -> None:
    """Report each file of framework/translations/ that is no language of the site's texts."""
    folder = project.root / FOLDER
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):  # .gitkeep and the like
            continue
        message = _stray(path, languages, default)
        if message:
            report.error(project.show(path), 0, message)


def _stray(path: Path, languages: tuple[str, ...], default: str | None) -> str | None:
    """Return why a file of the folder does not belong there, or None when it does."""
    if path.is_dir():
        return ("a folder does not belong here; the texts of each language are one file, "
                "framework/translations/<language>.yaml: move them into such a file")
    if not path.name.endswith(".yaml"):
        stem = path.name.split(".", 1)[0]
        if path.suffix == ".yml" and stem in languages:
            return f"rename the file to {stem}.yaml; only .yaml files are read here"
        return ("only the framework's texts per language, as <language>.yaml, belong here; "
                "move this file elsewhere or remove it")
    return _stray_language(path.name[:-len(".yaml")], languages, default)


def _stray_language(stem: str, languages: tuple[str, ...], default: str | None) -> str | None:
    """Return why <stem>.yaml is no language's texts, or None when it is."""
    if stem in languages:
        return None
    if stem == default:
        return (f"{stem} is the site's default language, whose texts are framework/"
                "framework.yaml and framework/functions/ themselves; remove this file")
    meant = next((language for language in languages if language.casefold() == stem.casefold()),
                 None) or near_miss(stem, languages)
    rename = f' (did you mean "{meant}"?); rename the file to {meant}.yaml,' if meant else ";"
    return (f"{stem} is not a language of the site{rename} list it under translations: in "
            "content/site.yaml, or remove the file")
