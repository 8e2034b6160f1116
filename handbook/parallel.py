"""Whether a build may render in a second process: usable CPUs, platform and threads."""

from __future__ import annotations

import os
import sys
import threading

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
