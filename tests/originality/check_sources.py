#!/usr/bin/env python3
"""Quick check of the Markdown sources against the study's fingerprints.

Usage: python tests/originality/check_sources.py [CONTENT_DIR]

Prints "file: words" for every 8-word run in content/**/*.md (front matter
removed, blockquotes exempt because they are marked quotations) whose
fingerprint is in fingerprints.txt. Prints nothing when all is original.
Exit status 1 when something matched.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fingerprint import load_fingerprints, matching_runs  # noqa: E402

ROOT = HERE.parents[1]


def body_of(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            text = text[end + 4 :]
    # drop explicit anchors, link targets and blockquote lines
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith(">")]
    text = "\n".join(lines)
    text = re.sub(r"\{#[^}]*\}", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    return text


def main(argv: list[str]) -> int:
    content = Path(argv[1]) if len(argv) > 1 else ROOT / "content"
    known = load_fingerprints()
    found = 0
    for path in sorted(content.rglob("*.md")):
        for run in matching_runs(body_of(path.read_text(encoding="utf-8")), known):
            print(f"{path.relative_to(content.parent)}: {run}")
            found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
