"""Load YAML with a line number for every value, rejecting duplicate keys."""

from __future__ import annotations

from dataclasses import field

import yaml

from .records import dataclass

try:  # The C loader is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader


class YamlError(Exception):
    """A YAML file that cannot be read; carries the 1-based line and column."""

    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass(frozen=True)
class Located:
    """A loaded YAML document and the line where each value sits, keyed by its path."""

    data: object
    lines: dict
    # The text as written of scalars YAML turned into numbers or booleans (1.10, yes), so that
    # a text field keeps what the editor wrote instead of 1.1 or True.
    written: dict = field(default_factory=dict)
    # The paths of mappings that held a duplicate key (collected, not raised): what they hold
    # may not be what the editor meant, such as two levels merged by a deleted "- id:" line.
    duplicated: tuple = ()

    def line(self, *path) -> int:
        """Return the line of the value at path, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def load_yaml(text: str, first_line: int = 1, duplicates: list | None = None) -> Located:
    """Parse one YAML document; raise YamlError for syntax errors and duplicate keys.

    Given a list, duplicate keys go there instead (each a YamlError, the first value kept), so
    they are reported together with the file's other mistakes.
    """
    shift = first_line - 1  # front matter starts below the file's first line
    if "\t" in text:
        _reject_tab_indentation(text, shift)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, {(): first_line})
        lines: dict = {}
        written: dict = {}
        data = _construct(loader, node, (), (lines, written, set(), duplicates), shift)
        return Located(data, lines, written, tuple(d.path for d in duplicates or ()))
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, shift, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, exc, shift) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, shift: int, text: str) -> YamlError:
    problem = exc.problem or exc.context or "invalid YAML"
    # For an unclosed quote or bracket, where it was opened is the useful place.
    unclosed = "end of stream" in problem or "expected ',' or" in problem
    mark = (exc.context_mark if unclosed else None) or exc.problem_mark or exc.context_mark
    line = mark.line + 1 + shift if mark else 0
    column = mark.column + 1 if mark else 0
    hint = _syntax_hint(problem)
    if "mapping values are not allowed" in problem and mark and _indented_more(text, mark.line):
        hint = INDENT_HINT  # "key: value" indented under "key: value": not a quoting problem
    return YamlError(f"YAML syntax error: {problem}{hint}", line, column)


def _indented_more(text: str, index: int) -> bool:
    """Tell whether line index is indented more than the line above it that holds a value."""
    lines = text.split("\n")
    above = [line for line in lines[:index] if line.strip() and not line.lstrip().startswith("#")]
    if not above or index >= len(lines):
        return False
    indent = len(lines[index]) - len(lines[index].lstrip(" "))
    previous = above[-1]
    return indent > len(previous) - len(previous.lstrip(" ")) and \
        not previous.rstrip().endswith(":")


def _reader_error(text: str, exc, shift: int) -> YamlError:
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1 + shift
    column = position - text.rfind("\n", 0, position)
    return YamlError(f"the file holds an invisible control character (U+{exc.character:04X}), "
                     "which YAML does not allow; delete it (retype the text around it)",
                     line, column)


def _reject_tab_indentation(text: str, shift: int) -> None:
    for number, line in enumerate(text.splitlines(), 1 + shift):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise YamlError("a tab is used for indentation; YAML needs spaces (replace the tab "
                            "with spaces)", number, len(line) - len(stripped) + 1)


INDENT_HINT = (" (check the indentation: this line starts further right than the line above; "
               "keys of the same mapping start in the same column)")
# Hints for PyYAML's problems, as (words in the problem, hint), first match wins.
SYNTAX_HINTS = (
    (("mapping values are not allowed",),
     " (a value that contains ': ' must be quoted, for example  name: \"A: B\")"),
    (("found character '\\t'",), " (replace the tab with spaces)"),
    (("expected <block end>", "could not find expected ':'", "did not find expected key"),
     " (check the indentation: keys of the same mapping start in the same column, and every "
     "key ends with ':')"),
    (("did not find expected '-' indicator",),
     " (check the indentation: the items of a list start in the same column)"),
    (("could not determine a constructor",), " (remove the '!' tag, or put the value in quotes)"),
    (("another document", "incompatible YAML document"),
     " (a line with just --- or a line starting with % ends the data; remove it)"),
    (("alias", "anchor"), " (a value starting with * or & must be put in quotes)"),
    (("cannot start any token",), " (put the value in quotes, for example  name: \"@home\")"),
    (("found unexpected end of stream",), " (a quote or bracket is not closed)"),
    (("expected ',' or ']'", "expected ',' or '}'"), " (a bracket is not closed)"),
)


def _syntax_hint(problem: str) -> str:
    return next((hint for needles, hint in SYNTAX_HINTS
                 if any(needle in problem for needle in needles)), "")


def _construct(loader, node, path: tuple, maps: tuple, shift: int):
    lines, written, seen, _ = maps
    lines.setdefault(path, node.start_mark.line + 1 + shift)
    if isinstance(node, yaml.CollectionNode):
        # An alias makes the same node appear again; walking it again and again could take
        # forever (the "billion laughs"), and editors never need aliases.
        if id(node) in seen:
            raise YamlError("aliases (*name) are not supported here; write the value out in "
                            "full", lines.get(path[:-1] if path and isinstance(path[-1], int)
                                              else path, 1), 1)
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        return _construct_mapping(loader, node, path, maps, shift)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, path + (index,), maps, shift)
                for index, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # Keep dates as text: the model never needs datetime objects.
    value = loader.construct_object(node, deep=True)
    if isinstance(value, (bool, int, float)) and not node.style:  # plain, unquoted
        written[path] = node.value
    return value


def _construct_mapping(loader, node, path: tuple, maps: tuple, shift: int) -> dict:
    lines = maps[0]
    mapping: dict = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1 + shift
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise YamlError(f"a key must be plain text, not {_kind(key)}", line,
                            key_node.start_mark.column + 1)
        # Keys are names: keep them as written (a key "yes" or "1.10" stays that text).
        key = key if isinstance(key, str) else str(key_node.value)
        if key in mapping:
            first = lines[path + (key,)]
            # In a list's entry, a repeated key often starts an entry whose "- " line is lost.
            entry = " or start a new entry with '- '" if path and isinstance(path[-1], int) else ""
            duplicate = YamlError(f'duplicate key "{key}" (first set on line {first}; '
                                  f"remove one of them{entry})", line,
                                  key_node.start_mark.column + 1)
            if maps[3] is None:
                raise duplicate
            duplicate.path, duplicate.key, duplicate.first = path, key, first
            maps[3].append(duplicate)
            continue
        lines[path + (key,)] = line
        mapping[key] = _construct(loader, value_node, path + (key,), maps, shift)
        lines[path + (key,)] = line
    return mapping


def grouped_duplicates(duplicates: list) -> list:
    """Return the collected duplicate keys with those of one mapping made one message."""
    groups: dict = {}
    for duplicate in duplicates:
        groups.setdefault(duplicate.path, []).append(duplicate)
    merged = []
    for path, group in groups.items():
        if len(group) == 1:
            merged.append(group[0])
            continue
        keys = " and ".join(f'"{d.key}"' for d in group)
        lines = " and ".join(str(d.first) for d in group)
        entry = " or start a new entry with '- '" if path and isinstance(path[-1], int) else ""
        merged.append(YamlError(f"duplicate keys {keys} (first set on lines {lines}; remove "
                                f"them{entry})", group[0].line, group[0].column))
    return merged


def _kind(value) -> str:
    if value is None:
        return "empty"
    return {dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)
