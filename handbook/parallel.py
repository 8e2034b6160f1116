"""Whether a build may render in a second process: usable CPUs, platform and threads."""

from __future__ import annotations

import copyreg
import itertools
import os
import signal
import struct
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
    forked = Forked(work, theirs)
    try:
        own = work(mine)
    finally:
        other = forked.result()
    return own, other


class Forked:
    """work(items) computed in a forked process from now on, while this one goes on; result() waits."""

    def __init__(self, work, items):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                import pickle  # before the work: a queue's other taker makes up for the time

                os.close(read_end)
                copyreg.pickle(MappingProxyType, _reduce_proxy)  # the model's read-only mappings
                outcome = work(items)
                with os.fdopen(write_end, "wb") as pipe:
                    pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)
        os.close(write_end)
        self.pid, self.read_end = pid, read_end

    def result(self):
        """Return what the child computed, once it is done; raise RuntimeError if it failed."""
        import pickle  # here, not before the fork: a build's second process starts sooner

        with os.fdopen(self.read_end, "rb") as pipe:
            try:
                other = pickle.load(pipe)
            except EOFError:
                other = None
        os.waitpid(self.pid, 0)
        if other is None:
            raise RuntimeError("the second process ended without sending its work")
        return other


QUEUE_CHUNK = 4  # items taken at a time from the queue of taking_in_two
_NUMBER = struct.Struct("<I")  # a chunk's number in the queue


def taking_in_two(work, items: list, first: list = ()) -> tuple:
    """Return (work(items taken here), work(items taken by a forked process)), as in_two.

    This process works on first, and then both take the items, a few at a time and in order,
    from one queue: a pipe filled before the fork, read by both (a read of a few bytes from a
    pipe is never split). Whichever process is done sooner takes more, whatever each item
    costs. work receives an iterable, read as it goes.
    """
    return Taking(work, items).join(first)


class Taking:
    """taking_in_two begun: the forked process takes items from now on; join() takes the rest here.

    Between the two, this process may do other work (a build imports its renderer while the
    second process parses): the second process takes the more items, the longer that lasts.
    """

    def __init__(self, work, items: list):
        size = max(QUEUE_CHUNK, -(-len(items) // 8192))  # at most 32 KiB of numbers: the pipe holds them
        self.work, self.chunks = work, [items[at:at + size] for at in range(0, len(items), size)]
        self.queue, filling = os.pipe()
        with os.fdopen(filling, "wb") as pipe:
            pipe.write(b"".join(_NUMBER.pack(number) for number in range(len(self.chunks))))
        try:
            self.forked = Forked(work, _taken(self.queue, self.chunks))
        except BaseException:
            os.close(self.queue)
            raise

    def join(self, first: list = ()) -> tuple:
        """Work on first, then on the items still in the queue; return (own, the child's) results."""
        try:
            try:
                own = self.work(itertools.chain(first, _taken(self.queue, self.chunks)))
            finally:
                other = self.forked.result()
        finally:
            os.close(self.queue)
        return own, other

    def cancel(self) -> None:
        """Stop the forked process and drop its work, for a caller that will not join."""
        os.kill(self.forked.pid, signal.SIGKILL)
        os.waitpid(self.forked.pid, 0)
        os.close(self.forked.read_end)
        os.close(self.queue)


def _taken(queue: int, chunks: list):
    """Yield the items of each chunk this process takes from the queue, until it is empty."""
    while True:
        data = os.read(queue, _NUMBER.size)
        if not data:
            return
        yield from chunks[_NUMBER.unpack(data)[0]]


def _reduce_proxy(proxy: MappingProxyType) -> tuple:
    """Return how pickle makes a read-only mapping again: _proxy of a copy of its items."""
    return _proxy, (dict(proxy),)


def _proxy(items: dict) -> MappingProxyType:
    """Return a read-only view of the items (unpickling a mapping of the model)."""
    return MappingProxyType(items)
