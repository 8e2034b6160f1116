"""The domain model: plain frozen data that every later stage reads."""

from __future__ import annotations

import re
from dataclasses import field

from .records import dataclass

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Level:
    """A collaboration level; position runs from 1 (lowest) to N (highest)."""

    id: str
    name: str
    summary: str
    position: int
    line: int = 0  # where its name is written in framework.yaml, for messages


@dataclass(frozen=True)
class Function:
    """A business function with its short descriptor (matrix cell) at each level."""

    id: str
    name: str
    summary: str
    descriptors: tuple  # ((level_id, text), ...) in level order
    source: str  # the YAML file, as shown in messages

    def descriptor(self, level_id: str) -> str:
        """Return the descriptor of this function at a level."""
        return dict(self.descriptors).get(level_id, "")


@dataclass(frozen=True)
class Framework:
    """The whole framework: metadata, ordered levels and ordered functions."""

    id: str
    title: str
    short_title: str
    version: str
    description: str
    credits: tuple  # ((key, text), ...)
    licence_name: str
    licence_url: str
    suggested_target: str | None
    levels: tuple
    functions: tuple
    # What failed to load, so that one mistake gives one message. `broken`: ids of levels and
    # functions that exist (a level's id is written, a function is listed or has its file) but
    # whose definition failed; they stay in `levels` and `functions` with placeholder names, so
    # links to them and release ids stay satisfied. `partial`: the lists ("levels",
    # "functions") with an entry whose id could not be read; a check that an id is missing
    # from such a list stays silent, since the unreadable entry may be that id.
    broken: frozenset = frozenset()
    partial: frozenset = frozenset()
    # Function files framework.yaml does not list: ((id, shown path, hint), ...); reported once
    # the links to them are known (pipeline.gather).
    unlisted: tuple = ()
    # What changed since each older release (framework/releases/), by id, for the assessment
    # pages: ((version, {"reworded": {function: [level, ...]}, "functions_added": [...], ...}), ...)
    releases: tuple = ()

    def knows_all(self, kind: str) -> bool:
        """Tell whether every entry of the "levels" or "functions" list has a readable id."""
        return kind not in self.partial

    def level(self, level_id: str) -> Level | None:
        """Return the level with this id, if any."""
        return next((level for level in self.levels if level.id == level_id), None)

    def function(self, function_id: str) -> Function | None:
        """Return the function with this id, if any."""
        return next((function for function in self.functions if function.id == function_id),
                    None)

    def next_level(self, level: Level) -> Level | None:
        """Return the level above this one, or None at the top."""
        return self.levels[level.position] if level.position < len(self.levels) else None


@dataclass(frozen=True)
class Branding:
    """The publisher's identity from the site configuration."""

    name: str = ""
    url: str = ""
    logo: str = ""  # path relative to the content folder
    logo_alt: str = ""
    colours: tuple = ()  # ((css-variable-name, value), ...)
    dark_colours: tuple = ()
    footer_links: tuple = ()  # ((label, url), ...)


@dataclass(frozen=True)
class Translation:
    """One of the handbook's other languages: its pages are built under /<language>/."""

    language: str
    direction: str = "ltr"


@dataclass(frozen=True)
class SiteConfig:
    """Publisher settings: identity, language, repository and base URL."""

    language: str = "en"
    language_line: tuple = ()  # (shown path, line) where the language is set, for messages
    direction: str = "ltr"
    base_url: str = ""
    repository_url: str = ""
    repository_branch: str = "main"
    edit_root: str = ""  # path of the project inside the repository
    branding: Branding = field(default_factory=Branding)
    strings: tuple = ()  # overrides of user-interface strings: ((key, text), ...)
    # Footer links to the handbook's own pages, checked once the pages are known:
    # ((shown path, line, setting name, href), ...)
    page_links: tuple = ()
    translations: tuple = ()  # the other languages: (Translation, ...)

    @property
    def languages(self) -> tuple:
        """Return every language's tag, the default language first."""
        return (self.language,) + tuple(t.language for t in self.translations)
