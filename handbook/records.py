"""dataclass: the standard library's, with the methods it writes compiled once, not at every start.

For each class, dataclasses writes the source of its methods (__init__, __repr__, __eq__, and a
frozen class's __hash__, __setattr__ and __delattr__) and compiles it when the module is
imported: on Python 3.11 the generator's 40 classes made 211 compilations, about 35 ms of every
command, a tenth of building the handbook. This module keeps the compiled code of each method's
exact source in a file beside its own compiled bytecode (``importlib.util.cache_from_source``:
where Python keeps the bytecode it runs, so no less trusted), and gives dataclasses that code
instead of compiling the same source again. The classes are exactly those dataclasses makes.

Nothing is written where Python writes no bytecode (``PYTHONDONTWRITEBYTECODE``) or may not
write; ``HANDBOOK_NO_CACHE=1`` turns the cache off, as it does Jinja's template cache.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import marshal
import os
import sys

_NAME = "exec"  # how dataclasses calls the built-in that compiles and runs each method's source
_codes: dict | None = None  # source -> code object, once read
_changed = False
compiled = 0  # how many sources this process compiled (tests read it)
MOST = 2000  # sources kept: ten times the generator's


def dataclass(cls=None, /, **options):
    """Return dataclasses.dataclass(cls, **options), its methods' code taken from the cache."""
    if cls is None:
        return lambda each: dataclass(each, **options)
    codes = _cache()
    if codes is None or _NAME in vars(dataclasses):  # off, or in a class being made already
        return dataclasses.dataclass(cls, **options)
    setattr(dataclasses, _NAME, _cached_exec)  # found before the built-in of the same name
    try:
        made = dataclasses.dataclass(cls, **options)
    finally:
        delattr(dataclasses, _NAME)
    if _changed:
        _save(codes)
    return made


def _cached_exec(source, globals=None, locals=None):  # noqa: A002 - exec's own parameters
    global compiled, _changed
    code = _codes.get(source) if isinstance(source, str) else None
    if code is None and isinstance(source, str):
        code = _codes[source] = compile(source, "<string>", "exec")  # as exec(source) does
        compiled += 1
        _changed = True
    exec(code if code is not None else source, globals, locals)


def _path() -> str | None:
    try:
        return importlib.util.cache_from_source(__file__)[:-len(".pyc")] + ".dataclasses"
    except (NotImplementedError, ValueError):  # no bytecode cache for this interpreter
        return None


def _cache() -> dict | None:
    """Return the cache of compiled sources, read once; None when caching is off."""
    global _codes
    if _codes is None and not os.environ.get("HANDBOOK_NO_CACHE") and _path():
        _codes = _read(_path())
    return _codes


def _read(path: str) -> dict:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        magic, codes = marshal.loads(data)  # marshal.load reads a file in small pieces: 8x slower
    except (OSError, EOFError, ValueError, TypeError):  # missing, cut short or not ours
        return {}
    if magic != importlib.util.MAGIC_NUMBER or not isinstance(codes, dict) or len(codes) > MOST:
        return {}  # another Python's, or grown with every edit of the classes: begun again
    return codes


def _save(codes: dict) -> None:
    """Write the cache (atomically: another process may be reading it), where Python may."""
    global _changed
    _changed = False
    path = _path()
    if sys.dont_write_bytecode or path is None:
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as handle:
            marshal.dump((importlib.util.MAGIC_NUMBER, codes), handle)
        os.replace(temporary, path)
    except OSError:  # a read-only installation: every start compiles, as without the cache
        try:
            os.remove(temporary)
        except OSError:
            pass
