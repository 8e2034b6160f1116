"""Shared fixtures: small projects written into tmp_path, and the real sites built once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

pytest_plugins = ["tests.support.fixtures"]

REPO = Path(__file__).resolve().parent.parent
SECOND = REPO / "tests" / "fixtures" / "second"
LONG_NAMES = REPO / "tests" / "fixtures" / "long-names"
RTL = REPO / "tests" / "fixtures" / "rtl"
HANDBOOK_BASE_URL = "https://example.org/handbook/"

MINIMAL = {
    "framework/framework.yaml": """\
        id: tiny
        title: Tiny framework
        version: "1.0"
        description: A framework for tests.
        levels:
          - id: low
            name: Low
            summary: The lower level.
          - id: high
            name: High
            summary: The higher level.
        functions:
          - alpha
        """,
    "framework/functions/alpha.yaml": """\
        id: alpha
        name: Alpha
        summary: The first function.
        descriptors:
          low: Little
          high: Much
        """,
    "content/index.md": """\
        ---
        title: Home
        ---
        Welcome to the [matrix](matrix.md).
        """,
    "content/functions/alpha.md": """\
        Alpha intro.

        ## Why it matters

        Because.

        ## Low {#low}

        Low description.

        ### Signs {#low-signs}

        - a sign

        ### Actions {#low-actions}

        - an action

        ## High {#high}

        High description.

        ### Signs {#high-signs}

        - a sign
        """,
}


def pytest_collection_modifyitems(config, items):
    """Keep the part of the tests tests/run.sh asks for: the timing gates alone, or the rest."""
    part = os.environ.get("HANDBOOK_TEST_PART")  # "alone", "rest", or unset: every test
    if part not in ("alone", "rest"):
        return
    keep = {id(item) for item in items if (item.get_closest_marker("alone") is not None) == (part == "alone")}
    if len(keep) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in keep])
        items[:] = [item for item in items if id(item) in keep]
    if part == "rest":
        items.sort(key=_longest_first)


# The test files that take longest (each runs whole in one process of tests/run.sh's second
# part, which hands out files in this order): started first, so that no long file is left
# running alone at the end while the other process has nothing to do. Seconds of one run of
# that part, two at a time.
LONGEST_FILES = (
    "tests/gates/test_accessibility.py",  # 280 (every page, light and dark, 320 and 1280 px)
    "tests/browser/test_hardening_js.py",  # 170
    "tests/browser/test_assessment.py",  # 85
    "tests/test_package.py",  # 80
    "tests/gates/test_reflow.py",  # 75
    "tests/test_serve.py",  # 65
    "tests/browser/test_legacy_assessments.py",  # 55
    "tests/browser/test_live_reload.py",  # 50
    "tests/browser/test_search.py",  # 50
    "tests/gates/test_html.py",  # 50
)


def _longest_first(item) -> int:
    """The place of the item's file in LONGEST_FILES (the others after them, as collected)."""
    path = item.nodeid.split("::", 1)[0]
    return LONGEST_FILES.index(path) if path in LONGEST_FILES else len(LONGEST_FILES)


def write_project(root: Path, files: dict, base: dict | None = MINIMAL) -> Path:
    """Write a project from {path: text}; a value of None removes a base file."""
    merged = dict(base or {})
    merged.update(files)
    for relative, text in merged.items():
        if text is None:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def run_build(*args, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run build.py as an editor would, returning its exit code and output."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *map(str, args)],
                          cwd=cwd or REPO, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def make_project(tmp_path):
    """Factory: make_project({path: text}) -> a project folder based on MINIMAL."""

    def make(files: dict | None = None, base: dict | None = MINIMAL) -> Path:
        return write_project(tmp_path / "project", files or {}, base)

    return make


def _build_once(factory, name: str, project: Path, base_url: str) -> Path:
    out = factory.mktemp(name) / "site"
    result = run_build("--project", project, "--out", out, "--strict", "--base-url", base_url)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def handbook_site(tmp_path_factory) -> Path:
    """The real Partnering handbook, built once with --strict."""
    return _build_once(tmp_path_factory, "handbook", REPO, HANDBOOK_BASE_URL)


@pytest.fixture(scope="session")
def second_site(tmp_path_factory) -> Path:
    """The second test framework (3 levels, 5 functions, German, branded), built once."""
    return _build_once(tmp_path_factory, "second", SECOND, "https://verband.example/kooperation/")


@pytest.fixture(scope="session")
def long_names_site(tmp_path_factory) -> Path:
    """The long-names fixture (4 levels, 5 functions, every name 40 characters), built once."""
    return _build_once(tmp_path_factory, "long-names", LONG_NAMES, "https://long.example/names/")


@pytest.fixture(scope="session")
def rtl_site(tmp_path_factory) -> Path:
    """The right-to-left fixture (Arabic, 3 levels, 3 functions, direction: rtl), built once."""
    return _build_once(tmp_path_factory, "rtl", RTL, "https://ittihad.example/taawun/")


def _abandoned_serve_folders() -> set[Path]:
    """Return the serve folders in the temporary folder whose server process is gone."""
    found = set()
    for folder in Path(tempfile.gettempdir()).glob("handbook-serve-*"):
        pid = folder.name.removeprefix("handbook-serve-").split("-")[0]
        if not pid.isdigit() or not Path(f"/proc/{pid}").exists():
            found.add(folder)
    return found


# A suite started in the background of a script (`bash .ci/run &`) inherits SIGINT ignored, and so
# would every `build.py serve` it starts: the tests of Ctrl+C would then wait for ever. Python
# leaves an ignored SIGINT ignored; handle it as a terminal's Python does, and the programs the
# tests start get the default again (handlers, unlike an ignored signal, do not survive exec).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session", autouse=True)
def no_serve_folder_left():
    """Fail the run when a test left a dev server's temporary folder behind."""
    before = _abandoned_serve_folders()
    yield
    left = sorted(_abandoned_serve_folders() - before)
    assert not left, f"the tests left dev-server folders behind: {[str(p) for p in left]}"
