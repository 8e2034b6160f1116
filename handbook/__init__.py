"""The Partnering Handbook generator: a maturity framework in YAML and Markdown to a static site."""

__version__ = "0.1.0"
