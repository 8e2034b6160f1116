"""The theme's stylesheets are published without their comments, every rule kept."""
from __future__ import annotations

import re

from handbook.stylesheets import without_comments
from tests.conftest import REPO


def test_comments_and_the_lines_they_leave_go():
    css = "/* Why the rule. */\na { color: red; } /* end */\n\n/* two\n   lines */\nb{x:y}\n"
    assert without_comments(css) == "a { color: red; }\nb{x:y}\n"


def test_strings_keep_what_looks_like_a_comment():
    css = '.a::before { content: "/* not a comment */"; }\n.b::after { content: \'it\\\'s /*\'; }\n'
    assert without_comments(css) == css


def test_an_unclosed_comment_ends_the_sheet():
    assert without_comments("a { b: c; }\n/* never closed\nd { e: f; }\n") == "a { b: c; }\n"


def test_the_published_sheets_hold_every_rule_of_the_theme(handbook_site):
    for name in ("handbook.css", "assessment.css"):
        source = (REPO / "theme" / "assets" / name).read_text(encoding="utf-8")
        published = (handbook_site / "assets" / name).read_text(encoding="utf-8")
        assert "/*" not in published, name
        rules = re.sub(r"\s+", " ", re.sub(r"/\*.*?\*/", " ", source, flags=re.S)).strip()
        assert re.sub(r"\s+", " ", published).strip() == rules, name
