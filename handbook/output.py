"""Write the rendered site: into a temporary folder that replaces the output only on success."""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from pathlib import Path

MARKER = ".handbook-build"
MARKER_TEXT = b"This folder is written by the Partnering Handbook generator; it is replaced on each build.\n"


class OutputRefused(Exception):
    """The output folder holds something other than a previous build."""


def check_output(out: Path, project_root: Path) -> None:
    """Refuse an output folder that is not empty and not a previous build."""
    out = out.resolve()
    home = Path.home().resolve()
    protected = {project_root.resolve(), home, Path(out.anchor)}
    if out in protected or out in project_root.resolve().parents:
        raise OutputRefused(f"refusing to write into {out}: it is the project, a parent of it, "
                            "the home folder or the root; choose an output folder such as site/")
    if (project_root / "content").resolve() in [out, *out.parents] or \
            (project_root / "framework").resolve() in [out, *out.parents]:
        raise OutputRefused(f"refusing to write into {out}: it is inside the sources")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"refusing to write into {out}: it is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputRefused(f"refusing to replace {out}: it is not empty and was not written "
                            f"by this generator (no {MARKER} file); empty it or choose another "
                            "folder with --out")


def write_site(out: Path, files: dict) -> None:
    """Write all files to a new folder next to out, then swap it in place of out."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        _write_files(str(staging), {**files, MARKER: MARKER_TEXT})
        _swap(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _write_files(root: str, files: dict) -> None:
    """Write {relative path: bytes} into the empty folder root: folders 0755, files 0644.

    The modes are set whatever the umask, as a host serves them. Each folder is made once and
    each file is written through one descriptor (pathlib's checks and a second walk to set the
    modes were a third of the time 1,000 pages took to write).
    """
    os.chmod(root, 0o755)
    made = {""}
    for relative, data in sorted(files.items()):
        folder = posixpath.dirname(relative)
        if folder not in made:
            _make_folder(root, folder, made)
        path = os.path.join(root, relative)
        descriptor = os.open(path, _NEW_FILE, 0o644)
        with open(descriptor, "wb") as handle:
            os.chmod(descriptor if _CHMOD_BY_DESCRIPTOR else path, 0o644)
            handle.write(data)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_CHMOD_BY_DESCRIPTOR = os.chmod in os.supports_fd


def _make_folder(root: str, folder: str, made: set) -> None:
    """Make a folder of the output and any of its parents not made yet, each 0755."""
    parent = posixpath.dirname(folder)
    if parent not in made:
        _make_folder(root, parent, made)
    path = os.path.join(root, folder)
    os.mkdir(path)
    os.chmod(path, 0o755)
    made.add(folder)


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def update_site(out: Path, files: dict, previous: dict | None) -> list[str]:
    """Write only the files whose bytes changed, each atomically; remove vanished files."""
    changed = []
    for relative, data in sorted(files.items()):
        if previous is not None and previous.get(relative) == data:
            continue
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
        changed.append(relative)
    for relative in sorted(set(previous or {}) - set(files)):
        (out / relative).unlink(missing_ok=True)
        changed.append(relative)
    return changed
