"""Every output file compared with the build of the commit the generator's restructuring started
from: each difference is listed, with its reason, in tests/expected-output-changes.txt."""

from __future__ import annotations

import filecmp
import fnmatch
import os
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from tests.conftest import HANDBOOK_BASE_URL, REPO, SECOND
from tests.support.htmlparts import first_difference, parse_part, tokens

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
    parts: tuple = ()  # the only parts of an HTML page that may differ (selectors, rewordings); () = any

    def covers(self, site: str, path: str) -> bool:
        """Tell whether this line explains a difference of this file of this site."""
        return fnmatch.fnmatchcase(site, self.site) and fnmatch.fnmatchcase(path, self.pattern)


def read_changes(text: str) -> list[Change]:
    """Return the listed changes: `site path: reason` lines, each optionally followed by an
    indented `parts: part; part` line (tests/support/htmlparts.py); # starts a comment."""
    changes = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if raw[:1].isspace() and line.startswith("parts:"):
            assert changes and not changes[-1].parts, \
                f"{LISTED.name}:{number}: a parts line follows the line of the change it narrows"
            parts = tuple(parse_part(part) for part in line[len("parts:"):].split(";"))
            changes[-1] = replace(changes[-1], parts=parts)
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


def unexplained(found: dict[str, dict[str, str]], changes: list[Change],
                same=None) -> tuple[list, list]:
    """Return the differences no line explains, and the lines that explain no difference.

    A page covered only by lines with parts is explained when ``same(site, path, parts)``
    finds it equal outside those parts (it returns None, or where the page differs).
    """
    missing = []
    for site, paths in sorted(found.items()):
        for path, how in sorted(paths.items()):
            problem = _unexplained_file(site, path, how, changes, same)
            if problem:
                missing.append(f"{site} {path}: {problem}")
    stale = [f"{LISTED.name}:{change.line}: {change.site} {change.pattern} no longer differs; "
             "remove the line" for change in changes
             if not any(change.covers(site, path) for site, paths in found.items()
                        for path in paths)]
    return missing, stale


def _unexplained_file(site: str, path: str, how: str, changes: list[Change], same) -> str | None:
    covering = [change for change in changes if change.covers(site, path)]
    if not covering:
        return f"{how}, listed nowhere"
    if not all(change.parts for change in covering):
        return None
    if how != "changed":
        return f"{how}, but only parts of it are listed"
    parts = [part for change in covering for part in change.parts]
    where = same(site, path, parts) if same else "no page to compare"
    return None if where is None else f"changed outside the listed parts: {where}"


def page_compare(old: Path, new: Path):
    """``same(site, path, selectors)`` for the two built trees (old/<site>, new/<site>)."""
    def same(site: str, path: str, parts: list) -> str | None:
        before, after = (tokens((root / site / path).read_text(encoding="utf-8"), parts, root == old)
                         for root in (old, new))
        return None if before == after else first_difference(before, after)
    return same


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
    changes = read_changes(LISTED.read_text(encoding="utf-8"))
    missing, stale = unexplained(found, changes, page_compare(tmp_path / "old", tmp_path / "new"))
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


def test_a_page_listed_by_parts_may_differ_only_there(tmp_path):
    page = '<html><body><header>{}</header><main>{}<p>Text 0.1</p></main></body></html>'
    pages = {"same": (page.format("", ""), page.format('<form class="search">x</form>', "")),
             "also": (page.format("", "<p>Extra</p>"), page.format('<form class="search">y</form>', "")),
             "wrap": (page.format("", ""), page.format("", "").replace("<main>", '<main><div class="with-toc">')
                      .replace("</main>", "</div></main>").replace("0.1", "1.0"))}
    for name, (before, after) in pages.items():
        for root, html in (("old", before), ("new", after)):
            (tmp_path / root / "s").mkdir(parents=True, exist_ok=True)
            (tmp_path / root / "s" / f"{name}.html").write_text(html)
    changes = read_changes("* *.html: the search form\n  parts: form.search; ^div.with-toc\n"
                           "* wrap.html: the version\n  parts: text:Text 0.1=>Text 1.0\n")
    found = {"s": {f"{name}.html": "changed" for name in pages}}
    missing, stale = unexplained(found, changes, page_compare(tmp_path / "old", tmp_path / "new"))
    assert missing == ["s also.html: changed outside the listed parts: was '<p>Extra</p><p>', "
                       "is '<p>Text 0.1</p></main>'"] and stale == []
