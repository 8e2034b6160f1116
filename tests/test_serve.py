"""The dev server: rebuilds after edits, survives bad ones, and its partial rebuilds are exact."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from handbook.pipeline import Cache, Options, build
from tests.conftest import MINIMAL, SECOND, run_build, write_project
from tests.support.dev_server import DevServer, wait as _wait

DEV = "__handbook__/"
STATUS = DEV + "status.json"
OK = {"ok": True, "errors": [], "warnings": []}


class Server(DevServer):
    """A `build.py serve` child process that waits for its pages and for its rebuilds."""

    def __init__(self, project: Path, *args: str):
        super().__init__(project, *args)
        _wait(lambda: _get(self.url)[0] == 200)

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

    def dev(self) -> str:
        """Return the dev setting of this server's builds (its reload socket)."""
        return f"ws://127.0.0.1:{self.port}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SECOND, tmp_path / "project"))


@pytest.fixture
def server(project: Path):
    running = Server(project)
    yield running
    assert not running.stop(), "serve left its temporary folder behind"


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
    assert any("framework/framework.yaml" in problem for problem in server.status()["errors"])
    assert _get(page) == (200, good)
    server.after(lambda: framework.write_text(text, encoding="utf-8"))
    _wait(lambda: server.status() == OK)
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
        result = build(Options(project=project, out=clean, dev=server.dev()))
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
    other, guide = project / "content/other.md", project / "content/guide.md"
    edits = [("nothing", lambda: None),
             ("link broken", lambda: _replace(guide, "other.md#deep", "other.md#nowhere")),
             ("link mended", lambda: _replace(guide, "other.md#nowhere", "other.md#deep")),
             ("anchor removed", lambda: _replace(other, "## Deep", "## Shallow")),
             ("anchor back", lambda: _replace(other, "## Shallow", "## Deep")),
             ("text edited", lambda: _replace(other, "Text.", "Other text.")),
             ("title changed", lambda: _replace(other, "# Other", "# Elsewhere")),
             ("target removed", lambda: other.unlink())]
    cache, options = Cache(), Options(project=project, dev="ws://127.0.0.1:8000")
    for name, edit in edits:
        edit()
        cached, clean = build(options, cache), build(options)
        assert [p.format() for p in cached.report.sorted()] == \
            [p.format() for p in clean.report.sorted()], name
        assert cached.files == clean.files, name
    assert cached.report.errors and not build(options, Cache()).files


# Each kind of input a page is made from, edited on its own: (file, text, replacement).
ONE_INPUT_EDITS = [
    ("a sentence of a function's prose", "content/functions/einkauf.md",
     "Einleitung zu Gemeinsamer Einkauf.", "Eine andere Einleitung."),
    ("a sentence of a page's prose", "content/guide.md", "Ein Satz.", "Ein anderer Satz."),
    ("a sign", "content/functions/einkauf.md", "Ein Zeichen für Anfang.", "Ein Zeichen."),
    ("a page's title", "content/guide.md", "title: Leitfaden", "title: Der Leitfaden"),
    ("a function's name", "framework/functions/einkauf.yaml", 'name: "Gemeinsamer Einkauf"',
     'name: "Einkauf"'),
    ("a function's descriptor", "framework/functions/einkauf.yaml", 'anfang: "Jeder kauft allein"',
     'anfang: "Jeder kauft für sich"'),
    ("a function's summary", "framework/functions/einkauf.yaml", "summary: Waren gemeinsam günstiger beziehen.",
     "summary: Gemeinsam günstiger einkaufen."),
    ("a level's summary", "framework/framework.yaml", "summary: Gemeinsame Projekte von Fall zu Fall.",
     "summary: Gemeinsame Projekte, wenn sie sich ergeben."),
    ("a translated descriptor", "framework/translations/en.yaml", 'anfang: "Everyone buys alone"',
     'anfang: "Each buys alone"'),
    ("a template", "content/overrides/templates/credits.html", "Ein Angebot des Verbands.",
     "Ein Angebot."),
    ("a string", "content/overrides/strings/de.yaml", "next: Weiter", "next: Vor"),
    ("an asset", "content/bild.svg", "#123456", "#654321"),
    ("a sentence of a translated page", "content/en/functions/einkauf.md",
     "Introduction to Joint Purchasing.", "Another introduction."),
    ("a translated function's name", "framework/translations/en.yaml", 'name: "Joint Purchasing"',
     'name: "Purchasing"'),
    ("a source made newer than its translation", "content/functions/einkauf.md",
     "Einleitung zu Gemeinsamer Einkauf.", "Eine neuere Einleitung."),
    ("a translation's source marked", "content/en/functions/einkauf.md",
     "translated_from: f", "translated_from: 0"),
]


def test_each_input_edited_alone_rebuilds_as_a_clean_build(tmp_path: Path):
    """After each kind of edit, and after undoing it, the reusing build equals a clean one.

    Each edit changes what some pages show and leaves the rest as they were, so a build that
    reused a page it should have rendered again fails here.
    """
    project = Path(shutil.copytree(SECOND, tmp_path / "project"))
    write_project(project, {
        "content/guide.md": "---\ntitle: Leitfaden\n---\nEin Satz. ![Bild](bild.svg)\n",
        "content/bild.svg": '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#123456" '
                            'width="1" height="1"/></svg>\n'}, base=None)
    cache, options = Cache(), Options(project=project, dev="ws://127.0.0.1:8000")
    assert build(options, cache).files == build(options).files
    for name, relative, text, replacement in ONE_INPUT_EDITS:
        path = project / relative
        original = path.read_text(encoding="utf-8")
        assert text in original, name
        for step, written in (("edited", original.replace(text, replacement)),
                              ("undone", original)):
            path.write_text(written, encoding="utf-8")
            cached, clean = build(options, cache), build(options)
            assert not clean.failed(False), (name, step)
            assert cached.files == clean.files, f"{name}, {step}: " + ", ".join(
                sorted(p for p in clean.files if cached.files.get(p) != clean.files[p]))


def test_a_descriptor_edit_renders_only_the_pages_that_show_the_framework(tmp_path: Path):
    """Pages of the kinds that do not show the framework's contents are reused as they were."""
    project = Path(shutil.copytree(SECOND, tmp_path / "project"))
    write_project(project, {"content/guide.md": "---\ntitle: Leitfaden\n---\nEin Satz.\n"}, base=None)
    cache, options = Cache(), Options(project=project, dev="ws://127.0.0.1:8000")
    build(options, cache)
    before = dict(cache.pages.pages)
    function = project / "framework/functions/einkauf.yaml"
    function.write_text(function.read_text(encoding="utf-8").replace("Jeder kauft allein", "Jeder für sich"),
                        encoding="utf-8")
    cached = build(options, cache)
    assert cached.files == build(options).files and b"Jeder f\xc3\xbcr sich" in cached.files["functions/einkauf.html"]
    reused = sorted(key for key, kept in cache.pages.pages.items() if kept is before.get(key))
    assert reused == ["404", "guide"], (reused, sorted(cache.pages.pages))


def test_a_translation_removed_and_restored_rebuilds_as_a_clean_build(tmp_path: Path):
    """A page whose translation goes is shown in the default language under a notice, then translated again."""
    project = Path(shutil.copytree(SECOND, tmp_path / "project"))
    page = project / "content" / "en" / "functions" / "logistik.md"
    text = page.read_bytes()
    cache, options = Cache(), Options(project=project, dev="ws://127.0.0.1:8000")
    before = build(options, cache).files
    page.unlink()
    cached, clean = build(options, cache), build(options)
    assert cached.files == clean.files and cached.files != before
    assert b"translation-notice" in clean.files["en/functions/logistik.html"]
    page.write_bytes(text)
    assert build(options, cache).files == before


def test_serve_full_keeps_nothing_between_builds(project: Path, tmp_path: Path):
    """`serve --full` rebuilds with no cache, and still serves what a clean build writes."""
    from handbook.serve import Rebuilder
    assert Rebuilder(Options(project=project), tmp_path / "unused", full=True).cache is None
    running = Server(project, "--full")
    try:
        running.after(lambda: _replace(project / "content/functions/einkauf.md",
                                       "Einleitung zu Gemeinsamer Einkauf.", "Anders."))
        clean = tmp_path / "clean"
        assert not build(Options(project=project, out=clean, dev=running.dev())).failed(False)
        expected = _tree(clean)
        _wait(lambda: running.status()["ok"] and _tree(running.site) == expected,
              message="served output differs from a clean build")
    finally:
        assert not running.stop(), "serve left its temporary folder behind"


def test_doc_cache_reads_a_recently_changed_file_again(tmp_path: Path, monkeypatch):
    """A stat stamp is trusted only for files that did not change just before they were read.

    Two saves of the same size within one timestamp tick leave the stamp as it was, so a file
    changed shortly before its read is read again every time.
    """
    from handbook import incremental
    page = tmp_path / "page.md"
    page.write_text("aaaa", encoding="utf-8")
    cache = incremental.DocCache()
    assert incremental.cache_key(page, cache)[1] == b"aaaa"
    cache.begin()
    page.write_text("bbbb", encoding="utf-8")
    assert incremental.cache_key(page, cache)[1] == b"bbbb"
    # An old file's stamp is trusted: pretend the clock is far ahead of the file's ctime.
    later = time.time_ns() + 10 * incremental.TRUSTED_AFTER_NS
    monkeypatch.setattr(incremental.time, "time_ns", lambda: later)
    cache.begin()
    assert incremental.cache_key(page, cache)[1] == b"bbbb"
    cache.begin()
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a trusted file"))
    assert incremental.cache_key(page, cache)[1] == b"bbbb"


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
        _wait(lambda: running.status() == OK and _get(running.url) == (200, good),
              message="recovery")
        assert checked > 10
    finally:
        assert not running.stop(), "serve left its temporary folder behind"


def test_first_build_says_built_then_one_line_per_failure_and_recovery(server: Server,
                                                                        project: Path):
    first = server.lines[0]
    assert re.fullmatch(r"Built \d+ pages in \d+\.\d\d s\.", first), server.lines
    assert server.lines[1].startswith("Serving ") and len(server.lines) == 2, server.lines
    framework = project / "framework/framework.yaml"
    text = framework.read_text(encoding="utf-8")
    server.after(lambda: framework.write_text(text.replace("levels:", "levels: [oops"),
                                              encoding="utf-8"))
    status, failed = server.status(), server.lines[2:]
    errors = len(status["errors"])
    assert sorted(failed[:-1]) == sorted(status["errors"] + status["warnings"])
    assert failed[-1] == (f"Build failed: {errors} error{'' if errors == 1 else 's'}, "
                          "0 warnings; still serving the last good pages."), failed
    before = len(server.lines)
    server.after(lambda: framework.write_text(text, encoding="utf-8"))
    recovered = server.lines[before:]
    assert len(recovered) == 1 and re.fullmatch(r"Rebuilt \d+ pages in \d+\.\d\d s\.",
                                                recovered[0]), recovered


def test_port_in_use_is_a_usage_error_before_anything_is_served(project: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_build("serve", "--port", port, "--project", project, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (f"error: port {port} on 127.0.0.1 is already in use (by another "
                             "build.py serve?); stop that program or choose another port with "
                             f"--port, for example --port {port + 1}\n")


@pytest.mark.parametrize("base_url, outside", [("", None),
                                               ("https://example.org/handbook/", "elsewhere/")])
def test_unknown_urls_get_the_sites_404_page(tmp_path: Path, base_url: str, outside):
    project = write_project(tmp_path / "project", {})
    running = Server(project, *(["--base-url", base_url] if base_url else []))
    try:
        origin = "/".join(running.url.split("/")[:3]) + "/"
        assert running.url == origin + ("handbook/" if base_url else "")
        not_found = (running.site / "404.html").read_bytes()
        for url in [running.url + "no/such/page.html", running.url + "nothing.png"] + (
                [origin + outside] if outside else []):
            status, body = _get(url)
            assert (status, body) == (404, not_found), url
        assert _title(not_found) == "Page not found · Tiny framework"
        assert _get(running.url + "../../../etc/passwd")[0] in (403, 404)
        # The terminal is for the editor's builds: no request is logged there.
        assert [line.split(" ")[0] for line in running.lines] == ["Built", "Serving"]
    finally:
        assert not running.stop(), "serve left its temporary folder behind"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_stopping_removes_the_temporary_folder(tmp_path: Path, signum):
    project = write_project(tmp_path / "project", {})
    running = DevServer(project, "--base-url", "https://example.org/handbook/")
    assert running.root.name.startswith("handbook-serve-") and running.root.is_dir()
    assert running.root.parent == Path(tempfile.gettempdir())
    left = running.stop(signum)
    assert not left, f"{running.root} was left behind"
    assert running.process.returncode == 0, running.lines


def test_before_any_good_build_every_url_gets_the_waiting_page(tmp_path: Path):
    project = write_project(tmp_path / "project", {"content/index.md": "---\ntitle: [\n---\n"})
    running = DevServer(project, "--base-url", "https://example.org/handbook/")
    try:
        errors = json.loads((running.site / STATUS).read_text(encoding="utf-8"))["errors"]
        assert errors[0].startswith("project/content/index.md:3:1: front matter: YAML syntax")
        assert running.lines[:2] == errors + ["Build failed: 1 error, 0 warnings."]
        status, body = _get(running.url)
        head = _head(body)
        assert status == 404 and head["title"] == "Waiting for a build that succeeds"
        assert head["scripts"] == ["/handbook/__handbook__/dev.js"]
        assert head["socket"] == f"ws://127.0.0.1:{running.port}/livereload"
        assert head["csp"] == ("default-src 'none'; script-src 'self'; style-src 'self'; "
                               f"connect-src 'self' ws://127.0.0.1:{running.port}; "
                               "base-uri 'none'; form-action 'none'")
        assert _get(running.url + "functions/alpha.html") == (404, body)
        write_project(project, {})
        _wait(lambda: _get(running.url)[0] == 200)
        assert _title(_get(running.url)[1]) == "Tiny framework"
    finally:
        assert not running.stop(), "serve left its temporary folder behind"


def test_a_killed_servers_folder_is_removed_by_the_next_server(tmp_path: Path):
    project = write_project(tmp_path / "project", {})
    killed = DevServer(project)
    killed.process.kill()  # SIGKILL: no chance to clean up
    killed.process.wait()
    assert killed.root.is_dir()
    assert killed.root.name.startswith(f"handbook-serve-{killed.process.pid}-")
    running = DevServer(project)
    try:
        assert not killed.root.exists()
    finally:
        assert not running.stop(), "serve left its temporary folder behind"
        killed.stop()


def test_published_site_has_no_dev_asset_and_the_dev_csp_adds_only_the_socket(tmp_path: Path):
    project = write_project(tmp_path / "project", {})
    published = build(Options(project=project))
    dev = build(Options(project=project, dev="ws://127.0.0.1:8123"))
    assert not published.failed(True) and not dev.failed(True)
    assert set(published.files) == set(dev.files)
    assert not [name for name in published.files if "dev" in name.rsplit("/", 1)[-1]
                or name.startswith(DEV)]
    assert not [name for name, data in published.files.items()
                if name.endswith((".css", ".js")) and b"handbook-dev" in data]
    pages = [name for name in published.files if name.endswith(".html")]
    assert len(pages) > 5
    for name in pages:
        public, local = _head(published.files[name]), _head(dev.files[name])
        assert public["csp"] == PUBLISHED_CSP, name
        assert local["csp"] == PUBLISHED_CSP.replace("connect-src 'self';",
                                                     "connect-src 'self' ws://127.0.0.1:8123;")
        assert not [src for src in public["scripts"] + public["styles"] if DEV in src], name
        assert [src.rsplit("/", 2)[-2:] for src in local["scripts"] if DEV in src] == \
            [["__handbook__", "dev.js"]], name
        assert local["socket"] == "ws://127.0.0.1:8123/livereload", name


PUBLISHED_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
                 "form-action 'none'")


class _Head(HTMLParser):
    """Collect a page's CSP, script and style URLs, and the dev script's socket."""

    def __init__(self):
        super().__init__()
        self.found = {"csp": None, "scripts": [], "styles": [], "socket": None, "title": ""}
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy":
            self.found["csp"] = attrs["content"]
        elif tag == "script" and attrs.get("src"):
            self.found["scripts"].append(attrs["src"])
            self.found["socket"] = attrs.get("data-socket") or self.found["socket"]
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.found["styles"].append(attrs["href"])
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.found["title"] += data

    def handle_endtag(self, tag):
        self._in_title = False


def _head(html: bytes) -> dict:
    parser = _Head()
    parser.feed(html.decode("utf-8"))
    return parser.found


def _title(html: bytes) -> str:
    return _head(html)["title"]


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
            if path.is_file() and not path.relative_to(root).as_posix().startswith(DEV)}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError:
        return 0, b""
