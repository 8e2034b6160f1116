"""Every output file compared with the build of the commit the generator's restructuring started
from: each difference is listed, with its reason, in tests/expected-output-changes.txt."""

from __future__ import annotations

import filecmp
import fnmatch
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import HANDBOOK_BASE_URL, REPO, SECOND

BASELINE = "f10b41b"  # the commit issue 13 starts from
LISTED = REPO / "tests" / "expected-output-changes.txt"
# What each site is, in the baseline's tree and in ours (a path relative to the project's root),
# and the base URL it is built with (the one tests/conftest.py builds it with).
SITES = {"handbook": (".", HANDBOOK_BASE_URL),
         "second": (SECOND.relative_to(REPO).as_posix(), "https://verband.example/kooperation/")}


@dataclass(frozen=True)
class Change:
    """One line of the list: the files of a site it covers, and why they differ."""

    site: str  # a site's name, or * for every site
    pattern: str  # a path in the site, fnmatch-style (* crosses folders)
    reason: str
    line: int

    def covers(self, site: str, path: str) -> bool:
        """Tell whether this line explains a difference of this file of this site."""
        return fnmatch.fnmatchcase(site, self.site) and fnmatch.fnmatchcase(path, self.pattern)


def read_changes(text: str) -> list[Change]:
    """Return the listed changes: `site path: reason` lines; # starts a comment."""
    changes = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where, colon, reason = line.partition(": ")
        site, _, pattern = where.partition(" ")
        assert colon and site and pattern and reason.strip(), \
            f"{LISTED.name}:{number}: write `site path: reason`, not {raw!r}"
        changes.append(Change(site, pattern, reason.strip(), number))
    return changes


def differences(old: Path, new: Path) -> dict[str, str]:
    """Return {path: "changed" | "added" | "removed"} for every file that differs."""
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    before, after = files(old), files(new)
    found = {path: "removed" for path in before - after}
    found.update({path: "added" for path in after - before})
    for path in sorted(before & after):
        if not filecmp.cmp(old / path, new / path, shallow=False):
            found[path] = "changed"
    return found


def unexplained(found: dict[str, dict[str, str]], changes: list[Change]) -> tuple[list, list]:
    """Return the differences no line explains, and the lines that explain no difference."""
    missing = [f"{site} {path}: {how}, listed nowhere" for site, paths in sorted(found.items())
               for path, how in sorted(paths.items())
               if not any(change.covers(site, path) for change in changes)]
    stale = [f"{LISTED.name}:{change.line}: {change.site} {change.pattern} no longer differs; "
             "remove the line" for change in changes
             if not any(change.covers(site, path) for site, paths in found.items()
                        for path in paths)]
    return missing, stale


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)


def _baseline_available() -> bool:
    return _git("cat-file", "-e", f"{BASELINE}^{{commit}}").returncode == 0


def _build(tree: Path, project: str, base_url: str, out: Path) -> None:
    # The tree's own build.py and package: the project's folder comes first on sys.path, ahead
    # of the editable install of this working tree.
    env = dict(os.environ, PYTHONPATH=str(tree), SOURCE_DATE_EPOCH="0")
    result = subprocess.run([sys.executable, str(tree / "build.py"), "--project",
                             str(tree / project), "--out", str(out), "--strict", "--base-url",
                             base_url], cwd=tree, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, f"{tree} {project}:\n{result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def baseline_tree(tmp_path_factory):
    """A git worktree of the baseline commit, removed afterwards."""
    if not _baseline_available():
        message = (f"commit {BASELINE} is not in this clone (a shallow clone?); fetch the "
                   "history (git fetch --unshallow) to compare the output with it")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    tree = tmp_path_factory.mktemp("baseline") / "tree"
    added = _git("worktree", "add", "--detach", str(tree), BASELINE)
    assert added.returncode == 0, added.stderr
    try:
        yield tree
    finally:
        _git("worktree", "remove", "--force", str(tree))
        _git("worktree", "prune")


def test_every_output_difference_is_listed_with_its_reason(baseline_tree, tmp_path):
    found = {}
    for name, (project, base_url) in SITES.items():
        _build(baseline_tree, project, base_url, tmp_path / "old" / name)
        _build(REPO, project, base_url, tmp_path / "new" / name)
        found[name] = differences(tmp_path / "old" / name, tmp_path / "new" / name)
    missing, stale = unexplained(found, read_changes(LISTED.read_text(encoding="utf-8")))
    assert (missing, stale) == ([], []), "\n".join(missing + stale)


def test_the_comparison_fails_on_an_unlisted_and_on_a_stale_line():
    changes = read_changes("# comment\nhandbook sitemap.xml: why\n* assets/*.js: why\n"
                           "second robots.txt: gone\n")
    found = {"handbook": {"sitemap.xml": "changed", "index.html": "changed",
                          "assets/compare.js": "changed"}, "second": {}}
    missing, stale = unexplained(found, changes)
    assert missing == ["handbook index.html: changed, listed nowhere"]
    assert stale == [f"{LISTED.name}:4: second robots.txt no longer differs; remove the line"]


def test_differences_name_changed_added_and_removed_files(tmp_path):
    for root, files in ((tmp_path / "a", {"same": "x", "changed": "1", "gone": "x"}),
                        (tmp_path / "b", {"same": "x", "changed": "2", "sub/new": "x"})):
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
    assert differences(tmp_path / "a", tmp_path / "b") == {
        "changed": "changed", "gone": "removed", "sub/new": "added"}
