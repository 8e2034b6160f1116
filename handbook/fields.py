"""Check YAML mappings against a small schema, reporting each mistake with its line."""

from __future__ import annotations

import re

from .model import ID_PATTERN
from .problems import Report, did_you_mean, near_miss
from .records import dataclass
from .yamlfile import Located


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind, whether it is required, and what else its value must be.

    The loaders check `keys`, `each`, `names`, `pattern`, `choices`, `least` and `unique` with
    messages of their own; handbook/schema.py writes the JSON Schemas from these definitions.
    """

    kind: str  # text, id, url, link, number, list, mapping, bool, any
    required: bool = False
    hint: str = ""
    about: str = ""  # what the key means, shown by editors
    keys: dict | None = None  # a mapping's keys, and no others
    each: Field | None = None  # each item of a list, or each value of a mapping of free keys
    names: Field | None = None  # each key of a mapping of free keys
    pattern: re.Pattern | None = None  # what a text must match
    choices: tuple = ()  # the only texts allowed
    least: int = 0  # the fewest items of a list, or keys of a mapping
    unique: bool = False  # a list holds no item twice


# What settings may link to. An allow-list, so javascript:, data: and any other scheme, in any
# case, are refused; the JSON Schemas are written from the same patterns.
WEB_ADDRESS = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)
MAIL_ADDRESS = re.compile(r"^mailto:\S+$", re.IGNORECASE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Before it is resolved, a link to a page is any text without a scheme, a leading / or a space.
PAGE_ADDRESS = re.compile(rf"^(?!{SCHEME.pattern[1:]})[^\s/]\S*$")
# A file of the project (a logo): no scheme and no //host, which would load from another host.
LOCAL_FILE = re.compile(rf"^(?!{SCHEME.pattern[1:]})(?!//).+$")
URL_HINT = ("is not a web address; write one that starts with https:// (or http://), such as "
            "https://example.org/")
LINK_HINT = ("is not allowed; write a web address (https://...), an e-mail address "
             "(mailto:someone@example.org) or a page of the handbook (such as about.md)")

KIND_NAMES = {"text": "text", "id": "an id", "number": "a number", "list": "a list",
              "mapping": "a mapping", "bool": "true or false"}


@dataclass
class Checker:
    """Check the values of one YAML file, reporting against its shown path."""

    shown: str
    located: Located
    report: Report

    def line(self, *path) -> int:
        return self.located.line(*path)

    def error(self, path: tuple, message: str) -> None:
        self.report.error(self.shown, self.line(*path), message)

    def mapping(self, path: tuple, value, fields: dict, what: str) -> dict:
        """Check a mapping's keys and kinds; return only the values that passed."""
        if not isinstance(value, dict):
            self.error(path, f"{what} must be a mapping of keys to values (lines such as "
                       f"'{next(iter(fields))}: ...'), not {describe(value)}")
            return {}
        meant = _misspelt(value, fields)
        good: dict = {}
        for key, spec in fields.items():
            if key not in value or value[key] is None or value[key] == "":
                if spec.required and key not in meant.values():
                    self._absent(path, key, key in value, what, spec.hint)
                continue
            checked = self.kind(path + (key,), value[key], spec.kind, _dotted(path, key))
            if checked is not None:
                good[key] = checked
        for key in value:
            if key in meant:  # one misspelling, one message: the required key it stands for
                self.error(path + (key,), f"{_dotted(path, key)}: unknown key (did you mean "
                           f'"{meant[key]}"?); {meant[key]} is missing, and {what} needs one')
            elif key not in fields:
                self.report.warn(self.shown, self.line(*path, key),
                                 f"{_dotted(path, key)}: unknown key{did_you_mean(key, fields)}; "
                                 f"known keys: {_listing(list(fields))}")
        return good

    def _absent(self, path: tuple, key: str, present: bool, what: str, hint: str) -> None:
        if present:
            self.error(path + (key,), f"{_dotted(path, key)}: is empty; write a value after "
                       f"the colon ({what} needs one){hint}")
        else:
            self.error(path, f"{_dotted(path, key)}: is missing; add a line  {key}: ...  "
                       f"({what} needs one){hint}")

    def kind(self, path: tuple, value, kind: str, name: str):
        """Check one value's kind; return it (text stripped) or None after reporting."""
        if kind == "any":
            return value
        if kind in ("text", "id"):
            return self._text(path, value, kind, name)
        if kind in ("url", "link"):
            return self._address(path, value, kind, name)
        expected = {"number": (int, float), "list": list, "mapping": dict, "bool": bool}[kind]
        if not isinstance(value, expected) or (kind == "number" and isinstance(value, bool)):
            hint = " (write digits only, such as 3)" if kind == "number" else ""
            self.error(path, f"{name}: expected {KIND_NAMES[kind]}, found {describe(value)}{hint}")
            return None
        return value

    def _text(self, path: tuple, value, kind: str, name: str):
        if kind == "text" and path in self.located.written:
            value = self.located.written[path]  # 1.10 stays "1.10", yes stays "yes"
        if not isinstance(value, str):
            self.error(path, f"{name}: expected {KIND_NAMES[kind]}, found {describe(value)}"
                       + _text_hint(value, kind))
            return None
        value = value.strip()
        if kind == "id" and not ID_PATTERN.match(value):
            self.error(path, f'{name}: "{value}" is not a valid id; use lower-case letters, '
                       f'digits and single hyphens, such as "{suggest_id(value)}"')
            return None
        return value

    def _address(self, path: tuple, value, kind: str, name: str):
        """Check a web address (url) or a footer link (link: also mailto: or a page's .md)."""
        text = self._text(path, value, "text", name)
        if text is None or address_allowed(text, kind):
            return text
        self.error(path, f'{name}: "{text}" {URL_HINT if kind == "url" else LINK_HINT}')
        return None


def address_allowed(text: str, kind: str) -> bool:
    """Tell whether a setting's address is allowed; a link to a page is checked later."""
    if WEB_ADDRESS.match(text):
        return True
    if kind == "url":
        return False
    return bool(MAIL_ADDRESS.match(text)) or not SCHEME.match(text)


def _misspelt(value: dict, fields: dict) -> dict:
    """Map each unknown key that is a near miss of a missing required key to that key."""
    missing = {key for key, spec in fields.items() if spec.required and key not in value}
    meant: dict = {}
    for key in value:
        near = near_miss(key, fields) if key not in fields else None
        if near in missing and near not in meant.values():
            meant[key] = near
    return meant


def _text_hint(value, kind: str) -> str:
    if isinstance(value, (bool, int, float)):
        return ' (put it in quotes, such as "2")' if kind == "id" else " (put it in quotes)"
    if isinstance(value, list):
        return " (write the text on the same line after the colon, without '- ')"
    if isinstance(value, dict):
        return (" (write the text on the same line after the colon; if it holds ': ', put it "
                "in quotes)")
    return ""


def _listing(names: list, most: int = 12) -> str:
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most} more"


def _dotted(path: tuple, key) -> str:
    parts = [str(p) if not isinstance(p, int) else f"[{p}]" for p in path + (key,)]
    return ".".join(parts).replace(".[", "[")


def describe(value) -> str:
    """Describe a YAML value's kind for a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the text "{value[:40]}{"..." if len(value) > 40 else ""}"'
    return {dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)


def suggest_id(text: str) -> str:
    """Turn any text into a valid id, for hints."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return slug or "my-id"
