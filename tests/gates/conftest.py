"""Fixtures of the quality gates.

- ``gate_site``: parametrized over the session fixtures ``handbook_site``, ``second_site`` and
  ``rtl_site`` (built site folders, provided by ``tests/conftest.py``); a gate test that takes it
  runs once per site.
- ``tiny_site``: the tiny handmade site in ``sites/good/`` that passes every gate.
- ``planted``: a factory copying the good site into ``tmp_path`` to plant one defect in it.
- ``site_url``: a factory serving a folder under ``/handbook/`` on 127.0.0.1 -> base URL.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.tools import in_ci

GOOD_SITE = Path(__file__).resolve().parent / "sites" / "good"
REAL_SITES = ["handbook_site", "second_site", "rtl_site"]


def pytest_configure(config):
    config.addinivalue_line("markers", "gates: the public-site quality gates (third-party checkers)")
    # The shared fixtures (browser, serve_site) normally come from tests/conftest.py's
    # pytest_plugins; load them here too so that this folder also runs on its own.
    if not config.pluginmanager.has_plugin("tests.support.fixtures"):
        config.pluginmanager.import_plugin("tests.support.fixtures")


@pytest.fixture(params=REAL_SITES)
def gate_site(request) -> Path:
    try:
        site = request.getfixturevalue(request.param)
    except pytest.FixtureLookupError:
        message = f"fixture {request.param!r} (a built site) is not defined in tests/conftest.py"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return Path(site)


@pytest.fixture(scope="session")
def tiny_site() -> Path:
    return GOOD_SITE


@pytest.fixture
def planted(tmp_path):
    """``planted(name)`` -> a fresh copy of the good site at ``tmp_path/name`` to break."""

    def copy(name: str = "site") -> Path:
        target = tmp_path / name
        shutil.copytree(GOOD_SITE, target)
        return target

    return copy


@pytest.fixture(scope="session")
def site_url(serve_site):
    """``site_url(folder)`` -> ``http://127.0.0.1:<port>/<sub-path>/`` serving that folder.

    The sub-path is the one of the site's base URL (from its sitemap.xml), else ``handbook``.
    """
    return lambda folder: serve_site(folder)
