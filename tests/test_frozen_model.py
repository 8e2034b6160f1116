"""The loaded model is frozen data: no parser token, no list, dict or set anywhere in it.

Rendering is a pure function of the model, so nothing a page renders can change what another
page sees, and a long-running server can compare what a page read by value.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest
from markdown_it.token import Token

from handbook.frozen import FrozenDict
from handbook.pipeline import Options, gather
from handbook.problems import Report
from tests.conftest import MINIMAL, REPO, SECOND, write_project
from tests.test_releases import release

FROZEN_LEAVES = (str, int, float, bool, bytes, type(None))


def _offences(value, path: str, seen: set) -> list:
    """Return the path of every token or mutable container reachable from value."""
    if isinstance(value, FROZEN_LEAVES) or callable(value) and not dataclasses.is_dataclass(value):
        return []
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, Token):
        return [f"{path}: a parser token"]
    if isinstance(value, (MappingProxyType, FrozenDict)):
        return [o for key, item in value.items()
                for o in _offences(key, path, seen) + _offences(item, f"{path}[{key!r}]", seen)]
    if isinstance(value, (list, dict, set, bytearray)):
        return [f"{path}: a {type(value).__name__}"]
    if isinstance(value, (tuple, frozenset)):
        # A tuple of its own kind (site.Reading) may carry attributes: frozen ones too.
        found = [o for name, item in getattr(value, "__dict__", {}).items()
                 for o in _offences(item, f"{path}.{name}", seen)]
        return found + [o for i, item in enumerate(value)
                        for o in _offences(item, f"{path}[{i}]", seen)]
    if dataclasses.is_dataclass(value):
        found = [] if value.__dataclass_params__.frozen else [f"{path}: a mutable dataclass"]
        return found + [o for f in dataclasses.fields(value)
                        for o in _offences(getattr(value, f.name), f"{path}.{f.name}", seen)]
    return [f"{path}: a {type(value).__name__} object"]  # anything else may change


def _with_an_older_release(tmp_path):
    """A project whose framework carries what changed since an older release (nested data)."""
    older = release("0.9", functions=[{"id": "alpha", "descriptors": {"low": "A", "high": "B"}}])
    return write_project(tmp_path / "project", {"framework/releases/0.9.json": older,
                                                "content/guide.md": "# Guide\n\n## Part\n"},
                         MINIMAL)


@pytest.mark.parametrize("project", [REPO, SECOND, _with_an_older_release],
                         ids=["handbook", "second", "older release"])
def test_the_loaded_model_holds_no_token_and_nothing_mutable(project, tmp_path):
    project = project(tmp_path) if callable(project) else project
    report = Report()
    inputs = gather(Options(project=project), report)
    assert inputs is not None and not report.errors
    found = []
    for name in ("framework", "content", "site"):
        found += _offences(getattr(inputs, name), name, set())
    assert found == []
    assert inputs.framework.releases or project in (REPO, SECOND)


def test_the_walk_finds_tokens_and_mutable_containers():
    """The walk itself can fail: on a list, a dict, a set, a token and a mutable dataclass."""

    @dataclasses.dataclass
    class Loose:
        items: list

    found = _offences((MappingProxyType({"a": {}}), (frozenset({1}), Token("x", "", 0)),
                       Loose([]), set(), FrozenDict(b=[])), "m", set())
    assert found == ["m[0]['a']: a dict", "m[1][1]: a parser token",
                     "m[2]: a mutable dataclass", "m[2].items: a list", "m[3]: a set",
                     "m[4]['b']: a list"]
