"""Translation status: which translated pages are complete, missing or out of date.

A translation (content/<language>/x.md) records in its front matter the git blob id of the
default-language source it translates (`translated_from:`). The page is complete while that id is
the current source's; a translation that records another id is out of date, and the source's
text at that id, when the repository still holds it, gives the diff a translator has to follow.
Staleness is a notice: nothing here makes a build or a check fail.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .problems import Report, _escape_data, _escape_property
from .records import dataclass
from .sources import Project, blob_id

CONTENT = "content"
SKIP_FOLDERS = ("overrides",)
BLOB_ID = re.compile(r"^[0-9a-f]{40}$")
KEY = "translated_from"
COMPLETE, MISSING, OUT_OF_DATE = "complete", "missing", "out_of_date"
NEVER_MARKED, CHANGED, NOT_AN_ID = "never marked", "changed", "not a blob id"
GIT_SECONDS = 30


@dataclass(frozen=True)
class PageStatus:
    """One default-language page as one language has it."""

    source: str  # path inside the project: content/about.md
    translation: str  # content/de/about.md
    state: str  # COMPLETE, MISSING or OUT_OF_DATE
    source_id: str  # the current source's blob id
    translated_from: str = ""  # what the translation records ("" when it records nothing)
    reason: str = ""  # why it is out of date: NEVER_MARKED, CHANGED or NOT_AN_ID
    diff: str | None = None  # the source's unified diff since translated_from, when known


@dataclass(frozen=True)
class LanguageStatus:
    """Every default-language page in one language, and its files that translate nothing."""

    language: str
    pages: tuple  # PageStatus, by source path
    without_source: tuple  # paths inside the project: content/de/old.md

    def count(self, state: str) -> int:
        """Return how many pages are in state."""
        return sum(1 for page in self.pages if page.state == state)


def source_pages(root: Path, languages: tuple) -> list:
    """Return the default-language pages' paths inside content/ (about.md), sorted."""
    folder = root / CONTENT
    skip = set(languages) | set(SKIP_FOLDERS)
    pages = []
    for path in folder.rglob("*.md"):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in skip:
            pages.append(relative.as_posix())
    return sorted(pages)


def language_status(root: Path, language: str, pages: list) -> LanguageStatus:
    """Return the status of every page in language."""
    folder = root / CONTENT / language
    found = tuple(page_status(root, language, page) for page in pages)
    known = set(pages)
    extra = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.md")
                   if path.is_file()) if folder.is_dir() else []
    orphans = tuple(f"{CONTENT}/{language}/{page}" for page in extra if page not in known)
    return LanguageStatus(language, found, orphans)


def page_status(root: Path, language: str, page: str) -> PageStatus:
    """Return how language has the default-language page (a path inside content/)."""
    source, translation = f"{CONTENT}/{page}", f"{CONTENT}/{language}/{page}"
    data = (root / source).read_bytes()
    current = blob_id(data)
    if not (root / translation).is_file():
        return PageStatus(source, translation, MISSING, current)
    recorded = read_mark(root / translation)
    if recorded == current:
        return PageStatus(source, translation, COMPLETE, current, recorded)
    if not recorded:
        return PageStatus(source, translation, OUT_OF_DATE, current, "", NEVER_MARKED)
    if not BLOB_ID.match(recorded):
        return PageStatus(source, translation, OUT_OF_DATE, current, recorded, NOT_AN_ID)
    return PageStatus(source, translation, OUT_OF_DATE, current, recorded, CHANGED,
                      source_diff(root, source, recorded, data))


def status(root: Path, languages: tuple) -> tuple:
    """Return a LanguageStatus for each language, in the order given."""
    pages = source_pages(root, languages)
    return tuple(language_status(root, language, pages) for language in languages)


def source_diff(root: Path, source: str, old_id: str, data: bytes) -> str | None:
    """Return the source's unified diff from the blob old_id to data; None without that blob."""
    import difflib  # here: a build reads translations' blob ids (blob_id) and needs no diff

    old = git_blob(root, old_id)
    if old is None:
        return None
    lines = difflib.unified_diff(_lines(old), _lines(data), f"{source} ({old_id[:12]})",
                                 f"{source} (now)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _lines(data: bytes) -> list:
    return data.decode("utf-8", errors="replace").splitlines(keepends=True)


def git_blob(root: Path, blob: str) -> bytes | None:
    """Return the blob's bytes from the repository holding root, or None."""
    if not BLOB_ID.match(blob):
        return None
    done = git(root, "cat-file", "blob", blob)
    return done.stdout if done is not None and done.returncode == 0 else None


def git(root: Path, *arguments: str) -> subprocess.CompletedProcess | None:
    """Run git in root; None when git cannot be run at all."""
    try:
        return subprocess.run(["git", "-C", str(root), *arguments], capture_output=True,
                              timeout=GIT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


# --- The front matter's translated_from line, read and written as bytes -------------------------

MARK_LINE = re.compile(rb"^translated_from[ \t]*:")


def _front_matter_end(lines: list) -> int | None:
    """Return the index of the line closing the front matter; None when there is none."""
    if not lines or lines[0].rstrip(b"\r") != b"---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip(b"\r \t") in (b"---", b"..."):
            return index
    return None


def read_mark(path: Path) -> str:
    """Return the translated_from value a translation's front matter holds, or ""."""
    lines = path.read_bytes().split(b"\n")
    end = _front_matter_end(lines)
    for line in lines[1:end] if end else ():
        if MARK_LINE.match(line):
            value = line.split(b":", 1)[1].split(b" #", 1)[0].strip()
            return value.strip(b"'\"").decode("utf-8", errors="replace")
    return ""


def _mark_line(blob: str) -> bytes:
    """Return the front matter's translated_from line, without its end of line."""
    # An id of decimal digits only would read as a number in YAML: such a one goes in quotes.
    value = f'"{blob}"' if blob.isdigit() else blob
    return f"{KEY}: {value}".encode()


class UnclosedFrontMatter(ValueError):
    """A file whose first line opens front matter that no line closes."""


def with_mark(data: bytes, blob: str) -> bytes:
    """Return data with translated_from set to blob; every other byte is kept."""
    lines = data.split(b"\n")
    end = _front_matter_end(lines)
    if end is None and lines[0].rstrip(b"\r") == b"---":
        raise UnclosedFrontMatter("the front matter that starts on line 1 is not closed; add a "
                                  "line with just --- after it")
    if end is None:
        return b"---\n" + _mark_line(blob) + b"\n---\n" + data
    ending = b"\r" if lines[0].endswith(b"\r") else b""
    mark = _mark_line(blob)
    for index in range(1, end):
        if MARK_LINE.match(lines[index]):
            lines[index] = mark + (b"\r" if lines[index].endswith(b"\r") else b"")
            return b"\n".join(lines)
    lines.insert(end, mark + ending)
    return b"\n".join(lines)


# --- The command: build.py translations [--json FILE | --mark PATH ... | --annotate BASE] ------

USAGE_ERROR = 2


class UsageError(Exception):
    """A command line the translations command cannot carry out."""


@dataclass(frozen=True)
class Request:
    """What the translations command is asked to do."""

    project: Project
    prog: str = "build.py"
    json_file: Path | None = None
    mark: tuple = ()  # paths of translation files, as given
    annotate: str = ""  # the base to compare HEAD with


def run(request: Request, out, err) -> int:
    """Carry out the translations command; return the exit code (0 however stale)."""
    from .problems import print_report

    report = Report()
    default, languages = site_languages(request.project, report)
    if report.errors:
        print_report(Report(report.errors), False, err)
    try:
        if sum(map(bool, (request.mark, request.annotate, request.json_file))) > 1:
            raise UsageError("--mark, --annotate and --json do different things; give one of "
                             "them at a time")
        if request.mark:
            return mark(request, languages, out, err)
        found = status(request.project.root, languages)
        if request.annotate:
            return annotate(request, found, out)
        print(text_report(request, found), file=out, end="")
        if request.json_file is not None:
            write_json(request.json_file, default, found)
    except UsageError as exc:
        print(f"error: {exc}", file=err)
        return USAGE_ERROR
    return 0


def site_languages(project: Project, report: Report) -> tuple:
    """Return the default language and the translations' languages of content/site.yaml."""
    from .config import load_config

    config = load_config(project, report)
    return config.language, tuple(translation.language for translation in config.translations)


def text_report(request: Request, found: tuple) -> str:
    """Return the report for the terminal: a summary line per language, then its pages."""
    if not found:
        return "No translations: content/site.yaml lists no languages under translations.\n"
    lines = []
    for language in found:
        lines.append(_summary(language))
        lines.extend(_page_lines(request, language))
    if any(language.count(OUT_OF_DATE) for language in found):
        lines.append(f"When a translation follows its source again, mark it:  {request.prog} "
                     "translations --mark PATH")
    return "\n".join(lines) + "\n"


def _summary(language: LanguageStatus) -> str:
    """Return the language's summary line."""
    counts = (f"{language.language}: {language.count(COMPLETE)} complete, "
              f"{language.count(MISSING)} missing, {language.count(OUT_OF_DATE)} out of date")
    orphans = len(language.without_source)
    return counts + (f", {orphans} without a source" if orphans else "")


def _page_lines(request: Request, language: LanguageStatus) -> list:
    """Return a line for each page that is not complete (with its diff) and each orphan."""
    show = _shower(request.project)
    lines = []
    for page in language.pages:
        if page.state == MISSING:
            lines.append(f"  missing: {show(page.translation)}")
        elif page.state == OUT_OF_DATE:
            lines.append(f"  out of date: {show(page.translation)} ({_why(page, show)})")
            lines.extend("    " + line for line in (page.diff or "").splitlines())
    for orphan in language.without_source:
        source = CONTENT + "/" + orphan.split("/", 2)[2]
        lines.append(f"  without a source: {show(orphan)} (there is no {show(source)}; "
                     "it is not built)")
    return lines


def _why(page: PageStatus, show) -> str:
    """Return why the page is out of date, for its line."""
    if page.reason == NEVER_MARKED:
        return "never marked"
    if page.reason == NOT_AN_ID:
        return f'translated_from: "{page.translated_from}" is not a blob id (40 hex digits)'
    return f"{show(page.source)} changed since {page.translated_from}"


def _shower(project: Project):
    """Return a function that shows a path inside the project as messages do."""
    return lambda path: project.show(project.root / path)


def as_json(default: str, found: tuple) -> dict:
    """Return the report as JSON data (schema 1)."""
    return {"schema": 1, "default_language": default,
            "languages": [_language_json(language) for language in found]}


def _language_json(language: LanguageStatus) -> dict:
    return {
        "language": language.language,
        "summary": {"complete": language.count(COMPLETE), "missing": language.count(MISSING),
                    "out_of_date": language.count(OUT_OF_DATE),
                    "without_source": len(language.without_source)},
        "pages": [{"source": page.source, "translation": page.translation, "state": page.state,
                   "source_id": page.source_id, "translated_from": page.translated_from or None,
                   "reason": page.reason or None, "diff": page.diff}
                  for page in language.pages],
        "without_source": list(language.without_source),
    }


def write_json(path: Path, default: str, found: tuple) -> None:
    """Write the report as JSON into path."""
    import json

    text = json.dumps(as_json(default, found), indent=2, ensure_ascii=False) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--json: cannot write {path}: {exc.strerror}") from None


def mark(request: Request, languages: tuple, out, err) -> int:
    """Set translated_from in each named translation to its source's current blob id."""
    project = request.project
    edits = []
    for given in request.mark:
        translation, source = _translation_of(project, languages, given)
        current = blob_id(source.read_bytes())
        try:
            edits.append((translation, with_mark(translation.read_bytes(), current), current))
        except UnclosedFrontMatter as exc:
            print(f"{project.show(translation)}:1: {exc}", file=err)
            return 1
    for translation, data, current in edits:
        translation.write_bytes(data)
        print(f"marked {project.show(translation)}: {KEY}: {current}", file=out)
    return 0


def _translation_of(project: Project, languages: tuple, given: str) -> tuple:
    """Return the translation file named on the command line and its source, or refuse it."""
    path = _resolved(Path(given))
    content = project.root / CONTENT
    parts = path.relative_to(content).parts if _inside(path, content) else ()
    if len(parts) < 2 or parts[0] not in languages or path.suffix != ".md":
        example = languages[0] if languages else "de"
        listed = ", ".join(languages) or "none yet"
        raise UsageError(f"--mark: {given} is not a translation; name a page under "
                         f"content/<language>/ for a language that content/site.yaml lists "
                         f"under translations ({listed}), such as content/{example}/about.md")
    if not path.is_file():
        raise UsageError(f"--mark: {given}: no such file")
    source = content.joinpath(*parts[1:])
    if not source.is_file():
        raise UsageError(f"--mark: {given} translates nothing: there is no "
                         f"{project.show(source)}")
    return path, source


def _resolved(path: Path) -> Path:
    """Return path made absolute with its folder's symlinks resolved (not the file's own)."""
    path = path.absolute()
    return path.parent.resolve() / path.name


def _inside(path: Path, folder: Path) -> bool:
    """Tell whether path lies inside folder."""
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def annotate(request: Request, found: tuple, out) -> int:
    """Print a notice for each translation whose source changed between the base and HEAD."""
    top, changed = changed_files(request.project.root, request.annotate)
    show = _shower(request.project)
    stale = [(language.language, page) for language in found for page in language.pages
             if page.state == OUT_OF_DATE and page.source in changed]
    for language, page in stale:
        where = (request.project.root / page.translation).relative_to(top).as_posix()
        message = (f"{show(page.source)} changed since {request.annotate}; bring this "
                   f"translation ({language}) up to date with it, then mark it:  {request.prog} "
                   f"translations --mark {show(page.translation)}")
        print(f"::notice file={_escape_property(where)},line=1,title=Translation out of date"
              f"::{_escape_data(message)}", file=out)
    made = (f"{len(stale)} translation{'' if len(stale) == 1 else 's'}" if stale
            else "No translation")
    print(f"{made} made out of date since {request.annotate}.", file=out)
    return 0


def changed_files(root: Path, base: str) -> tuple:
    """Return the repository's top folder and the project's files changed since base."""
    if not base or base.startswith("-"):
        raise UsageError(f"--annotate: {base!r} is not a commit; name the base to compare "
                         "HEAD with, such as origin/main")
    top = git(root, "rev-parse", "--show-toplevel")
    if top is None or top.returncode != 0:
        raise UsageError(f"--annotate: {root} is not in a git repository")
    folder = Path(top.stdout.decode().strip()).resolve()
    names = git(root, "diff", "--name-only", "-z", f"{base}...HEAD")
    if names is None or names.returncode != 0:
        said = names.stderr.decode(errors="replace").strip().splitlines()[:1] if names else []
        raise UsageError(f"--annotate: git cannot compare {base}...HEAD ({''.join(said)}); "
                         "check out the whole history (actions/checkout with fetch-depth: 0)")
    inside = [_resolved(folder / name) for name in names.stdout.decode().split("\0") if name]
    return folder, {path.relative_to(root).as_posix() for path in inside if _inside(path, root)}
