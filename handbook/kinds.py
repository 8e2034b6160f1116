"""The kinds of page, in one table, and the page keys of the framework's own pages.

A page's kind decides its template, its default place in the navigation, whether the print page,
the sitemap and the navigation hold it, which anchors the generator gives it and how its links are
written. Adding a kind is one row here and one template, theme/templates/articles/<name>.html.
Nothing outside this module compares kinds: code and templates read the row's columns.
"""

from __future__ import annotations

from typing import Callable

from .records import dataclass

LEVELS_SECTION = "levels"
FUNCTIONS_SECTION = "functions"
INDEX = "index"  # the key of a section's landing page, inside its folder


def function(function_id: str) -> str:
    """Return the page key of a function's page (and guidance file): functions/<id>."""
    return f"{FUNCTIONS_SECTION}/{function_id}"


def level(level_id: str) -> str:
    """Return the page key of a level's page: levels/<id>."""
    return f"{LEVELS_SECTION}/{level_id}"


def section_index(section: str) -> str:
    """Return the page key of a section's landing page: <section>/index."""
    return f"{section}/{INDEX}"


def is_section_index(key: str) -> bool:
    """Tell whether a page key is a section's landing page."""
    return key.endswith(f"/{INDEX}")


def section_of(key: str) -> str:
    """Return the section (top folder) of a page key, "" for a top-level page."""
    return key.split("/")[0] if "/" in key else ""


def function_id(key: str) -> str | None:
    """Return the function id a page key names (functions/<id>), or None."""
    section, _, rest = key.partition("/")
    if section != FUNCTIONS_SECTION or not rest or "/" in rest or rest == INDEX:
        return None
    return rest


def level_id(key: str) -> str | None:
    """Return the level id a page key names (levels/<id>), or None; the id may be unknown."""
    section, _, rest = key.partition("/")
    if section != LEVELS_SECTION or not rest or "/" in rest or rest == INDEX:
        return None
    return rest


def _no_anchors(page, framework, content) -> set:
    return set()


def _function_anchors(page, framework, content) -> set:
    """A function's page: each level's section, its signs and its actions where written."""
    guidance = content.guidance.get(page.subject)
    anchors = set()
    for lv in framework.levels:
        anchors.add(lv.id)
        section = guidance.levels.get(lv.id) if guidance else None
        if section and section.signs:
            anchors.add(f"{lv.id}-signs")
        if section and section.actions:
            anchors.add(f"{lv.id}-actions")
    return anchors


def _level_anchors(page, framework, content) -> set:
    """A level's page: each function's descriptor."""
    return {fn.id for fn in framework.functions}


def _glossary_anchors(page, framework, content) -> set:
    return {entry.anchor for entry in content.glossary}


def _matrix_anchors(page, framework, content) -> set:
    return {"matrix"}


def _always(content) -> bool:
    return True


def _has_glossary(content) -> bool:
    return bool(content.glossary) or "glossary.md" in content.docs


@dataclass(frozen=True)
class Kind:
    """One kind of page: a row of the table below."""

    name: str  # also its article template, articles/<name>.html, and the body's page-<name>
    key: str = ""  # the key of the kind's one page; "" for content pages and subjects' pages
    title: str = ""  # its title when the strings (pages.<name>) and front matter give none
    order: float = 100  # its place in the navigation when the front matter gives none
    template: str = "base.html"  # the page around the article
    subject: str = ""  # "level" or "function": one page per entry, ordered as the framework
    in_nav: bool = True  # the navigation lists it
    in_print: bool = True  # the print page holds its article
    in_sitemap: bool = True  # the sitemap lists it and it has a canonical link
    rooted: bool = False  # served at any depth: links from the domain's root (the base path)
    is_home: bool = False  # titled by the framework alone, with no breadcrumb
    collects: bool = False  # holds every printable page's article (the print page)
    # Shows what the framework says of its levels and functions beyond their ids and names
    # (summaries, descriptors, the framework's data): serve renders it again when that changes.
    shows_framework: bool = True
    anchors: Callable = _no_anchors  # (page, framework, content) -> the ids the generator gives
    present: Callable = _always  # (content) -> whether the site has this page

    def __repr__(self) -> str:
        # Short: a page's repr is part of serve's signature of the site plan, and a kind is
        # known by its name (the table does not change while the generator runs).
        return f"Kind({self.name!r})"

    def __str__(self) -> str:
        # A template written for an earlier theme prints {{ page.kind }} (page-{{ page.kind }}).
        return self.name

    @property
    def article(self) -> str:
        """Return the template of the page's content, also shown on the print page."""
        return f"articles/{self.name}.html"


KINDS = (
    Kind("home", key="index", order=-1, is_home=True),
    Kind("matrix", key="matrix", title="Matrix", order=20, anchors=_matrix_anchors),
    Kind("assessment", key="assessment", title="Self-assessment", order=50,
         template="assessment.html", in_print=False),
    Kind("compare", key="compare", title="Compare and combine", order=55,
         template="compare.html", in_print=False),
    Kind("levels", key=section_index(LEVELS_SECTION), title="Levels", order=30),
    Kind("functions", key=section_index(FUNCTIONS_SECTION), title="Functions", order=40),
    Kind("print", key="print", title="Whole handbook", order=1000, template="print.html",
         in_print=False, collects=True),
    Kind("notfound", key="404", title="Page not found", in_nav=False, in_print=False,
         in_sitemap=False, rooted=True, shows_framework=False),
    Kind("glossary", key="glossary", title="Glossary", order=60, anchors=_glossary_anchors,
         present=_has_glossary, shows_framework=False),
    Kind("level", subject="level", anchors=_level_anchors),
    Kind("function", subject="function", anchors=_function_anchors),
    Kind("page", shows_framework=False),  # a Markdown file of content/
    # A folder's index.md, or the landing page made for a folder without one.
    Kind("section", shows_framework=False),
)
BY_NAME = {kind.name: kind for kind in KINDS}
PAGE, SECTION = BY_NAME["page"], BY_NAME["section"]
FIXED = tuple(kind for kind in KINDS if kind.key)  # the kinds with one page of a fixed key
LEVEL = next(kind for kind in KINDS if kind.subject == "level")
FUNCTION = next(kind for kind in KINDS if kind.subject == "function")
FIXED_KEYS = frozenset(kind.key for kind in FIXED)

# The theme's page templates before each kind's page became base.html around its article: a
# publisher's override of one of them would no longer be used, so the build names the file to
# move it to (pipeline: check_retired_overrides).
RETIRED_TEMPLATES = {f"{name}.html": BY_NAME[name].article
                     for name in ("function", "functions", "glossary", "home", "level", "levels",
                                  "matrix", "notfound", "page", "section")}


def content_kind(key: str) -> Kind:
    """Return the kind of a page written in content/ that the framework does not generate."""
    return SECTION if is_section_index(key) else PAGE


def generated(key: str, level_ids: set) -> bool:
    """Tell whether the generator makes the page of this key (its Markdown adds to it)."""
    if key in FIXED_KEYS or function_id(key) is not None:
        return True  # function guidance; unknown ones are reported by the content loader
    return level_id(key) in level_ids
