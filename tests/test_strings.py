"""The theme speaks of no particular framework: its default strings are neutral.

The Partnering wording lives in the handbook's own content/overrides/strings/en.yaml; another
framework built with the theme (here the long-names fixture, whose own texts avoid these words)
shows none of it, neither in visible text nor in titles, alt text, ARIA attributes or the
strings its scripts show.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_build, write_project
from tests.gates.checks import html_pages

REPO = Path(__file__).resolve().parent.parent
THEME_STRINGS = REPO / "theme" / "strings" / "en.yaml"
WORDING = re.compile(r"partner|collaboration|our company|prospective partner", re.IGNORECASE)
SHOWN_ATTRIBUTES = {"alt", "title", "placeholder"}


class _ShownText(HTMLParser):
    """Collect what a reader sees or hears of a page: text, titles, alt and ARIA attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.texts += [value for name, value in attrs
                       if value and (name in SHOWN_ATTRIBUTES or name.startswith("aria-"))]
        if tag in {"script", "style"}:
            self.inside.append(dict(attrs).get("type") or tag)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.inside:
            self.inside.pop()

    def handle_data(self, data):
        if not self.inside:
            self.texts.append(data)
        elif self.inside[-1] == "application/json":
            # the strings and data the page's scripts show
            self.texts += _leaves(json.loads(data))


def _leaves(value) -> list[str]:
    """Every string inside nested dicts and lists."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _leaves(item)]
    if isinstance(value, list):
        return [text for item in value for text in _leaves(item)]
    return [value] if isinstance(value, str) else []


def shown_text(path: Path) -> list[str]:
    parser = _ShownText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.texts


def framework_wording(site: Path) -> list[str]:
    """Every page text of ``site`` that speaks of partnering, as ``page: text``."""
    return [f"{rel}: {text.strip()[:120]}" for rel in html_pages(site)
            for text in shown_text(site / rel) if WORDING.search(text)]


def test_theme_defaults_are_neutral():
    strings = yaml.safe_load(THEME_STRINGS.read_text(encoding="utf-8"))
    assert [text for text in _leaves(strings) if WORDING.search(text)] == []


def test_another_framework_shows_no_partnering_wording(long_names_site):
    assert framework_wording(long_names_site) == []


def test_the_handbook_keeps_its_own_wording(handbook_site):
    found = framework_wording(handbook_site)
    for wording in ["index.html: What each level of collaboration looks like.", "Built with Partnering Handbook",
                    "assessment.html: Our company", "compare.html: To talk about before partnering"]:
        assert any(wording in text for text in found), wording


# Where the theme's strings are read: templates, scripts and the generator (strings files aside).
STRING_READERS = [REPO / "theme", REPO / "handbook"]
READER_SUFFIXES = {".html", ".js", ".py", ".xml", ".txt"}


def _reader_text() -> str:
    """Return every template, script and module that may read a string, as one text."""
    return "\n".join(path.read_text(encoding="utf-8") for root in STRING_READERS
                     for path in sorted(root.rglob("*"))
                     if path.suffix in READER_SUFFIXES and "strings" not in path.parts)


def _keys(strings: dict, group: tuple = ()) -> list[tuple]:
    """Every leaf key of the strings, as its path of group names."""
    return [key for name, value in strings.items()
            for key in (_keys(value, group + (name,)) if isinstance(value, dict)
                        else [group + (name,)])]


def _used(key: tuple, text: str, prefixes: set, groups: set) -> bool:
    """Tell whether a key is read: by name, by a prefix a script completes, or its group indexed."""
    name = key[-1]
    return (re.search(rf"""(\.{name}\b|["']{name}["'])""", text) is not None
            or any(name.startswith(prefix) for prefix in prefixes)
            or any(key[:len(group)] == group for group in groups))


def test_every_theme_string_is_used():
    """Translators translate every string: each must be shown somewhere."""
    text = _reader_text()
    prefixes = set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']\s*\+""", text))  # t("side_" + side)
    groups = {(group,) for group in re.findall(r"\bt\.([a-z_]+)\[", text)}  # t.pages[page.kind]
    strings = yaml.safe_load(THEME_STRINGS.read_text(encoding="utf-8"))
    unused = [".".join(key) for key in _keys(strings) if not _used(key, text, prefixes, groups)]
    assert unused == [], f"strings no template, script or module uses: {unused}"


_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")


def _leaf_strings(strings: dict) -> dict:
    """Every leaf string by its dotted key."""
    found = {}
    for key in _keys(strings):
        value = strings
        for name in key:
            value = value[name]
        found[".".join(key)] = value
    return found


@pytest.mark.parametrize("path", sorted(set(THEME_STRINGS.parent.glob("*.yaml")) - {THEME_STRINGS}),
                         ids=lambda path: path.name)
def test_every_theme_translation_has_every_string_with_its_placeholders(path):
    english = _leaf_strings(yaml.safe_load(THEME_STRINGS.read_text(encoding="utf-8")))
    translated = _leaf_strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert list(translated) == list(english)  # the same keys, in the same order
    assert [key for key, text in translated.items() if not isinstance(text, str) or not text.strip()] == []
    assert [key for key, text in translated.items()
            if set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(english[key]))] == []


def test_a_partial_translation_warns_of_each_string_it_lacks_and_shows_it_in_english(tmp_path):
    project = write_project(tmp_path / "project", {
        "content/site.yaml": "language: fr\n",
        "content/overrides/strings/fr.yaml": "skip_to_content: Aller au contenu\nsearch:\n  label: Chercher\n"})
    result = run_build("--project", project, "--out", tmp_path / "site", cwd=project)
    english = _leaf_strings(yaml.safe_load(THEME_STRINGS.read_text(encoding="utf-8")))
    missing = [key for key in english if key not in {"skip_to_content", "search.label"}]
    assert result.returncode == 0, result.stderr
    # What the editor reads, whole: one warning for each string, naming it, then the count.
    assert result.stderr.splitlines() == sorted(
        f'content/overrides/strings/fr.yaml: warning: no string for {key}, so the English one is shown '
        f'("{english[key]}"): translate it in this file' for key in missing) + [f"0 errors, {len(missing)} warnings."]
    shown = shown_text(tmp_path / "site" / "index.html")
    assert "Aller au contenu" in shown and english["skip_to_content"] not in shown
    assert english["site_navigation"] in shown  # untranslated: in English, never blank
