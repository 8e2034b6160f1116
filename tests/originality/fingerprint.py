"""Shared helpers for the originality check.

A *fingerprint* is the first 16 hex characters of the SHA-256 digest of an
8-word run of normalised text. The study's fingerprints are stored in
``fingerprints.txt`` beside this module, so the check can run without the
study itself.

Normalisation: Unicode NFKC, case-folded; apostrophes (straight and curly)
are deleted so "it's" becomes "its"; every other character that is not a
letter or digit (punctuation, curly quotes, dashes, slashes, underscores,
symbols) becomes a space; whitespace is collapsed by splitting into words.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

RUN_LENGTH = 8
DIGEST_CHARS = 16
FINGERPRINTS_FILE = Path(__file__).resolve().parent / "fingerprints.txt"

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u2032]")


def normalise_words(text: str) -> list[str]:
    """Return the words of ``text`` after normalisation (see module doc)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    # Keep letters and digits of any script; everything else separates words.
    out = []
    for ch in text:
        if ch.isalnum():
            out.append(ch)
        else:
            out.append(" ")
    return "".join(out).split()


def run_digest(run: list[str] | tuple[str, ...]) -> str:
    """Digest of one run of words."""
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def runs(words: list[str], n: int = RUN_LENGTH):
    """Yield (index, run) for every ``n``-word run of ``words``."""
    for i in range(len(words) - n + 1):
        yield i, words[i : i + n]


def fingerprints(words: list[str]) -> set[str]:
    """Fingerprints of every 8-word run of ``words``."""
    return {run_digest(run) for _, run in runs(words)}


def load_fingerprints(path: Path | str = FINGERPRINTS_FILE) -> set[str]:
    """Read a fingerprints file (one hex digest a line, '#' lines are comments)."""
    result = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            result.add(line)
    return result


def matching_runs(text: str, known: set[str]) -> list[str]:
    """Return the 8-word runs of ``text`` whose fingerprint is in ``known``."""
    words = normalise_words(text)
    return [" ".join(run) for _, run in runs(words) if run_digest(run) in known]
