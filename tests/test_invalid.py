"""Run the corpus of invalid inputs (tests/invalid/): exit code, messages, last good site kept."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import cli
from handbook.pipeline import Options, build
from tests.conftest import MINIMAL, REPO, write_project
from tests.invalid_cases import Case, load_cases, printed

CASES = load_cases()
# These run through the real entry point in a subprocess; the rest run in-process (faster).
SUBPROCESS = {"yaml-unclosed-quote", "template-syntax-error", "output-not-ours",
              "github-annotations", "several-problems", "bom-warning"}
LOCATION = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):")


@pytest.fixture(scope="session")
def good_site(tmp_path_factory) -> Path:
    """The MINIMAL project built once: the 'last good site' every failed build must keep."""
    root = tmp_path_factory.mktemp("good")
    project = write_project(root / "project", {})
    out = root / "site"
    result = build(Options(project=project, out=out))
    assert not result.failed(strict=True), result.report.sorted()
    return out


def snapshot(folder: Path) -> dict:
    """Return every file under folder with its bytes, to compare before and after."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def prepare_out(case: Case, tmp_path: Path, good_site: Path) -> Path:
    """Give the case an output folder: a copy of the last good site, or a foreign folder."""
    out = tmp_path / "site"
    if case.out == "nonempty":
        out.mkdir()
        (out / "notes.txt").write_text("Someone's own notes, not a build.\n", encoding="utf-8")
    elif case.writes:
        shutil.copytree(good_site, out)
    return out


def run_case(case: Case, project: Path, out: Path, monkeypatch, capsys) -> tuple[int, list]:
    """Run the case from the project folder; return its exit code and the lines it printed."""
    argv = case.argv(project, out)
    if case.name in SUBPROCESS:
        env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | case.env
        result = subprocess.run([sys.executable, str(REPO / "build.py"), *argv], cwd=project,
                                capture_output=True, text=True, env=env, timeout=120)
        return result.returncode, printed(result.stderr + result.stdout, project, out)
    monkeypatch.chdir(project)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    code = cli.main(argv)
    captured = capsys.readouterr()
    # Problems go to stderr before the summary line on stdout: that is the order on screen.
    return code, printed(captured.err + captured.out, project, out)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case, tmp_path, good_site, monkeypatch, capsys):
    project = case.apply(tmp_path / "project")
    out = prepare_out(case, tmp_path, good_site)
    before = snapshot(out)
    code, lines = run_case(case, project, out, monkeypatch, capsys)
    # The whole output, line by line: a second message caused by the first fails the case.
    assert (code, lines) == (case.exit, list(case.output))
    if code != 0:
        assert snapshot(out) == before, "a failed build changed the output folder"
    if case.command == "check" or code != 0:
        assert not (project / "site").exists(), "nothing may be written into the project"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_messages_name_real_lines(case: Case, tmp_path):
    """Each expected path:line names a file of the case's project and a line it has."""
    project = case.apply(tmp_path / "project")
    for message in case.output:
        match = LOCATION.match(message)
        if not match or message.startswith("::"):
            continue
        path = project / match["path"]
        lines = path.read_bytes().split(b"\n") if path.is_file() else []
        assert 1 <= int(match["line"]) <= len(lines), message


def test_corpus_is_large_and_every_case_expects_a_message():
    assert len(CASES) >= 40
    for case in CASES:
        assert case.output, f"{case.name} states no output"
        assert case.exit in (0, 1, 2), case.name
        assert not any("Traceback" in line or "internal error" in line
                       for line in case.output), case.name


# A problem with a suggestion: "path:line[:column]: [warning: ]message (did you mean "new"?)".
SUGGESTION = re.compile(r'^(?P<path>[^:\s]+):(?P<line>\d+):(?:\d+:)? (?:warning: )?'
                        r'(?P<message>.*\(did you mean "(?P<new>[^"]*)"\?\).*)$')
SUGGESTIONS = [(case, SUGGESTION.match(line)) for case in CASES for line in case.output
               if SUGGESTION.match(line)]


def wrong_text(message: str) -> str:
    """Return what a suggestion replaces: the first quoted text before it, else the key."""
    before = message.split("(did you mean", 1)[0]
    quoted = re.search(r'"([^"]+)"', before)
    if quoted:
        return quoted[1]
    key = before.split(":", 1)[0]
    return re.sub(r"\[\d+\]$", "", key.rsplit(".", 1)[-1])


@pytest.mark.parametrize("case, match", SUGGESTIONS,
                         ids=[f"{case.name}:{match['line']}" for case, match in SUGGESTIONS])
def test_pasting_a_suggestion_fixes_its_problem(case: Case, match, tmp_path):
    """Replace the wrong text by the suggestion in that file at that line (or rename the file
    when the wrong text is its name): the problem at that line is gone."""
    project = case.apply(tmp_path / "project")
    path, number, wrong = project / match["path"], int(match["line"]), wrong_text(match["message"])
    lines = path.read_text(encoding="utf-8").split("\n")
    if wrong in lines[number - 1]:
        lines[number - 1] = lines[number - 1].replace(wrong, match["new"], 1)
        path.write_text("\n".join(lines), encoding="utf-8")
    else:
        assert wrong == path.stem, f"{wrong!r} is neither on that line nor the file's name"
        path.rename(path.with_name(match["new"] + path.suffix))
    problems = build(Options(project=project, display_root=project)).report.sorted()
    # Gone, and nothing else said at that line about the text pasted in.
    left = [p.format() for p in problems if p.format() == match[0] or
            ((p.path, p.line) == (match["path"], number) and match["new"] in p.message)]
    assert left == [], f"after writing {match['new']!r} for {wrong!r}"


def test_suggestions_are_replayed():
    """The corpus holds suggestions of every kind: links, anchors, keys, ids."""
    assert len(SUGGESTIONS) >= 10


def test_readme_counts_the_cases():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"one folder per invalid edit ({len(CASES)} cases)" in readme
