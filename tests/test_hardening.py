"""Hostile or careless settings and files: what the build refuses, and what it writes safely."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest

from handbook.pipeline import Options, build
from tests.conftest import REPO
from tests.pages import parse_page


def built(project, **options):
    """Build the project into its site/ folder; return the Result."""
    return build(Options(project=project, out=project / "site", **options))


def messages(result) -> list:
    """Return the build's problems as printed, sorted."""
    return [problem.format() for problem in result.report.sorted()]


# --- a page's first heading is its title (defect 13) ------------------------------------------

def test_first_heading_without_front_matter_title_is_the_title(make_project):
    project = make_project({"content/about.md": "# About us\n\nWho we are.\n\n## Later part\n"})
    result = built(project)
    assert messages(result) == []
    page = parse_page(project / "site" / "about.html")
    assert [h.text.strip() for h in page.find("h1")] == ["About us"]
    assert page.text("title").startswith("About us · ")
    home = parse_page(project / "site" / "index.html")
    assert "About us" in [a.text.strip() for a in home.find("a")]


def test_front_matter_title_keeps_the_first_heading_in_the_body(make_project):
    project = make_project({"content/about.md": "---\ntitle: About\n---\n# About us\n\nText.\n"})
    built(project)
    page = parse_page(project / "site" / "about.html")
    assert [h.text.strip() for h in page.find("h1")] == ["About", "About us"]
