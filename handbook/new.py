"""`handbook new FOLDER`: write a minimal project that builds with --strict and passes the gates.

The project holds an example framework (its levels and functions named from the lists in
handbook/examples.py, the only names this module knows), a page per function and level,
site.yaml, the JSON Schemas of this version, an editors' README and the two GitHub workflows,
which install the generator from the source given (by default this version's release).
Nothing is written into a folder that holds anything, so no file of the publisher's is ever
overwritten.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import kinds, schema
from .examples import DEFAULT_FUNCTIONS, DEFAULT_LEVELS, EXAMPLE_FUNCTIONS, EXAMPLE_LEVELS
from .version import PACKAGE, VERSION, numbers, wheel_url

TITLE = "Example maturity framework"
# What the workflows may install from: a release's wheel, or a tag of the generator's repository.
SOURCE = re.compile(r"^(https://\S+\.whl|git\+https://\S+@\S+)$")
UNSAFE = re.compile(r"[\"'`$\\]")
SCAFFOLD = {"README.md": "README.md", "gitignore": ".gitignore",
            "pr.yml": ".github/workflows/pr.yml", "deploy.yml": ".github/workflows/deploy.yml"}


class NewRefused(Exception):
    """The folder or an option cannot be used; the message says why and what to do."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path


def new_project(folder: Path, levels: int = DEFAULT_LEVELS, functions: int = DEFAULT_FUNCTIONS,
                source: str | None = None) -> str:
    """Write the project into folder (new or empty); return what to do next."""
    source = check_source(source or wheel_url())
    check_folder(folder)
    files = project_files(levels, functions, source)
    for relative, text in sorted(files.items()):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return (f"Wrote a new project into {folder}: {levels} levels, {functions} functions, "
            f"{len(files)} files.\nNext:  cd {folder}  then  handbook serve  to preview it with "
            "live reload; README.md there says how to edit it and publish it on GitHub Pages.")


def check_source(source: str) -> str:
    """Return the generator's source for the workflows, or refuse it."""
    if SOURCE.match(source) and not UNSAFE.search(source):
        return source
    raise NewRefused("--source", f'"{source}" is neither a release\'s wheel address (such as '
                     f"{wheel_url()}) nor a tag of the generator's repository (such as "
                     f"git+https://github.com/OWNER/REPOSITORY@v{VERSION})")


def check_folder(folder: Path) -> None:
    """Refuse a folder that is a file or holds anything."""
    if folder.exists() and not folder.is_dir():
        raise NewRefused(str(folder), "is a file, not a folder; name a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise NewRefused(str(folder), "is not empty; handbook new writes only into a new or "
                         "empty folder, so that it overwrites nothing: name another folder")


def example(levels: int, functions: int) -> tuple[list, list]:
    """Return the example's (id, name) pairs of levels and of functions."""
    def named(names):
        return [(name.lower(), name) for name in names]
    return named(EXAMPLE_LEVELS[:levels]), named(EXAMPLE_FUNCTIONS[:functions])


def project_files(levels: int, functions: int, source: str) -> dict:
    """Return {relative path: text} of the whole project."""
    level_list, function_list = example(levels, functions)
    files = {"framework/framework.yaml": framework_yaml(level_list, function_list),
             "content/site.yaml": site_yaml(), "content/index.md": home_page(level_list)}
    for function_id, name in function_list:
        files[f"framework/functions/{function_id}.yaml"] = function_yaml(function_id, name,
                                                                         level_list)
        files[f"content/functions/{function_id}.md"] = function_page(name, level_list)
    for position, (level_id, name) in enumerate(level_list, 1):
        files[f"content/levels/{level_id}.md"] = level_page(name, position, len(level_list))
    for document in schema.DOCUMENTS:
        files[f"{schema.SHOWN_FOLDER}/{document.name}"] = schema.render(document)
    marks = {"@TITLE@": TITLE, "@LEVELS@": str(levels), "@FUNCTIONS@": str(functions),
             "@VERSION@": VERSION, "@PACKAGE@": PACKAGE, "@SOURCE@": source}
    for name, relative in SCAFFOLD.items():
        files[relative] = _fill(scaffold_text(name), marks)
    return files


def scaffold_text(name: str) -> str:
    """Return a file of the package's scaffold/ folder."""
    # Imported here: the command line imports this module on every run, a build included, and
    # importlib.resources (with zipfile) would add a few milliseconds to each.
    import importlib.resources

    return (importlib.resources.files("handbook") / "scaffold" / name).read_text(encoding="utf-8")


def _fill(text: str, marks: dict) -> str:
    """Return a scaffold file with its @MARKS@ replaced."""
    for mark, value in marks.items():
        text = text.replace(mark, value)
    return text


def supported_range() -> str:
    """Return the range a new project supports: this version up to the next major one."""
    major, minor = numbers(VERSION)[:2]
    return f">={major}.{minor},<{major + 1}"


def framework_yaml(levels: list, functions: list) -> str:
    """Return framework/framework.yaml."""
    lines = ["# yaml-language-server: $schema=schema/framework.schema.json",
             "id: example-framework", f"title: {TITLE}", 'version: "1.0"',
             f"description: An example of {len(levels)} levels and {len(functions)} functions, "
             "to replace with your own framework.", "levels:"]
    for position, (level_id, name) in enumerate(levels, 1):
        lines += [f"  - id: {level_id}", f"    name: {name}",
                  f"    summary: Level {position} of {len(levels)} of the example."]
    lines += ["functions:"] + [f"  - {function_id}" for function_id, _ in functions]
    return "\n".join(lines) + "\n"


def function_yaml(function_id: str, name: str, levels: list) -> str:
    """Return framework/functions/<id>.yaml: the function and a descriptor per level."""
    lines = ["# yaml-language-server: $schema=../schema/function.schema.json",
             f"id: {function_id}", f"name: {name}",
             f"summary: What {name.lower()} covers, in one line.", "descriptors:"]
    lines += [f"  {level_id}: {name} at the {level_name.lower()} level"
              for level_id, level_name in levels]
    return "\n".join(lines) + "\n"


def site_yaml() -> str:
    """Return content/site.yaml."""
    return "\n".join([
        "# yaml-language-server: $schema=../framework/schema/site.schema.json",
        "# The publisher's settings: name, logo, colours, footer links, language and the",
        "# generator versions this project is written for (see README.md).",
        f'generator: "{supported_range()}"', "language: en", "direction: ltr",
        "footer_links: []", ""])


def home_page(levels: list) -> str:
    """Return content/index.md."""
    return (f"---\ntitle: {TITLE}\nnav_title: Home\ndescription: The home page of the example "
            "framework's handbook.\norder: 0\n---\n"
            "This handbook describes each function of the framework at each of its levels. "
            "Start with [the matrix](matrix.md), read about [the lowest level]"
            f"({kinds.level(levels[0][0])}.md), or score yourself with the "
            "[self-assessment](assessment.md).\n")


def heading(depth: int, text: str, anchor: str) -> str:
    """Return a Markdown heading with an explicit anchor, such as `## Name {#id}`."""
    return "#" * depth + f" {text} {{#{anchor}}}\n"


def function_page(name: str, levels: list) -> str:
    """Return content/functions/<id>.md: an introduction, then a section per level."""
    parts = [f"---\ndescription: Guidance on {name.lower()} at every level.\n---\n",
             f"What {name.lower()} means in this framework, and why it matters.\n"]
    for position, (level_id, level_name) in enumerate(levels):
        parts += [heading(2, level_name, level_id),
                  f"What {name.lower()} looks like at the {level_name.lower()} level, in two "
                  "to four sentences.\n", heading(3, "You are here if", f"{level_id}-signs"),
                  "- a sign of this level\n"]
        if position < len(levels) - 1:
            parts += [heading(3, "To reach the next level", f"{level_id}-actions"),
                      "- an action that leads to the next level\n"]
    return "\n".join(parts)


def level_page(name: str, position: int, count: int) -> str:
    """Return content/levels/<id>.md."""
    return (f"---\ndescription: What the {name.lower()} level, level {position} of {count}, "
            "means.\n---\n"
            f"What the {name.lower()} level means across the framework's functions, and when it "
            "is enough.\n")
