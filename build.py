#!/usr/bin/env python3
"""Build the Partnering Handbook: `python build.py [build|check|serve] --help`."""

from pathlib import Path

from handbook.cli import leave, main

if __name__ == "__main__":
    # This repository's entry point: its default project is the repository itself (the
    # installed `handbook` command builds the current folder), and its theme is this checkout's
    # theme/ folder, also in a second checkout (a git worktree) that imports its own handbook/
    # while the editable install maps the package's theme to the first one's.
    here = Path(__file__).resolve().parent
    leave(main(prog="build.py", project=here, project_help="this repository",
               theme=here / "theme"))
