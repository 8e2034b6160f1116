"""Write the rendered site: into a temporary folder that replaces the output only on success."""

from __future__ import annotations

import os
from pathlib import Path

# shutil and tempfile are imported where they are used: a large build loads them (through
# Jinja2) while its second process parses, not before that process starts.

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


class Staging:
    """A new folder next to out that a build writes into; it replaces out when the build succeeds.

    Files are written as they are made, folders 0755 and files 0644 whatever the umask, as a
    host serves them. A forked renderer writes its pages into it too (render._render_in_two),
    so that they are neither sent back nor held until the end of the build.
    """

    def __init__(self, out: Path):
        import tempfile

        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.root = tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent)
        os.chmod(self.root, 0o755)
        self.made = {""}  # the folders made, by this process

    def write(self, files: dict) -> None:
        """Write {relative path: bytes}, each a file no other write of the build makes."""
        for relative, data in sorted(files.items()):
            folder = os.path.dirname(relative)
            if folder not in self.made:
                self._make_folder(folder)
            path = os.path.join(self.root, relative)
            descriptor = os.open(path, _NEW_FILE, 0o644)
            with open(descriptor, "wb") as handle:
                os.chmod(descriptor if _CHMOD_BY_DESCRIPTOR else path, 0o644)
                handle.write(data)

    def commit(self, files: dict) -> None:
        """Write the last files and the marker, then put the folder in place of out."""
        self.write({**files, MARKER: MARKER_TEXT})
        _swap(Path(self.root), self.out)

    def discard(self) -> None:
        """Remove the folder unless it was committed."""
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)

    def _make_folder(self, folder: str) -> None:
        parent = os.path.dirname(folder)
        if parent not in self.made:
            self._make_folder(parent)
        path = os.path.join(self.root, folder)
        try:
            os.mkdir(path)
        except FileExistsError:  # made by the build's other process, which sets its mode
            pass
        else:
            os.chmod(path, 0o755)
        self.made.add(folder)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_CHMOD_BY_DESCRIPTOR = os.chmod in os.supports_fd


def _swap(staging: Path, out: Path) -> None:
    import shutil
    import tempfile

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
    import tempfile

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
