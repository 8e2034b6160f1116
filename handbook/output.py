"""Write the rendered site: into a temporary folder that replaces the output only on success."""

from __future__ import annotations

import os
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
        for relative, data in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        for folder in [staging, *sorted(staging.rglob("*"))]:
            os.chmod(folder, 0o755 if folder.is_dir() else 0o644)
        _swap(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


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
