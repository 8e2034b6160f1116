"""Hostile or careless settings and files: what the build refuses, and what it writes safely."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest

from handbook.pipeline import Options, build
from tests.conftest import REPO
from tests.pages import parse_page


def built(project, **options):
    """Build the project into its site/ folder; return the Result."""
    return build(Options(project=project, out=project / "site", **options))


def messages(result) -> list:
    """Return the build's problems as printed, sorted."""
    return [problem.format() for problem in result.report.sorted()]


# --- a page's first heading is its title (defect 13) ------------------------------------------

def test_first_heading_without_front_matter_title_is_the_title(make_project):
    project = make_project({"content/about.md": "# About us\n\nWho we are.\n\n## Later part\n"})
    result = built(project)
    assert messages(result) == []
    page = parse_page(project / "site" / "about.html")
    assert [h.text.strip() for h in page.find("h1")] == ["About us"]
    assert page.text("title").startswith("About us · ")
    home = parse_page(project / "site" / "index.html")
    assert "About us" in [a.text.strip() for a in home.find("a")]


def test_front_matter_title_keeps_the_first_heading_in_the_body(make_project):
    project = make_project({"content/about.md": "---\ntitle: About\n---\n# About us\n\nText.\n"})
    built(project)
    page = parse_page(project / "site" / "about.html")
    assert [h.text.strip() for h in page.find("h1")] == ["About", "About us"]


# --- one CSV rule against spreadsheet formulas (defect 7) -------------------------------------

HOSTILE_CELLS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=cmd|' /C calc'!A0", "plain",
                 "", 'say "hi", then; go', "line\nbreak", " =spaced", "a=b", 3, -2]


def test_framework_csv_neutralises_formulas(make_project):
    project = make_project({"framework/functions/alpha.yaml": """\
        id: alpha
        name: "=HYPERLINK(\\"https://x.example\\")"
        summary: The first function.
        descriptors:
          low: "+1 more"
          high: "@SUM(A1); -A2"
        """})
    assert messages(built(project)) == []
    raw = (project / "site" / "framework.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[1] == ["alpha", "'=HYPERLINK(\"https://x.example\")", "'+1 more",
                       "'@SUM(A1); -A2"]


NODE_CSV = """
const vm = require("vm"), fs = require("fs");
const sandbox = {window: {}, document: {getElementById: () => null}};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), sandbox);
const rows = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(sandbox.window.PartneringHandbook.toCSV(rows)));
"""


def test_csv_rule_is_the_same_in_python_and_in_the_assessment_export():
    from handbook.render import to_csv
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    rows = [HOSTILE_CELLS, ["function_id", "name"], [cell for cell in reversed(HOSTILE_CELLS)]]
    script = REPO / "theme" / "assets" / "assessment.js"
    result = subprocess.run([node, "-e", NODE_CSV, str(script)], input=json.dumps(rows),
                            capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == to_csv(rows)


# --- addresses in settings (defect 1) ---------------------------------------------------------

def test_footer_links_to_pages_lead_to_them_from_every_page(make_project):
    project = make_project({"content/site.yaml": """\
        footer_links:
          - label: The matrix
            url: matrix.md
          - label: Write to us
            url: mailto:info@example.org
        """})
    assert messages(built(project, base_url="https://example.org/handbook/")) == []
    site = project / "site"
    for page, matrix in (("index.html", "matrix.html"), ("functions/alpha.html", "../matrix.html"),
                         ("404.html", "/handbook/matrix.html")):
        links = {a.text.strip(): a.attrs["href"] for a in parse_page(site / page).find("a")}
        assert links["The matrix"] == matrix, page
        assert links["Write to us"] == "mailto:info@example.org", page
