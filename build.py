#!/usr/bin/env python3
"""Build the Partnering Handbook: `python build.py [build|check|serve] --help`."""

import sys

from handbook.cli import main

if __name__ == "__main__":
    sys.exit(main())
