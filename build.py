#!/usr/bin/env python3
"""Build the Partnering Handbook: `python build.py [build|check|serve] --help`."""

import sys
from pathlib import Path

from handbook.cli import main

if __name__ == "__main__":
    # This repository's entry point: its default project is the repository itself (the
    # installed `handbook` command builds the current folder).
    sys.exit(main(prog="build.py", project=Path(__file__).resolve().parent,
                  project_help="this repository"))
