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
    return build(Options(project=project, out=project / "site", display_root=project, **options))


def messages(result) -> list:
    """Return the build's problems as printed, sorted."""
    return [problem.format() for problem in result.report.sorted()]


# --- a page's first heading is its title ------------------------------------------------------

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


# --- one CSV rule against spreadsheet formulas ------------------------------------------------

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
process.stdout.write(JSON.stringify(sandbox.PartneringHandbook.toCSV(rows)));
"""


def test_csv_rule_is_the_same_in_python_and_in_the_assessment_export(tmp_path):
    from handbook.render import to_csv
    from handbook.scripts import bundles, join
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    rows = [HOSTILE_CELLS, ["function_id", "name"], [cell for cell in reversed(HOSTILE_CELLS)]]
    script = tmp_path / "assessment.js"  # as the build joins it
    script.write_bytes(join(REPO / "theme", tmp_path / "no-overrides", bundles(REPO / "theme")["assessment.js"]))
    result = subprocess.run([node, "-e", NODE_CSV, str(script)], input=json.dumps(rows),
                            capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == to_csv(rows)


# --- addresses in settings --------------------------------------------------------------------

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


# --- pictures and files from content/ ---------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


@pytest.mark.parametrize("inside, expected", [
    ('<a><set attributeName="href" to="javascript:alert(1)"/></a>',
     'the attribute to="javascript:alert(1)" is a javascript: link, which runs a script; remove it'),
    ('<a xlink:href="java&#9;script:alert(1)"/>',
     'the attribute href="javascript:alert(1)" is a javascript: link, which runs a script; remove it'),
    ('<a href="data:text/html,x"/>',
     "the attribute href holds a data: address that is not a picture; remove it"),
    ('<rect fill="url(//tracker.example/g#a)"/>',
     '"//tracker.example/g#a" is on another host, which every reader\'s browser would ask for '
     "it; copy the file into content/ and link it relatively"),
    ("<style>@import 'https://tracker.example/a.css';</style>",
     '"https://tracker.example/a.css" is on another host, which every reader\'s browser would '
     "ask for it; copy the file into content/ and link it relatively"),
    ('<rect style="background: url(javascript:alert(1))"/>',
     'the attribute style="background:url(javascript:alert(1))" is a javascript: link, which '
     "runs a script; remove it"),
    ('<g><html:script xmlns:html="http://www.w3.org/1999/xhtml">x</html:script></g>',
     "the picture holds a <script>, which runs when the file is opened; remove it (a picture "
     "needs none)"),
    ('<g onClick="x()"/>', "the attribute onClick runs a script on an event; remove it"),
])
def test_scripted_or_outside_svg_is_refused(inside, expected):
    from handbook.assets import svg_problems
    assert svg_problems(SVG.format(inside).encode()) == [(1, expected)]


def test_a_plain_svg_picture_passes():
    from handbook.assets import svg_problems
    picture = SVG.format('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" '
                         'style="stroke: url(#g)"/><a xlink:href="#top"><text>Top</text></a>'
                         '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'
                         '<style>rect { fill: url(#g) }</style>')
    assert svg_problems(("<?xml version='1.0' encoding='UTF-8'?>\n" + picture).encode()) == []


def test_svg_entities_are_never_expanded():
    from handbook.assets import svg_problems
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY a "' + "x" * 100 + '">'
            + "".join(f'<!ENTITY a{i} "&a{i - 1 if i else ""};' * 1 + f'&a{i - 1 if i else ""};">'
                      for i in range(1, 30)) + ']>\n<svg>&a29;</svg>')
    [(line, message)] = svg_problems(bomb.encode())
    assert line == 2 and message.startswith("the file has a <!DOCTYPE>")


def test_local_pictures_and_the_publishers_code_are_published(make_project):
    picture = SVG.format('<circle r="4"/>')
    project = make_project({
        "content/images/dot.svg": picture,
        "content/overrides/assets/extra.js": "/* the publisher's own */\n",
        "content/overrides/assets/extra.css": "/* the publisher's own */\n",
        "content/about.md": "---\ntitle: About\n---\n![A dot](images/dot.svg)\n",
    })
    assert messages(built(project)) == []
    site = project / "site"
    assert (site / "images" / "dot.svg").read_text() == picture
    assert (site / "assets" / "extra.js").is_file() and (site / "assets" / "extra.css").is_file()
    [image] = parse_page(site / "about.html").find("img", alt="A dot")
    assert image.attrs["src"] == "images/dot.svg"


def test_glossary_pictures_from_other_hosts_are_refused(make_project):
    project = make_project({"content/glossary.yaml": """\
        - term: Pixel
          definition: A dot. ![dot](https://tracker.example/p.gif)
        """})
    assert messages(built(project)) == [
        'content/glossary.yaml:2: "https://tracker.example/p.gif": the picture is on another '
        "host, which every reader's browser would ask for it; copy the file into content/ and "
        "link it relatively, such as images/p.gif"]


# --- the 404 page under a sub-path ------------------------------------------------------------

LINKS_AND_SHEETS = """() => ({
  sheets: [...document.querySelectorAll('link[rel=stylesheet]')].map(
    link => [link.href, Boolean(link.sheet)]),
  rules: [...document.styleSheets].reduce((count, sheet) => count + sheet.cssRules.length, 0),
  links: [...document.querySelectorAll('a[href]:not([href^="#"])')].map(a => a.href)
})"""
STATUSES = "async urls => Promise.all(urls.map(async url => (await fetch(url)).status))"


def test_not_found_page_is_styled_and_its_links_work_at_any_depth(handbook_site, serve_site,
                                                                   browser):
    from tests.support.browser import keep_local
    base = serve_site(handbook_site, "handbook")
    origin = base.split("/handbook/")[0]
    context = browser.new_context()
    keep_local(context, origin)
    try:
        page = context.new_page()
        assert page.goto(base + "a/b/c.html").status == 404
        found = page.evaluate(LINKS_AND_SHEETS)
        assert found["sheets"] and all(loaded for _, loaded in found["sheets"]), found["sheets"]
        assert found["rules"] > 20, "the theme's stylesheet is not applied"
        internal = sorted({link.split("#")[0] for link in found["links"]
                           if link.startswith(base)})
        assert len(internal) > 5, found["links"]
        assert page.evaluate(STATUSES, internal) == [200] * len(internal), internal
        page.locator("main article p > a").first.click()  # the home page's link
        page.wait_for_url(base)
        assert page.locator("link[rel=stylesheet]").count() > 0
        page.go_back()
        page.locator(".notfound-languages a[hreflang=de]").click()  # every language is offered
        page.wait_for_url(base + "de/")
        assert page.locator("html").get_attribute("lang") == "de"
    finally:
        context.close()


NO_BASE_URL = ("note: no base_url is set, so the 404 page links from the domain's root (/assets/"
               "...); a site published under a sub-path, such as "
               "https://example.github.io/handbook/, needs base_url in content/site.yaml or "
               "--base-url")


def test_build_without_base_url_says_once_that_a_sub_path_needs_it(make_project, capsys):
    from handbook import cli
    project = make_project()
    assert cli.main(["--project", str(project), "--out", str(project / "site"), "--strict"]) == 0
    printed = capsys.readouterr()
    assert (printed.out + printed.err).splitlines().count(NO_BASE_URL) == 1
    assert cli.main(["--project", str(project), "--out", str(project / "site"),
                     "--base-url", "https://example.org/handbook/"]) == 0
    assert cli.main(["check", "--project", str(project)]) == 0
    printed = capsys.readouterr()
    assert "base_url" not in printed.out + printed.err


def test_the_deploy_workflow_builds_with_the_pages_base_url():
    workflow = (REPO / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    builds = [line.strip() for line in workflow.splitlines() if "build.py" in line]
    assert builds and all('--base-url "${{ steps.pages.outputs.base_url }}/"' in line
                          for line in builds), builds
