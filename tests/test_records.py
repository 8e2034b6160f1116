"""handbook/records.py: dataclasses' classes, their methods' code compiled once for every start."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.records import dataclass

REPO = Path(__file__).resolve().parent.parent
COUNT = ("import handbook.cli, handbook.render, handbook.site, handbook.overrides; "
         "from handbook import records; print(records.compiled)")


@dataclass(frozen=True, order=True)
class Point:
    x: int
    y: int = 0
    tags: tuple = dataclasses.field(default=(), compare=False)


def test_a_class_is_what_dataclasses_makes():
    plain = dataclasses.dataclass(frozen=True, order=True)(
        type("Point", (), {"__annotations__": {"x": int, "y": int}, "y": 0}))
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=())"
    assert repr(plain(1, 2)) == "Point(x=1, y=2)"
    assert Point(1, 2, ("a",)) == Point(1, 2) and hash(Point(1, 2, ("a",))) == hash(Point(1, 2))
    assert Point(1, 2) < Point(2, 0) and [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags"]
    assert dataclasses.replace(Point(1), y=5) == Point(1, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(1).x = 2
    assert "exec" not in vars(dataclasses)  # the cache's stand-in is gone once the class is made


def _count(env: dict) -> int:
    done = subprocess.run([sys.executable, "-c", COUNT], cwd=REPO, env=env, check=True,
                          capture_output=True, text=True)
    return int(done.stdout)


def test_a_second_start_compiles_none_and_no_bytecode_means_no_cache(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "HANDBOOK_NO_CACHE")}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "cache")
    assert _count(env) > 100  # the generator's 40 classes' methods
    assert _count(env) == 0
    cached = next((tmp_path / "cache").rglob("records.*.dataclasses"))
    cached.write_bytes(b"not marshal data")  # a damaged cache is made again, never trusted
    assert _count(env) > 100 and _count(env) == 0
    cached.unlink()
    assert _count(dict(env, HANDBOOK_NO_CACHE="1")) == 0 and not cached.exists()  # dataclasses alone
    assert _count(dict(env, PYTHONDONTWRITEBYTECODE="1")) > 100 and not cached.exists()
