"""The dev server: rebuilds after edits, survives bad ones, and its partial rebuilds are exact."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from handbook.pipeline import Cache, Options, build
from tests.conftest import MINIMAL, REPO, SECOND, write_project

STATUS = "__handbook__/status.json"
TIMEOUT = 10.0


class Server:
    """A `build.py serve` child process, its output lines and the folder it serves."""

    def __init__(self, project: Path):
        port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port),
             "--project", str(project)], cwd=project.parent, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        match = _wait(lambda: next((re.match(r"Serving (.+) on (http://\S+)", line)
                                    for line in self.lines if line.startswith("Serving")), None))
        self.site, self.url = Path(match.group(1)), match.group(2)
        _wait(lambda: _get(self.url)[0] == 200)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def builds(self) -> int:
        """Return how many rebuilds finished (each prints one line)."""
        return sum(1 for line in self.lines if line.startswith(("Rebuilt", "Build failed",
                                                                "Build crashed")))

    def after(self, edit) -> None:
        """Apply an edit, then wait until the rebuilds it caused are over."""
        before = self.builds()
        edit()
        _wait(lambda: self.builds() > before)
        while True:  # an edit may arrive as two bursts: wait until the server is quiet
            count = self.builds()
            time.sleep(0.15)
            if self.builds() == count:
                return

    def status(self) -> dict:
        return json.loads((self.site / STATUS).read_text(encoding="utf-8"))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.site, ignore_errors=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SECOND, tmp_path / "project"))


@pytest.fixture
def server(project: Path):
    running = Server(project)
    yield running
    running.stop()


def test_serve_rebuilds_and_survives_a_bad_edit(server: Server, project: Path):
    page = server.url + "functions/einkauf.html"
    status, first = _get(page)
    assert status == 200 and b"Einleitung zu Gemeinsamer Einkauf" in first
    guidance = project / "content/functions/einkauf.md"
    server.after(lambda: _replace(guidance, "Einleitung zu", "Neue Einleitung zu"))
    status, good = _get(page)
    assert status == 200 and b"Neue Einleitung zu" in good
    framework = project / "framework/framework.yaml"
    text = framework.read_text(encoding="utf-8")
    server.after(lambda: framework.write_text(text.replace("levels:", "levels: [oops"),
                                              encoding="utf-8"))
    _wait(lambda: server.status()["ok"] is False)
    assert any("framework/framework.yaml" in problem for problem in server.status()["problems"])
    assert _get(page) == (200, good)
    server.after(lambda: framework.write_text(text, encoding="utf-8"))
    _wait(lambda: server.status() == {"ok": True, "problems": []})
    assert _get(page) == (200, good)


def test_partial_rebuilds_equal_a_clean_build(server: Server, project: Path, tmp_path: Path):
    edits = [
        ("content text", lambda: _replace(project / "content/functions/einkauf.md",
                                           "Ein Zeichen für Anfang.", "Ein neues Zeichen.")),
        ("new page", lambda: (project / "content/about.md").write_text(
            "---\ntitle: Über uns\n---\nWir sind [der Verband](index.md).\n", encoding="utf-8")),
        ("page title", lambda: _replace(project / "content/about.md", "Über uns", "Wir")),
        ("page removed", lambda: (project / "content/about.md").unlink()),
        ("framework yaml", lambda: _replace(project / "framework/functions/einkauf.yaml",
                                            'name: "Gemeinsamer Einkauf"', 'name: "Einkauf"')),
        ("level name", lambda: _replace(project / "framework/framework.yaml",
                                        "name: Reife", "name: Reife und Routine")),
        ("template", lambda: _replace(project / "content/overrides/templates/credits.html",
                                      "Ein Angebot des Verbands.", "Ein Angebot.")),
        ("new template", lambda: (project / "content/overrides/templates/pager.html").write_text(
            "<p>Kein Blättern.</p>\n", encoding="utf-8")),
    ]
    for number, (name, edit) in enumerate(edits):
        server.after(edit)
        clean = tmp_path / f"clean-{number}"
        result = build(Options(project=project, out=clean, dev=True))
        assert not result.failed(False), name
        expected = _tree(clean)
        # Poll: a save can reach the server as two bursts; a stale page never matches.
        _wait(lambda: server.status()["ok"] and _tree(server.site) == expected,
              message=f"served output differs from a clean build after: {name}")


def test_cached_builds_equal_clean_builds_in_process(tmp_path: Path):
    """A cached build reports the same problems and renders the same bytes as a clean one.

    The link check keeps each unchanged document's verdicts while the site plan holds, and the
    print page keeps unchanged articles: an edit to one file must still reach a link written in
    another, unchanged, file, and the print page.
    """
    project = write_project(tmp_path / "project", {
        "content/guide.md": "# Guide\n\nSee [the deep part](other.md#deep).\n",
        "content/other.md": "# Other\n\n## Deep\n\nText.\n"})
    other = project / "content/other.md"
    edits = [("nothing", lambda: None),
             ("anchor removed", lambda: _replace(other, "## Deep", "## Shallow")),
             ("anchor back", lambda: _replace(other, "## Shallow", "## Deep")),
             ("text edited", lambda: _replace(other, "Text.", "Other text.")),
             ("title changed", lambda: _replace(other, "# Other", "# Elsewhere")),
             ("target removed", lambda: other.unlink())]
    cache, options = Cache(), Options(project=project, dev=True)
    for name, edit in edits:
        edit()
        cached, clean = build(options, cache), build(options)
        assert [p.format() for p in cached.report.sorted()] == \
            [p.format() for p in clean.report.sorted()], name
        assert cached.files == clean.files, name
    assert cached.report.errors and not build(options, Cache()).files


def test_doc_cache_reads_a_recently_changed_file_again(tmp_path: Path, monkeypatch):
    """A stat stamp is trusted only for files that did not change just before they were read.

    Two saves of the same size within one timestamp tick leave the stamp as it was, so a file
    changed shortly before its read is read again every time.
    """
    from handbook import content
    page = tmp_path / "page.md"
    page.write_text("aaaa", encoding="utf-8")
    cache = content.DocCache()
    assert content._cache_key(page, cache)[1] == b"aaaa"
    cache.begin()
    page.write_text("bbbb", encoding="utf-8")
    assert content._cache_key(page, cache)[1] == b"bbbb"
    # An old file's stamp is trusted: pretend the clock is far ahead of the file's ctime.
    later = time.time_ns() + 10 * content.TRUSTED_AFTER_NS
    monkeypatch.setattr(content.time, "time_ns", lambda: later)
    cache.begin()
    assert content._cache_key(page, cache)[1] == b"bbbb"
    cache.begin()
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a trusted file"))
    assert content._cache_key(page, cache)[1] == b"bbbb"


def test_invalid_corpus_under_serve(tmp_path: Path):
    cases = pytest.importorskip("tests.invalid_cases")
    project = write_project(tmp_path / "project", {}, MINIMAL)
    running = Server(project)
    try:
        _, good = _get(running.url)
        checked = 0
        for case in cases.load_cases():
            if case.exit != 1 or case.out or set(case.args) - {"build", "--strict"}:
                continue  # usage errors and other commands are not about the project's files
            running.after(lambda: (_empty(project), case.apply(project)))
            if "--strict" not in case.args:
                _wait(lambda: running.status()["ok"] is False, message=case.name)
            assert _get(running.url)[0] == 200, case.name
            checked += 1
        running.after(lambda: (_empty(project), write_project(project, {}, MINIMAL)))
        _wait(lambda: running.status() == {"ok": True, "problems": []}
              and _get(running.url) == (200, good), message="recovery")
        assert checked > 10
    finally:
        running.stop()


def _empty(project: Path) -> None:
    """Remove every file of the project but keep its folders, which the server watches."""
    for top in ("content", "framework"):
        for folder, _, names in os.walk(project / top):
            for name in names:
                os.unlink(os.path.join(folder, name))
        for folder, dirs, _ in os.walk(project / top):
            for name in dirs:
                if os.path.islink(os.path.join(folder, name)):
                    os.unlink(os.path.join(folder, name))


def _tree(root: Path) -> dict:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and path.relative_to(root).as_posix() != STATUS}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except OSError:
        return 0, b""


def _wait(condition, timeout: float = TIMEOUT, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s {message}".strip())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
