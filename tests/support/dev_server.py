"""`build.py serve` as a child process on a free port, for the dev server's tests.

Stop it with stop() (SIGTERM by default, as a terminal or a process manager would): the server
removes its temporary folder itself; stop() reports a folder left behind and removes it, so a
test run never leaves /tmp/handbook-serve-* folders.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
TIMEOUT = 10.0
BUILD_LINES = ("Built", "Rebuilt", "Build failed", "Build crashed")


class DevServer:
    """A running `build.py serve`, its output lines, the folder it serves and its URL."""

    def __init__(self, project: Path, *args: str, timeout: float = 60.0):
        self.port, project = free_port(), Path(project).resolve()
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--port", str(self.port),
             "--project", str(project), *args], cwd=project.parent, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            match = wait(self._serving, timeout, "for the Serving line")
        except BaseException:
            self.stop()
            raise
        self.site, self.url = Path(match.group(1)), match.group(2)
        self.root = next(p for p in [self.site, *self.site.parents]
                         if p.name.startswith("handbook-serve-"))

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def _serving(self):
        if self.process.poll() is not None and not self._reader.is_alive():
            raise AssertionError("serve exited:\n" + "\n".join(self.lines))
        return next((re.match(r"Serving (.+) on (http://\S+) ", line) for line in self.lines
                     if line.startswith("Serving")), None)

    def builds(self) -> int:
        """Return how many builds finished (each prints one status line)."""
        return sum(1 for line in self.lines if line.startswith(BUILD_LINES))

    def stop(self, signum: int = signal.SIGTERM) -> bool:
        """Stop the server with a signal; return whether it left its folder behind."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(5)
        root = getattr(self, "root", None)
        left = root is not None and root.exists()
        if left:
            shutil.rmtree(root, ignore_errors=True)
        return left


def free_port() -> int:
    """Return a port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait(condition, timeout: float = TIMEOUT, message: str = ""):
    """Poll condition until it returns something true; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s {message}".strip())
