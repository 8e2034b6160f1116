"""The generator as a publisher gets it: the wheel, installed into a fresh virtual environment
outside the repository, run from a temporary folder with no file of the checkout reachable.

The wheel is built from a copy of the package's files; the venv gets it and its dependencies
from the package registry (pip's cache makes that a few seconds). `handbook new` writes a project
there that builds with --strict and passes the HTML, links, axe, privacy, offline and weight
gates; the second test framework, copied out, builds too; the repository's handbook builds the
same bytes as from the checkout; the version range of site.yaml is held both ways.
"""
from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from handbook.version import VERSION, wheel_url
from tests.conftest import HANDBOOK_BASE_URL, REPO, SECOND, run_build
from tests.gates.checks import (check_accessibility, check_html, check_links, check_offline,
                                check_privacy, check_weight)
from tests.support.tools import require_tool
from tests.test_docs import serve_problem
from tests.test_workflows import actionlint

PACKAGE_FILES = ("pyproject.toml", "README.md", "LICENSE", "handbook", "theme")
BASE_URL = "https://example.org/new/"
DURATION = re.compile(r" in \d+\.\d+ s\b")


@dataclass(frozen=True)
class Installed:
    """The installed generator: its venv, the wheel it came from, a folder to work in."""

    venv: Path
    wheel: Path
    work: Path

    @property
    def env(self) -> dict:
        """Return the environment of a publisher's shell: nothing pointing into the checkout."""
        env = {key: value for key, value in os.environ.items()
               if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        return env | {"PYTHONNOUSERSITE": "1"}

    def run(self, *args, cwd: Path | None = None, module: bool = False):
        """Run the installed `handbook` command (or python -m handbook) in the work folder."""
        command = ([str(self.venv / "bin" / "python"), "-m", "handbook"] if module
                   else [str(self.venv / "bin" / "handbook")])
        return subprocess.run(command + [str(arg) for arg in args], cwd=cwd or self.work,
                              env=self.env, capture_output=True, text=True, timeout=300)


def _pip(*args) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check",
                             "--quiet", *args], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def _build_wheel(root: Path) -> Path:
    """Build the wheel from a copy of the package's files (the checkout stays untouched)."""
    source = root / "source"
    for name in PACKAGE_FILES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    _pip("wheel", "--no-deps", "--wheel-dir", str(root / "dist"), str(source))
    return next((root / "dist").glob("*.whl"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    """The wheel installed with its dependencies into a venv of its own, outside the repo."""
    root = tmp_path_factory.mktemp("package")
    wheel = _build_wheel(root)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    _pip("--python", str(venv / "bin" / "python"), "install", str(wheel))
    work = root / "work"
    work.mkdir()
    return Installed(venv, wheel, work)


def _lines(text: str) -> list[str]:
    return [DURATION.sub(" in {seconds} s", line) for line in text.splitlines()]


def _checkout_lines(*args) -> list[str]:
    """Return what the checkout's build.py prints for the same command (the page count)."""
    result = run_build(*args)
    assert result.returncode == 0, result.stderr
    return _lines(result.stdout)


def test_the_wheel_carries_every_theme_file_the_scaffold_and_the_dev_files(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    theme = {f"handbook/theme/{path.relative_to(REPO / 'theme').as_posix()}"
             for path in (REPO / "theme").rglob("*")
             if path.is_file() and "__pycache__" not in path.parts}
    assert theme - names == set()
    assert {"handbook/theme/templates/base.html", "handbook/theme/scripts/bundles.json",
            "handbook/theme/strings/en.yaml", "handbook/scaffold/pr.yml",
            "handbook/dev/dev.js"} <= names
    assert not [name for name in names if "__pycache__" in name]
    assert installed.wheel.name == wheel_url().rpartition("/")[2]


def test_the_installed_generator_reaches_no_file_of_the_checkout(installed):
    probe = ("import json, sys, handbook, handbook.pipeline as p; "
             "print(json.dumps([handbook.__file__, str(p.THEME), sys.path]))")
    result = subprocess.run([str(installed.venv / "bin" / "python"), "-c", probe],
                            cwd=installed.work, capture_output=True, text=True,
                            env={"PATH": os.environ["PATH"], "PYTHONNOUSERSITE": "1"})
    assert result.returncode == 0, result.stderr
    module, theme, path = json.loads(result.stdout)
    assert Path(module).is_relative_to(installed.venv)
    assert Path(theme).is_relative_to(installed.venv)
    assert [entry for entry in path if entry and Path(entry).is_relative_to(REPO)] == []


def test_version_from_the_command_and_from_python_m(installed):
    for module in (False, True):
        result = installed.run("--version", module=module)
        assert (result.returncode, result.stdout, result.stderr) == (0, f"handbook {VERSION}\n", "")


@pytest.fixture(scope="module")
def new_project(installed) -> Path:
    """A project written by `handbook new` in the work folder."""
    result = installed.run("new", "example")
    folder = installed.work / "example"
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.splitlines() == [
        "Wrote a new project into example: 3 levels, 3 functions, 20 files.",
        "Next:  cd example  then  handbook serve  to preview it with live reload; README.md "
        "there says how to edit it and publish it on GitHub Pages."]
    return folder


@pytest.fixture(scope="module")
def new_site(installed, new_project) -> Path:
    """The new project built with --strict by the installed command, run in its folder."""
    result = installed.run("build", "--strict", "--base-url", BASE_URL, cwd=new_project)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    lines = _lines(result.stdout)
    assert len(lines) == 1 and re.fullmatch(r"Built \d+ pages in \{seconds\} s\.", lines[0])
    return new_project / "site"


def test_new_site_is_what_the_checkout_builds(installed, new_project, new_site):
    out = installed.work / "example-from-checkout"
    checkout = _checkout_lines("--strict", "--base-url", BASE_URL, "--project", new_project,
                               "--out", out)
    again = installed.run("build", "--strict", "--base-url", BASE_URL, "--out",
                          installed.work / "example-again", cwd=new_project)
    assert _lines(again.stdout) == checkout
    assert _same_files(new_site, out) == []


def test_new_project_checks_clean(installed, new_project):
    result = installed.run("check", "--strict", cwd=new_project)
    assert (result.returncode, result.stderr) == (0, "")
    lines = _lines(result.stdout)
    assert len(lines) == 1 and re.fullmatch(r"Checked \d+ pages in \{seconds\} s: no problems\.",
                                             lines[0])


def test_outside_a_project_the_command_says_how_to_start_one(installed):
    empty = installed.work / "empty"
    empty.mkdir()
    result = installed.run("build", cwd=empty)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "error: . has no framework/ folder; use --project to name the folder that holds "
        "framework/ and content/, or start a project with  handbook new FOLDER"]
    unnamed = installed.run("new", cwd=empty)
    assert (unnamed.returncode, unnamed.stdout) == (2, "")
    assert unnamed.stderr.splitlines()[-1] == ("handbook: error: new needs the folder to write "
                                               "the project into:  handbook new FOLDER")
    assert list(empty.iterdir()) == []


def test_new_project_is_served_with_live_reload(installed, new_project):
    # serve's own reload script and style are package data too (handbook/dev/)
    command = f"{installed.venv / 'bin' / 'handbook'} serve"
    assert serve_problem(new_project, installed.env, command) is None


def test_new_refuses_a_folder_that_holds_anything(installed, new_project):
    result = installed.run("new", "example")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "example: is not empty; handbook new writes only into a new or empty folder, so that it "
        "overwrites nothing: name another folder"]


def test_new_project_size_options_and_schemas(installed):
    result = installed.run("new", "big", "--levels", "6", "--functions", "8")
    assert result.returncode == 0, result.stderr
    project = installed.work / "big"
    assert len(list((project / "content" / "functions").glob("*.md"))) == 8
    assert len(list((project / "content" / "levels").glob("*.md"))) == 6
    from handbook.schema import DOCUMENTS, render
    for document in DOCUMENTS:
        assert (project / "framework" / "schema" / document.name).read_text() == render(document)
    built = installed.run("check", "--strict", cwd=project)
    assert (built.returncode, built.stderr) == (0, "")


def test_new_project_workflows_install_the_source_and_pass_actionlint(installed, new_project):
    require_tool("actionlint")
    workflows = sorted((new_project / ".github" / "workflows").glob("*.yml"))
    assert [path.name for path in workflows] == ["deploy.yml", "pr.yml"]
    for path in workflows:
        assert f'pip install "partnering-handbook @ {wheel_url()}"' in path.read_text()
    findings = actionlint(*workflows)
    assert [f"{f['file']}:{f['line']}: {f['message']}" for f in findings] == []


def test_new_with_a_git_source(installed):
    source = f"git+https://github.com/example/generator@v{VERSION}"
    result = installed.run("new", "tagged", "--source", source)
    assert result.returncode == 0, result.stderr
    text = (installed.work / "tagged" / ".github" / "workflows" / "pr.yml").read_text()
    assert f'pip install "partnering-handbook @ {source}"' in text
    refused = installed.run("new", "other", "--source", "my wheel")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.splitlines() == [
        f'--source: "my wheel" is neither a release\'s wheel address (such as {wheel_url()}) '
        "nor a tag of the generator's repository (such as "
        f"git+https://github.com/OWNER/REPOSITORY@v{VERSION})"]
    assert not (installed.work / "other").exists()


@pytest.mark.gates
def test_new_site_passes_the_html_gate(new_site):
    require_tool("vnu")
    assert check_html(new_site) == []


@pytest.mark.gates
def test_new_site_passes_the_links_gate(new_site, serve_site):
    require_tool("linkinator")
    assert check_links(new_site, serve_site(new_site)) == []


@pytest.mark.gates
def test_new_site_passes_the_axe_gate(new_site, serve_site, browser):
    require_tool("axe-core")
    assert check_accessibility(new_site, serve_site(new_site), browser) == []


@pytest.mark.gates
def test_new_site_passes_the_privacy_offline_and_weight_gates(new_site, serve_site, browser):
    assert check_privacy(new_site, serve_site(new_site), browser) == []
    assert check_offline(new_site, browser) == []
    assert check_weight(new_site) == []


def _copy_project(source: Path, target: Path) -> Path:
    for name in ("framework", "content"):
        shutil.copytree(source / name, target / name)
    return target


def test_second_framework_copied_out_builds(installed):
    project = _copy_project(SECOND, installed.work / "second")
    result = installed.run("--strict", "--project", project)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    out = installed.work / "second-from-checkout"
    assert _lines(result.stdout) == _checkout_lines("--strict", "--project", project, "--out", out)
    assert _same_files(project / "site", out) == []


def _same_files(left: Path, right: Path) -> list[str]:
    """Return the paths that differ between two folders, or exist in one only."""
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()} | \
            {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    return sorted(name for name in names if not (left / name).is_file() or not
                  (right / name).is_file() or not filecmp.cmp(left / name, right / name,
                                                               shallow=False))


def test_the_handbook_builds_the_same_bytes_installed_and_from_the_checkout(installed,
                                                                             handbook_site):
    project = _copy_project(REPO, installed.work / "handbook")
    result = installed.run("build", "--strict", "--base-url", HANDBOOK_BASE_URL, cwd=project)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert _same_files(project / "site", handbook_site) == []


def _with_range(installed, name: str, spec: str) -> Path:
    """Return a new project whose site.yaml asks for the generator versions spec."""
    assert installed.run("new", name).returncode == 0
    path = installed.work / name / "content" / "site.yaml"
    text = path.read_text()
    assert '\ngenerator: ">=1.0,<2"\n' in text
    path.write_text(text.replace('generator: ">=1.0,<2"', f'generator: "{spec}"'))
    return installed.work / name


@pytest.mark.parametrize("spec", [">=2.0,<3", "<1.0"])
def test_a_project_for_other_versions_stops_the_build(installed, spec):
    project = _with_range(installed, f"range-{len(spec)}", spec)
    result = installed.run("build", cwd=project)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"content/site.yaml:4: generator: this project needs the generator at {spec}, but "
        f"version {VERSION} is installed; install a release in that range with  pip install "
        f'--upgrade "partnering-handbook @ {wheel_url("X.Y.Z")}"  (the releases are listed at '
        "https://github.com/partnering-handbook/partnering-handbook/releases), and have the "
        "project's workflows in .github/workflows/ install the same one",
        "1 error, 0 warnings.", "Build failed. The previous site was left as it was."]
    assert not (project / "site").exists()


def test_a_project_for_this_version_builds(installed):
    project = _with_range(installed, "range-this", f"~={VERSION}")
    result = installed.run("check", "--strict", cwd=project)
    assert (result.returncode, result.stderr) == (0, "")


# Overrides written against docs/templates-interface.md only: names, values and their fields.
OVERRIDES = {
    "credits.html": """\
        <div class="credits"><p id="override-credits">{{ fw.title }} · {{ fw.levels|length }}
        levels · {{ fw.functions|length }} functions · {{ cfg.language }} ·
        <a href="{{ ctx.url('matrix') }}">{{ t.home }}</a>{% if page.kind.is_home %} · home{% endif %}
        </p></div>
        """,
    "articles/level.html": """\
        {% set level = fw.level(page.subject) %}
        {% set next_level = fw.next_level(level) %}
        <article class="prose">
        {% include "articles/title.html" %}
        <p id="override-level">{{ page.kind.name }} {{ level.position }} of {{ fw.levels|length }}:
        {{ level.summary }}{% if next_level %} Next: {{ next_level.name }}.{% endif %}</p>
        <ul id="override-cells">{% for function in fw.functions %}<li><a
        href="{{ ctx.url(keys.function(function.id), level.id) }}">{{ function.name }}:
        {{ function.descriptor(level.id) }}</a>;</li>{% endfor %}</ul>
        {% include "articles/prose.html" %}
        </article>
        """,
}


class _ById(HTMLParser):
    """Collect the text and the links inside the elements with an id, by id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list = []  # (tag, id or None)
        self.text: dict = {}
        self.links: dict = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.open.append((tag, attrs.get("id")))
        for _, name in self.open:
            if name and tag == "a":
                self.links.setdefault(name, []).append(attrs.get("href"))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for _, name in self.open:
            if name:
                self.text[name] = self.text.get(name, "") + data


def _read(path: Path) -> _ById:
    parser = _ById()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _said(parser: _ById, name: str) -> str:
    return " ".join(parser.text[name].split())


def test_overrides_written_against_the_interface_build(installed):
    assert installed.run("new", "overridden").returncode == 0
    project = installed.work / "overridden"
    for name, text in OVERRIDES.items():
        path = project / "content" / "overrides" / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = installed.run("build", "--strict", cwd=project)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    home, level = _read(project / "site" / "index.html"), \
        _read(project / "site" / "levels" / "developing.html")
    assert _said(home, "override-credits") == ("Example maturity framework · 3 levels · 3 "
                                              "functions · en · Home · home")
    assert home.links["override-credits"] == ["matrix.html"]
    assert _said(level, "override-level") == "level 2 of 3: Level 2 of 3 of the example. Next: Established."
    assert _said(level, "override-cells") == ("Planning: Planning at the developing level;"
                                             "Delivery: Delivery at the developing level;"
                                             "Marketing: Marketing at the developing level;")
    assert level.links["override-cells"] == [f"../functions/{name}.html#developing"
                                             for name in ("planning", "delivery", "marketing")]


def test_build_py_needs_only_the_libraries_not_the_package(make_project, tmp_path):
    # build.py names its checkout's theme/, so a Python holding the libraries but not the
    # package (no editable install: -S keeps site's .pth hooks out) builds the same bytes
    project = make_project()
    libraries = os.pathsep.join(entry for entry in sys.path if entry.endswith("site-packages"))
    bare = subprocess.run([sys.executable, "-S", str(REPO / "build.py"), "--project", str(project),
                           "--out", str(tmp_path / "bare")], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=libraries), timeout=120)
    assert (bare.returncode, bare.stderr) == (0, "")
    probe = subprocess.run([sys.executable, "-S", "-c", "import importlib.util; "
                            "print(importlib.util.find_spec('handbook.theme'))"], cwd=REPO,
                           capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=libraries))
    assert probe.stdout == "None\n"  # the package's theme is indeed out of reach
    assert run_build("--project", project, "--out", tmp_path / "usual").returncode == 0
    files = [{path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}
             for site in (tmp_path / "bare", tmp_path / "usual")]
    assert files[0] == files[1] and files[0]


def test_the_editable_install_serves_the_checkouts_theme():
    # `pip install -e .` maps handbook.theme to the top-level theme/ folder itself, which serve
    # watches: an edit there shows at once
    from handbook.pipeline import THEME

    assert THEME == REPO / "theme"


@pytest.mark.parametrize("version,spec,inside", [
    ("1.0.0", ">=1.0,<2", True), ("1.9.3", ">=1.0,<2", True), ("2.0.0", ">=1.0,<2", False),
    ("0.9", ">=1.0,<2", False), ("1.0", "==1.0.0", True), ("1.0.1", "!=1.0.1", False),
    ("1.4.0", "~=1.2", True), ("2.0.0", "~=1.2", False), ("1.2.9", "~=1.2.3", True),
    ("1.3.0", "~=1.2.3", False), ("1.0.0", " > 0.9 , <= 1.0 ", True),
])
def test_version_ranges(version, spec, inside):
    from handbook.version import RANGE, in_range

    assert RANGE.match(spec)
    assert in_range(version, spec) == inside
