"""Whether a build may render in a second process: usable CPUs, platform and threads."""

from __future__ import annotations

import copyreg
import os
import pickle
import sys
import threading
from types import MappingProxyType

OPT_OUT = "HANDBOOK_NO_FORK"  # set to any value: always render in one process


def usable_cpus() -> int:
    """Return how many CPUs this process may run on."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13: honours affinity and -X cpu_count
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):  # Linux; absent on macOS and Windows
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def may_fork() -> bool:
    """Return True when forking is safe here: Linux, one thread, not opted out.

    A fork copies only the calling thread; a lock another thread held (the dev server's, a
    logging handler's) would stay locked in the child for ever. macOS forks are unsafe with
    its system frameworks, and Windows has none.
    """
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and threading.active_count() == 1 and not os.environ.get(OPT_OUT))


def in_two(work, mine: list, theirs: list) -> tuple:
    """Return (work(mine), work(theirs)), the second computed at the same time in a forked process.

    Only when may_fork() says so. The child inherits everything work reads, sends its result
    back pickled and leaves without any clean-up; an error in the child loses its result.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            copyreg.pickle(MappingProxyType, _reduce_proxy)  # the model's read-only mappings
            outcome = work(theirs)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        own = work(mine)
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            try:
                other = pickle.load(pipe)
            except EOFError:
                other = None
        os.waitpid(pid, 0)
    if other is None:
        raise RuntimeError("the second process ended without sending its work")
    return own, other


def _reduce_proxy(proxy: MappingProxyType) -> tuple:
    """Return how pickle makes a read-only mapping again: _proxy of a copy of its items."""
    return _proxy, (dict(proxy),)


def _proxy(items: dict) -> MappingProxyType:
    """Return a read-only view of the items (unpickling a mapping of the model)."""
    return MappingProxyType(items)
