"""Property-based tests: any valid framework builds into sound pages; no edit crashes the build."""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.pipeline import Options, build
from tests.conftest import MINIMAL, write_project

settings.register_profile("ci", derandomize=True, max_examples=15, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=15, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("stress", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
# HYPOTHESIS_PROFILE=stress hunts longer; CI runs a fixed, reproducible set of examples.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") == "true" else "dev"))

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Text that tests escaping and direction on top of whatever Hypothesis invents.
TRICKY = ["<script>alert(1)</script>", "A & B", "\"double\" and 'single'", "</p><p>",
          "שיתוף פעולה", "الشراكة <b>", "{{ 7 * 7 }}", "{% raw %}", "&amp; &lt;", "1.10", "yes",
          "- not a list", "key: value", "# not a comment"]
# Control characters and line separators are not text an editor types into a name.
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
            max_size=40),
).filter(lambda text: text.strip() != "")
IDS = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}\Z")


@st.composite
def frameworks(draw) -> dict:
    """Draw a valid framework: 2-8 levels, 1-60 functions, any text in names and descriptors."""
    level_ids = draw(st.lists(IDS, min_size=2, max_size=8, unique=True))
    function_ids = draw(st.lists(IDS, min_size=1, max_size=60, unique=True))
    levels = [{"id": i, "name": draw(TEXT), "summary": draw(TEXT)} for i in level_ids]
    functions = [{"id": i, "name": draw(TEXT), "summary": draw(TEXT),
                  "descriptors": {level: draw(TEXT) for level in level_ids}}
                 for i in function_ids]
    return {"title": draw(TEXT), "levels": levels, "functions": functions}


def project_files(framework: dict) -> dict:
    """Return {path: text} of a project holding the framework and complete guidance."""
    meta = {"id": "random", "title": framework["title"], "version": "1.0",
            "description": "Random.", "levels": framework["levels"],
            "functions": [f["id"] for f in framework["functions"]]}
    files = {"framework/framework.yaml": _dump(meta),
             "content/index.md": "---\ntitle: Home\n---\nWelcome.\n"}
    sections = "".join(f"## Level {{#{level['id']}}}\n\nText.\n\n"
                       for level in framework["levels"])
    for function in framework["functions"]:
        files[f"framework/functions/{function['id']}.yaml"] = _dump(function)
        files[f"content/functions/{function['id']}.md"] = sections
    return files


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


class PageChecker(HTMLParser):
    """Collect a page's text and check that its elements nest properly."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1] if self.open else '-'}>")
            return
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)

    def finish(self) -> tuple[list[str], str]:
        self.close()
        return self.errors + [f"<{tag}> never closed" for tag in self.open], "\n".join(self.text)


def check_page(html: str) -> str:
    """Parse a page; fail on badly nested elements; return its text content."""
    checker = PageChecker()
    checker.feed(html)
    errors, text = checker.finish()
    assert not errors, errors
    return text


def build_files(files: dict, base: dict | None = None):
    """Build a project written from files into a temporary folder, without an output folder."""
    with tempfile.TemporaryDirectory() as folder:
        project = write_project(Path(folder) / "project", files, base)
        return build(Options(project=project, display_root=project))


@given(frameworks())
def test_any_valid_framework_builds_into_sound_escaped_pages(framework):
    result = build_files(project_files(framework), base={})
    assert result.report.sorted() == [], [p.format() for p in result.report.sorted()]
    pages = {path: data.decode("utf-8") for path, data in result.files.items()
             if path.endswith(".html")}
    texts = {path: check_page(html) for path, html in pages.items()}
    for function in framework["functions"]:
        text = texts[f"functions/{function['id']}.html"]
        assert function["name"].strip() in text
        for descriptor in function["descriptors"].values():
            assert descriptor.strip() in text
    for level in framework["levels"]:
        assert level["name"].strip() in texts[f"levels/{level['id']}.html"]
    assert framework["title"].strip() in texts["index.html"]
    assert_json_round_trips(json.loads(result.files["framework.json"]), framework)


def assert_json_round_trips(data: dict, framework: dict) -> None:
    """framework.json gives back every id, name, summary and descriptor."""
    assert [(lv["id"], lv["name"], lv["summary"]) for lv in data["levels"]] == [
        (lv["id"], lv["name"].strip(), lv["summary"].strip()) for lv in framework["levels"]]
    for written, function in zip(data["functions"], framework["functions"], strict=True):
        assert (written["id"], written["name"]) == (function["id"], function["name"].strip())
        assert {level: cell["descriptor"] for level, cell in written["levels"].items()} == {
            level: text.strip() for level, text in function["descriptors"].items()}


MUTABLE = ["framework/framework.yaml", "framework/functions/alpha.yaml", "content/index.md",
           "content/functions/alpha.md"]
INSERTS = [":", "\t", '"', "'", "[", "{", "- ", "#", ": ", "\n", " ", "---\n", "&a ", "*a ",
           "!!python/object ", "\ufeff", "é", "<", "}", "]"]


@st.composite
def mutations(draw) -> tuple[str, str]:
    """Draw one file of MINIMAL and a mutated copy of its text."""
    path = draw(st.sampled_from(MUTABLE))
    text = textwrap.dedent(MINIMAL[path])
    lines = text.split("\n")
    kind = draw(st.sampled_from(["delete", "insert", "swap", "duplicate"]))
    if kind == "delete":
        at = draw(st.integers(0, len(text) - 1))
        return path, text[:at] + text[at + 1:]
    if kind == "insert":
        at = draw(st.integers(0, len(text)))
        return path, text[:at] + draw(st.sampled_from(INSERTS)) + text[at:]
    first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    if kind == "swap":
        lines[first], lines[second] = lines[second], lines[first]
    else:
        lines.insert(second, lines[first])
    return path, "\n".join(lines)


@settings(max_examples=int(os.environ.get("MUTATION_EXAMPLES", "60")))
@given(mutations())
def test_no_mutation_of_a_valid_project_crashes_the_build(mutation):
    path, text = mutation
    result = build_files({path: text.encode("utf-8")}, base=MINIMAL)
    for problem in result.report.problems:  # every problem names a file and, if so, a line
        assert problem.path and problem.line >= 0 and problem.message
    if result.report.errors:
        assert result.files == {}


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcde-", max_size=8), st.lists(st.text(alphabet="abcde-", max_size=8), max_size=5))
def test_near_miss_answers_as_difflib_does_without_loading_it_for_far_words(word, choices):
    """problems.near_miss skips difflib when no choice can be near (its quick_ratio bound)."""
    import difflib

    from handbook.problems import near_miss

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    assert near_miss(word, choices) == (close[0] if close else None)
