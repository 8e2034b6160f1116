"""Load YAML with a line number for every value, rejecting duplicate keys."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

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

    def line(self, *path) -> int:
        """Return the line of the value at path, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def load_yaml(text: str) -> Located:
    """Parse one YAML document; raise YamlError for syntax errors and duplicate keys."""
    if "\t" in text:
        _reject_tab_indentation(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, {(): 1})
        lines: dict = {}
        data = _construct(loader, node, (), lines)
        return Located(data, lines)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        unclosed = "end of stream" in problem or "expected ',' or" in problem
        mark = (exc.context_mark if unclosed else None) or exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        raise YamlError(f"YAML syntax error: {problem}{_syntax_hint(problem)}", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()


def _reject_tab_indentation(text: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise YamlError("a tab is used for indentation; YAML needs spaces (replace the tab "
                            "with spaces)", number, len(line) - len(stripped) + 1)


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return " (a value that contains ': ' must be quoted, for example  name: \"A: B\")"
    if "found character '\\t'" in problem:
        return " (replace the tab with spaces)"
    if "expected <block end>" in problem or "could not find expected ':'" in problem:
        return " (check the indentation and that every key ends with ':')"
    if "found unexpected end of stream" in problem:
        return " (a quote or bracket is not closed)"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return " (a bracket is not closed)"
    return ""


def _construct(loader, node, path: tuple, lines: dict):
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        return _construct_mapping(loader, node, path, lines)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, path + (index,), lines)
                for index, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # Keep dates as text: the model never needs datetime objects.
    return loader.construct_object(node, deep=True)


def _construct_mapping(loader, node, path: tuple, lines: dict) -> dict:
    mapping: dict = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise YamlError(f"a key must be plain text, not {_kind(key)}", line,
                            key_node.start_mark.column + 1)
        key = str(key) if not isinstance(key, str) else key
        if key in mapping:
            first = lines[path + (key,)]
            raise YamlError(f'duplicate key "{key}" (first set on line {first}; '
                            "remove one of them)", line, key_node.start_mark.column + 1)
        lines[path + (key,)] = line
        mapping[key] = _construct(loader, value_node, path + (key,), lines)
        lines[path + (key,)] = line
    return mapping


def _kind(value) -> str:
    if value is None:
        return "empty"
    return {dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)
