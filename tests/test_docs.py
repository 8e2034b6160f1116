"""Every `build.py` command of README.md and CONTRIBUTING.md works verbatim after the README's install.

The commands are read from the documents' code spans and code blocks. A session fixture copies
the project as a clone would hold it into a temporary folder and runs the README's install
there with a Python that has none of the generator's packages, as a newcomer's machine has
(`python3` on PATH is a bare virtual environment). Every command then runs in that copy; `serve`
runs on a free port until it says where it serves, and is then stopped as with Ctrl+C.
"""
from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parent.parent
DOCS = ("README.md", "CONTRIBUTING.md")
TRACEBACK = "Traceback (most recent call last)"
SERVING = re.compile(r"^Serving .* on (http://127\.0\.0\.1:\d+/\S*)", re.M)
NOT_IN_A_CLONE = shutil.ignore_patterns(".git", ".venv", ".tools", "node_modules", "site", "build",
                                        "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis")
SERVE_WAIT = 60  # seconds: the first build under a loaded machine, then the "Serving" line


def code_texts(markdown: str) -> list[str]:
    """Return every code span and every line of every code block of a Markdown document."""
    texts = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type in ("fence", "code_block"):
            texts.extend(token.content.splitlines())
        texts.extend(child.content for child in token.children or [] if child.type == "code_inline")
    return texts


def steps(text: str) -> list[str]:
    """Split a shell line into the commands it chains with `&&`."""
    return [step.strip() for step in text.split("&&") if step.strip()]


def is_build_command(step: str) -> bool:
    """Tell whether a shell command runs build.py (`<python> build.py ...`)."""
    words = step.split()
    return len(words) >= 2 and words[1] == "build.py"


def build_commands(markdown: str) -> list[str]:
    """Return the build.py commands of a Markdown document, in order."""
    return [step for text in code_texts(markdown) for step in steps(text) if is_build_command(step)]


def install_lines(markdown: str) -> list[str]:
    """Return the code lines of a document that install the project with pip."""
    return [text for text in code_texts(markdown) if "pip install" in text]


def read_doc(name: str) -> str:
    return (REPO / name).read_text(encoding="utf-8")


def documented_commands() -> list[tuple[str, str]]:
    """Return (document, command) for every distinct build.py command of the documents."""
    seen: dict[str, str] = {}
    for doc in DOCS:
        for command in build_commands(read_doc(doc)):
            seen.setdefault(command, doc)
    return [(doc, command) for command, doc in seen.items()]


def readme_install() -> str:
    """Return the README's install: the steps of its first install line before build.py runs."""
    line = install_lines(read_doc("README.md"))[0]
    before = []
    for step in steps(line):
        if is_build_command(step):
            break
        before.append(step)
    return " && ".join(before)


def project_files() -> list[Path]:
    """Return the project's files as a clone would hold them, with work not yet committed."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, text=True, check=True).stdout
    return sorted({Path(name) for name in listed.split("\0") if name and (REPO / name).is_file()})


def copy_project(target: Path) -> None:
    """Copy the project's files into `target` (without git: all but what a build or install makes)."""
    try:
        files = project_files()
    except (OSError, subprocess.CalledProcessError):
        shutil.copytree(REPO, target, ignore=NOT_IN_A_CLONE)
        return
    for rel in files:
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, target / rel)


def newcomer_env(bare_python_bin: Path) -> dict[str, str]:
    """Return an environment whose `python3` has only the standard library."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    env["PATH"] = f"{bare_python_bin}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"  # a pipe, not a terminal: show each line as it is printed
    return env


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    """Return (project copy, environment) after the README's install in a fresh copy."""
    base = tmp_path_factory.mktemp("newcomer")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", base / "bare"], check=True)
    env = newcomer_env(base / "bare" / "bin")
    project = base / "project"
    copy_project(project)
    install = readme_install()
    result = subprocess.run(["bash", "-c", install], cwd=project, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, f"the README's install `{install}` failed:\n{result.stderr}"
    return project, env


def command_problem(project: Path, env: dict, command: str) -> str | None:
    """Run a build command in `project`; say how it failed, or None when it worked."""
    result = subprocess.run(["bash", "-c", command], cwd=project, env=env, capture_output=True,
                            text=True, timeout=300)
    output = result.stdout + result.stderr
    if result.returncode != 0 or TRACEBACK in output:
        return f"`{command}` exited {result.returncode}:\n{output}"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def on_port(command: str, port: int) -> str:
    """Return `command` serving on `port` (the documented default may be taken on this machine)."""
    if re.search(r"--port[ =]\d+", command):
        return re.sub(r"--port[ =]\d+", f"--port {port}", command)
    return f"{command} --port {port}"


def read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def wait_for_serving(lines: queue.Queue, output: list[str]) -> str | None:
    """Collect output until the Serving line (return its URL) or the end of output (None)."""
    while True:
        try:
            line = lines.get(timeout=SERVE_WAIT)
        except queue.Empty:
            return None
        if line is None:
            return None
        output.append(line)
        found = SERVING.search(line)
        if found:
            return found.group(1)


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def serve_problem(project: Path, env: dict, command: str) -> str | None:
    """Run a serve command until it serves a page, stop it with Ctrl+C; say how it failed, or None."""
    command = on_port(command, free_port())
    server = subprocess.Popen(["bash", "-c", command], cwd=project, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=read_lines, args=(server.stdout, lines), daemon=True).start()
    output: list[str] = []
    try:
        url = wait_for_serving(lines, output)
        status = http_status(url) if url else None
    finally:
        os.killpg(server.pid, signal.SIGINT)
        code = server.wait(timeout=30)
    while (line := lines.get(timeout=30)) is not None:
        output.append(line)
    text = "".join(output)
    if url is None or status != 200 or code != 0 or TRACEBACK in text:
        return f"`{command}`: Serving URL {url}, HTTP status {status}, exit {code}:\n{text}"
    return None


@pytest.mark.parametrize("doc,command", documented_commands(), ids=lambda v: v)
def test_documented_command_works_after_the_install(installed, doc, command):
    project, env = installed
    run = serve_problem if "serve" in command.split()[2:] else command_problem
    assert run(project, env, command) is None


def test_every_document_holds_build_commands_and_the_readme_install():
    readme = read_doc("README.md")
    assert all(build_commands(read_doc(doc)) for doc in DOCS)
    assert any("serve" in command.split()[2:] for _, command in documented_commands())
    assert readme_install().startswith("python3 -m venv .venv && ")
    # every install line the documents give is the README's
    assert {line for doc in DOCS for line in install_lines(read_doc(doc))} == set(install_lines(readme))


def test_the_newcomer_python_lacks_the_packages_so_a_wrong_command_fails(installed):
    # what the command table said before: the machine's python3, not the virtual environment's
    project, env = installed
    (command,) = build_commands("| `python3 build.py check` | validates |\n| --- | --- |\n")
    problem = command_problem(project, env, command)
    assert problem is not None and "ModuleNotFoundError: No module named" in problem, problem
