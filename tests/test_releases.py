"""Release files: what changed since an older release (ids only), and a rewording without a new version."""
from __future__ import annotations

import json
from textwrap import dedent

from handbook.framework import load_framework
from handbook.problems import Report
from handbook.releases import check_releases
from handbook.sources import Project
from tests.conftest import MINIMAL, run_build
from tests.pages import parse_page

LEVELS = [{"id": "low", "name": "Low"}, {"id": "high", "name": "High"}]


def release(version: str, levels=LEVELS, functions=None) -> str:
    """A release file as framework/releases/<version>.json holds it."""
    functions = functions or [{"id": "alpha", "descriptors": {"low": "Little", "high": "Much"}}]
    return json.dumps({"id": "tiny", "version": version, "levels": levels, "functions": functions}, indent=1)


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def run(make_project, releases: dict) -> tuple[tuple, list[str]]:
    """Check a MINIMAL project holding these release files; return (changes, problems as printed)."""
    root = make_project({f"framework/releases/{name}.json": text for name, text in releases.items()})
    project, report = Project(root, root), Report()
    framework = load_framework(project, report)
    changes = check_releases(project, framework, report)
    return changes, [problem.format() for problem in report.sorted()]


def test_an_older_release_lists_what_changed_by_id(make_project):
    older = release("0.9", levels=LEVELS + [{"id": "mid"}],
                    functions=[{"id": "alpha", "descriptors": {"low": "Little", "high": "More"}}])
    # A release may also be a whole framework.json, with each descriptor under its level.
    oldest = release("0.8", functions=[{"id": "alpha", "levels": {"low": {"descriptor": "None"},
                                                                  "high": {"descriptor": "Much"}}},
                                       {"id": "beta", "descriptors": {}}])
    changes, problems = run(make_project, {"0.9": older, "0.8": oldest, "1.0": release("1.0")})
    assert changes == (("0.8", {"reworded": {"alpha": ["low"]}, "functions_removed": ["beta"]}),
                       ("0.9", {"reworded": {"alpha": ["high"]}, "levels_removed": ["mid"]}))
    beta, mid = line_of(oldest, '"id": "beta"'), line_of(older, '"id": "mid"')
    assert problems == [
        f'framework/releases/0.8.json:{beta}: warning: the function id "beta" of release 0.8 is gone; saved '
        'assessments and links use it: keep the id "beta" (change only the name)',
        f'framework/releases/0.9.json:{mid}: warning: the level id "mid" of release 0.9 is gone; saved '
        'assessments and links use it: keep the id "mid" (change only the name)']


def test_a_release_without_changes_says_so_and_today_s_is_left_out(make_project):
    changes, problems = run(make_project, {"0.9": release("0.9", functions=[{"id": "alpha"}]), "1.0": release("1.0")})
    assert changes == (("0.9", {}),) and problems == []


def test_a_new_function_since_a_release_is_listed(make_project):
    root_files = {"framework/releases/0.9.json": release("0.9", functions=[{"id": "alpha"}])}
    root = make_project({**root_files,
                         "framework/framework.yaml": (make_project_text("framework/framework.yaml")
                                                      + "  - gamma\n"),
                         "framework/functions/gamma.yaml": make_project_text("framework/functions/alpha.yaml")
                         .replace("id: alpha", "id: gamma")})
    project, report = Project(root, root), Report()
    changes = check_releases(project, load_framework(project, report), report)
    assert changes == (("0.9", {"functions_added": ["gamma"]}),)


def make_project_text(path: str) -> str:
    """A file of the MINIMAL project, as written."""
    return dedent(MINIMAL[path])


def test_a_descriptor_reworded_under_the_same_version_is_warned_at_its_line(make_project):
    reworded = release("1.0", functions=[{"id": "alpha", "descriptors": {"low": "A little", "high": "Much"}}])
    changes, problems = run(make_project, {"1.0": reworded})
    assert changes == ()
    assert problems == [
        "framework/functions/alpha.yaml:5: warning: descriptors.low is worded otherwise in "
        "framework/releases/1.0.json, the release of version 1.0 that framework/framework.yaml still "
        "names: a reworded descriptor needs a new framework version: raise `version` in "
        "framework/framework.yaml and add framework/releases/<new version>.json (the new build's "
        "framework.json)"]


def test_the_build_gives_the_pages_what_changed_since_each_older_release(make_project, tmp_path):
    older = release("0.9", functions=[{"id": "alpha", "descriptors": {"low": "Little", "high": "More"}}])
    root = make_project({"framework/releases/0.9.json": older, "framework/releases/1.0.json": release("1.0")})
    result = run_build("--project", root, "--out", tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    want = {"0.9": {"reworded": {"alpha": ["high"]}}}
    assert json.loads((tmp_path / "site" / "framework.json").read_text(encoding="utf-8"))["releases"] == want
    page = parse_page(tmp_path / "site" / "assessment.html")
    script, = page.find("script", id="framework-data")
    assert json.loads(script.text)["releases"] == want
