"""Translation status (build.py translations): complete, missing, out of date, --mark, --annotate.

The projects are real git repositories in tmp_path; every case checks the command's whole output.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from handbook.cli import main
from handbook.status import UnclosedFrontMatter, blob_id, read_mark, with_mark
from tests.conftest import SECOND, run_build, write_project

SITE = "translations:\n  - language: de\n  - language: fr\n"
ABOUT = "# About\n\nThe first line.\nThe second line.\n"
ABOUT_NOW = "# About\n\nThe first line.\nThe second line, reworded.\nA third line.\n"
TRANSLATIONS = {
    "content/site.yaml": SITE,
    "content/about.md": ABOUT,
    "content/overrides/notes.md": "Not a page: the publisher's overrides are not translated.\n",
    "content/de/index.md": "---\ntitle: Start\n---\nWillkommen.\n",
    "content/de/about.md": "# Über\n\nDie erste Zeile.\nDie zweite Zeile.\n",
    "content/de/old.md": "Eine Seite, deren Quelle gelöscht wurde.\n",
}
HINT = "When a translation follows its source again, mark it:  build.py translations --mark PATH\n"
FR_MISSING = ("fr: 0 complete, 3 missing, 0 out of date\n"
              "  missing: content/fr/about.md\n"
              "  missing: content/fr/functions/alpha.md\n"
              "  missing: content/fr/index.md\n")


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch, tmp_path):
    """Give git an identity and no user or system configuration."""
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Translator")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "translator@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def git(folder, *arguments) -> str:
    """Run git in folder and return what it prints."""
    done = subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, text=True,
                          check=True)
    return done.stdout


def commit(folder, message: str) -> None:
    """Commit every file of folder's repository."""
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)


def translations(capsys, monkeypatch, project, *arguments) -> tuple:
    """Run build.py translations in project; return the exit code, stdout and stderr."""
    monkeypatch.chdir(project)
    code = main(["translations", *arguments], prog="build.py")
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def translated(tmp_path, monkeypatch, capsys):
    """A project in a git repository: de/about.md translated about.md, which changed since."""
    project = write_project(tmp_path / "project", TRANSLATIONS)
    git(project, "init", "-q")
    commit(project, "The English pages and two German translations")
    assert translations(capsys, monkeypatch, project, "--mark", "content/de/index.md",
                        "content/de/about.md")[0] == 0
    commit(project, "The German translations follow their sources")
    (project / "content/about.md").write_text(ABOUT_NOW)
    commit(project, "About: the second line reworded, a third line")
    return project


def test_blob_id_is_what_git_hash_object_prints(tmp_path):
    for data in (b"", b"hello\n", "Grüße\r\n".encode(), bytes(range(256))):
        (tmp_path / "file").write_bytes(data)
        assert blob_id(data) == git(tmp_path, "hash-object", str(tmp_path / "file")).strip()


def test_the_report_names_each_page_not_complete_with_the_diff_of_its_source(
        translated, capsys, monkeypatch):
    old = blob_id(ABOUT.encode())
    code, out, err = translations(capsys, monkeypatch, translated)
    assert (code, err) == (0, "")
    assert out == (
        "de: 1 complete, 1 missing, 1 out of date, 1 without a source\n"
        f"  out of date: content/de/about.md (content/about.md changed since {old})\n"
        f"    --- content/about.md ({old[:12]})\n"
        "    +++ content/about.md (now)\n"
        "    @@ -1,4 +1,5 @@\n"
        "     # About\n"
        "     \n"
        "     The first line.\n"
        "    -The second line.\n"
        "    +The second line, reworded.\n"
        "    +A third line.\n"
        "  missing: content/de/functions/alpha.md\n"
        "  without a source: content/de/old.md (there is no content/old.md; it is not built)\n"
        + FR_MISSING + HINT)


def test_build_py_prints_the_same_report_and_strict_never_fails_it(translated):
    done = run_build("translations", "--project", ".", "--strict", cwd=translated)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("de: 1 complete, 1 missing, 1 out of date, 1 without a source\n"
                                  "  out of date: content/de/about.md (content/about.md changed")
    assert done.stdout.endswith(FR_MISSING + HINT)


def test_the_json_holds_every_page_of_every_language(translated, capsys, monkeypatch, tmp_path):
    old, now = blob_id(ABOUT.encode()), blob_id(ABOUT_NOW.encode())
    alpha = blob_id((translated / "content/functions/alpha.md").read_bytes())
    index = blob_id((translated / "content/index.md").read_bytes())
    code, out, _ = translations(capsys, monkeypatch, translated, "--json", str(tmp_path / "s.json"))
    assert code == 0 and out.startswith("de: 1 complete")
    diff = (f"--- content/about.md ({old[:12]})\n+++ content/about.md (now)\n@@ -1,4 +1,5 @@\n"
            " # About\n \n The first line.\n-The second line.\n+The second line, reworded.\n"
            "+A third line.\n")

    def page(path, language, state, source_id, marked=None, reason=None, diff=None):
        return {"source": f"content/{path}", "translation": f"content/{language}/{path}",
                "state": state, "source_id": source_id, "translated_from": marked,
                "reason": reason, "diff": diff}
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == {
        "schema": 1, "default_language": "en", "languages": [
            {"language": "de",
             "summary": {"complete": 1, "missing": 1, "out_of_date": 1, "without_source": 1},
             "pages": [page("about.md", "de", "out_of_date", now, old, "changed", diff),
                       page("functions/alpha.md", "de", "missing", alpha),
                       page("index.md", "de", "complete", index, index)],
             "without_source": ["content/de/old.md"]},
            {"language": "fr",
             "summary": {"complete": 0, "missing": 3, "out_of_date": 0, "without_source": 0},
             "pages": [page("about.md", "fr", "missing", now),
                       page("functions/alpha.md", "fr", "missing", alpha),
                       page("index.md", "fr", "missing", index)],
             "without_source": []}]}


def test_without_the_history_a_page_is_changed_since_its_id(tmp_path, capsys, monkeypatch):
    gone = blob_id(b"A version this project never held.\n")
    project = write_project(tmp_path / "project", {
        "content/site.yaml": "translations:\n  - language: de\n",
        "content/about.md": ABOUT, "content/functions/alpha.md": None,
        "content/de/about.md": f"---\ntranslated_from: {gone}\n---\nÜber.\n",
        "content/de/index.md": "Start, never marked.\n"})
    code, out, err = translations(capsys, monkeypatch, project)  # not in a git repository
    assert (code, err) == (0, "")
    assert out == ("de: 0 complete, 0 missing, 2 out of date\n"
                   f"  out of date: content/de/about.md (content/about.md changed since {gone})\n"
                   "  out of date: content/de/index.md (never marked)\n" + HINT)


def test_a_mark_that_is_not_a_blob_id_is_out_of_date(tmp_path, capsys, monkeypatch):
    project = write_project(tmp_path / "project", {
        "content/site.yaml": "translations:\n  - language: de\n",
        "content/functions/alpha.md": None,
        "content/de/index.md": "---\ntranslated_from: HEAD~1\n---\nStart.\n"})
    code, out, _ = translations(capsys, monkeypatch, project)
    assert (code, out) == (0, "de: 0 complete, 0 missing, 1 out of date\n"
                           '  out of date: content/de/index.md (translated_from: "HEAD~1" is '
                           "not a blob id (40 hex digits))\n" + HINT)


def test_without_translations_the_report_says_so(make_project, capsys, monkeypatch):
    code, out, err = translations(capsys, monkeypatch, make_project())
    assert (code, out, err) == (0, "No translations: content/site.yaml lists no languages "
                                   "under translations.\n", "")


def test_the_second_framework_with_an_english_page(tmp_path, capsys, monkeypatch):
    project = tmp_path / "second"
    shutil.copytree(SECOND, project)
    shutil.rmtree(project / "content/en", ignore_errors=True)  # the fixture's own, if any
    site = project / "content/site.yaml"
    if "translations:" not in site.read_text(encoding="utf-8"):
        site.write_text(site.read_text(encoding="utf-8") + "translations:\n  - language: en\n",
                        encoding="utf-8")
    (project / "content/en").mkdir()
    (project / "content/en/index.md").write_text("---\ntitle: Partnering handbook\n---\nWelcome.\n")
    code, out, _ = translations(capsys, monkeypatch, project, "--mark", "content/en/index.md")
    index = blob_id((project / "content/index.md").read_bytes())
    assert (code, out) == (0, f"marked content/en/index.md: translated_from: {index}\n")
    code, out, err = translations(capsys, monkeypatch, project)
    assert (code, err) == (0, "")
    assert out == ("en: 1 complete, 5 missing, 0 out of date\n" + "".join(
        f"  missing: content/en/functions/{name}.md\n"
        for name in ("einkauf", "kundendienst", "logistik", "qualitaet", "schulung")))


# --- --mark ---------------------------------------------------------------------------------------

MARKED = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(("before", "after"), [
    (b"---\ntitle: Start\n---\nText\n", b"---\ntitle: Start\ntranslated_from: ID\n---\nText\n"),
    (b"---\r\ntitle: Start\r\ntranslated_from: 'old' # by hand\r\norder: 2\r\n---\r\nText\r\n",
     b"---\r\ntitle: Start\r\ntranslated_from: ID\r\norder: 2\r\n---\r\nText\r\n"),
    (b"# Titel\n\nText without an end of line", b"---\ntranslated_from: ID\n---\n# Titel\n\n"
     b"Text without an end of line"),
    (b"---\n---\n\n---\n", b"---\ntranslated_from: ID\n---\n\n---\n"),
])
def test_mark_edits_only_the_translated_from_line(before, after):
    assert with_mark(before, MARKED) == after.replace(b"ID", MARKED.encode())


def test_mark_quotes_an_id_yaml_would_read_as_a_number(tmp_path):
    digits = "1234567890" * 4
    marked = with_mark(b"Text\n", digits)
    assert marked == b'---\ntranslated_from: "' + digits.encode() + b'"\n---\nText\n'
    (tmp_path / "page.md").write_bytes(marked)
    assert read_mark(tmp_path / "page.md") == digits


def test_mark_refuses_front_matter_that_is_not_closed():
    with pytest.raises(UnclosedFrontMatter):
        with_mark(b"---\ntitle: Start\n", MARKED)


def test_mark_writes_the_source_s_blob_id_and_keeps_every_other_byte(
        translated, capsys, monkeypatch):
    about = translated / "content/de/about.md"
    about.write_bytes(b"---\r\ntitle: \xc3\x9cber\r\n---\r\n# \xc3\x9cber\r\n\r\nNeu.")
    code, out, err = translations(capsys, monkeypatch, translated / "content",
                                  "--project", "..", "--mark", "de/about.md")
    now = blob_id(ABOUT_NOW.encode())
    assert (code, out, err) == (0, f"marked de/about.md: translated_from: {now}\n", "")
    assert about.read_bytes() == (b"---\r\ntitle: \xc3\x9cber\r\ntranslated_from: "
                                  + now.encode() + b"\r\n---\r\n# \xc3\x9cber\r\n\r\nNeu.")
    code, out, _ = translations(capsys, monkeypatch, translated)
    assert out.startswith("de: 2 complete, 1 missing, 0 out of date, 1 without a source\n")


@pytest.mark.parametrize(("path", "message"), [
    ("content/about.md", "content/about.md is not a translation"),
    ("content/es/about.md", "content/es/about.md is not a translation"),
    ("content/de", "content/de is not a translation"),
    ("content/de/notes.txt", "content/de/notes.txt is not a translation"),
    ("../outside/de/about.md", "../outside/de/about.md is not a translation"),
])
def test_mark_refuses_a_path_that_is_not_a_translation(translated, capsys, monkeypatch, path,
                                                       message):
    before = (translated / "content/de/about.md").read_bytes()
    code, out, err = translations(capsys, monkeypatch, translated, "--mark",
                                  "content/de/about.md", path)
    assert (code, out) == (2, "")
    assert err == (f"error: --mark: {message}; name a page under content/<language>/ for a "
                   "language that content/site.yaml lists under translations (de, fr), such as "
                   "content/de/about.md\n")
    assert (translated / "content/de/about.md").read_bytes() == before  # nothing half done


def test_mark_refuses_a_missing_file_and_a_page_without_a_source(translated, capsys, monkeypatch):
    code, out, err = translations(capsys, monkeypatch, translated, "--mark", "content/fr/about.md")
    assert (code, out, err) == (2, "", "error: --mark: content/fr/about.md: no such file\n")
    code, out, err = translations(capsys, monkeypatch, translated, "--mark", "content/de/old.md")
    assert (code, out, err) == (2, "", "error: --mark: content/de/old.md translates nothing: "
                                       "there is no content/old.md\n")


def test_mark_names_a_file_whose_front_matter_is_not_closed(translated, capsys, monkeypatch):
    (translated / "content/de/about.md").write_text("---\ntitle: Über\n\nText.\n")
    code, out, err = translations(capsys, monkeypatch, translated, "--mark", "content/de/about.md")
    assert (code, out, err) == (1, "", "content/de/about.md:1: the front matter that starts on "
                                       "line 1 is not closed; add a line with just --- after it\n")


# --- --annotate -----------------------------------------------------------------------------------

def test_annotate_gives_a_notice_for_each_translation_the_branch_made_stale(
        tmp_path, capsys, monkeypatch):
    repository = tmp_path / "repository"
    project = write_project(repository / "handbook", {
        **TRANSLATIONS, "content/guide.md": "# Guide\n",  # stale before the branch, not by it
        "content/de/guide.md": "# Leitfaden, never marked\n"})
    git(repository, "init", "-q", "-b", "main")
    translations(capsys, monkeypatch, project, "--mark", "content/de/index.md",
                 "content/de/about.md")
    commit(repository, "The English pages and two translated ones")
    git(repository, "checkout", "-q", "-b", "reword")
    (project / "content/about.md").write_text(ABOUT_NOW)  # its translation goes stale
    (project / "content/functions/alpha.md").write_text("Alpha, reworded.\n")  # none in de
    (project / "content/index.md").write_text("---\ntitle: Home\n---\nWelcome back.\n")
    (project / "content/de/index.md").write_text("---\ntitle: Start\n---\nWillkommen zurück.\n")
    translations(capsys, monkeypatch, project, "--mark", "content/de/index.md")  # followed
    commit(repository, "Reword about and index; the German index follows")
    code, out, err = translations(capsys, monkeypatch, project, "--annotate", "main", "--strict")
    assert (code, err) == (0, "")
    assert out == ("::notice file=handbook/content/de/about.md,line=1,title=Translation out of "
                   "date::content/about.md changed since main; bring this translation (de) up "
                   "to date with it, then mark it:  build.py translations --mark "
                   "content/de/about.md\n"
                   "1 translation made out of date since main.\n")
    code, out, _ = translations(capsys, monkeypatch, project, "--annotate", "reword")
    assert (code, out) == (0, "No translation made out of date since reword.\n")


def test_annotate_refuses_a_base_git_does_not_know(translated, capsys, monkeypatch):
    code, out, err = translations(capsys, monkeypatch, translated, "--annotate", "origin/nowhere")
    assert (code, out) == (2, "")
    assert err.startswith("error: --annotate: git cannot compare origin/nowhere...HEAD (")
    assert err.endswith("); check out the whole history (actions/checkout with fetch-depth: 0)\n")
    code, out, err = translations(capsys, monkeypatch, translated, "--annotate=--output=x")
    assert (code, out, err) == (2, "", "error: --annotate: '--output=x' is not a commit; name "
                                       "the base to compare HEAD with, such as origin/main\n")


def test_the_options_are_given_one_at_a_time(translated, capsys, monkeypatch):
    code, out, err = translations(capsys, monkeypatch, translated, "--annotate", "HEAD~1",
                                  "--mark", "content/de/about.md")
    assert (code, out, err) == (2, "", "error: --mark, --annotate and --json do different "
                                       "things; give one of them at a time\n")
