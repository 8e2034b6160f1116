"""The framework's texts in another language: framework/translations/<language>.yaml."""

from __future__ import annotations

import io
import json
from dataclasses import fields
from pathlib import Path

import jsonschema
import pytest
import yaml

from handbook.framework import load_framework
from handbook.framework_texts import check_translation_files, load_framework_texts
from handbook.model import Framework
from handbook.problems import Report, print_report
from handbook.sources import Project
from tests.conftest import REPO, SECOND, write_project

SHOWN = "framework/translations/de.yaml"
FRAMEWORK = {
    "framework/framework.yaml": """\
        id: tiny
        title: Tiny framework
        short_title: Tiny
        version: "1.0"
        description: A framework for tests.
        credits:
          author: Written by the test team.
          matrix: "Source: the tests"
        licence:
          name: CC BY 4.0
          url: https://creativecommons.org/licenses/by/4.0/
        levels:
          - id: low
            name: Low
            summary: The lower level.
          - id: middle
            name: Middle
            summary: The level between.
          - id: high
            name: High
            summary: The higher level.
        functions:
          - alpha
          - beta
        """,
    "framework/functions/alpha.yaml": """\
        id: alpha
        name: Alpha
        summary: The first function.
        descriptors:
          low: Little
          middle: Some
          high: Much
        """,
    "framework/functions/beta.yaml": """\
        id: beta
        name: Beta
        summary: The second function.
        descriptors:
          low: Hardly
          middle: Partly
          high: Fully
        """,
}
# The complete translation, in parts so that a case can replace one part; line numbers in the
# expected messages count from the schema line, 1.
HEAD = """\
# yaml-language-server: $schema=../schema/translation.schema.json
title: Winziges Rahmenwerk
short_title: Winzig
description: Ein Rahmenwerk für Tests.
credits:
  author: Geschrieben vom Testteam.
  matrix: "Quelle: die Tests"
licence:
  name: CC BY 4.0 (Namensnennung)
"""
LEVELS = """\
levels:
  low:
    name: Niedrig
    summary: Die untere Stufe.
  middle:
    name: Mittel
    summary: Die Stufe dazwischen.
  high:
    name: Hoch
    summary: Die obere Stufe.
"""
FUNCTIONS = """\
functions:
  alpha:
    name: Alpha auf Deutsch
    summary: Die erste Funktion.
    descriptors:
      low: Wenig
      middle: Etwas
      high: Viel
  beta:
    name: Beta auf Deutsch
    summary: Die zweite Funktion.
    descriptors:
      low: Kaum
      middle: Teils
      high: Ganz
"""
COMPLETE = HEAD + LEVELS + FUNCTIONS
TEXT_FIELDS = {"title", "short_title", "description", "credits", "licence_name", "levels",
               "functions"}


def printed(report: Report) -> list[str]:
    """Return what the editor reads: every problem and the count, as the build prints them."""
    stream = io.StringIO()
    print_report(report, strict=False, stream=stream, github=False)
    return stream.getvalue().splitlines()


def load(tmp_path: Path, translation: str | None, files: dict | None = None,
         clean: bool = True) -> tuple[Framework, Framework, list[str]]:
    """Load the framework and its German texts; return both and the loader's output only."""
    written = {} if translation is None else {"framework/translations/de.yaml": translation}
    root = write_project(tmp_path / "project", written | (files or {}), base=FRAMEWORK)
    project, report = Project(root, display_root=root), Report()
    framework = load_framework(project, report)
    assert (report.problems == []) == clean, printed(report)
    report = Report()  # only what the translation's loader reports
    return framework, load_framework_texts(project, framework, "de", report), printed(report)


def test_a_complete_translation_replaces_every_text_and_nothing_else(tmp_path):
    framework, german, output = load(tmp_path, COMPLETE)
    assert output == []
    assert (german.title, german.short_title, german.description, german.licence_name) == (
        "Winziges Rahmenwerk", "Winzig", "Ein Rahmenwerk für Tests.", "CC BY 4.0 (Namensnennung)")
    assert german.credits == (("author", "Geschrieben vom Testteam."),
                              ("matrix", "Quelle: die Tests"))
    assert [(level.name, level.summary) for level in german.levels] == [
        ("Niedrig", "Die untere Stufe."), ("Mittel", "Die Stufe dazwischen."),
        ("Hoch", "Die obere Stufe.")]
    assert [(function.name, function.summary, function.descriptors)
            for function in german.functions] == [
        ("Alpha auf Deutsch", "Die erste Funktion.",
         (("low", "Wenig"), ("middle", "Etwas"), ("high", "Viel"))),
        ("Beta auf Deutsch", "Die zweite Funktion.",
         (("low", "Kaum"), ("middle", "Teils"), ("high", "Ganz")))]
    assert_same_apart_from_texts(framework, german)


def assert_same_apart_from_texts(framework: Framework, german: Framework) -> None:
    """Check that ids, order, lines, sources, version and the rest are the default's."""
    for name in {field.name for field in fields(Framework)} - TEXT_FIELDS:
        assert getattr(german, name) == getattr(framework, name), name
    assert [(level.id, level.position, level.line) for level in german.levels] == \
        [(level.id, level.position, level.line) for level in framework.levels]
    assert [(function.id, function.source, [level for level, _ in function.descriptors])
            for function in german.functions] == \
        [(function.id, function.source, [level for level, _ in function.descriptors])
         for function in framework.functions]


def test_a_partial_translation_shows_the_default_texts_with_one_warning(tmp_path):
    partial = "title: Winziges Rahmenwerk\n" + """\
levels:
  low:
    name: Niedrig
functions:
  alpha:
    name: Alpha auf Deutsch
    summary: Die erste Funktion.
    descriptors:
      low: Wenig
"""
    framework, german, output = load(tmp_path, partial)
    assert output == [
        f"{SHOWN}: warning: not translated yet, so shown in the default language: short_title, "
        "description, credits, levels.low.summary (and 5 more); add the texts in this "
        "language to this file",
        "0 errors, 1 warning."]
    assert (german.title, german.short_title, german.credits) == (
        "Winziges Rahmenwerk", "Tiny", framework.credits)
    assert [(level.name, level.summary) for level in german.levels] == [
        ("Niedrig", "The lower level."), ("Middle", "The level between."),
        ("High", "The higher level.")]
    assert german.functions[0].descriptors == (
        ("low", "Wenig"), ("middle", "Some"), ("high", "Much"))
    assert german.functions[1] == framework.functions[1]
    assert_same_apart_from_texts(framework, german)


@pytest.mark.parametrize(("translation", "named"), [
    (COMPLETE.replace("  middle:\n    name: Mittel\n", "  middle:\n"), "levels.middle.name"),
    (HEAD + FUNCTIONS, "levels"),
    (HEAD + LEVELS.replace("  high:\n    name: Hoch\n    summary: Die obere Stufe.\n", "") +
     FUNCTIONS, "levels.high"),
    (COMPLETE.replace("      middle: Etwas\n", ""), "functions.alpha.descriptors.middle"),
    (COMPLETE.replace("    descriptors:\n      low: Wenig\n      middle: Etwas\n      high: "
                      "Viel\n", ""), "functions.alpha.descriptors"),
    (HEAD + LEVELS + FUNCTIONS.split("  beta:")[0], "functions.beta"),
    (HEAD + LEVELS, "functions"),
    (COMPLETE.replace("  matrix: \"Quelle: die Tests\"\n", ""), "credits.matrix"),
    (COMPLETE.replace("    name: Beta auf Deutsch\n", "    name: \"\"\n"), "functions.beta.name"),
], ids=["level-name", "all-levels", "one-level", "descriptor", "descriptors", "function",
        "all-functions", "credit", "empty-text"])
def test_the_warning_names_what_is_left_out_compactly(tmp_path, translation, named):
    assert load(tmp_path, translation)[2] == [
        f"{SHOWN}: warning: not translated yet, so shown in the default language: {named}; add "
        "the texts in this language to this file",
        "0 errors, 1 warning."]


def test_without_a_short_title_of_its_own_the_translated_title_is_the_short_title(tmp_path):
    files = {"framework/framework.yaml": FRAMEWORK["framework/framework.yaml"].replace(
        "        short_title: Tiny\n", "")}
    _, german, output = load(tmp_path, COMPLETE.replace("short_title: Winzig\n", ""), files)
    assert (german.short_title, output) == ("Winziges Rahmenwerk", [])


def test_a_licence_name_left_out_stays_the_default_without_a_warning(tmp_path):
    _, german, output = load(tmp_path, COMPLETE.replace("licence:\n  name: CC BY 4.0 "
                                                        "(Namensnennung)\n", ""))
    assert (german.licence_name, german.licence_url, output) == (
        "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", [])


def test_a_missing_file_is_one_warning_naming_the_file_to_create(tmp_path):
    framework, german, output = load(tmp_path, None)
    assert german == framework
    assert output == [
        f"{SHOWN}: warning: this file is missing, so the framework's texts (title, levels, "
        "functions, descriptors) show in the default language on the de pages; create it to "
        "translate them, starting with the line  # yaml-language-server: "
        "$schema=../schema/translation.schema.json",
        "0 errors, 1 warning."]


TOP_KEYS = ("a translation has only title, short_title, description, credits, licence, levels, "
            "functions; ids, the version, addresses and the order of levels and functions stay "
            "framework/framework.yaml's")
MISTAKES = {
    "top-level-key": (COMPLETE.replace("title: Winziges", "titel: Winziges"), [
        f'{SHOWN}:2: titel: unknown key (did you mean "title"?); {TOP_KEYS}']),
    "top-level-key-far": (COMPLETE + "version: \"1.0\"\n", [
        f"{SHOWN}:35: version: unknown key; {TOP_KEYS}"]),
    "level-id": (COMPLETE.replace("  middle:\n    name: Mittel", "  midle:\n    name: Mittel"), [
        f'{SHOWN}:14: levels.midle: "midle" is not a level id (did you mean "middle"?); key '
        "each level by its id in framework/framework.yaml, not by its name; the ids: low, "
        "middle, high"]),
    "level-id-by-name": (COMPLETE.replace("  high:\n", "  hoch:\n"), [
        f"{SHOWN}: warning: not translated yet, so shown in the default language: levels.high; "
        "add the texts in this language to this file",
        f'{SHOWN}:17: levels.hoch: "hoch" is not a level id; key each level by its id in '
        "framework/framework.yaml, not by its name; the ids: low, middle, high"]),
    "function-id": (COMPLETE.replace("  beta:", "  betta:"), [
        f'{SHOWN}:28: functions.betta: "betta" is not a function id (did you mean "beta"?); key '
        "each function by its id (its file's name in framework/functions/ without .yaml), not "
        "by its name; the ids: alpha, beta"]),
    "descriptor-level-id": (COMPLETE.replace("      middle: Etwas", "      midle: Etwas"), [
        f'{SHOWN}:26: functions.alpha.descriptors.midle: "midle" is not a level id (did you mean'
        ' "middle"?); key each descriptor by the id of its level in framework/framework.yaml; '
        "the ids: low, middle, high"]),
    "level-key": (COMPLETE.replace("summary: Die untere", "summery: Die untere"), [
        f'{SHOWN}:13: levels.low.summery: unknown key (did you mean "summary"?); a level has '
        "only name, summary"]),
    "function-key": (COMPLETE.replace("    descriptors:\n      low: Kaum",
                                      "    descriptor:\n      low: Kaum"), [
        f'{SHOWN}:31: functions.beta.descriptor: unknown key (did you mean "descriptors"?); a '
        "function has only name, summary, descriptors"]),
    "credit-key": (COMPLETE.replace("  author:", "  autor:"), [
        f'{SHOWN}:6: credits.autor: framework/framework.yaml has no credit "autor" (did you mean'
        ' "author"?); translate its credits under their keys: author, matrix']),
    "licence-url": (COMPLETE.replace("licence:\n", "licence:\n  url: https://example.org/de\n"), [
        f"{SHOWN}:9: licence.url: unknown key; licence has only name; the licence's address "
        "stays framework/framework.yaml's"]),
    "levels-a-list": (HEAD + "levels:\n  - id: low\n    name: Niedrig\n" + FUNCTIONS, [
        f"{SHOWN}:10: levels: expected a mapping (lines such as 'low:' indented below it), "
        "found a list"]),
    "level-a-text": (COMPLETE.replace("  low:\n    name: Niedrig\n    summary: Die untere "
                                      "Stufe.\n", "  low: Niedrig\n"), [
        f"{SHOWN}:11: levels.low: expected a mapping (lines such as 'name: ...' and 'summary: "
        "...' indented below it), found the text \"Niedrig\""]),
    "descriptors-a-text": (COMPLETE.replace("    descriptors:\n      low: Wenig\n      middle: "
                                            "Etwas\n      high: Viel\n",
                                            "    descriptors: Wenig\n"), [
        f"{SHOWN}:24: functions.alpha.descriptors: expected a mapping (lines such as 'low: ...' "
        'indented below it), found the text "Wenig"']),
    "name-a-list": (COMPLETE.replace("    name: Hoch\n", "    name:\n      - Hoch\n"), [
        f"{SHOWN}:18: levels.high.name: expected text, found a list (write the text on the same "
        "line after the colon, without '- ')"]),
    "not-a-mapping": ("- title: Winziges Rahmenwerk\n", [
        f"{SHOWN}:1: a translation must be a mapping of keys to texts (lines such as 'title: "
        "...'), not a list"]),
    "duplicate-level": (COMPLETE.replace("  high:\n", "  middle:\n"), [
        f"{SHOWN}: warning: not translated yet, so shown in the default language: levels.high; "
        "add the texts in this language to this file",
        f'{SHOWN}:17:3: duplicate key "middle" (first set on line 14; remove one of them)']),
    "empty-file": ("# yaml-language-server: $schema=../schema/translation.schema.json\n", [
        f"{SHOWN}:1: the file is empty (or holds only comments); write its YAML data, or delete "
        "the file if it is not needed"]),
    "syntax-error": (COMPLETE.replace("title: Winziges Rahmenwerk", "title: Winziges: Werk"), [
        f"{SHOWN}:2:16: YAML syntax error: mapping values are not allowed in this context (a "
        "value that "
        "contains ': ' must be quoted, for example  name: \"A: B\")"]),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_each_mistake_prints_its_line_and_fix_and_nothing_else(tmp_path, name):
    translation, messages = MISTAKES[name]
    output = load(tmp_path, translation)[2]
    errors = sum(": warning: " not in message for message in messages)
    warnings = len(messages) - errors
    assert output == [*messages, f"{errors} error{'s' * (errors != 1)}, "
                                 f"{warnings} warning{'s' * (warnings != 1)}."]


def test_a_text_that_yaml_reads_as_another_kind_stays_as_written(tmp_path):
    translation = COMPLETE.replace("name: Niedrig", "name: yes").replace("low: Wenig", "low: 1.10")
    _, german, output = load(tmp_path, translation)
    assert (german.levels[0].name, german.functions[0].descriptor("low"), output) == (
        "yes", "1.10", [])


@pytest.mark.parametrize(("project", "language"), [(REPO, "de"), (SECOND, "en")],
                         ids=["handbook-de", "second-en"])
def test_the_committed_translations_are_complete_and_clean(project, language):
    report = Report()
    project = Project(project, display_root=project)
    framework = load_framework(project, report)
    translated = load_framework_texts(project, framework, language, report)
    assert printed(report) == []
    assert [level.name for level in translated.levels] != [level.name for level in
                                                            framework.levels]


def test_a_mistake_keeps_the_texts_that_are_right(tmp_path):
    framework, german, _ = load(tmp_path, MISTAKES["level-id"][0])
    assert [level.name for level in german.levels] == ["Niedrig", "Middle", "Hoch"]
    assert german.functions[1].name == "Beta auf Deutsch"
    assert_same_apart_from_texts(framework, german)


def test_unknown_level_ids_stay_silent_when_a_level_id_is_unreadable(tmp_path):
    files = {"framework/framework.yaml": FRAMEWORK["framework/framework.yaml"].replace(
        "          - id: middle\n", "          - idd: middle\n")}
    translation = COMPLETE.replace("  middle:\n", "  mitte:\n")
    framework, german, output = load(tmp_path, translation, files, clean=False)
    # The unreadable level is reported in framework.yaml; "mitte" may be that level.
    assert framework.knows_all("levels") is False
    assert output == []
    assert [level.name for level in german.levels] == ["Niedrig", "Hoch"]


def test_a_broken_function_is_not_named_as_left_out(tmp_path):
    files = {"framework/functions/beta.yaml": FRAMEWORK["framework/functions/beta.yaml"].replace(
        "        summary: The second function.\n", "")}
    framework, german, output = load(tmp_path, HEAD + LEVELS + FUNCTIONS.split("  beta:")[0],
                                     files, clean=False)
    assert "beta" in framework.broken
    assert output == []


LANGUAGES_CASES = {
    "de.yaml": None,
    "ar.yaml": None,
    "fr.yaml": "fr is not a language of the site; list it under translations: in "
               "content/site.yaml, or remove the file",
    "dee.yaml": 'dee is not a language of the site (did you mean "de"?); rename the file to '
                "de.yaml, list it under translations: in content/site.yaml, or remove the file",
    "AR.yaml": 'AR is not a language of the site (did you mean "ar"?); rename the file to '
               "ar.yaml, list it under translations: in content/site.yaml, or remove the file",
    "en.yaml": "en is the site's default language, whose texts are framework/framework.yaml "
               "and framework/functions/ themselves; remove this file",
    "de.yml": "rename the file to de.yaml; only .yaml files are read here",
    "notes.txt": "only the framework's texts per language, as <language>.yaml, belong here; "
                 "move this file elsewhere or remove it",
    "old/de.yaml": "a folder does not belong here; the texts of each language are one file, "
                   "framework/translations/<language>.yaml: move them into such a file",
    ".gitkeep": None,
}


def test_a_file_for_no_language_of_the_site_is_an_error_naming_the_fix(tmp_path):
    root = write_project(tmp_path / "project", {f"framework/translations/{name}": "title: x\n"
                                                for name in LANGUAGES_CASES}, base={})
    report = Report()
    check_translation_files(Project(root, display_root=root), ("de", "ar"), report, "en")
    expected = sorted(f"framework/translations/{name.split('/')[0]}: {message}"
                      for name, message in LANGUAGES_CASES.items() if message)
    assert printed(report) == [*expected, f"{len(expected)} errors, 0 warnings."]


def test_without_the_folder_there_is_nothing_to_report(tmp_path):
    report = Report()
    check_translation_files(Project(tmp_path, display_root=tmp_path), ("de",), report)
    assert report.problems == []


def _schema() -> dict:
    schema = json.loads((REPO / "framework" / "schema" / "translation.schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_the_schema_accepts_a_translation_and_refuses_what_the_build_refuses():
    schema, valid = _schema(), yaml.safe_load(COMPLETE)
    jsonschema.validate(valid, schema)
    jsonschema.validate({}, schema)  # every key is optional
    for broken in ({**valid, "titel": "x"}, {**valid, "levels": [{"id": "low"}]},
                   {**valid, "levels": {"Low Level": {"name": "x"}}},
                   {**valid, "levels": {"low": {"name": "x", "summery": "y"}}},
                   {**valid, "licence": {"url": "https://example.org/"}},
                   {**valid, "functions": {"alpha": {"descriptors": {"low": ["x"]}}}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_a_long_list_of_ids_is_cut_short(tmp_path):
    ids = [f"function-{number:02}" for number in range(1, 15)]
    files = {"framework/framework.yaml": FRAMEWORK["framework/framework.yaml"].replace(
        "          - alpha\n          - beta\n", "".join(f"          - {i}\n" for i in ids))}
    files |= {f"framework/functions/{i}.yaml": FRAMEWORK["framework/functions/alpha.yaml"]
              .replace("id: alpha", f"id: {i}") for i in ids}
    files |= {"framework/functions/alpha.yaml": None, "framework/functions/beta.yaml": None}
    translation = HEAD + LEVELS + "functions:\n  sales:\n    name: Verkauf\n"
    output = load(tmp_path, translation, files)[2]
    assert output[1:] == [
        f'{SHOWN}:21: functions.sales: "sales" is not a function id; key each function by its '
        "id (its file's name in framework/functions/ without .yaml), not by its name; the ids: "
        f"{', '.join(ids[:12])} and 2 more", "1 error, 1 warning."]
    assert output[0] == (f"{SHOWN}: warning: not translated yet, so shown in the default "
                         "language: functions; add the texts in this language to this file")


def test_the_keys_read_as_texts_are_the_fields_of_kind_text():
    from handbook.framework_texts import (FUNCTION_TEXTS, LEVEL_TEXTS, TEXT_KEYS,
                                          TRANSLATION_FIELDS)
    texts = {key for fields_ in (TRANSLATION_FIELDS, LEVEL_TEXTS, FUNCTION_TEXTS,
                                 TRANSLATION_FIELDS["licence"].keys)
             for key, spec in fields_.items() if spec.kind == "text"}
    assert texts == set(TEXT_KEYS)
