"""Small helpers to plant one defect in a copy of the good site."""
from __future__ import annotations

from pathlib import Path


def edit(site: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in ``site/rel``."""
    path = Path(site) / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_to_main(site: Path, rel: str, html: str) -> None:
    edit(site, rel, "</main>", html + "\n</main>")


def add_to_head(site: Path, rel: str, html: str) -> None:
    edit(site, rel, "</head>", html + "\n</head>")
