"""Read the project's files safely: UTF-8, size limits, no symlinks leaving the project."""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Report
from .yamlfile import Located, YamlError, grouped_duplicates, load_yaml

MAX_YAML_BYTES = 1_000_000
MAX_MARKDOWN_BYTES = 2_000_000


def blob_id(data: bytes) -> str:
    """Return git's blob id of data (what `git hash-object` prints for a file holding it)."""
    # Imported here: loaded before a large build's fork (with OpenSSL, milliseconds), it would
    # delay the second process; Jinja2 loads it after the fork.
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class Project:
    """Where a project's files are, and how to name them in messages."""

    def __init__(self, root: Path, display_root: Path | None = None):
        self.root = root.resolve()
        self.display_root = (display_root or Path.cwd()).resolve()
        self._folders: dict = {}  # folder -> its real path, for show (one project, one build)

    def show(self, path: Path) -> str:
        """Return path as printed in messages: relative to the working folder when inside it."""
        try:
            return self._resolved(path).relative_to(self.display_root).as_posix()
        except ValueError:
            try:
                return os.path.relpath(path, self.display_root).replace(os.sep, "/")
            except ValueError:  # pragma: no cover - other drive on Windows
                return path.as_posix()

    def _resolved(self, path: Path) -> Path:
        """Return path.resolve(), each folder's real path looked up once: a build shows every
        file it reads (its name in messages), and resolving each file's every folder again was
        a twentieth of parsing 1,000 pages. Only a name that is a symlink is resolved itself."""
        folder, name = os.path.split(os.fspath(path))
        if not folder or name in ("", ".", "..") or os.path.islink(path):
            return path.resolve()
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder)
        return Path(real, name)

    def inside(self, path: Path) -> bool:
        """Tell whether path, with symlinks resolved, stays inside the project."""
        try:
            path.resolve().relative_to(self.root)
            return True
        except ValueError:
            return False


def walk(project: Project, folder: Path, suffixes: tuple[str, ...], report: Report,
         skip: tuple[Path, ...] = ()) -> list[Path]:
    """List files under folder with the given suffixes, sorted; report symlinks leaving it."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and base / d not in skip and _dir_ok(project, base / d, report))
        for name in sorted(filenames):
            path = base / name
            if name.startswith(".") or not name.endswith(suffixes):
                continue
            if path.is_symlink() and not project.inside(path):
                report.error(project.show(path), 0, "this symlink points outside the project "
                             "folder; replace it with a copy of the file")
                continue
            found.append(path)
    return found


def _dir_ok(project: Project, path: Path, report: Report) -> bool:
    if path.is_symlink() and not project.inside(path):
        report.error(project.show(path), 0, "this symlinked folder points outside the project "
                     "folder; replace it with a copy")
        return False
    return True


def read_text(project: Project, path: Path, report: Report, limit: int) -> str | None:
    """Read a UTF-8 file; report a missing, oversized, binary or mis-encoded file."""
    shown = project.show(path)
    if path.is_symlink() and not project.inside(path):
        report.error(shown, 0, "this symlink points outside the project folder; "
                     "replace it with a copy of the file")
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(shown, 0, f"cannot read the file: {exc.strerror or exc}")
        return None
    if len(raw) > limit:
        report.error(shown, 0, f"the file is {len(raw):,} bytes, over the limit of {limit:,}; "
                     "split it into smaller files")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        report.warn(shown, 1, "the file starts with a UTF-8 byte-order mark, which was ignored; "
                    "save it as UTF-8 without BOM")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        report.error(shown, line, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                     "save it with UTF-8 encoding (in most editors: Save as, Encoding: UTF-8)",
                     column)
        return None
    if "\x00" in text:
        report.error(shown, text.count("\n", 0, text.index("\x00")) + 1, "the file holds "
                     "binary data (a NUL byte), not text; replace it with a text file")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_yaml(project: Project, path: Path, report: Report, required: bool = True) -> Located | None:
    """Read and parse a YAML file, reporting every way it can fail."""
    if not path.exists() and not path.is_symlink():
        if required:
            report.error(project.show(path), 0, "this file is missing; it is required (copy "
                         "it from the handbook's repository and adapt it)")
        return None
    text = read_text(project, path, report, MAX_YAML_BYTES)
    if text is None:
        return None
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip()
                               for line in text.splitlines()):
        report.error(project.show(path), 1, "the file is empty (or holds only comments); write "
                     "its YAML data, or delete the file if it is not needed")
        return None
    duplicates: list = []
    try:
        located = load_yaml(text, duplicates=duplicates)
    except YamlError as exc:
        report.error(project.show(path), exc.line, exc.message, exc.column)
        return None
    for exc in grouped_duplicates(duplicates):
        report.error(project.show(path), exc.line, exc.message, exc.column)
    return located
