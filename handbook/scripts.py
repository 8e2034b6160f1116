"""The theme's scripts: small sources in theme/scripts/, joined into one script per page kind.

theme/scripts/bundles.json names each published script (assets/<name>) and the sources it joins, in
order, then its start source. A file content/overrides/scripts/<source> replaces that source. The
sources themselves are not published: a page makes one request for its own script.
"""

from __future__ import annotations

import json
from pathlib import Path

from .problems import Report

SCRIPT_DIR = "scripts"
BUNDLES = "bundles.json"
OVERRIDES_SHOWN = "content/overrides/scripts"


def bundles(theme: Path) -> dict:
    """Return {published name: [source names in order, the start source last]} from the theme."""
    data = json.loads((theme / SCRIPT_DIR / BUNDLES).read_text(encoding="utf-8"))
    return {name: list(entry["sources"]) + [entry["start"]] for name, entry in data["bundles"].items()}


def source_file(theme: Path, overrides: Path, name: str) -> tuple[Path, str]:
    """Return the file of a source and how its header names it: the publisher's override if any."""
    override = overrides / SCRIPT_DIR / name
    if override.is_file():
        return override, f"{OVERRIDES_SHOWN}/{name}"
    return theme / SCRIPT_DIR / name, f"theme/{SCRIPT_DIR}/{name}"


def join(theme: Path, overrides: Path, names: list) -> bytes:
    """Join sources in order, each after a comment line naming its file (for readers of devtools)."""
    parts = []
    for name in names:
        path, shown = source_file(theme, overrides, name)
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        parts.append(f"/* source: {shown} */\n{text.rstrip()}\n")
    return "\n".join(parts).encode("utf-8")


def joined_scripts(theme: Path, overrides: Path, asset_dir: str, report: Report) -> dict:
    """Return {assets/<name>: joined bytes} for every bundle; warn of an override no bundle uses."""
    lists = bundles(theme)
    used = {name for names in lists.values() for name in names}
    folder = overrides / SCRIPT_DIR
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith(".") and path.name not in used:
                report.warn(f"{OVERRIDES_SHOWN}/{path.name}", 1, "no script of the theme joins a source of "
                            f"this name, so it changes nothing; name it after one of theme/{SCRIPT_DIR}/"
                            f"{BUNDLES}'s sources ({', '.join(sorted(used))})")
    return {f"{asset_dir}/{name}": join(theme, overrides, names) for name, names in sorted(lists.items())}
