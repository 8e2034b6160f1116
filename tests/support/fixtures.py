"""pytest fixtures shared by the whole suite.

Load them from ``tests/conftest.py`` with::

    pytest_plugins = ["tests.support.fixtures"]

Fixtures:
- ``browser`` (session): a Playwright ``Browser`` on Debian's Chromium (``CHROME_PATH``,
  default ``/usr/bin/chromium``), headless, one for the whole run. Open pages with
  ``browser.new_context()`` / ``browser.new_page()`` and close them when done.
- ``serve_site`` (session): a factory ``serve_site(folder, prefix=None) -> base URL``
  such as ``http://127.0.0.1:41234/handbook/``; the server stops at the end of the run.
  With no prefix, the site is mounted at the sub-path of the base URL it was built with
  (read from its sitemap.xml), else at ``/handbook/``. The same folder and prefix get the
  same server.
- ``forks``: the list of the forks a build makes, one item each (the build still forks for real).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from .server import SiteServer, served_prefix
from .tools import require_tool


@pytest.fixture(scope="session")
def _chromium():
    holder = {}
    yield holder
    if "chromium" in holder:
        holder["chromium"].close()


@pytest.fixture(scope="session")
def browser(_chromium):
    """The session's Playwright Browser (launched on first use)."""
    require_tool("playwright", "chromium")
    if "chromium" not in _chromium:
        from .browser import launch_chromium

        _chromium["chromium"] = launch_chromium()
    return _chromium["chromium"].browser


@pytest.fixture(scope="session")
def serve_site():
    """Factory: ``serve_site(folder, prefix=None)`` -> base URL ending in ``/``."""
    servers: dict[tuple[Path, str], SiteServer] = {}

    def start(folder, prefix: str | None = None) -> str:
        if prefix is None:
            prefix = served_prefix(folder)
        key = (Path(folder).resolve(), prefix.strip("/"))
        if key not in servers:
            servers[key] = SiteServer(key[0], prefix)
        return servers[key].base_url

    yield start
    for server in servers.values():
        server.close()


@pytest.fixture
def forks(monkeypatch):
    """Count the forks a build makes (it still forks for real)."""
    made = []
    real = os.fork

    def counting():
        made.append(1)
        return real()
    monkeypatch.setattr(os, "fork", counting)
    return made
