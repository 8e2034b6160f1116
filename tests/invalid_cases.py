"""The corpus of invalid inputs in tests/invalid/: load each case and lay it out on disk.

Each case is a folder tests/invalid/<name>/ holding `case.yaml` and, optionally, `files/` with
only the files that differ from the minimal valid project (MINIMAL in tests/conftest.py).
`case.yaml` keys:

- `args`: command-line arguments after build.py, such as ["--strict"] or ["check"]; the runner
  adds `--project` and, for builds, `--out`. `{project}` and `{out}` are replaced.
- `exit`: the expected exit code; `output`: every line the run prints, in order (the problems,
  the count, "Build failed." ...): a problem that follows from another one fails the case. In
  it, `{project}` and `{out}` stand for those folders and `{seconds}` for a build's duration.
- `delete`: project paths to remove; `symlinks`: {path: target}, where a target starting with
  `{outside}/` names a file beside the project (created by apply); `generate`: {path, bytes} for
  a large YAML file, written at apply time so no large file sits in git.
- `env`: environment variables for the run (such as GITHUB_ACTIONS); `out`: "nonempty" to make
  the output folder a foreign, non-empty folder.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.conftest import MINIMAL, write_project

CORPUS = Path(__file__).resolve().parent / "invalid"
BUILD_COMMANDS = ("build",)
DURATION = re.compile(r" in \d+\.\d+ s\.$")


@dataclass(frozen=True)
class Case:
    """One invalid input: how to lay it out, how to run the build and what it must print."""

    name: str
    folder: Path
    args: tuple
    exit: int
    output: tuple
    delete: tuple = ()
    symlinks: dict = field(default_factory=dict)
    generate: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)
    out: str = ""

    @property
    def command(self) -> str:
        """Return the command the case runs: build, check or serve."""
        return next((a for a in self.args if a in ("build", "check", "serve")), "build")

    @property
    def writes(self) -> bool:
        """Tell whether the case runs a build that would write an output folder."""
        return self.command in BUILD_COMMANDS

    def apply(self, project: Path) -> Path:
        """Write MINIMAL into project, then this case's files, deletions, links and big files."""
        write_project(project, {}, MINIMAL)
        overlay = self.folder / "files"
        if overlay.is_dir():
            for source in sorted(overlay.rglob("*")):
                if source.is_file():
                    target = project / source.relative_to(overlay)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)
        for relative in self.delete:
            _remove(project / relative)
        for relative, target in self.symlinks.items():
            _symlink(project, relative, target)
        if self.generate:
            _generate(project / self.generate["path"], int(self.generate["bytes"]))
        return project

    def argv(self, project: Path, out: Path) -> list[str]:
        """Return the full argument list: the case's args plus --project and --out."""
        values = {"{project}": str(project), "{out}": str(out)}
        args = [values.get(arg, arg) for arg in self.args]
        args += ["--project", str(project)]
        if self.writes and "--out" not in args:
            args += ["--out", str(out)]
        return args


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _symlink(project: Path, relative: str, target: str) -> None:
    if target.startswith("{outside}/"):
        outside = project.parent / "outside" / target[len("{outside}/"):]
        outside.parent.mkdir(parents=True, exist_ok=True)
        outside.write_text("---\ntitle: Secret\n---\nA file outside the project.\n",
                           encoding="utf-8")
        target = str(outside)
    link = project / relative
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)


def _generate(path: Path, size: int) -> None:
    # Valid YAML on every line, so only the size can be the problem.
    line = "# filler comment to make the file large, but still valid YAML text\n"
    head = path.read_text(encoding="utf-8") if path.exists() else ""
    filler = line * ((size - len(head)) // len(line) + 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + filler, encoding="utf-8")


def printed(text: str, project: Path, out: Path) -> list:
    """Return the output's lines, with folders and durations written as case.yaml writes them."""
    text = text.replace(str(out), "{out}").replace(str(project), "{project}")
    return [DURATION.sub(" in {seconds} s.", line) for line in text.splitlines()]


def load_case(folder: Path) -> Case:
    """Read one case folder's case.yaml."""
    spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    return Case(name=folder.name, folder=folder, args=tuple(spec.get("args", [])),
                exit=int(spec["exit"]), output=tuple(spec["output"]),
                delete=tuple(spec.get("delete", [])),
                symlinks=dict(spec.get("symlinks", {})), generate=dict(spec.get("generate", {})),
                env={k: str(v) for k, v in spec.get("env", {}).items()},
                out=spec.get("out", ""))


def load_cases() -> list[Case]:
    """Return every case of the corpus, sorted by name."""
    return [load_case(folder) for folder in sorted(CORPUS.iterdir())
            if (folder / "case.yaml").is_file()]
