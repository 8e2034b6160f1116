"""Run the generator as `python -m handbook`, as the installed `handbook` command does."""

from .cli import console

console()
