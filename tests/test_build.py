"""The generator end to end: the real handbook, the second framework, output safety."""

from __future__ import annotations

import csv
import filecmp
import io
import json
import posixpath
from pathlib import Path
from urllib.parse import urlparse

import yaml

from tests.conftest import REPO, SECOND, run_build
from tests.pages import all_pages, parse_page

FRAMEWORK = yaml.safe_load((REPO / "framework" / "framework.yaml").read_text(encoding="utf-8"))


def _internal(href: str) -> bool:
    return not urlparse(href).scheme and not href.startswith("//")


def test_every_function_and_level_has_a_page(handbook_site):
    for level in FRAMEWORK["levels"]:
        page = parse_page(handbook_site / "levels" / f"{level['id']}.html")
        assert level["name"] in page.text("h1")
    for function_id in FRAMEWORK["functions"]:
        page = parse_page(handbook_site / "functions" / f"{function_id}.html")
        for level in FRAMEWORK["levels"]:
            assert level["id"] in page.ids, (function_id, level["id"])


def test_matrix_has_every_cell_linking_to_its_level_section(handbook_site):
    page = parse_page(handbook_site / "matrix.html")
    cells = [e for e in page.find("a") if "td" in e.parents]
    expected = []
    for function_id in FRAMEWORK["functions"]:
        data = yaml.safe_load((REPO / "framework" / "functions" / f"{function_id}.yaml").read_text())
        for level in FRAMEWORK["levels"]:
            expected.append((f"functions/{function_id}.html#{level['id']}",
                             data["descriptors"][level["id"]]))
    assert [(c.attrs["href"], c.text) for c in cells] == expected
    assert "Source: IDC, 2015" in page.text()


def test_matrix_cell_leads_to_signs_and_actions_in_one_click(handbook_site):
    page = parse_page(handbook_site / "functions" / "agreement.html")
    assert {"proactive", "proactive-signs", "proactive-actions"} <= set(page.ids)
    assert "dynamic-actions" not in page.ids  # the top level has no next level


def test_every_internal_link_and_fragment_resolves(handbook_site, second_site):
    for site in (handbook_site, second_site):
        pages = all_pages(site)
        for name, page in pages.items():
            assert not page.errors, (name, page.errors)
            assert len(page.ids) == len(set(page.ids)), (name, "duplicate ids")
            for href in page.links():
                if not _internal(href) or name == "404.html":
                    continue
                path, _, fragment = href.partition("#")
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
                assert target in pages or (site / target).is_file(), (name, href)
                if fragment and target in pages:
                    assert fragment in pages[target].ids, (name, href)


def test_links_are_relative_html_files(handbook_site):
    for name, page in all_pages(handbook_site).items():
        if name == "404.html":
            continue
        for element in page.elements:
            for attribute in ("href", "src"):
                url = element.attrs.get(attribute)
                if url and _internal(url) and not url.startswith("#"):
                    assert not url.startswith("/"), (name, url)
                    path = url.partition("#")[0]
                    if element.tag == "a":
                        assert path.endswith(".html"), (name, url)


def test_every_page_names_the_site_root_for_its_scripts(handbook_site, second_site):
    for site in (handbook_site, second_site):
        for name, page in all_pages(site).items():
            root = page.find("html")[0].attrs["data-root"]
            if name == "404.html":  # served at any depth: the base path, absolute
                assert root.startswith("/") and root.endswith("/"), (site, root)
                continue
            assert root.endswith("/"), (name, root)
            assert posixpath.normpath(posixpath.join(posixpath.dirname(name), root)) == ".", (
                name, root)


def test_navigation_stays_small(handbook_site):
    for name, page in all_pages(handbook_site).items():
        nav_links = [e for e in page.find("a") if "nav" in e.parents]
        assert len(nav_links) < 100, name


def test_data_files(handbook_site):
    data = json.loads((handbook_site / "framework.json").read_text(encoding="utf-8"))
    assert [level["id"] for level in data["levels"]] == [lv["id"] for lv in FRAMEWORK["levels"]]
    assert [f["id"] for f in data["functions"]] == FRAMEWORK["functions"]
    for function in data["functions"]:
        for level_id, level in function["levels"].items():
            assert level["descriptor"] and level["description"] and level["signs"]
    raw = (handbook_site / "framework.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(FRAMEWORK["functions"])
    assert (handbook_site / ".nojekyll").exists()
    sitemap = (handbook_site / "sitemap.xml").read_text()
    assert "https://example.org/handbook/functions/agreement.html" in sitemap


def test_not_found_page_uses_absolute_base_prefixed_urls(handbook_site):
    page = parse_page(handbook_site / "404.html")
    stylesheets = [e.attrs["href"] for e in page.find("link") if e.attrs.get("rel") == "stylesheet"]
    assert stylesheets and all(href.startswith("/handbook/assets/") for href in stylesheets)


def test_every_page_names_credits_version_and_edit_link(handbook_site):
    for name in ("index.html", "functions/agreement.html", "matrix.html"):
        page = parse_page(handbook_site / name)
        footer = page.text("footer")
        assert "Per Werngren" in footer and "IDC" in footer
        assert f"Framework version {FRAMEWORK['version']}" in " ".join(footer.split())
        edits = [e for e in page.find("a") if "edit/main/content/" in e.attrs.get("href", "")]
        assert edits, name


def test_second_framework_builds_branded_in_its_language(second_site):
    page = parse_page(second_site / "index.html")
    html = page.find("html")[0]
    assert html.attrs["lang"] == "de" and html.attrs["dir"] == "ltr"
    assert "Zum Inhalt springen" in page.text()
    assert page.find("p", class_="override-marker"), "the publisher's template override is used"
    assert "Impressum" in page.text("footer")
    assert "#7a1f5c" in (second_site / "assets" / "brand.css").read_text()
    matrix = parse_page(second_site / "matrix.html")
    assert len([e for e in matrix.find("a") if "td" in e.parents]) == 5 * 3
    function = parse_page(second_site / "functions" / "logistik.html")
    assert "Logistik & Lager" in function.text("h1")
    assert "Gemeinsames Lager <zentral>" in function.text()


def test_raw_html_in_markdown_is_shown_as_text(second_site):
    page = parse_page(second_site / "functions" / "einkauf.html")
    assert not page.find("b")
    assert "<b>rohem HTML</b>" in page.text()


def test_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        assert run_build("--project", SECOND, "--out", out, "--strict").returncode == 0
    comparison = filecmp.dircmp(first, second)
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    for sub in comparison.subdirs.values():
        assert not sub.diff_files and not sub.left_only and not sub.right_only


def test_large_builds_render_in_two_processes_with_the_same_output(tmp_path, monkeypatch):
    """Above PARALLEL_PAGES a build renders in a forked child too; bytes and messages match."""
    from handbook import render
    from handbook.pipeline import Options, build
    from tests.conftest import write_project
    pages = {f"content/part/page-{n:03}.md": f"# Page {n}\n\nSee [the next](page-{n + 1:03}.md).\n"
             for n in range(render.PARALLEL_PAGES + 10)}
    pages["content/part/index.md"] = "# Part\n"
    project = write_project(tmp_path / "project", pages)
    last = f"content/part/page-{render.PARALLEL_PAGES + 10:03}.md"  # the last page's link leads here
    (project / last).write_text("# Last\n", encoding="utf-8")
    title = (REPO / "theme/templates/articles/title.html").read_text(encoding="utf-8")
    outcomes = []
    for fork in (True, False):
        monkeypatch.setattr(render, "_parallel", lambda count, fork=fork: fork)
        good = build(Options(project=project))
        override = project / "content/overrides/templates/articles/title.html"
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text(title.replace("{{ page.title }}", "{{ page.title }}{% if "
                                          "page.key.endswith(('7', '8')) %}{{ page.nosuch.x }}"
                                          "{% endif %}"), encoding="utf-8")
        bad = build(Options(project=project))
        override.unlink()
        outcomes.append((good.files, [p.format() for p in bad.report.sorted()]))
    assert outcomes[0] == outcomes[1]
    assert len(outcomes[0][0]) > render.PARALLEL_PAGES and "page-007.html" in outcomes[0][1][0]


def test_a_large_build_writes_its_pages_as_it_renders_them_with_the_same_bytes(tmp_path, monkeypatch):
    """With an output folder, each process of a two-process build writes its pages into the
    staging folder as it renders them, holding none: the same files and modes as a one-process
    build. A template failing on some pages leaves the last good output and no staging folder."""
    from handbook import render
    from handbook.pipeline import Options, build
    from tests.conftest import write_project
    pages = {f"content/part/page-{n:03}.md": f"# Page {n}\n\nSee [the next](page-{n + 1:03}.md).\n"
             for n in range(render.PARALLEL_PAGES + 10)}
    pages["content/part/index.md"] = "# Part\n"
    project = write_project(tmp_path / "project", pages)
    last = f"content/part/page-{render.PARALLEL_PAGES + 10:03}.md"  # the last page's link leads here
    (project / last).write_text("# Last\n", encoding="utf-8")
    trees, held = {}, {}
    for fork in (True, False):
        monkeypatch.setattr(render, "_parallel", lambda count, fork=fork: fork)
        out = tmp_path / f"site-{fork}"
        result = build(Options(project=project, out=out))
        assert not result.failed(False), result.report.sorted()
        held[fork] = [path for path in result.files if path.endswith(".html")]
        trees[fork] = {path.relative_to(out).as_posix(): (path.read_bytes() if path.is_file() else b"",
                                                          path.stat().st_mode) for path in out.rglob("*")}
    assert trees[True] == trees[False] and len(trees[True]) > render.PARALLEL_PAGES
    assert held[True] == [] and len(held[False]) > render.PARALLEL_PAGES  # written, not returned
    monkeypatch.setattr(render, "_parallel", lambda count: True)
    title = (REPO / "theme/templates/articles/title.html").read_text(encoding="utf-8")
    override = project / "content/overrides/templates/articles/title.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(title.replace("{{ page.title }}", "{{ page.title }}{% if page.key.endswith"
                                      "('7') %}{{ page.nosuch.x }}{% endif %}"), encoding="utf-8")
    assert build(Options(project=project, out=tmp_path / "site-True")).failed(False)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project", "site-False", "site-True"]
    out = tmp_path / "site-True"
    assert {path.relative_to(out).as_posix(): (path.read_bytes() if path.is_file() else b"",
                                               path.stat().st_mode) for path in out.rglob("*")} == trees[True]


def test_a_template_failing_only_on_the_print_page_names_its_line(tmp_path):
    """An article template that fails only where the print page prints it is an editor's
    mistake at its line, as anywhere else, not an internal error of the generator."""
    import shutil
    project = tmp_path / "project"
    shutil.copytree(SECOND, project)
    theme = (REPO / "theme/templates/articles/level.html").read_text(encoding="utf-8")
    override = project / "content/overrides/templates/articles/level.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(theme + "{% if ctx.printing %}{{ page.nosuch.x }}{% endif %}\n", encoding="utf-8")
    line = len(theme.splitlines()) + 1
    result = run_build("--project", project, "--out", tmp_path / "site", cwd=project)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"content/overrides/templates/articles/level.html:{line}: template error while rendering "
        "print.html: the template uses a name that does not exist ('handbook.site.Page object' has "
        "no attribute 'nosuch'); check its spelling against the theme's templates and "
        "theme/strings/en.yaml",
        "1 error, 0 warnings.",
        "Build failed. The previous site was left as it was."]
    assert not (tmp_path / "site").exists()


def test_failed_build_leaves_last_good_output(make_project, tmp_path):
    project = make_project()
    out = tmp_path / "out"
    assert run_build("--project", project, "--out", out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (project / "framework" / "functions" / "alpha.yaml").write_text("id: alpha\nname: [unclosed\n")
    result = run_build("--project", project, "--out", out, cwd=project)
    assert result.returncode == 1
    assert "framework/functions/alpha.yaml:2" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_refuses_an_output_folder_that_is_not_a_build(make_project, tmp_path):
    project = make_project()
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("do not delete")
    result = run_build("--project", project, "--out", precious)
    assert result.returncode == 2 and "refusing" in result.stderr
    assert (precious / "thesis.txt").read_text() == "do not delete"
    assert run_build("--project", project, "--out", project).returncode == 2


def test_check_writes_nothing(make_project):
    project = make_project()
    result = run_build("check", "--project", project, "--strict")
    assert result.returncode == 0, result.stderr
    assert not (project / "site").exists()


def test_missing_level_section_is_a_warning_and_fatal_under_strict(make_project):
    project = make_project({"content/functions/alpha.md": "Intro.\n\n## Low {#low}\n\nText.\n"})
    relaxed = run_build("check", "--project", project, cwd=project)
    assert relaxed.returncode == 0
    assert 'content/functions/alpha.md: warning: no section for level "high"' in relaxed.stderr
    assert run_build("check", "--project", project, "--strict", cwd=project).returncode == 1


def test_usage_errors_exit_2(tmp_path):
    assert run_build("--project", tmp_path).returncode == 2
    assert run_build("--base-url", "example.org").returncode == 2
    assert run_build("frobnicate").returncode == 2


def test_navigation_of_a_large_section_shows_a_window(make_project, tmp_path):
    pages = {f"content/big/page-{n:03}.md": f"---\ntitle: Page {n}\norder: {n}\n---\nText {n}.\n"
             for n in range(120)}
    pages["content/big/index.md"] = "---\ntitle: Big section\n---\nAll of them.\n"
    project = make_project(pages)
    out = tmp_path / "out"
    assert run_build("--project", project, "--out", out, "--strict").returncode == 0
    page = parse_page(out / "big" / "page-077.html")
    nav_links = [e for e in page.find("a") if "nav" in e.parents]
    assert len(nav_links) < 60
    current = [e for e in nav_links if e.attrs.get("aria-current") == "page"]
    assert [e.text for e in current] == ["Page 77"]
    assert any(e.attrs["href"] == "index.html" and "120" in e.text for e in nav_links)


def test_a_large_sections_navigation_is_worked_out_once_not_per_page(make_project, monkeypatch):
    """Site.section_pages looks at each of a section's pages once for the whole site: looking at
    all of them for every page's navigation made a large section's build quadratic."""
    from handbook import kinds, site as site_module
    from handbook.pipeline import Options, gather
    from handbook.problems import Report

    pages = {f"content/big/page-{n:03}.md": f"---\ntitle: Page {n}\norder: {n}\n---\nText {n}.\n"
             for n in range(120)}
    project = make_project(pages)
    plan = gather(Options(project=project), Report()).site
    looked = []
    real = kinds.is_section_index
    monkeypatch.setattr(site_module.kinds, "is_section_index", lambda key: looked.append(key) or real(key))
    shown = [plan.section_pages("big", page.key) for page in plan.pages if page.section == "big"]
    assert len(shown) >= 120 and all(total == 120 for _, total in shown)
    assert len(looked) <= len(plan.pages)  # each page of the site at most once, not 120 times


def test_a_folder_without_index_gets_a_landing_page(make_project, tmp_path):
    project = make_project({"content/extra-notes/first.md": "---\ntitle: First note\n---\nText.\n"})
    out = tmp_path / "out"
    result = run_build("--project", project, "--out", out, "--strict")
    assert result.returncode == 0, result.stderr
    home = parse_page(out / "index.html")
    assert "extra-notes/index.html" in home.links()
    landing = parse_page(out / "extra-notes" / "index.html")
    assert "Extra notes" in landing.text("h1") and "first.html" in landing.links()
    page = parse_page(out / "extra-notes" / "first.html")
    assert "index.html" in [e.attrs.get("href") for e in page.find("a") if "ol" in e.parents]
