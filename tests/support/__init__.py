"""Shared helpers for the test suite: third-party tools, a sub-path HTTP server, Chromium.

Import the pytest fixtures with ``pytest_plugins = ["tests.support.fixtures"]`` in
``tests/conftest.py``.
"""
