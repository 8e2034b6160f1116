"""The theme's scripts: the Node unit tests in tests/js/, the sources' size and shape, one script per page.

The sources (theme/scripts/) are joined by handbook/scripts.py into one script per page kind, as
theme/scripts/bundles.json lists them; tests/js/ loads the same lists into node:vm.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from handbook.scripts import bundles, join
from tests.conftest import run_build, write_project
from tests.support.dev_server import DevServer, wait
from tests.pages import parse_page
from tests.support.tools import NODE_MODULES, in_ci, require_tool

REPO = Path(__file__).resolve().parent.parent
THEME = REPO / "theme"
SOURCES = THEME / "scripts"
MAX_LINES = 400
ESPRIMA = NODE_MODULES / "esprima" / "package.json"


def node() -> str:
    """The node on PATH, or skip (fail under CI=true) as every test that needs a tool does."""
    require_tool("node")
    return shutil.which("node")


def declarations() -> dict:
    """What each source declares, read by tests/js/declarations.js with the pinned JS parser."""
    if not ESPRIMA.exists():
        message = "node_modules/esprima is missing; run `bash tests/run.sh` or `npm ci --ignore-scripts`"
        if in_ci():
            pytest.fail(message + " (CI=true: a missing tool fails the run)", pytrace=False)
        pytest.skip(message)
    result = subprocess.run([node(), str(REPO / "tests" / "js" / "declarations.js"), str(SOURCES)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_node_unit_tests_pass():
    result = subprocess.run([node(), "--test", "tests/js"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"node --test tests/js failed:\n{result.stdout}\n{result.stderr}"


def test_no_hand_written_script_over_400_lines():
    # The vendored search engine (theme/assets/vendor/) is not ours: tests/js/search.test.js
    # checks that it is the pinned package's file, byte for byte.
    scripts = sorted(path for path in THEME.rglob("*.js") if "vendor" not in path.relative_to(THEME).parts)
    assert SOURCES / "core.js" in scripts
    long = {path.relative_to(REPO).as_posix(): count for path in scripts
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_sources_declare_with_const_and_let_only():
    assert {name: entry["vars"] for name, entry in declarations().items() if entry["vars"]} == {}


def test_compare_declares_no_function_the_shared_sources_declare():
    lists = bundles(THEME)
    shared = [name for name in lists["compare.js"] if name in lists["assessment.js"]]
    own = [name for name in lists["compare.js"] if name not in shared]
    assert "compare-page.js" in own and "core.js" in shared and "scoring.js" in shared
    found = declarations()
    shared_functions = {fn for name in shared for fn in found[name]["functions"]}
    assert {"sum", "number", "signed", "levelText", "median", "alignment"} <= shared_functions
    twice = {name: sorted(set(found[name]["functions"]) & shared_functions) for name in own}
    assert twice == {name: [] for name in own}


def test_every_source_is_joined_and_none_is_published(handbook_site):
    listed = {name for names in bundles(THEME).values() for name in names}
    assert listed == {path.name for path in SOURCES.glob("*.js")}
    published = {path.name for path in (handbook_site / "assets").iterdir()}
    assert published & (listed - {"assessment.js", "compare.js"}) == set()
    for name, names in bundles(THEME).items():
        assert (handbook_site / "assets" / name).read_bytes() == join(THEME, REPO / "content" / "overrides", names)


def test_each_part_of_a_joined_script_names_its_source(handbook_site):
    text = (handbook_site / "assets" / "compare.js").read_text(encoding="utf-8")
    headers = [line for line in text.splitlines() if line.startswith("/* source: ")]
    assert headers == [f"/* source: theme/scripts/{name} */" for name in bundles(THEME)["compare.js"]]


@pytest.mark.parametrize("page, own", [("assessment.html", "assessment.js"), ("compare.html", "compare.js")])
def test_each_page_loads_one_script_of_its_own_and_the_handbooks(handbook_site, page, own):
    scripts = [element.attrs for element in parse_page(handbook_site / page).find("script") if "src" in element.attrs]
    assert [attrs["src"] for attrs in scripts] == ["assets/handbook.js", f"assets/{own}"]
    assert all("defer" in attrs and attrs.get("type") is None for attrs in scripts)


def test_an_override_replaces_one_source_and_an_unknown_one_is_named(make_project):
    project = make_project({"content/overrides/scripts/csv.js": "/* the publisher's CSV */\n",
                            "content/overrides/scripts/csv-typo.js": "/* joined nowhere */\n"})
    result = run_build("--project", project, "--out", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    text = (project / "site" / "assets" / "assessment.js").read_text(encoding="utf-8")
    assert "/* source: content/overrides/scripts/csv.js */\n/* the publisher's CSV */\n" in text
    assert "theme/scripts/csv.js" not in text and "joined nowhere" not in text
    assert "/* source: theme/scripts/chart.js */" in text
    used = ", ".join(sorted({name for names in bundles(THEME).values() for name in names}))
    assert ("content/overrides/scripts/csv-typo.js:1: warning: no script of the theme joins a source of this "
            f"name, so it changes nothing; name it after one of theme/scripts/bundles.json's sources ({used})"
            in result.stdout + result.stderr)


def test_serve_joins_a_source_again_after_an_edit(tmp_path):
    """build.py serve watches the theme and the overrides: a saved source reaches the served script."""
    project = write_project(tmp_path / "project", {})
    server = DevServer(project)
    try:
        served = server.site / "assets" / "assessment.js"
        wait(lambda: served.is_file() and "theme/scripts/csv.js" in served.read_text(encoding="utf-8"),
             message="for the first build's script")
        source = project / "content" / "overrides" / "scripts" / "csv.js"
        source.parent.mkdir(parents=True)
        for text in ("/* first edit */\n", "/* second edit */\n"):
            source.write_text(text, encoding="utf-8")
            wait(lambda: f"/* source: content/overrides/scripts/csv.js */\n{text}" in served.read_text(encoding="utf-8"),
                 message=f"for the served script to hold {text!r}")
    finally:
        assert not server.stop(), "serve left its temporary folder behind"
