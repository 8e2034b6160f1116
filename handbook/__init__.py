"""The Partnering Handbook generator: a maturity framework in YAML and Markdown to a static site."""

from .version import VERSION as __version__  # noqa: F401 (the package's version, as usual)
