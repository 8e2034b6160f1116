"""Unit tests of loading: YAML with lines, field checks, Markdown, sources and problems."""

from __future__ import annotations

import io
import json

import pytest

from handbook.fields import Checker, Field, describe, suggest_id
from handbook.markdown import FrontMatterError, github_slug, make_parser, parse_doc
from handbook.framework import load_framework
from handbook.pipeline import Options, build, gather
from handbook.problems import ERROR, WARNING, Problem, Report, did_you_mean, print_report
from handbook.sources import Project, read_text, read_yaml
from handbook.yamlfile import YamlError, load_yaml


# --- yamlfile ---------------------------------------------------------------------------------

def test_yaml_keeps_the_line_of_every_value():
    located = load_yaml("id: a\nlevels:\n  - id: low\n    name: Low\n  - id: high\n")
    assert located.line("id") == 1
    assert located.line("levels", 0, "name") == 4
    assert located.line("levels", 1, "id") == 5
    assert located.line("levels", 7, "missing") == 2  # nearest parent that has a line


def test_yaml_lines_can_start_below_the_first_line():
    located = load_yaml("title: Home\norder: 2\n", first_line=2)
    assert located.line("title") == 2 and located.line("order") == 3


@pytest.mark.parametrize("text, line, words", [
    ("a: 1\nb: 2\na: 3\n", 3, 'duplicate key "a" (first set on line 1'),
    ("m:\n  x: 1\n  x: 2\n", 3, 'duplicate key "x" (first set on line 2'),
    ('name: "open\nother: 1\n', 1, "a quote or bracket is not closed"),
    ("list: [a, b\nother: 1\n", 1, "a bracket is not closed"),
    ("a: b: c\n", 1, "must be quoted"),
    ("a:\n  b: 1\n\tc: 2\n", 3, "a tab is used for indentation"),
    ("a:\n  b: 1\n c: 2\n", 3, "check the indentation"),
])
def test_yaml_errors_name_the_line_and_a_fix(text, line, words):
    with pytest.raises(YamlError) as caught:
        load_yaml(text)
    assert caught.value.line == line
    assert words in caught.value.message


def test_yaml_duplicate_key_lines_count_from_first_line():
    with pytest.raises(YamlError) as caught:
        load_yaml("title: A\ntitle: B\n", first_line=2)
    assert caught.value.line == 3
    assert "first set on line 2" in caught.value.message


def test_yaml_keeps_numbers_and_booleans_as_written_for_text_fields():
    located = load_yaml('version: 1.10\nname: yes\nquoted: "2"\n')
    assert located.data["version"] == 1.1
    assert located.written[("version",)] == "1.10"
    assert located.written[("name",)] == "yes"
    assert ("quoted",) not in located.written


def test_yaml_keys_stay_as_written():
    assert load_yaml("yes: a\n1.10: b\n").data == {"yes": "a", "1.10": "b"}


def test_yaml_dates_stay_text():
    assert load_yaml("released: 2024-05-01\n").data == {"released": "2024-05-01"}


# --- fields -----------------------------------------------------------------------------------

FIELDS = {"id": Field("id", True), "name": Field("text", True), "order": Field("number"),
          "version": Field("text")}


def check(text: str) -> tuple[dict, list[Problem]]:
    report = Report()
    located = load_yaml(text)
    good = Checker("f.yaml", located, report).mapping((), located.data, FIELDS, "a thing")
    return good, report.sorted()


def test_fields_pass_good_values_and_keep_written_text():
    good, problems = check("id: a-1\nname: Alpha\norder: 3\nversion: 1.10\n")
    assert good == {"id": "a-1", "name": "Alpha", "order": 3, "version": "1.10"}
    assert problems == []


def test_fields_report_missing_and_empty_with_lines():
    _, problems = check("id: a\nname:\n")
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [(2, "name: is empty")]
    _, problems = check("id: a\n")
    assert problems[0].line == 1 and "name: is missing; add a line  name: ..." in problems[0].message


def test_fields_warn_about_unknown_keys_with_did_you_mean():
    _, problems = check("id: a\nname: A\nnmae: B\n")
    assert problems[0].severity == WARNING and problems[0].line == 3
    assert 'unknown key (did you mean "name"?)' in problems[0].message


def test_a_misspelt_required_key_is_one_error_at_its_line():
    _, problems = check("id: a\nnmae: A\n")
    assert [(p.severity, p.line, p.message) for p in problems] == [
        (ERROR, 2, 'nmae: unknown key (did you mean "name"?); name is missing, and a thing '
         "needs one")]


def test_yaml_duplicate_keys_can_be_collected_keeping_the_first_value():
    duplicates: list = []
    located = load_yaml("a: 1\nb: 2\na: 3\n", duplicates=duplicates)
    assert located.data == {"a": 1, "b": 2} and located.line("a") == 1
    assert [(d.line, d.message) for d in duplicates] == [
        (3, 'duplicate key "a" (first set on line 1; remove one of them)')]


@pytest.mark.parametrize("text, words", [
    ("id: 12\nname: A\n", 'found the number 12 (put it in quotes, such as "2")'),
    ("id: Big One\nname: A\n", '"Big One" is not a valid id'),
    ("id: a\nname: [x]\n", "found a list (write the text on the same line"),
    ("id: a\nname: A\norder: first\n", 'found the text "first" (write digits only'),
    ("id: a\nname: A\norder: true\n", "found true (a boolean)"),
])
def test_fields_report_wrong_kinds(text, words):
    _, problems = check(text)
    assert len(problems) == 1 and words in problems[0].message, problems


def test_fields_report_a_non_mapping():
    _, problems = check("- a\n- b\n")
    assert "a thing must be a mapping of keys to values" in problems[0].message


def test_suggest_id_and_describe():
    assert suggest_id("Sales Compensation!") == "sales-compensation"
    assert suggest_id("???") == "my-id"
    assert describe(None) == "nothing" and describe([1]) == "a list"


# --- markdown ---------------------------------------------------------------------------------

MD = make_parser()


@pytest.mark.parametrize("text, slug", [
    ("Why it matters", "why-it-matters"), ("What's next?", "whats-next"),
    ("C++ & Go", "c--go"), ("Größe", "größe"), ("  spaced  out ", "spaced--out"),
])
def test_github_slugs(text, slug):
    assert github_slug(text) == slug


def test_headings_get_anchors_explicit_and_deduplicated():
    doc = parse_doc(MD, "a.md", "# Intro\n\n## Intro\n\n## Intro\n\n## Low {#low}\n")
    assert [h.anchor for h in doc.headings] == ["intro", "intro-1", "intro-2", "low"]
    assert doc.headings[3].explicit and doc.headings[3].text == "Low"


def test_front_matter_values_and_lines_count_in_the_file():
    doc = parse_doc(MD, "a.md", "---\ntitle: Home\norder: 2\n---\n\n[x](b.md)\n")
    assert doc.meta == {"title": "Home", "order": 2}
    assert doc.lines["order"] == 3
    assert doc.links[0].line == 6


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: A\n", 1, "is not closed"),
    ("---\n- a\n---\n", 2, "must be a mapping"),
    ("---\ntitle: A\ntitle: B\n---\n", 3, "first set on line 2"),
    ("---\ntitle: A: B\n---\n", 2, "must be quoted"),
])
def test_front_matter_errors(text, line, words):
    with pytest.raises(FrontMatterError) as caught:
        parse_doc(MD, "a.md", text)
    assert caught.value.line == line and words in caught.value.message


def test_front_matter_of_only_comments_is_empty():
    assert parse_doc(MD, "a.md", "---\n# nothing yet\n---\nText.\n").meta == {}


def test_refused_links_are_kept_for_checking_but_not_in_code():
    doc = parse_doc(MD, "a.md", "Intro.\n\n[a](javascript:alert(1))\n`[b](javascript:x)`\n")
    assert [(link.href, link.line) for link in doc.links] == [("javascript:alert(1)", 3)]


def test_raw_html_is_not_a_link_or_markup():
    doc = parse_doc(MD, "a.md", '<a href="x.md">x</a>\n')
    assert doc.links == ()


# --- sources ----------------------------------------------------------------------------------

def test_read_text_strips_bom_with_a_warning_and_normalises_newlines(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbfone\r\ntwo\rthree\n")
    report = Report()
    assert read_text(Project(tmp_path, tmp_path), path, report, 1000) == "one\ntwo\nthree\n"
    assert [p.severity for p in report.problems] == [WARNING]


def test_read_text_refuses_binary_and_large_files(tmp_path):
    report, project = Report(), Project(tmp_path, tmp_path)
    (tmp_path / "bin.md").write_bytes(b"text\n\x00\x01")
    (tmp_path / "big.md").write_bytes(b"x" * 20)
    assert read_text(project, tmp_path / "bin.md", report, 1000) is None
    assert read_text(project, tmp_path / "big.md", report, 10) is None
    assert [(p.path, p.line) for p in report.sorted()] == [("big.md", 0), ("bin.md", 2)]


def test_read_yaml_reports_comment_only_files_as_empty(tmp_path):
    (tmp_path / "a.yaml").write_text("# only a comment\n", encoding="utf-8")
    report = Report()
    assert read_yaml(Project(tmp_path, tmp_path), tmp_path / "a.yaml", report) is None
    assert "the file is empty" in report.problems[0].message

def test_show_names_a_file_as_its_resolved_path_does(tmp_path):
    """Project.show keeps each folder's real path: a symlinked file or folder still shows where
    it leads, as resolving the whole path did, however often its folder was shown before."""
    root, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    guide = root / "content" / "guide"
    guide.mkdir(parents=True)
    elsewhere.mkdir()
    for path in (guide / "a.md", root / "content" / "other.md", elsewhere / "b.md"):
        path.write_text("text", encoding="utf-8")
    (guide / "inside.md").symlink_to(root / "content" / "other.md")
    (guide / "outside.md").symlink_to(elsewhere / "b.md")
    (root / "content" / "linked").symlink_to(guide, target_is_directory=True)
    project = Project(root, root)
    paths = [guide / "a.md", guide / "inside.md", guide / "outside.md",
             root / "content" / "linked" / "a.md", guide / "missing.md",
             guide / ".." / "linked" / "a.md", root / "content" / "linked"]
    # Outside the folder it is shown from, a path is shown as written.
    expected = ["content/guide/a.md", "content/other.md", "content/guide/outside.md",
                "content/guide/a.md", "content/guide/missing.md", "content/guide/a.md",
                "content/guide"]
    assert [project.show(path) for path in paths + paths] == expected + expected
    (guide / "a.md").unlink()  # a file that became a symlink since its folder was shown
    (guide / "a.md").symlink_to(root / "content" / "other.md")
    assert project.show(guide / "a.md") == "content/other.md"


# --- problems ---------------------------------------------------------------------------------

def test_problem_format_and_annotation():
    problem = Problem("framework/functions/a.yaml", 12, 'name: 50%, "x"\nnext', ERROR, 3)
    assert problem.format() == 'framework/functions/a.yaml:12:3: name: 50%, "x"\nnext'
    assert problem.annotation() == ('::error file=framework/functions/a.yaml,line=12,col=3::'
                                    'name: 50%25, "x"%0Anext')
    warning = Problem("a,b:c.md", 0, "careful", WARNING)
    assert warning.format() == "a,b:c.md: warning: careful"
    assert warning.annotation() == "::warning file=a%2Cb%3Ac.md::careful"


def test_print_report_sorts_deduplicates_counts_and_annotates():
    report = Report()
    report.warn("b.md", 2, "second")
    report.error("a.yaml", 9, "first")
    report.error("a.yaml", 9, "first")
    stream = io.StringIO()
    print_report(report, strict=True, stream=stream, github=True)
    assert stream.getvalue().splitlines() == [
        "a.yaml:9: first", "b.md:2: warning: second",
        "::error file=a.yaml,line=9::first", "::warning file=b.md,line=2::second",
        "1 error, 1 warning (fatal under --strict)."]


def test_print_report_reads_github_actions_from_the_environment(monkeypatch):
    report = Report()
    report.error("a.yaml", 1, "bad")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    stream = io.StringIO()
    print_report(report, strict=False, stream=stream)
    assert "::error file=a.yaml,line=1::bad" in stream.getvalue()
    monkeypatch.delenv("GITHUB_ACTIONS")
    stream = io.StringIO()
    print_report(report, strict=False, stream=stream)
    assert "::error" not in stream.getvalue()


def test_did_you_mean():
    assert did_you_mean("hihg", ["low", "high"]) == ' (did you mean "high"?)'
    assert did_you_mean("zzz", ["low", "high"]) == ""


# --- whole loads ------------------------------------------------------------------------------

def test_paths_in_problems_are_relative_to_the_repository_root(make_project, tmp_path):
    """On GitHub Actions the working folder is the repository: annotations name files from it."""
    project = make_project({"content/index.md": "---\ntitle: Home\n---\n[x](nowhere.md)\n"})
    result = build(Options(project=project, display_root=tmp_path))
    [problem] = result.report.sorted()
    assert problem.annotation().startswith(
        '::error file=project/content/index.md,line=4::"nowhere.md" leads to no page')


def test_a_numeric_version_keeps_its_written_form(make_project):
    framework = (
        "id: tiny\ntitle: Tiny\nversion: 1.10\ndescription: D.\nlevels:\n"
        "  - {id: low, name: Low, summary: L.}\n  - {id: high, name: High, summary: H.}\n"
        "functions: [alpha]\n")
    project = make_project({"framework/framework.yaml": framework})
    result = build(Options(project=project))
    assert not result.failed(strict=True), result.report.sorted()
    assert json.loads(result.files["framework.json"])["version"] == "1.10"


def test_a_broken_function_file_does_not_orphan_its_guidance(make_project):
    project = make_project({"framework/functions/alpha.yaml": "id: alpha\nname: [A\n"})
    messages = [p.format() for p in build(Options(project=project)).report.sorted()]
    assert len(messages) == 1 and "framework/functions/alpha.yaml:2" in messages[0]


def test_a_broken_function_stays_known_by_its_id(make_project):
    """Its page, its anchors and the level page's anchor for it still resolve: one message."""
    project = make_project({
        "framework/functions/alpha.yaml":
            "id: alpha\nsummary: S.\ndescriptors: {low: a, high: b}\n",
        "content/index.md": "[a](functions/alpha.md#low-signs) [b](levels/low.md#alpha)\n"})
    result = build(Options(project=project, display_root=project))
    assert [p.format() for p in result.report.sorted()] == [
        "framework/functions/alpha.yaml:1: name: is missing; add a line  name: ...  (a function "
        "needs one)"]


def test_an_unreadable_level_id_makes_the_level_list_partial(make_project):
    framework = ("id: tiny\ntitle: Tiny\nversion: \"1\"\ndescription: D.\nlevels:\n"
                 "  - {id: low, name: Low, summary: L.}\n  - {id: mid, name: Mid, summary: M.}\n"
                 "  - {name: High, summary: H.}\nfunctions: [alpha]\n")
    project = make_project({"framework/framework.yaml": framework})
    report = Report()
    model = load_framework(Project(project), report)
    assert [level.id for level in model.levels] == ["low", "mid"]
    assert not model.knows_all("levels") and model.knows_all("functions")
    assert [p.message for p in report.sorted()] == [
        "levels[2].id: is missing; add a line  id: ...  (level 3 needs one)"]


def test_a_level_page_shows_the_level_name_and_warns_when_its_title_differs(make_project):
    project = make_project({"content/levels/high.md": "---\ntitle: Top\n---\nText.\n"})
    report = Report()
    inputs = gather(Options(project=project, display_root=project), report)
    [page] = [p for p in inputs.site.pages if p.key == "levels/high"]
    assert (page.title, page.nav_title) == ("High", "High")
    assert [p.format() for p in report.sorted()] == [
        'content/levels/high.md:2: warning: title: "Top" differs from the level\'s name "High" '
        "in framework/framework.yaml:10, which the page shows; remove this line, or rename the "
        "level there"]
    same = make_project({"content/levels/high.md": "---\ntitle: High\n---\nText.\n"})
    assert build(Options(project=same)).report.sorted() == []
