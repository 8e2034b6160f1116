"""Frozen copies of plain data (mappings, lists) for the model, still written as JSON as they are."""

from __future__ import annotations


class FrozenDict(dict):
    """A mapping that refuses every change once made; json writes it as the dict it is."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("the model is frozen: a FrozenDict does not change")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self):
        return FrozenDict, (dict(self),)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.items(), key=repr)))


def freeze(value):
    """Return value with every dict a FrozenDict and every list or set a tuple, all the way down."""
    if isinstance(value, dict):
        return FrozenDict((key, freeze(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(freeze(item) for item in value)
    return value
