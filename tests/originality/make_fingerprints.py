#!/usr/bin/env python3
"""Make tests/originality/fingerprints.txt from the text of the study.

Usage: python tests/originality/make_fingerprints.py --seed DIR [--out FILE]

DIR is a folder holding the study as plain text (*.txt); it is not part of the repository.
Reads every *.txt in that folder, drops the Table 1 block (from the line
"TABLE 1" through the line "Source: IDC, 2015": the matrix cells, which the
handbook reuses verbatim with credit), treats each line that is only the name of a
function or level (the framework's structure, which the handbook must name) as a break
between runs, normalises the rest with
fingerprint.normalise_words and writes the sorted, de-duplicated fingerprints
of every 8-word run, one a line, under a '#' header. The study itself is not
shipped; only these hashes are.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fingerprint import (  # noqa: E402
    DIGEST_CHARS,
    FINGERPRINTS_FILE,
    RUN_LENGTH,
    fingerprints,
    normalise_words,
)

def strip_table_1(text: str) -> str:
    """Remove the lines from "TABLE 1" through "Source: IDC, 2015" (inclusive)."""
    kept, skipping = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if not skipping and stripped == "TABLE 1":
            skipping = True
            continue
        if skipping:
            if stripped == "Source: IDC, 2015":
                skipping = False
            continue
        kept.append(line)
    if skipping:
        raise SystemExit('error: "TABLE 1" block has no closing "Source: IDC, 2015" line')
    return "\n".join(kept)


def framework_names(text: str) -> set[str]:
    """Return the level and function names that Table 1 lists, lower-cased."""
    names, inside = set(), False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "TABLE 1":
            inside = True
        elif stripped == "Source: IDC, 2015":
            inside = False
        elif inside and "\t" in line:
            cells = [cell.strip().lower() for cell in line.split("\t")]
            names.update(cells if not cells[0] else cells[:1])
    names.discard("")
    return names


def segments(text: str, names: set[str]) -> list[str]:
    """Split the text at every line that holds only a framework name."""
    parts, current = [], []
    for line in text.splitlines():
        if line.strip().lstrip("-• ").strip().lower() in names:
            parts.append("\n".join(current))
            current = []
        else:
            current.append(line)
    parts.append("\n".join(current))
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, metavar="DIR",
                        help="folder holding the study as plain text (*.txt); required")
    parser.add_argument("--out", type=Path, default=FINGERPRINTS_FILE, help="file to write")
    args = parser.parse_args(argv)
    if args.seed is None:  # the study is not shipped, so there is no folder to default to
        parser.error("--seed DIR is required: the folder that holds the study as plain text "
                     "(*.txt), which is not part of the repository")

    sources = sorted(args.seed.glob("*.txt"))
    if not sources:
        print(f"error: no *.txt files in {args.seed}", file=sys.stderr)
        return 2
    digests: set[str] = set()
    for src in sources:
        raw = src.read_text(encoding="utf-8")
        names = framework_names(raw)
        for segment in segments(strip_table_1(raw), names):
            digests |= fingerprints(normalise_words(segment))
    names = ", ".join(p.name for p in sources)
    header = (
        f"# sha256 of every normalised {RUN_LENGTH}-word run (first {DIGEST_CHARS} hex chars) of {names}, "
        "Table 1 removed, lines naming a function or level treated as breaks; made by tests/originality/make_fingerprints.py"
    )
    args.out.write_text(header + "\n" + "\n".join(sorted(digests)) + "\n", encoding="utf-8")
    print(f"wrote {len(digests)} fingerprints to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
