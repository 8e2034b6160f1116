"""The theme's stylesheets speak of a line's start and end, never of left and right, so that a
right-to-left page mirrors; the one physical thing they draw, a bar inside one edge (an inset
box-shadow), has its right-to-left rule beside it."""
from __future__ import annotations

import re

import pytest

from handbook.stylesheets import without_comments
from tests.conftest import REPO

SHEETS = sorted((REPO / "theme" / "assets").glob("*.css"))
PHYSICAL_PROPERTY = re.compile(r"^(?:(?:margin|padding|border)-(?:left|right)(?:-\w+)*|left|right)$")
PHYSICAL_VALUE = re.compile(r"^(?:text-align|float|clear)$")
INSET_BAR = re.compile(r"inset\s+(-?\d+(?:\.\d+)?)px\s+0\b")


def rules(css: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each rule of a sheet as (selector, [(property, value)]), inside @media blocks too."""
    found = []
    for block in without_comments(css).split("}"):
        if "{" not in block:
            continue
        head, body = block.rsplit("{", 1)
        selector = head.split("{")[-1]  # (after an @media block's opening)
        declarations = [part.split(":", 1) for part in body.split(";") if ":" in part]
        found.append((" ".join(selector.split()), [(name.strip(), value.strip()) for name, value in declarations]))
    return found


def physical(css: str) -> list[str]:
    """Each declaration that names the left or the right edge."""
    return [f"{selector} {{ {name}: {value} }}" for selector, declarations in rules(css)
            for name, value in declarations
            if PHYSICAL_PROPERTY.match(name) or (PHYSICAL_VALUE.match(name) and value in ("left", "right"))]


def unmirrored_bars(css: str) -> list[str]:
    """Each inset bar at one edge without a :dir(rtl) rule that draws it at the other."""
    bars = {selector: INSET_BAR.findall(value) for selector, declarations in rules(css)
            for name, value in declarations if name == "box-shadow" and INSET_BAR.search(value)}
    return [selector for selector, offsets in bars.items() if ":dir(rtl)" not in selector
            and any(offset.strip("-") != "0" for offset in offsets)
            and bars.get(_rtl(selector)) != [_negated(offset) for offset in offsets]]


def _rtl(selector: str) -> str:
    """The selector's right-to-left twin: :dir(rtl) on the element each of its parts selects."""
    return ", ".join(re.sub(r"(::?[a-z-]+(?:\([^)]*\))?)*$", lambda m: ":dir(rtl)" + m.group(0), part.strip(), count=1)
                     for part in selector.split(","))


def _negated(offset: str) -> str:
    return offset[1:] if offset.startswith("-") else "-" + offset


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda path: path.name)
def test_the_theme_names_no_left_or_right_edge(sheet):
    assert physical(sheet.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda path: path.name)
def test_every_bar_at_one_edge_has_its_right_to_left_twin(sheet):
    assert unmirrored_bars(sheet.read_text(encoding="utf-8")) == []


def test_the_checks_find_a_physical_edge_and_a_bar_left_unmirrored():
    css = ("a { margin-left: 1rem; padding-inline-start: 1rem; }\n@media print { p { text-align: right; } }\n"
           ".nav a { box-shadow: inset 3px 0 0 red; }\n.nav a:dir(rtl) { box-shadow: inset -3px 0 0 red; }\n"
           "tr > th { box-shadow: inset 5px 0 0 blue; }\nbutton:hover { box-shadow: inset 0 0 0 1px red; }\n")
    assert physical(css) == ["a { margin-left: 1rem }", "p { text-align: right }"]
    assert unmirrored_bars(css) == ["tr > th"]
