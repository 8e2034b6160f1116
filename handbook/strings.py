"""The interface strings: the theme's English, its translation into the site's language, and the
publisher's overrides, each on top of the one before.

theme/strings/en.yaml holds every string the theme and its scripts show. A translation is
theme/strings/<language>.yaml, content/overrides/strings/<language>.yaml, or both; a string
neither holds is a warning naming the file to add it to and the key, and the page shows the
English one, never a blank. A translated string keeps its English one's {placeholders}: one the
English string does not have is an error (the page would show it as written), a dropped one a
warning.
"""

from __future__ import annotations

import re
from pathlib import Path

from .fields import Checker, Field
from .problems import Report
from .sources import Project, read_yaml

DEFAULT = "en"  # the language of the theme's complete strings
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def load_strings(project: Project, theme: Path, language: str, report: Report,
                 language_line: tuple = ("content/site.yaml", 0)) -> dict:
    """Read the interface strings for the language, warning of each one it lacks.

    language_line is where the site's language is set, for the warning that no file translates it.
    """
    theme_project = Project(theme.parent, project.display_root)
    english = _read(theme_project, theme / "strings" / f"{DEFAULT}.yaml", report)
    strings, given, place = dict(english.data if english else {}), {}, None
    translation = theme / "strings" / f"{language}.yaml"
    if language != DEFAULT and translation.is_file():
        layer = _layer(theme_project, translation, english, report)
        strings, given, place = merge_strings(strings, layer), merge_strings(given, layer), theme_project.show(translation)
    override = project.root / "content" / "overrides" / "strings" / f"{language}.yaml"
    if override.exists():
        layer = _layer(project, override, english, report)
        strings, given, place = merge_strings(strings, layer), merge_strings(given, layer), project.show(override)
    if language != DEFAULT:
        _warn_missing(english, given, place, language, language_line or ("content/site.yaml", 0), report)
    return strings


def _read(project: Project, path: Path, report: Report):
    located = read_yaml(project, path, report)
    if located is None or not isinstance(located.data, dict):
        return None
    return located


def _layer(project: Project, path: Path, english, report: Report) -> dict:
    """Return a translation's strings, checked against the English ones' keys and placeholders."""
    located = read_yaml(project, path, report)
    if located is None:
        return {}
    shown = project.show(path)
    check = Checker(shown, located, report)
    reference = english.data if english else {}
    layer = check.mapping((), located.data, {key: Field("any") for key in reference}, "a strings file")
    for key_path, text, source in _leaves(layer, reference):
        _check_placeholders(shown, located.line(*key_path), ".".join(key_path), text, source, report)
    return layer


def _leaves(layer: dict, reference: dict, prefix: tuple = ()):
    """Yield (key path, translated string, English string) for every string both have."""
    for key, value in layer.items():
        source = reference.get(key) if isinstance(reference, dict) else None
        if isinstance(value, dict) and isinstance(source, dict):
            yield from _leaves(value, source, prefix + (key,))
        elif isinstance(value, str) and isinstance(source, str):
            yield prefix + (key,), value, source


def _check_placeholders(shown: str, line: int, key: str, text: str, source: str, report: Report) -> None:
    wanted, used = set(_PLACEHOLDER.findall(source)), set(_PLACEHOLDER.findall(text))
    allowed = ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "none"
    for name in sorted(used - wanted):  # a misspelt one is this mistake alone, not also a dropped one
        report.error(shown, line, f"{key}: {{{name}}} is not filled in for this string (its placeholders: "
                     f"{allowed}); write one of those or drop it")
    if used - wanted:
        return
    for name in sorted(wanted - used):
        report.warn(shown, line, f"{key}: the English string shows {{{name}}} and this one does not; "
                    f"add {{{name}}} where the sentence needs it")


def _warn_missing(english, given: dict, place: str | None, language: str, language_line: tuple,
                  report: Report) -> None:
    """Warn of each string no translation holds: the page shows its English one."""
    if english is None:
        return
    missing = list(_missing(english.data, given))
    if not missing:
        return
    if place is None:  # nothing translates the language: one warning where it is chosen
        report.warn(language_line[0], language_line[1], f'language: "{language}" has no interface '
                    f"strings, so they are shown in English: copy theme/strings/{DEFAULT}.yaml to "
                    f"content/overrides/strings/{language}.yaml and translate it")
        return
    for key_path in missing:
        report.warn(place, 0, f"no string for {'.'.join(key_path)}, so the English one is shown "
                    f'("{_at(english.data, key_path)}"): translate it in this file')


def _missing(reference: dict, given: dict, prefix: tuple = ()):
    for key, value in reference.items():
        have = given.get(key) if isinstance(given, dict) else None
        if isinstance(value, dict):
            yield from _missing(value, have if isinstance(have, dict) else {}, prefix + (key,))
        elif have is None:
            yield prefix + (key,)


def _at(data: dict, key_path: tuple):
    for key in key_path:
        data = data[key]
    return data


def merge_strings(base: dict, override: dict) -> dict:
    """Return base with override's strings on top, merging nested groups key by key."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_strings(merged[key], value)
        else:
            merged[key] = value
    return merged
